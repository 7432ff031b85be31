"""The registries of an archive: series.yml, groups.yml and people.yml (docs/format.md §3),
and the register, register.yml (§3.4, read by core/register.py)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutes.core import credentials, files, yamlload
from minutes.core.fields import GROUP_FIELDS, PEOPLE_FIELDS, SERIES_FIELDS, names
from minutes.core.model import Register
from minutes.core.names import ID_RE, RESERVED_IDS, NameIndex
from minutes.core.problems import Problems
from minutes.core.register import REGISTER_FILE, load_register
from minutes.core.yamlload import LineDict

# What every record is read against: a change to one is a change to all (caches, serve).
REGISTRY_FILES = ("series.yml", "groups.yml", "people.yml", REGISTER_FILE)


@dataclass
class Registry:
    people: dict[str, Any] = field(default_factory=dict)  # id -> Person
    groups: dict[str, Any] = field(default_factory=dict)  # id -> Group
    series: dict[str, Any] = field(default_factory=dict)  # id -> Series
    person_index: NameIndex = field(default_factory=lambda: NameIndex("person"))
    group_index: NameIndex = field(default_factory=lambda: NameIndex("group"))
    register: Register = field(default_factory=Register)  # register.yml (core/register.py)


# What of one entry is withheld: field -> None (all of it) or the items of a list kept.
Withheld = dict[str, list[Any] | None]


@dataclass
class _Read:
    """A registry as read: its entries, and what of them is withheld (docs/format.md §9)."""

    data: LineDict | None
    withheld: dict[str, Withheld | None]


def _read(path: Path, problems: Problems, limit: int) -> _Read:
    if not path.is_symlink() and not path.exists():
        return _Read(None, {})
    text = files.read_text(path, path.parent, "registry", limit, problems)
    if text is None:
        return _Read(None, {})
    in_text = check_text(path, text, problems)
    try:
        data = yamlload.load(text)
    except yamlload.YamlError as exc:
        problems.error(path, exc.line, exc.message)
        return _Read(None, {})
    if data is None:
        return _Read(None, {})
    if not isinstance(data, LineDict):
        problems.error(path, 1, f"{path.name} must be a mapping of ids to entries")
        return _Read(None, {})
    in_values = check_values(path, data, in_text, problems)
    return _Read(data, withhold(data, in_text, in_values) if in_text or in_values else {})


def check_text(path: Path, text: str, problems: Problems, remove: str = "remove it") -> set[int]:
    """Report credentials in raw text; returns the lines reported."""
    reported: set[int] = set()
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
) -> set[int]:
    """Credentials in YAML values read as one text (quoted, folded), at their key's line;
    returns the lines reported.

    A value already reported on one of its lines (by `check_text`) is not reported twice.
    """
    strings = {key: _strings(value) for key, value in data.items()}
    # One value per line of one text: no pattern crosses a line end (credentials.py), so when
    # nothing matches in that text, no value holds a credential, and each need not be read.
    every = "\n".join(credentials.value_text(t) for texts in strings.values() for t in texts)
    found: set[int] = set()
    if not credentials.may_hold_secrets(every):
        return found
    lines = sorted(reported)
    for line, last, key in _spans(data, shift):
        if _any_between(lines, line, last):
            continue
        for text in strings[key]:
            what = credentials.scan_value(text)
            if what:
                problems.error(path, line, f"{what} must never be published: {remove}")
                found.add(line)
                break
    return found


def withhold(data: LineDict, in_text: set[int], in_values: set[int]) -> dict[str, Withheld | None]:
    """What of a registry must not reach the site: entry id -> what of its fields is withheld,
    or None for the whole entry (its id carries a credential).

    `in_text` are the lines where the raw text holds a credential: each withholds the field
    whose lines hold it (the entry when it is the id's line, before any field). `in_values`
    are the entries' lines where a value read as one text does: there each field is read on
    its own. Of a list, only the items that carry one are withheld, when the others read
    together carry none. A reported entry where no field is found is withheld whole.
    """
    out: dict[str, Withheld | None] = {}
    reported = sorted(in_text)
    for start, end, entry_id in _spans(data):
        lines = reported[bisect.bisect_left(reported, start) : bisect.bisect_right(reported, end)]
        if not lines and start not in in_values:
            continue
        entry = data[entry_id]
        if _secret(entry_id) or not isinstance(entry, LineDict) or not entry:
            out[entry_id] = None
            continue
        fields = _spans(entry, end=end)
        if lines and lines[0] < fields[0][0]:
            out[entry_id] = None  # on the id's line: the id or a comment beside it
            continue
        withheld: Withheld = {}
        for line, last, key in fields:
            value = entry[key]
            on_its_lines = _any_between(lines, line, last)
            if not on_its_lines and not _secret(key) and not any(map(_secret, _strings(value))):
                continue
            withheld[key] = None
            if isinstance(value, list) and not _secret(key):
                kept = [v for v in value if not any(map(_secret, _strings(v)))]
                if len(kept) < len(value) and not _secret("\n".join(map(str, kept))):
                    withheld[key] = kept
        out[entry_id] = withheld or None
    return out


def _spans(data: LineDict, shift: int = 0, end: int = 1 << 30) -> list[tuple[int, int, str]]:
    """Each key of `data` in line order, with the lines its value takes: from the key's line
    (plus `shift`) to the line before the next key's, or to `end` for the last. Keys on one
    line (a flow mapping) share it and what follows it."""
    starts = sorted((data.line_of(k) + shift, k) for k in data)
    firsts = [line for line, _ in starts]
    out = []
    for line, key in starts:
        after = bisect.bisect_right(firsts, line)
        out.append((line, firsts[after] - 1 if after < len(firsts) else end, key))
    return out


def _any_between(lines: list[int], first: int, last: int) -> bool:
    """Whether the sorted `lines` hold one from `first` to `last`."""
    i = bisect.bisect_left(lines, first)
    return i < len(lines) and lines[i] <= last


def _secret(text: str) -> bool:
    return bool(credentials.scan_value(text) or credentials.scan(text))


def _strings(value: Any) -> list[str]:
    """Every text in a value; a list's texts also read together, one a line, as a page that
    lists them shows them side by side (a label in one item, its value in the next)."""
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
            texts = [str(x) for x in v if isinstance(x, str | int | float)]
            if len(texts) > 1:
                out.append("\n".join(texts))
    return out


class _Fields:
    """Typed access to one registry entry, reporting wrong types at their line."""

    def __init__(
        self,
        path: Path,
        entry_id: str,
        entry: LineDict,
        problems: Problems,
        withheld: Withheld | None = None,
    ) -> None:
        self.path, self.id, self.entry, self.problems = path, entry_id, entry, problems
        self.withheld = withheld or {}  # what carries a credential: read as absent

    def _value(self, key: str) -> Any:
        return self.withheld[key] if key in self.withheld else self.entry.get(key)

    def line(self, key: str) -> int:
        return self.entry.line_of(key)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self._value(key)
        if value is None:
            if required and key not in self.withheld:  # a name withheld: the id stands in
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
        value = self._value(key)
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


def _entries(path: Path, read: _Read, problems: Problems) -> list[_Fields]:
    out: list[_Fields] = []
    data = read.data
    if data is None:
        return out
    for key, entry in data.items():
        line = data.line_of(key)
        if key in read.withheld and read.withheld[key] is None:
            continue  # its id carries a credential (reported): the entry is left out
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
        out.append(_Fields(path, key, entry, problems, read.withheld.get(key)))
    return out


def load_registry(
    meetings_dir: Path,
    problems: Problems,
    max_mib: int = files.MAX_REGISTRY_MIB,
) -> Registry:
    """Read and validate the three registries and the register of a meetings directory, each
    of at most `max_mib` MiB. A value that carries a credential is reported and left out; an
    entry whose id carries one is left out whole."""
    from minutes.core.model import Group, Person, Series

    reg = Registry()
    limit = max_mib * files.MIB
    people_path = meetings_dir / "people.yml"
    for f in _entries(people_path, _read(people_path, problems, limit), problems):
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
    for f in _entries(groups_path, _read(groups_path, problems, limit), problems):
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
    for f in _entries(series_path, _read(series_path, problems, limit), problems):
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
    reg.register = load_register(meetings_dir, reg, problems, limit)
    return reg
