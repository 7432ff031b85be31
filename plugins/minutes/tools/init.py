"""`minutes init`: a new archive repository, from the templates in `init_templates/`.

Nothing is ever overwritten: a file that exists already is left alone and reported.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

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
    requirement: str | None = None,
) -> dict[str, str]:
    """The text of every file of a new archive, by its path in the archive."""
    title = " ".join(title.split())
    if not title:
        raise InitError("the title is empty")
    if series is not None and not ID_RE.match(series):
        raise InitError(
            f"'{series}' is not a series id: lowercase letters, digits and single hyphens"
        )
    if series_name is not None and series is None:
        raise InitError("--series-name needs --series ID")
    if "\n" in (requirement or ""):
        raise InitError("the requirement is one line")
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
        "requirement": requirement or f"minutes=={__version__}",
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
    requirement: str | None = None,
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
