"""Fields, options and outputs are declared once: docs, schemas and readers follow them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from minutes.core import fields, options, yamlload
from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.core.records import FIELDS, split_front_matter
from minutes.core.schema import SCHEMA_FILES, as_json_data, schemas
from minutes.outputs.pipeline import OUTPUTS, Phase
from minutes.tools.newrecord import new_record

from .helpers import REPO, one_meeting_site, record, write_archive

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


def test_the_record_reader_knows_exactly_the_declared_fields() -> None:
    assert fields.names(fields.RECORD_FIELDS) == (
        "series", "date", "title", "start", "end", "timezone", "chair", "present",
        "apologies", "location", "links", "tags", "visibility",
    )
    assert set(fields.names(fields.RECORD_FIELDS)) == FIELDS


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
    )
    made = list(output.pages(BuildContext(site, "x", "https://x.org/")))
    made += list(output.files(BuildContext(site, "x", "https://x.org/")))
    assert made
    computed = {name for name in AGGREGATES if name in vars(site)}  # cached properties
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
