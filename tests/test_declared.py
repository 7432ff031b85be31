"""Fields, options and outputs are declared once: docs, schemas and readers follow them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest

from minutes.core import fields, model, options, yamlload
from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.core.records import split_front_matter
from minutes.core.schema import SCHEMA_FILES, as_json_data, schemas
from minutes.outputs.pipeline import OUTPUTS, Phase
from minutes.tools.newrecord import new_record

from .helpers import ONE_ITEM_REGISTER, REPO, one_meeting_site, record, write_archive

FORMAT = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
SHIPPED = REPO / "plugins" / "minutes" / "schemas"


@pytest.mark.parametrize(
    "declared",
    [fields.RECORD_FIELDS, fields.PEOPLE_FIELDS, fields.GROUP_FIELDS, fields.SERIES_FIELDS],
    ids=["record", "people", "groups", "series"],
)
def test_docs_field_tables_are_the_declarations(declared: tuple[fields.Field, ...]) -> None:
    assert fields.docs_table(declared) in FORMAT


def test_docs_option_table_is_the_declaration() -> None:
    assert options.docs_table() in FORMAT


# One value of each record field with a Meeting attribute, and what the reader makes of it.
READ_AS: dict[str, tuple[str, object]] = {
    "series": ("tcm", "tcm"),
    "date": ("2021-06-09", dt.date(2021, 6, 9)),
    "title": ("Kick-off", "Kick-off"),
    "start": ('"9:30"', "09:30"),
    "end": ('"10:00"', "10:00"),
    "timezone": ("Europe/Zurich", "Europe/Zurich"),
    "chair": ("Ian Bird", "ian-bird"),
    "present": ("[Ian Bird, Kay Graf]", ["ian-bird", "kay-graf"]),
    "apologies": ("[Xavier Espinal]", ["xavier-espinal"]),
    "location": ("Zoom", "Zoom"),
    "links": ('{indico: "https://indico.example.org/event/1/"}',
              {"indico": "https://indico.example.org/event/1/"}),
    "tags": ("[budget, plans]", ["budget", "plans"]),
    "visibility": ("internal", "internal"),
    "status": ("draft", "draft"),
    "approves": ("[]", {}),  # an approval names another record: tests/test_approval.py
}


def _read(tmp_path: Path, front: str) -> tuple[list[Any], list[str]]:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(front)})
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(), problems)
    return archive.meetings, [p.message for p in problems.sorted()]


def test_the_reader_keeps_each_declared_field_on_its_meeting_attribute(tmp_path: Path) -> None:
    """Each field with an `attr` is a `Meeting` attribute that records.py fills in; the others
    (none today) go to `Meeting.extra` and must not shadow an attribute."""
    attributes = {f.name for f in dataclasses.fields(model.Meeting)}
    with_attr = [f for f in fields.RECORD_FIELDS if f.attr]
    assert [f.attr for f in with_attr if f.attr not in attributes] == []
    assert [f.name for f in fields.RECORD_FIELDS if not f.attr and f.name in attributes] == []
    assert sorted(READ_AS) == sorted(f.name for f in with_attr)  # a new one needs its case
    meetings, problems = _read(tmp_path, "\n".join(f"{k}: {v}" for k, (v, _) in READ_AS.items()))
    assert problems == []
    (meeting,) = meetings
    assert {f.name: f.value(meeting) for f in with_attr} == {k: v for k, (_, v) in READ_AS.items()}
    assert meeting.extra == {}


def test_the_visibility_values_are_the_models() -> None:
    (visibility,) = [f for f in fields.RECORD_FIELDS if f.name == "visibility"]
    assert visibility.values == get_args(model.Visibility)
    assert visibility.schema == {"enum": ["public", "internal"]}


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [
        ("start", '"9:30"', True),
        ("start", '"23:59"', True),
        ("start", '"24:00"', False),
        ("start", '"9:5"', False),
        ("start", '"٩:30"', False),  # the patterns are ASCII
        ("end", '"10:00:00"', False),
        ("date", "2021-06-09", True),
        ("date", '"2021-06-09"', True),
        ("date", '"2021-W23-3"', False),  # an ISO week date, which fromisoformat reads
        ("date", '"20210609"', False),
        ("links", '{a: "https://x.org/"}', True),
        ("links", '{a: "mailto:a@x.org"}', True),
        ("links", '{a: "ftp://x.org/"}', False),
        ("links", '{a: "https://x.org/a b"}', False),
        ("visibility", "public", True),
        ("visibility", "secret", False),
        ("series", "tcm", True),
        ("series", "TCM", False),
    ],
)
def test_the_reader_and_the_schema_agree(
    tmp_path: Path, key: str, value: str, valid: bool
) -> None:
    """records.py takes its patterns and values from the declaration the schema is made of."""
    front = f"present: []\n{key}: {value}" + ("" if key == "date" else "\ndate: 2021-06-09")
    _, problems = _read(tmp_path, front)
    split = split_front_matter(record(front))
    assert not isinstance(split, str)
    data = as_json_data(yamlload.load(split[0]))
    schema_errors = list(_validator("record.json").iter_errors(data))
    assert (problems == [], schema_errors == []) == (valid, valid), problems


def test_the_data_files_publish_the_fields_declared_published(tmp_path: Path) -> None:
    """data/meetings.json, people.json and groups.json carry exactly the declared `published`
    fields, in declared order (their other keys are no field's name)."""
    from minutes.outputs.pipeline import OUTPUTS, BuildContext

    site = one_meeting_site(tmp_path, "date: 2021-06-09\npresent: [Ian Bird]")
    (output,) = [o for o in OUTPUTS if o.name == "data files"]
    made = {f.path: json.loads(f.content) for f in output.files(BuildContext(site, "x", None))}
    for name, declared in [
        ("meetings.json", fields.RECORD_FIELDS),
        ("people.json", fields.PEOPLE_FIELDS),
        ("groups.json", fields.GROUP_FIELDS),
    ]:
        keys = list(made[f"data/{name}"][0])
        names = fields.names(declared)
        assert [k for k in keys if k in names] == [f.name for f in declared if f.published], name
    assert not any(f.published for f in fields.SERIES_FIELDS)  # no data file of series


def test_minutes_new_writes_the_declared_fields_in_order(tmp_path: Path) -> None:
    write_archive(tmp_path, {})
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    import datetime as dt

    text = new_record(archive, "tcm", dt.date(2021, 6, 23))
    split = split_front_matter(text)
    assert not isinstance(split, str)
    keys = list(yamlload.load(split[0]))
    expected = [f.name for f in fields.RECORD_FIELDS if f.new_record]
    assert keys == expected


def test_shipped_schemas_are_the_generated_ones() -> None:
    made = schemas()
    assert sorted(made) == sorted(SCHEMA_FILES)
    for name, text in made.items():
        assert (SHIPPED / name).read_text(encoding="utf-8") == text, name
        jsonschema.Draft202012Validator.check_schema(json.loads(text))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schemas()[name]))


def test_the_example_archive_validates_against_the_schemas() -> None:
    meetings = REPO / "meetings"
    for registry in ("people", "groups", "series"):
        data = as_json_data(yamlload.load((meetings / f"{registry}.yml").read_text()))
        errors = list(_validator(f"{registry}.json").iter_errors(data))
        assert errors == [], registry
    records = sorted(meetings.rglob("*.md"))
    assert records
    for path in records:
        split = split_front_matter(path.read_text(encoding="utf-8"))
        assert not isinstance(split, str)
        data = as_json_data(yamlload.load(split[0]))
        assert list(_validator("record.json").iter_errors(data)) == [], path


@pytest.mark.parametrize(
    ("front", "path_in_error"),
    [
        ("date: 2021-06-09\npresent: [Ian Bird]\nchiar: Ian Bird\n", ""),  # unknown field
        ("date: 2021-06-09\n", ""),  # present is required
        ("date: 2021-06-09\npresent: Ian Bird\n", "present"),  # not a list
        ('date: 2021-06-09\npresent: []\nstart: "25:00"\n', "start"),
        ("date: 2021-06-09\npresent: []\nvisibility: secret\n", "visibility"),
        ("date: 2021-06-09\npresent: []\nlinks: {indico: ftp://x}\n", "links"),
        ("date: 09.06.2021\npresent: []\n", "date"),
    ],
)
def test_the_record_schema_rejects_broken_front_matter(front: str, path_in_error: str) -> None:
    split = split_front_matter(record(front))
    assert not isinstance(split, str)
    data = as_json_data(yamlload.load(split[0]))
    errors = list(_validator("record.json").iter_errors(data))
    assert errors
    assert any("/".join(str(p) for p in e.absolute_path) == path_in_error for e in errors)


@pytest.mark.parametrize(
    ("registry", "text"),
    [
        ("people", "ian-bird:\n  affiliation: LAPP\n"),  # name missing
        ("people", "Ian Bird:\n  name: Ian Bird\n"),  # id not an id
        ("groups", "wp2:\n  name: WP2\n  lead: Xavier Espinal\n"),  # lead must be an id
        ("series", "tcm:\n  name: TCM\n  member: [ian-bird]\n"),  # misspelt field
    ],
)
def test_registry_schemas_reject_broken_entries(registry: str, text: str) -> None:
    data = as_json_data(yamlload.load(text))
    assert list(_validator(f"{registry}.json").iter_errors(data))


def test_registries_of_the_example_carry_the_schema_line() -> None:
    for registry in ("people", "groups", "series"):
        first = (REPO / "meetings" / f"{registry}.yml").read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (REPO / "meetings" / first.split("$schema=", 1)[1]).resolve()
        assert target == (SHIPPED / f"{registry}.json").resolve()


def test_every_output_is_declared_once_with_a_phase() -> None:
    names = [o.name for o in OUTPUTS]
    assert len(names) == len(set(names))
    assert {o.phase for o in OUTPUTS} == set(Phase)


@pytest.mark.parametrize(
    "output",
    [o for o in OUTPUTS if o.phase in (Phase.FILES, Phase.PAGES)],
    ids=lambda o: o.name,
)
def test_each_output_uses_exactly_the_aggregates_it_declares(
    output: Any, tmp_path: Path
) -> None:
    """`Output.uses` puts outputs that share an aggregate on one side of a two-core build:
    made alone, an output computes the declared aggregates and no other."""
    from minutes.outputs.pipeline import AGGREGATES, BuildContext

    site = one_meeting_site(
        tmp_path,
        "date: 2021-06-09\npresent: [Ian Bird]",
        "## WP2\nSpeaker: Kay Graf\n\n- [ ] Kay Graf: x\n\nDecision: y\n",
        register=ONE_ITEM_REGISTER,  # the register's pages need a register with items
    )
    made = list(output.pages(BuildContext(site, "x", "https://x.org/")))
    made += list(output.files(BuildContext(site, "x", "https://x.org/")))
    assert made
    computed = {name for name in AGGREGATES if name in vars(site.edition)}  # cached properties
    assert computed == output.uses


def test_every_cli_command_is_documented() -> None:
    """As sqlite-utils does: a command nobody can read about does not exist for users."""
    import argparse

    from minutes.cli import build_parser

    parser = build_parser()
    commands = [
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    ]
    assert "check" in commands
    docs = (REPO / "README.md").read_text() + "".join(
        p.read_text() for p in sorted((REPO / "docs").glob("*.md"))
    )
    for name in commands:
        assert f"minutes {name}" in docs, name


def test_the_architecture_test_table_names_every_test_file() -> None:
    """docs/architecture.md's "Tests" table lists every tests/test_*.py (browser ones by glob)."""
    import re

    repo = Path(__file__).resolve().parents[1]
    text = (repo / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text[text.index("## Tests") :]
    named = set(re.findall(r"`(test_[a-z_]+\.py)`", table))
    missing = sorted(
        p.name
        for p in (repo / "tests").glob("test_*.py")
        if p.name not in named and not p.name.startswith("test_browser_")
    )
    assert missing == []
    assert "`test_browser_*.py`" in table
