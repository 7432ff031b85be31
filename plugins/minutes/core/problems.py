"""Problems found in an archive, each tied to a file and a line."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# docs/format.md §9: an error keeps a record out of the site and fails the check; a warning
# fails only a strict build; a note (an invisible character dropped) never fails anything.
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: `path:line: message`."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects every problem of a run instead of stopping at the first."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.items.append(Problem(display_path(path), max(line, 1), message, "error"))

    def warning(self, path: str | Path, line: int, message: str) -> None:
        self.items.append(Problem(display_path(path), max(line, 1), message, "warning"))

    def note(self, path: str | Path, line: int, message: str) -> None:
        self.items.append(Problem(display_path(path), max(line, 1), message, "note"))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "note"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.message))

    def __len__(self) -> int:
        return len(self.items)


def display_path(path: str | Path) -> str:
    """A path as users expect it in messages: relative to the working directory when inside it."""
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        return Path(os.path.relpath(p)).as_posix() if p.is_relative_to(Path.cwd()) else p.as_posix()
    except ValueError:
        return p.as_posix()


def alternatives(values: tuple[str, ...]) -> str:
    """`a`, `a or b`, `a, b or c`: the values a message offers."""
    return " or ".join([", ".join(values[:-1]), values[-1]] if len(values) > 2 else values)


def type_name(value: Any) -> str:
    """What a YAML value is, as a message names it: `a list`, `a date`, `empty`, `text`…"""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if value is None:
        return "empty"
    return "text"
