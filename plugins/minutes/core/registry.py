"""The registries of an archive: series.yml, groups.yml and people.yml (docs/format.md §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutes.core import credentials, files, yamlload
from minutes.core.fields import GROUP_FIELDS, PEOPLE_FIELDS, SERIES_FIELDS, names
from minutes.core.names import ID_RE, RESERVED_IDS, NameIndex
from minutes.core.problems import Problems
from minutes.core.yamlload import LineDict

REGISTRY_FILES = ("series.yml", "groups.yml", "people.yml")


@dataclass
class Registry:
    people: dict[str, Any] = field(default_factory=dict)  # id -> Person
    groups: dict[str, Any] = field(default_factory=dict)  # id -> Group
    series: dict[str, Any] = field(default_factory=dict)  # id -> Series
    person_index: NameIndex = field(default_factory=lambda: NameIndex("person"))
    group_index: NameIndex = field(default_factory=lambda: NameIndex("group"))


def _read(path: Path, problems: Problems) -> LineDict | None:
    if not path.is_symlink() and not path.exists():
        return None
    text = files.read_text(path, path.parent, "registry", files.MAX_REGISTRY_BYTES, problems)
    if text is None:
        return None
    unsafe = check_text(path, text, problems)
    try:
        data = yamlload.load(text)
    except yamlload.YamlError as exc:
        if exc.message == yamlload.CONTROL_CHARACTER and unsafe.control_found:
            return None  # reported by check_text, character by character
        problems.error(path, exc.line, exc.message)
        return None
    if data is None:
        return None
    if not isinstance(data, LineDict):
        problems.error(path, 1, f"{path.name} must be a mapping of ids to entries")
        return None
    check_values(path, data, unsafe, problems)
    return data


class Reported(set[int]):
    """Lines with a credential reported, and whether a control character was."""

    control_found: bool = False


def check_text(path: Path, text: str, problems: Problems, remove: str = "remove it") -> Reported:
    """Report control characters and credentials in raw text; returns the lines reported."""
    reported = Reported()
    lines = text.split("\n") if _CONTROL.search(text) else []
    for offset, line in enumerate(lines):
        bad = next((c for c in line if _is_control(c)), None)
        if bad is not None:
            reported.control_found = True
            problems.error(
                path,
                1 + offset,
                f"a control character (U+{ord(bad):04X}) is not allowed: {remove}",
            )
    for lineno, what in credentials.scan(text):
        problems.error(path, lineno, f"{what} must never be published: {remove}")
        reported.add(lineno)
    return reported


def check_values(
    path: Path,
    data: LineDict,
    reported: set[int],
    problems: Problems,
    shift: int = 0,
    remove: str = "remove it",
) -> None:
    """Credentials in YAML values read as one text (quoted, folded), at their key's line.

    A value already reported on one of its lines (by `check_text`) is not reported twice.
    """
    keys = sorted((data.line_of(k) + shift, k) for k in data)
    strings = {key: _strings(data[key]) for _, key in keys}
    # One value per line of one text: no pattern crosses a line end (credentials.py), so when
    # nothing matches in that text, no value holds a credential, and each need not be read.
    every = "\n".join(credentials.value_text(t) for texts in strings.values() for t in texts)
    if not credentials.may_hold_secrets(every):
        return
    for i, (line, key) in enumerate(keys):
        end = keys[i + 1][0] if i + 1 < len(keys) else 1 << 30
        if any(line <= r < end for r in reported):
            continue
        for text in strings[key]:
            what = credentials.scan_value(text)
            if what:
                problems.error(path, line, f"{what} must never be published: {remove}")
                break


def _strings(value: Any) -> list[str]:
    out: list[str] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            stack.extend(str(k) for k in v)
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


# The characters `_is_control` names, for one pass over a whole text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _is_control(c: str) -> bool:
    """Characters XML 1.0 and a reader's screen cannot hold (tab and line ends allowed)."""
    return (c < " " and c not in "\t\r") or "\x7f" <= c <= "\x9f" or c in "\ufffe\uffff"


class _Fields:
    """Typed access to one registry entry, reporting wrong types at their line."""

    def __init__(self, path: Path, entry_id: str, entry: LineDict, problems: Problems) -> None:
        self.path, self.id, self.entry, self.problems = path, entry_id, entry, problems

    def line(self, key: str) -> int:
        return self.entry.line_of(key)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.entry.get(key)
        if value is None:
            if required:
                self.problems.error(self.path, self.entry.line, f"'{self.id}': '{key}' is required")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problems.error(self.path, self.line(key), f"'{self.id}': '{key}' must be text")
            return None
        if required and not str(value).strip():
            self.problems.error(
                self.path, self.line(key), f"'{self.id}': '{key}' must not be empty"
            )
            return None
        return str(value)

    def ids(self, key: str) -> list[str]:
        value = self.entry.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.error(
                self.path, self.line(key), f"'{self.id}': '{key}' must be a list of text"
            )
            return []
        return list(value)

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in self.entry:
            if key not in allowed:
                self.problems.error(
                    self.path,
                    self.line(key),
                    f"'{self.id}': unknown field '{key}' (expected {', '.join(sorted(allowed))})",
                )


def _entries(path: Path, data: LineDict | None, problems: Problems) -> list[_Fields]:
    out: list[_Fields] = []
    if data is None:
        return out
    for key, entry in data.items():
        line = data.line_of(key)
        if not ID_RE.match(key):
            problems.error(
                path, line, f"invalid id '{key}': use lowercase letters, digits and hyphens"
            )
            continue
        if key in RESERVED_IDS and path.name in ("people.yml", "groups.yml"):
            problems.error(
                path, line, f"the id '{key}' is reserved: its page would replace the index page"
            )
            continue
        if entry is None:
            entry = LineDict()
            entry.lines, entry.line = {}, line
        if not isinstance(entry, LineDict):
            problems.error(path, line, f"'{key}' must be a mapping of fields")
            continue
        entry.line = line
        out.append(_Fields(path, key, entry, problems))
    return out


def load_registry(meetings_dir: Path, problems: Problems) -> Registry:
    """Read and validate the three registries of a meetings directory."""
    from minutes.core.model import Group, Person, Series

    reg = Registry()
    people_path = meetings_dir / "people.yml"
    for f in _entries(people_path, _read(people_path, problems), problems):
        f.unknown_keys(set(names(PEOPLE_FIELDS)))
        name = f.text("name", required=True) or f.id
        person = Person(f.id, name, f.text("affiliation"), f.ids("aliases"))
        reg.people[f.id] = person
        for clash in reg.person_index.add(f.id, [name, *person.aliases]):
            other = reg.person_index.resolve(clash)
            f.problems.error(
                people_path, f.entry.line, f"'{f.id}': name '{clash}' is already used by '{other}'"
            )

    groups_path = meetings_dir / "groups.yml"
    for f in _entries(groups_path, _read(groups_path, problems), problems):
        f.unknown_keys(set(names(GROUP_FIELDS)))
        name = f.text("name", required=True) or f.id
        lead = f.text("lead")
        if lead is not None and lead not in reg.people:
            problems.error(groups_path, f.line("lead"), f"'{f.id}': lead '{lead}' is no person id")
            lead = None
        group = Group(f.id, name, f.text("kind") or "group", f.ids("aliases"), lead)
        reg.groups[f.id] = group
        for clash in reg.group_index.add(f.id, [name, *group.aliases]):
            other = reg.group_index.resolve(clash)
            problems.error(
                groups_path, f.entry.line, f"'{f.id}': name '{clash}' is already used by '{other}'"
            )

    series_path = meetings_dir / "series.yml"
    for f in _entries(series_path, _read(series_path, problems), problems):
        f.unknown_keys(set(names(SERIES_FIELDS)))
        chair = f.text("chair")
        if chair is not None:
            resolved = reg.person_index.resolve(chair)
            if resolved is None:
                problems.error(series_path, f.line("chair"), f"'{f.id}': unknown chair '{chair}'")
            chair = resolved
        standing = f.ids("standing_groups")
        for gid in standing:
            if gid not in reg.groups:
                problems.error(
                    series_path, f.line("standing_groups"), f"'{f.id}': unknown group id '{gid}'"
                )
        members = f.ids("members")
        for pid in members:
            if pid not in reg.people:
                problems.error(
                    series_path, f.line("members"), f"'{f.id}': unknown person id '{pid}'"
                )
        reg.series[f.id] = Series(
            f.id,
            f.text("name", required=True) or f.id,
            chair,
            [g for g in standing if g in reg.groups],
            [p for p in members if p in reg.people],
        )
    return reg
