"""`minutes init`: a new archive repository, from the templates in `init_templates/`.

Nothing is ever overwritten: a file that exists already is left alone and reported. The new
archive's requirements.txt installs the very minutes that ran `init` (`this_minutes`).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import yaml

from minutes import __version__
from minutes.core.names import ID_RE
from minutes.core.records import valid_timezone
from minutes.core.schema import schemas

# template (below init_templates/) -> the file it becomes (dot-files are kept without their dot
# in the package, where packaging tools skip hidden files)
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "docs/index.md": "docs/index.md",
    "meetings/people.yml": "meetings/people.yml",
    "meetings/groups.yml": "meetings/groups.yml",
    "meetings/series.yml": "meetings/series.yml",
    "github/workflows/check.yml": ".github/workflows/check.yml",
    "github/workflows/publish.yml": ".github/workflows/publish.yml",
    "github/workflows/open-actions.yml": ".github/workflows/open-actions.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
    "Makefile": "Makefile",
    "README.md": "README.md",
}
_PLACEHOLDER = re.compile(r"@@(\w+)@@")


class InitError(Exception):
    """The options cannot make an archive: the message says why."""


@dataclass
class InitResult:
    """What `minutes init` did, file by file (paths relative to the archive)."""

    written: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)  # existed with the same content
    skipped: list[str] = field(default_factory=list)  # existed with other content: left alone


@dataclass(frozen=True)
class Requirement:
    """The requirement that installs minutes in a new archive, and a comment line above it."""

    spec: str  # one PEP 508 line, as pip reads it in requirements.txt
    note: str | None = None  # "# ..." when the line cannot serve anyone but this machine

    def lines(self) -> str:
        return f"{self.note}\n{self.spec}" if self.note else self.spec


# A URL as direct_url.json records it: no space, quote or control character, so that it stays
# one requirement on one line.
_URL = re.compile(r"[^\s\"'\\\x00-\x1f\x7f]{1,2000}")
_ENV_USER = re.compile(r"\$\{\w{1,100}\}")
VCS = ("git", "hg", "svn", "bzr")  # PEP 610's version control systems


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _public_url(url: str) -> str:
    """`url` without a password or token (PEP 610 keeps only `git@` and `${VAR}` users)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    user, _, host = parts.netloc.rpartition("@")
    if user == "git" or _ENV_USER.fullmatch(user):
        return url
    return urlunsplit(parts._replace(netloc=host))


def _local_note(url: str, what: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = _printable(unquote(parts.path))
    return (
        f"# installed from a local {what} at {path}: replace with a git URL or a release "
        "before sharing this archive"
    )


def this_minutes(dist: metadata.Distribution | None = None) -> Requirement:
    """What installs the minutes that runs (or `dist`), read from pip's record of where it came
    from (PEP 610, the distribution's direct_url.json): the release when it came from a package
    index (no direct_url.json), else the git URL at its commit, the archive's URL, or the local
    path with a note that this line works on this machine only."""
    if dist is None:
        try:
            dist = metadata.distribution("minutes")
        except metadata.PackageNotFoundError:
            return Requirement(
                f"minutes=={__version__}",
                "# minutes ran without its install record (from a source tree?): check that "
                "this release exists, or name a git URL",
            )
    raw = dist.read_text("direct_url.json")
    if raw is None:
        return Requirement(f"minutes=={dist.version}")
    try:
        return _from_direct_url(json.loads(raw))
    except (ValueError, KeyError, TypeError, AttributeError):
        return Requirement(
            f"minutes=={dist.version}",
            "# where minutes was installed from could not be read (its direct_url.json): check "
            "that this release exists, or name a git URL",
        )


def _from_direct_url(info: Any) -> Requirement:
    """The requirement for one direct_url.json (PEP 610); ValueError and the like if broken."""
    url = info["url"]
    if not isinstance(url, str) or not _URL.fullmatch(url):
        raise ValueError(url)
    url = _public_url(url)
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") in VCS:
        commit = vcs.get("commit_id")
        spec = f"minutes @ {vcs['vcs']}+{url}"
        if isinstance(commit, str) and _URL.fullmatch(commit):
            spec += f"@{commit}"
        note = _local_note(url, "repository")
    elif isinstance(info.get("archive_info"), dict):
        spec, note = f"minutes @ {url}", _local_note(url, "file")
    else:  # dir_info: a folder, editable or not, always on this machine
        spec, note = f"minutes @ {url}", _local_note(url, "checkout")
    sub = info.get("subdirectory")
    if isinstance(sub, str) and _URL.fullmatch(sub) and "#" not in url:
        spec += f"#subdirectory={sub}"
    return Requirement(spec, note)


def _yaml(value: str) -> str:
    dumped = yaml.safe_dump({"v": value}, allow_unicode=True, width=10**6)
    return dumped.strip().removeprefix("v: ")


def _markdown(value: str) -> str:
    return html.escape(value, quote=False).replace("\n", " ")


def render_templates(
    title: str,
    series: str | None = None,
    series_name: str | None = None,
    timezone: str = "UTC",
    requirement: str | Requirement | None = None,
) -> dict[str, str]:
    """The text of every file of a new archive, by its path in the archive (`requirement`:
    what installs minutes there; default: this very minutes)."""
    title = " ".join(title.split())
    if not title:
        raise InitError("the title is empty")
    if series is not None and not ID_RE.match(series):
        raise InitError(
            f"'{series}' is not a series id: lowercase letters, digits and single hyphens"
        )
    if series_name is not None and series is None:
        raise InitError("--series-name needs --series ID")
    if isinstance(requirement, str) and ("\n" in requirement or "\r" in requirement):
        raise InitError("the requirement is one line")
    if isinstance(requirement, str) and requirement.strip():
        requirement = Requirement(requirement.strip())
    elif not isinstance(requirement, Requirement):
        requirement = this_minutes()
    if not valid_timezone(timezone):
        raise InitError(f"unknown time zone '{timezone}' (an IANA name: Europe/Zurich)")
    block = "# tcm:\n#   name: Technical Coordination Meeting\n#   chair: ian-bird"
    if series is not None:
        block = f"{series}:\n  name: {_yaml(' '.join((series_name or series).split()))}"
    values = {
        "title_yaml": _yaml(title),
        "title_md": _markdown(title),
        "timezone_yaml": _yaml(timezone),
        "series_block": block,
        "requirement_lines": requirement.lines(),
        "requirement_yaml": json.dumps(requirement.spec, ensure_ascii=False),
    }
    root = resources.files("minutes.tools") / "init_templates"
    out: dict[str, str] = {}
    for template, target in FILES.items():
        text = root.joinpath(*template.split("/")).read_text(encoding="utf-8")
        text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
        if target.startswith("meetings/") and target.endswith(".yml"):
            # Editors check the registries against their schema while one types in them.
            name = target.removeprefix("meetings/").replace(".yml", ".json")
            text = f"# yaml-language-server: $schema=../schemas/{name}\n" + text
        out[target] = text
    for name, schema in schemas().items():
        out[f"schemas/{name}"] = schema
    return out


def init_archive(
    target: Path,
    title: str,
    series: str | None = None,
    series_name: str | None = None,
    timezone: str = "UTC",
    requirement: str | Requirement | None = None,
) -> InitResult:
    """Write a new archive into `target` (created if needed); existing files are left alone."""
    files = render_templates(title, series, series_name, timezone, requirement)
    result = InitResult()
    for rel, text in files.items():
        path = target / rel
        if path.exists() or path.is_symlink():
            try:
                same = path.read_text(encoding="utf-8") == text
            except (OSError, UnicodeDecodeError):
                same = False
            (result.identical if same else result.skipped).append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as fh:  # never overwrite
            fh.write(text)
        result.written.append(rel)
    return result
