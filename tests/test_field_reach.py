"""A record field added to the declaration alone (core/fields.py `RECORD_FIELDS`) reaches every
place it must: `FIELD_PLACES` lists them, each with the module and a check.

The test declares `room` (text, published, written by `minutes new`) and checks each place;
each check must also fail while `room` is not declared, so a place that stopped reading the
declaration would fail its check. A module that reads `RECORD_FIELDS` must be one of the
places, so a new consumer cannot be missed either.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from minutes.core import fields, yamlload
from minutes.core.archive import Archive, Options, load_archive
from minutes.core.fields import Field, Kind
from minutes.core.problems import Problems
from minutes.core.records import split_front_matter
from minutes.core.schema import as_json_data, schemas
from minutes.outputs.pipeline import OUTPUTS, BuildContext
from minutes.tools.diff import compare
from minutes.tools.newrecord import new_record

from .helpers import REPO, one_meeting_site, record, write_archive

ROOM = Field(
    "room", Kind.TEXT, doc_type="text", notes="The meeting room.", new_record=True
)  # published, compared by `minutes diff`, no Meeting attribute of its own
P = "meetings/tcm/2021/2021-06-09.md"
FRONT = "date: 2021-06-09\npresent: [Ian Bird]\n"


def _archive(root: Path, front: str) -> tuple[Archive, list[str]]:
    write_archive(root, {"tcm/2021/2021-06-09.md": record(front)})
    problems = Problems()
    archive = load_archive(root / "meetings", Options(), problems)
    return archive, [str(p).removeprefix(str(root) + "/") for p in problems.sorted()]


def reaches_the_reader(tmp_path: Path) -> None:
    """records.py reads it by its kind and keeps it in `Meeting.extra` (core/model.py); a bad
    value gets the kind's message at its line."""
    archive, problems = _archive(tmp_path / "good", FRONT + "room: B12")
    assert problems == []
    assert [m.extra for m in archive.meetings] == [{"room": "B12"}]
    assert ROOM.value(archive.meetings[0]) == "B12"
    _, problems = _archive(tmp_path / "bad", FRONT + "room: [B12, B13]")
    assert [p.removeprefix(str(tmp_path / "bad") + "/") for p in problems] == [
        f"{P}:4: 'room' must be text, not a list"
    ]


def reaches_the_data_files(tmp_path: Path) -> None:
    """data/meetings.json publishes it, in its declared place (after the last declared field,
    before the groups)."""
    site = one_meeting_site(tmp_path, FRONT + "room: B12")
    (data,) = [o for o in OUTPUTS if o.name == "data files"]
    made = {f.path: f.content for f in data.files(BuildContext(site, "x", None))}
    entries = json.loads(made["data/meetings.json"])
    before = ["id", "series", "date", "title", "url", "chair", "present", "apologies"]
    assert [list(e) for e in entries] == [[*before, "room", "groups"]]
    assert entries[0]["room"] == "B12"


def reaches_the_diff(tmp_path: Path) -> None:
    """`minutes diff` names it when it changes."""
    old, _ = _archive(tmp_path / "old", FRONT + "room: B12")
    new, _ = _archive(tmp_path / "new", FRONT + "room: B13")
    changes = [c.line() for c in compare(old.edition(False), new.edition(False))]
    assert changes == ["meeting changed: tcm-2021-06-09 fields room"]


def reaches_the_schema(tmp_path: Path) -> None:
    """The record's JSON Schema has it, with its kind's rule."""
    schema = json.loads(schemas()["record.json"])
    assert schema["properties"].get("room") == {
        "description": "The meeting room.",
        "anyOf": [{"type": ["string", "number"]}, {"type": "null"}],
    }
    validator = jsonschema.Draft202012Validator(schema)
    front = {"date": "2021-06-09", "present": []}
    assert list(validator.iter_errors({**front, "room": "B12"})) == []
    assert list(validator.iter_errors({**front, "room": ["B12"]})) != []


def reaches_the_docs_table(tmp_path: Path) -> None:
    """docs/format.md §5's table, as `docs_table` makes it, has its row last."""
    table = fields.docs_table(fields.RECORD_FIELDS)
    assert table.splitlines()[-1] == "| `room` | text | no | — | The meeting room. |"


def reaches_the_new_record(tmp_path: Path) -> None:
    """`minutes new` writes it (new_record), empty, in its declared place."""
    archive, _ = _archive(tmp_path, FRONT)
    text = new_record(archive, "tcm", dt.date(2021, 6, 23))
    front = text.split("---\n")[1]
    assert re.findall(r"^(\w+):", front, re.M)[-2:] == ["visibility", "room"]
    assert "\nroom: ''\n" in front


@dataclass(frozen=True)
class Place:
    """A place a record field must reach: what it is, the module, and the check."""

    what: str
    module: str
    check: Callable[[Path], None]


FIELD_PLACES: tuple[Place, ...] = (
    Place("the record reader and the Meeting", "minutes.core.records", reaches_the_reader),
    Place("data/meetings.json (when published)", "minutes.outputs.data", reaches_the_data_files),
    Place("minutes diff (when diffed)", "minutes.tools.diff", reaches_the_diff),
    Place("the JSON Schema of a record", "minutes.core.schema", reaches_the_schema),
    Place("docs/format.md §5 (docs_table)", "minutes.core.fields", reaches_the_docs_table),
    Place("minutes new (when new_record)", "minutes.tools.newrecord", reaches_the_new_record),
)


@pytest.fixture
def room(monkeypatch: pytest.MonkeyPatch) -> None:
    """`room` declared after the other record fields, for this test only."""
    monkeypatch.setattr(fields, "RECORD_FIELDS", (*fields.RECORD_FIELDS, ROOM))


@pytest.mark.parametrize("place", FIELD_PLACES, ids=lambda p: p.module)
def test_a_declared_field_reaches(place: Place, room: None, tmp_path: Path) -> None:
    place.check(tmp_path)


@pytest.mark.parametrize("place", FIELD_PLACES, ids=lambda p: p.module)
def test_the_check_fails_without_the_declaration(place: Place, tmp_path: Path) -> None:
    """Undeclared, `room` reaches no place: each check can fail."""
    with pytest.raises(AssertionError):
        place.check(tmp_path)


def test_every_module_that_reads_the_declaration_is_a_place() -> None:
    package = REPO / "plugins" / "minutes"
    readers = {
        ".".join(path.relative_to(package.parent).with_suffix("").parts)
        for path in package.rglob("*.py")
        if "RECORD_FIELDS" in path.read_text(encoding="utf-8")
    }
    assert readers == {p.module for p in FIELD_PLACES}


def test_the_places_read_the_declaration_when_they_run() -> None:
    """No module keeps an import-time copy a test (or a plugin) could not reach."""
    package = REPO / "plugins" / "minutes"
    copies = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"from minutes\.core\.fields import [^\n]*\bRECORD_FIELDS\b", path.read_text())
    ]
    assert copies == []


# For each kind, a value the reader keeps (and what it keeps) and one it rejects (and how),
# for a field that has no Meeting attribute of its own.
KINDS: dict[Kind, tuple[str, object, str, str]] = {
    Kind.TEXT: ("B12", "B12", "[B12]", "'room' must be text, not a list"),
    Kind.NAME: ("B12", "B12", "{a: 1}", "'room' must be text, not a mapping"),
    Kind.ID: (
        "b-12",
        "b-12",
        "B12",
        "'room' must be an id (lowercase letters, digits and hyphens), not 'B12'",
    ),
    Kind.DATE: (
        "2021-07-01",
        dt.date(2021, 7, 1),
        '"2021-7-1"',
        "malformed date '2021-7-1' (expected YYYY-MM-DD)",
    ),
    Kind.TIME: ('"9:05"', "09:05", '"9:5"', "'room' must be a 24-hour time HH:MM, not '9:5'"),
    Kind.NAMES: ("[Ada, Bob]", ["Ada", "Bob"], "Ada", "'room' must be a list, not text"),
    Kind.TEXTS: ("[a, b]", ["a", "b"], "[a, [b]]", "'room' must list names as text, not a list"),
    Kind.IDS: (
        "[a-1, b]",
        ["a-1", "b"],
        "[a, B]",
        "'room' must list ids (lowercase letters, digits and hyphens), not 'B'",
    ),
    Kind.URLS: (
        '{a: "https://x.org/"}',
        {"a": "https://x.org/"},
        '{a: "x.org"}',
        "link 'a' must be an http(s) URL",
    ),
    Kind.ENUM: ("b", "b", "d", "'room' must be a, b or c, not 'd'"),
    Kind.APPROVALS: (
        '[a-1, {b: "fixed"}]',
        {"a-1": None, "b": "fixed"},
        "[a, B]",
        "'room' must list meeting ids or {id: corrections}, not 'B'",
    ),
}


def test_every_kind_has_its_case() -> None:
    assert set(KINDS) == set(Kind)


@pytest.mark.parametrize("kind", list(KINDS), ids=lambda k: k.value)
def test_a_field_of_each_kind_is_read_and_checked_by_its_kind(
    kind: Kind, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader and the JSON Schema agree on each kind: both keep the good value and both
    reject the bad one, the reader with its kind's message at the field's line."""
    good, kept, bad, message = KINDS[kind]
    values = ("a", "b", "c") if kind is Kind.ENUM else ()
    monkeypatch.setattr(
        fields, "RECORD_FIELDS", (*fields.RECORD_FIELDS, Field("room", kind, values=values))
    )
    validator = jsonschema.Draft202012Validator(json.loads(schemas()["record.json"]))
    for value, ok in ((good, True), (bad, False)):
        front = FRONT + f"room: {value}"
        root = tmp_path / str(ok)
        archive, problems = _archive(root, front)
        if ok:
            assert problems == []
            assert [m.extra for m in archive.meetings] == [{"room": kept}]
        else:
            assert problems == [f"{P}:4: {message}"]
        split = split_front_matter(record(front))
        assert not isinstance(split, str)
        schema_errors = list(validator.iter_errors(as_json_data(yamlload.load(split[0]))))
        assert (schema_errors == []) == ok, value
