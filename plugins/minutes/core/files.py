"""Reading the archive's files safely: regular files inside the archive, of bounded size.

docs/format.md §9: a record or registry is read only when it is a regular file inside the
archive (a symbolic link may point to another file of the archive, never out of it), no larger
than the stated limit, and UTF-8 text. Anything else is a `path:line: message`, never an
exception: a FIFO would block the reader, a link out of the archive would publish a file the
archive does not hold, a directory or a looping link would raise.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from minutes.core.problems import Problems

MAX_RECORD_BYTES = 1024 * 1024  # docs/format.md §9: limits
MAX_REGISTRY_BYTES = 4 * 1024 * 1024


def _too_large(kind: str, limit: int) -> str:
    return f"the {kind} is larger than {limit // (1024 * 1024)} MiB: split it or shorten it"


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
    """The text of a regular UTF-8 file inside `root`, or None with a problem reported."""
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
    return text.removeprefix("\ufeff").replace("\r\n", "\n")
