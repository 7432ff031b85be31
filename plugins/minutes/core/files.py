"""Reading the archive's files safely: regular files inside the archive, of bounded size.

docs/format.md §9: a record or registry is read only when it is a regular file inside the
archive (a symbolic link may point to another file of the archive, never out of it), no larger
than its limit (a plugin option), and UTF-8 text. Anything else is a `path:line: message`,
never an exception: a FIFO would block the reader, a link out of the archive would publish a
file the archive does not hold, a directory or a looping link would raise.

Characters no reader sees (control characters, non-characters) are dropped from the text as it
is read, each line that held one named in a note: every output then gets clean text.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from minutes.core.problems import Problems

MIB = 1024 * 1024
# docs/format.md §9.1 and §12: the defaults of the plugin options max_record_mib and
# max_registry_mib. Only a limit the reader can afford: reading is linear in the size.
MAX_RECORD_MIB = 64
MAX_REGISTRY_MIB = 64

# docs/format.md §9: the characters dropped from every record and registry. C0 controls other
# than tab and line ends (XML 1.0, HTML and iCalendar cannot hold them), DEL and the C1
# controls (legal in XML but shown by no reader: in real minutes they are mojibake, `â\x80\x99`
# for `’`), and the non-characters (U+FFFE and U+FFFF are not XML at all). Lone surrogates
# cannot occur: strict UTF-8 decoding refuses them.
_IN_BMP = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
_BEYOND = "".join(chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
# Every record is searched on each build, and a class is tested member by member: the 32
# characters beyond the BMP, named one by one, made the search ten times slower on real
# minutes. They are one range here; the exact set is tested on the one character matched.
INVISIBLE = re.compile(f"[{_IN_BMP}\U00010000-\U0010ffff](?<=[{_IN_BMP}{_BEYOND}])")


def _too_large(kind: str, limit: int) -> str:
    return (
        f"the {kind} is larger than {limit // MIB} MiB (plugin option max_{kind}_mib): "
        "split it, or raise the option in mkdocs.yml"
    )


def problem_with(path: Path, root: Path, kind: str) -> str | None:
    """Why `path` cannot be read as a regular file inside `root`, or None when it can."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return f"no such {kind}"
    except OSError as exc:
        return f"cannot read the {kind}: {exc.strerror or exc}"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            return f"a symbolic link that loops: a {kind} must be a regular file"
        except FileNotFoundError:
            return (
                f"a broken symbolic link (its target does not exist): a {kind} must be a "
                "regular file"
            )
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return f"a symbolic link that loops: a {kind} must be a regular file"
            return f"cannot read the {kind}: {exc.strerror or exc}"
        if not target.is_relative_to(root.resolve()):
            return (
                f"a symbolic link to a file outside the archive: a {kind} must be a file "
                "inside the archive"
            )
        try:
            st = target.stat()
        except OSError as exc:
            return f"cannot read the {kind}: {exc.strerror or exc}"
        if stat.S_ISDIR(st.st_mode):
            return "a symbolic link to a folder: links to folders are not followed"
    if stat.S_ISDIR(st.st_mode):
        return f"a folder where a {kind} file is expected"
    if not stat.S_ISREG(st.st_mode):
        return f"not a regular file: a {kind} must be a regular file"
    return None


def read_text(path: Path, root: Path, kind: str, limit: int, problems: Problems) -> str | None:
    """The text of a regular UTF-8 file inside `root` of at most `limit` bytes, invisible
    characters dropped (each line that held one noted), or None with a problem reported."""
    why = problem_with(path, root, kind)
    if why is not None:
        problems.error(path, 1, why)
        return None
    try:
        with open(path, "rb") as f:  # noqa: PTH123 - one open, size checked on the handle
            if os.fstat(f.fileno()).st_size > limit:
                problems.error(path, 1, _too_large(kind, limit))
                return None
            data = f.read(limit + 1)
    except OSError as exc:
        problems.error(path, 1, f"cannot read the {kind}: {exc.strerror or exc}")
        return None
    if len(data) > limit:
        problems.error(path, 1, _too_large(kind, limit))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(path, data[: exc.start].count(b"\n") + 1, "not UTF-8 text")
        return None
    text = text.removeprefix("\ufeff")
    if INVISIBLE.search(text):
        text = drop_invisible(path, text, problems)
    return text.replace("\r\n", "\n")


def drop_invisible(path: Path, text: str, problems: Problems) -> str:
    """`text` without its invisible characters, a note for each line that held some.

    Line ends are kept, so every line keeps its number.
    """
    for offset, line in enumerate(text.split("\n")):
        found = INVISIBLE.findall(line)
        if found:
            problems.note(path, offset + 1, _dropped(list(dict.fromkeys(found))))
    return INVISIBLE.sub("", text)


def _dropped(chars: list[str]) -> str:
    codes = ", ".join(f"U+{ord(c):04X}" for c in chars)
    kinds = {"control character" if c <= "\x9f" else "non-character" for c in chars}
    noun = kinds.pop() if len(kinds) == 1 else "invisible character"  # of both kinds
    if len(chars) == 1:
        return f"a {noun} ({codes}) is dropped from the site"
    return f"{noun}s ({codes}) are dropped from the site"
