"""The people an import names whom no one registered: each once, with the registered names
theirs resembles, as people.yml entries ready to paste and as people.unknown.yml.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from minutes.core.names import NameIndex, normalize, slugify
from minutes.core.registry import Registry

UNKNOWN_FILE = "people.unknown.yml"


def yaml_scalar(value: str) -> str:
    """`value` as YAML writes it on one line (a front-matter or people.yml value)."""
    dumped = yaml.safe_dump({"v": value}, allow_unicode=True, width=10**6, sort_keys=False)
    return dumped.strip().removeprefix("v: ")


@dataclass
class UnknownPerson:
    """A person the notes or the agenda name whom people.yml does not know."""

    name: str
    affiliation: str | None
    suggestions: list[str]
    handle: str | None = None  # "@jdoe" in the notes, without the "@"

    def keys(self) -> list[str]:
        """What the person is known by: the name, and the handle as "@jdoe"."""
        keys = [normalize(self.name)]
        if self.handle:
            keys.append("@" + normalize(self.handle))
        return keys

    def absorb(self, other: UnknownPerson) -> None:
        """Take what `other`, the same person named again, adds: a full name, an affiliation."""
        if self.handle and normalize(self.name) == normalize(self.handle) != normalize(other.name):
            self.name, self.suggestions = other.name, other.suggestions
        self.affiliation = self.affiliation or other.affiliation
        self.handle = self.handle or other.handle


class UnknownPeople:
    """The people no one registered, each once though notes name one by name and by handle,
    and the records that name each."""

    def __init__(self) -> None:
        self.people: dict[str, UnknownPerson] = {}  # key -> the person
        self.named_in: dict[str, list[str]] = {}  # key -> the records that name them
        self._keys: dict[str, str] = {}  # a name or handle key -> the key of their entry

    def add(self, person: UnknownPerson, named_in: str | None = None) -> str:
        """Note `person` (merged with an entry of the same name or handle), named in the record
        `named_in` if given; returns its key."""
        keys = person.keys()
        key = next((self._keys[k] for k in keys if k in self._keys), keys[0])
        if key in self.people:
            self.people[key].absorb(person)
        else:
            self.people[key] = person
        for k in [*keys, *self.people[key].keys()]:
            self._keys.setdefault(k, key)
        if named_in is not None:
            records = self.named_in.setdefault(key, [])
            if named_in not in records:
                records.append(named_in)
        return key

    def __len__(self) -> int:
        return len(self.people)

    def entries(self) -> list[tuple[UnknownPerson, list[str]]]:
        """Each person, in the order first named, with the records that name them."""
        return [(person, self.named_in.get(key, [])) for key, person in self.people.items()]


def suggest(people: Iterable[UnknownPerson], index: NameIndex) -> None:
    """Give each person the registered names close to theirs (by the name kept: a full name
    rather than a handle)."""
    for person in people:
        person.suggestions = index.suggest(person.name)


def people_entry(
    person: UnknownPerson, registry: Registry, people_file: str, taken: set[str] | None = None
) -> str:
    """The report of an unknown person: a people.yml entry ready to paste."""
    hint = ""
    if person.suggestions:
        hint = f" (did you mean {' or '.join(person.suggestions)}? then add it to their aliases)"
    return f"unknown person '{person.name}'{hint} — add to {people_file}:\n" + "\n".join(
        "  " + line for line in _entry_lines(person, registry, taken)
    )


def _entry_lines(person: UnknownPerson, registry: Registry, taken: set[str] | None) -> list[str]:
    """`id:`, `  name: ...`, `  affiliation: ...`: an id no one holds yet."""
    taken = taken if taken is not None else set()
    pid = slugify(normalize(person.name))
    base, n = pid, 2
    while pid in registry.people or pid in taken:
        pid, n = f"{base}-{n}", n + 1
    taken.add(pid)
    lines = [f"{pid}:", f"  name: {yaml_scalar(person.name)}"]
    if person.affiliation:
        lines.append(f"  affiliation: {yaml_scalar(person.affiliation)}")
    if person.handle and normalize(person.handle) != normalize(person.name):
        lines.append(f"  aliases: [{yaml_scalar(person.handle)}]")
    return lines


def unknown_people_file(
    unknown: Iterable[tuple[UnknownPerson, list[str]]], registry: Registry
) -> str:
    """The text of people.unknown.yml: an entry for each unknown person, ready to paste."""
    out = [
        "# People an Indico import named who are not in people.yml (minutes import-indico",
        "# writes this file again on each import that finds any). Nothing here is used: check",
        "# each entry, then move it to people.yml; if the person is there already under another",
        "# spelling, add this spelling to their aliases instead.",
    ]
    taken: set[str] = set()
    people = list(unknown)
    keys = [normalize(person.name) for person, _ in people]
    for i, (person, seen) in enumerate(people):
        out.append("")
        if person.suggestions:
            out.append(f"# did you mean {' or '.join(person.suggestions)}?")
        others = keys[:i] + keys[i + 1 :]
        for close in difflib.get_close_matches(keys[i], others, n=2, cutoff=0.85):
            twin = people[keys.index(close)][0].name
            out.append(f"# the same person as {twin}? then keep one entry, this name as an alias")
        out.append(f"# named in {', '.join(seen)}")
        out.extend(_entry_lines(person, registry, taken))
    return "\n".join(out) + "\n"
