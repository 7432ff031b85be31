"""meetings/register.yml (docs/format.md §3.4): due months, every field's checks at their
line, rescheduled dates, the public edition's links, the schema and the docs tables."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minutes.core import fields, yamlload
from minutes.core.archive import Options, ParseCache, load_archive
from minutes.core.model import Register, RegisterItem, Rescheduled
from minutes.core.problems import Problems
from minutes.core.register import REGISTER_FILE, due_date
from minutes.core.registry import REGISTRY_FILES, Registry, load_registry
from minutes.core.schema import as_json_data, schemas

from .helpers import REPO, record, write_archive

FORMAT = (REPO / "docs" / "format.md").read_text(encoding="utf-8")

GOOD = """\
start: 2015-09-01
deliverables:
  D2.3:
    title: Data lake report
    wp: wp2
    lead: CERN
    responsible: ian-bird
    type: R
    dissemination: PU
    due: M12
    status: submitted
    submitted: 2016-09-02
    link: https://zenodo.org/record/1234
  D2.4:
    title: Data management plan
    wp: wp2
    type: DMP
    dissemination: CO
    due: M6
    link: doi:10.5281/zenodo.99
    rescheduled: {due: M9, reason: amendment 2}
  D3.1:
    title: Software catalogue
    wp: wp3
    due: 2017-03-31
    link: 10.5281/zenodo.7
milestones:
  MS12:
    title: Prototype data lake
    wp: [wp2, wp3]
    due: M18
    verification: Demonstration
    status: reached
    reached: 2017-02-01
  MS3:
    title: Kick-off
    due: M1
risks:
  R3:
    title: Staff turnover
    wp: wp2
    likelihood: medium
    severity: high
    mitigation: Overlap handovers
"""


def _load(tmp_path: Path, text: str) -> tuple[Register, list[str]]:
    write_archive(tmp_path, {})
    (tmp_path / "meetings" / REGISTER_FILE).write_text(text, encoding="utf-8")
    problems = Problems()
    registry = load_registry(tmp_path / "meetings", problems)
    return registry.register, [
        f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems.sorted()
    ]


# --- due months --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "month", "due"),
    [
        ("2015-09-01", 1, "2015-09-30"),  # the start month is month 1
        ("2015-09-01", 4, "2015-12-31"),
        ("2015-09-01", 5, "2016-01-31"),  # over a year end
        ("2015-09-01", 12, "2016-08-31"),
        ("2015-09-01", 48, "2019-08-31"),
        ("2016-01-31", 2, "2016-02-29"),  # a leap year
        ("2015-01-31", 2, "2015-02-28"),
        ("2015-09-15", 6, "2016-02-29"),  # a start within its month counts the whole month
        ("2000-01-01", 2, "2000-02-29"),  # divisible by 400: a leap year
        ("2100-01-01", 2, "2100-02-28"),  # by 100 only: not
        ("2015-09-01", 7, "2016-03-31"),
        ("2015-09-01", 10, "2016-06-30"),
    ],
)
def test_due_months(start: str, month: int, due: str) -> None:
    assert due_date(dt.date.fromisoformat(start), month) == dt.date.fromisoformat(due)


@pytest.mark.parametrize(
    ("start", "month"), [("2015-09-01", 0), ("2015-09-01", -3), ("9999-11-01", 3)]
)
def test_no_such_due_month(start: str, month: int) -> None:
    with pytest.raises(ValueError):
        due_date(dt.date.fromisoformat(start), month)


@given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(1, 600))
def test_a_due_month_is_the_last_day_of_its_month(start: dt.date, month: int) -> None:
    due = due_date(start, month)
    assert (due + dt.timedelta(days=1)).day == 1
    assert (due.year - start.year) * 12 + due.month - start.month == month - 1
    assert due_date(start, month + 1) > due


# --- reading -----------------------------------------------------------------------------


def test_a_good_register_is_read_in_file_order(tmp_path: Path) -> None:
    register, problems = _load(tmp_path, GOOD)
    assert problems == []
    assert register.start == dt.date(2015, 9, 1)
    assert list(register.items) == ["D2.3", "D2.4", "D3.1", "MS12", "MS3", "R3"]
    d23 = register.items["D2.3"]
    assert d23 == RegisterItem(
        "D2.3",
        "deliverable",
        "Data lake report",
        3,
        ["wp2"],
        "submitted",
        dt.date(2016, 8, 31),
        "M12",
        None,
        {
            "lead": "CERN",
            "responsible": "ian-bird",
            "type": "R",
            "dissemination": "PU",
            "submitted": dt.date(2016, 9, 2),
            "link": "https://zenodo.org/record/1234",
        },
    )
    assert register.items["D2.4"].status == "planned"  # the first status is the default
    assert register.items["D3.1"].due == dt.date(2017, 3, 31)
    assert register.items["D3.1"].due_text == "2017-03-31"
    assert register.items["MS12"].wp == ["wp2", "wp3"]
    assert register.items["MS3"].due == dt.date(2015, 9, 30)
    assert register.items["R3"].status == "open"
    assert register.items["R3"].due is None
    assert register.items["R3"].fields == {
        "likelihood": "medium",
        "severity": "high",
        "mitigation": "Overlap handovers",
    }
    assert [i.id for i in register.of_kind("milestone")] == ["MS12", "MS3"]
    assert [i.id for i in register.of_group("wp3")] == ["D3.1", "MS12"]


def test_a_doi_is_linked_through_its_resolver(tmp_path: Path) -> None:
    register, _ = _load(tmp_path, GOOD)
    assert register.items["D2.4"].fields["link"] == "https://doi.org/10.5281/zenodo.99"
    assert register.items["D3.1"].fields["link"] == "https://doi.org/10.5281/zenodo.7"


def test_a_rescheduled_date_with_its_reason(tmp_path: Path) -> None:
    register, _ = _load(tmp_path, GOOD)
    item = register.items["D2.4"]
    assert item.due == dt.date(2016, 2, 29)
    assert item.rescheduled == Rescheduled(dt.date(2016, 5, 31), "M9", "amendment 2")
    assert item.current_due == dt.date(2016, 5, 31)
    assert item.overdue(dt.date(2016, 4, 1)) is False  # the new date holds
    assert item.overdue(dt.date(2016, 6, 1)) is True
    assert register.items["D2.3"].overdue(dt.date(2020, 1, 1)) is False  # submitted


BAD = """\
start: 2015-09-01
deliverables:
  D2.3:
    title: [a, list]
    wp: wp9
    lead: {a: 1}
    responsible: Ian Bird
    type: REPORT
    dissemination: EU-R
    due: M0
    status: done
    submitted: 2016-13-01
    link: ftp://x.org/
    rescheduled: {due: 24, reason: ""}
    tittle: x
  D2.4:
    wp: wp2
    rescheduled: M30
  D3:
    title: Not an id
milestones:
  MS1:
    title: x
    wp: [wp2, WP3]
    due: 2016-02-30
    status: submitted
    reached: soon
  MS2:
    title: y
    due: M3
    rescheduled: {due: M4, reason: z}
risks:
  R3:
    title: z
    likelihood: likely
    severity: 3
    status: planned
  RISK4:
    title: w
projects: []
"""


def test_every_bad_value_is_reported_at_its_line_in_one_run(tmp_path: Path) -> None:
    """One error per bad value, each at the line of its field, and all in one run."""
    levels = "low, medium or high"
    _, problems = _load(tmp_path, BAD)
    assert problems == [
        "register.yml:4: 'D2.3': 'title' must be text, not a list",
        "register.yml:5: 'D2.3': 'wp' names 'wp9', which is no id in groups.yml "
        "(did you mean 'wp3'?)",
        "register.yml:6: 'D2.3': 'lead' must be text, not a mapping",
        "register.yml:7: 'D2.3': 'responsible' must be an id from people.yml, not 'Ian Bird'",
        "register.yml:8: 'D2.3': 'type' must be R, DEM, DEC, DATA, DMP, ETHICS, SECURITY, ORDP "
        "or OTHER, not 'REPORT'",
        "register.yml:9: 'D2.3': 'dissemination' must be PU, CO, CI, SEN, R-UE/EU-R, C-UE/EU-C "
        "or S-UE/EU-S, not 'EU-R'",
        "register.yml:10: 'D2.3': 'due' must be a project month such as M24 or a date "
        "YYYY-MM-DD, not 'M0'",
        "register.yml:11: 'D2.3': 'status' must be planned, submitted, accepted, revision or "
        "cancelled, not 'done'",
        "register.yml:12: 'D2.3': 'submitted' must be a date YYYY-MM-DD, not '2016-13-01'",
        "register.yml:13: 'D2.3': 'link' must be an http(s) URL or a DOI (10.5281/zenodo.1234), "
        "not 'ftp://x.org/'",
        "register.yml:14: 'D2.3': 'rescheduled' must be a project month such as M24 or a date "
        "YYYY-MM-DD, not '24'",
        "register.yml:14: 'D2.3': 'rescheduled' needs a 'reason' (text)",
        "register.yml:15: 'D2.3': unknown field 'tittle' (did you mean 'title'?)",
        "register.yml:16: 'D2.4': 'due' is required",
        "register.yml:16: 'D2.4': 'title' is required",
        "register.yml:18: 'D2.4': 'rescheduled' must be a mapping of 'due' and 'reason', not text",
        "register.yml:19: invalid deliverable id 'D3': write it as D2.3",
        "register.yml:24: 'MS1': 'wp' must be an id or a list of ids from groups.yml, not "
        "'['wp2', 'WP3']'",
        "register.yml:25: 'MS1': 'due' must be a project month such as M24 or a date "
        "YYYY-MM-DD, not '2016-02-30'",
        "register.yml:26: 'MS1': 'status' must be planned, reached or missed, not 'submitted'",
        "register.yml:27: 'MS1': 'reached' must be a date YYYY-MM-DD, not 'soon'",
        "register.yml:31: 'MS2': unknown field 'rescheduled' (did you mean 'reached'?)",
        f"register.yml:35: 'R3': 'likelihood' must be {levels}, not 'likely'",
        f"register.yml:36: 'R3': 'severity' must be {levels}, not '3'",
        "register.yml:37: 'R3': 'status' must be open or closed, not 'planned'",
        "register.yml:38: invalid risk id 'RISK4': write it as R3",
        "register.yml:40: unknown key 'projects' (expected start, deliverables, milestones, risks)",
    ]


def test_what_could_be_read_of_a_bad_item_is_kept(tmp_path: Path) -> None:
    register, _ = _load(tmp_path, BAD)
    assert list(register.items) == ["D2.3", "D2.4", "MS1", "MS2", "R3"]
    assert register.items["D2.3"].title == "D2.3"  # no title: the id stands in
    assert register.items["D2.3"].fields == {}
    assert register.items["R3"].status == "open"


def test_unknown_values_name_the_allowed_ones() -> None:
    """The messages list every declared value (fields.py), so a new level needs no new text."""
    for values in (fields.TYPES, fields.DISSEMINATION, fields.DELIVERABLE_STATUSES):
        assert len(values) > 2
    assert "SEN" in fields.DISSEMINATION and "ORDP" in fields.TYPES


def test_a_due_month_needs_the_start(tmp_path: Path) -> None:
    _, problems = _load(
        tmp_path,
        "deliverables:\n  D1.1: {title: a, wp: wp2, due: M3}\n"
        "milestones:\n  MS1: {title: b, due: 2016-01-31}\n",
    )
    assert problems == [
        "register.yml:2: 'D1.1': 'due' is the project month M3, but the register gives no "
        "'start' date to count from"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "[1, 2]",
            "register.yml:1: register.yml must be a mapping of start, deliverables, "
            "milestones, risks",
        ),
        ("start: soon", "register.yml:1: 'start' must be a date YYYY-MM-DD, not 'soon'"),
        (
            "deliverables: [D1.1]",
            "register.yml:1: 'deliverables' must be a mapping of ids (D2.3) to entries",
        ),
        ("deliverables:\n  D1.1: text", "register.yml:2: 'D1.1' must be a mapping of fields"),
        (
            "start: 2015-09-01\nstart: 2015-10-01",
            "register.yml:2: invalid YAML: duplicate key 'start'",
        ),
    ],
)
def test_a_register_of_the_wrong_shape(tmp_path: Path, text: str, problem: str) -> None:
    register, problems = _load(tmp_path, text)
    assert problems == [problem]
    assert register.items == {}


def test_no_register_and_an_empty_one(tmp_path: Path) -> None:
    write_archive(tmp_path, {})
    problems = Problems()
    assert load_registry(tmp_path / "meetings", problems).register == Register()
    assert problems.sorted() == []
    register, problems_ = _load(tmp_path, "# nothing yet\n")
    assert register == Register() and problems_ == []


def test_a_credential_in_the_register_is_reported_and_left_out(tmp_path: Path) -> None:
    text = GOOD.replace(
        "link: https://zenodo.org/record/1234",
        "link: https://zenodo.org/record/1234?pwd=aB3dE5fG7hJ9",
    )
    register, problems = _load(tmp_path, text)
    assert [p.split(": ", 1)[0] for p in problems] == ["register.yml:13"]
    assert "password must never be published" in problems[0]
    assert "link" not in register.items["D2.3"].fields
    assert register.items["D2.3"].title == "Data lake report"


# --- the public edition ------------------------------------------------------------------


def test_the_public_copy_drops_the_links_of_deliverables_that_are_not_public(
    tmp_path: Path,
) -> None:
    register, _ = _load(tmp_path, GOOD)
    public = register.public()
    links = {i.id: i.fields.get("link") for i in public.items.values()}
    assert links == {
        "D2.3": "https://zenodo.org/record/1234",  # PU
        "D2.4": None,  # CO
        "D3.1": None,  # no level given: not public
        "MS12": None,
        "MS3": None,
        "R3": None,
    }
    assert public.items["D2.4"].title == "Data management plan"  # title and dates stay
    assert public.items["D2.4"].current_due == dt.date(2016, 5, 31)
    assert public.items["D2.4"].fields["dissemination"] == "CO"
    assert register.items["D2.4"].fields["link"] == "https://doi.org/10.5281/zenodo.99"
    assert Register(register.start, {"D2.3": register.items["D2.3"]}).public().items == {
        "D2.3": register.items["D2.3"]
    }


def test_the_public_edition_has_the_public_register(tmp_path: Path) -> None:
    write_archive(tmp_path, {})
    (tmp_path / "meetings" / REGISTER_FILE).write_text(GOOD)
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    public = archive.edition(False).registry.register
    internal = archive.edition(True).registry.register
    assert "link" not in public.items["D2.4"].fields
    assert internal.items["D2.4"].fields["link"] == "https://doi.org/10.5281/zenodo.99"
    assert archive.registry.register is internal
    assert archive.edition(False).registry.people is archive.registry.people


def test_an_archive_without_a_register_keeps_its_registry(tmp_path: Path) -> None:
    write_archive(tmp_path, {})
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    assert archive.edition(False).registry is archive.registry
    assert isinstance(archive.registry, Registry)


# --- caches, schema, docs ----------------------------------------------------------------


def test_a_changed_register_reads_every_record_again(tmp_path: Path) -> None:
    """Mentions are read against the register: the parse cache watches it (REGISTRY_FILES)."""
    assert REGISTER_FILE in REGISTRY_FILES
    write_archive(
        tmp_path,
        {"tcm/2016/2016-09-14.md": record("date: 2016-09-14\npresent: []", "MS3 is done.\n")},
    )
    register = tmp_path / "meetings" / REGISTER_FILE
    register.write_text(GOOD)
    cache = ParseCache()
    (meeting,) = load_archive(tmp_path / "meetings", Options(), Problems(), cache).meetings
    assert [m.item for m in meeting.mentions] == ["MS3"]
    register.write_text(GOOD.replace("MS3:", "MS4:"))
    os.utime(register, ns=(1, 1))
    problems = Problems()
    assert load_archive(tmp_path / "meetings", Options(), problems, cache).meetings == []
    assert [p.message for p in problems.sorted()] == [
        "unknown milestone 'MS3' (not in register.yml; did you mean MS4?)"
    ]
    assert cache.misses == 2


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schemas()["register.json"]))


def test_the_schema_takes_a_good_register() -> None:
    assert list(_validator().iter_errors(as_json_data(yamlload.load(GOOD)))) == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("deliverables:\n  D2.3: {wp: wp2, due: M3}\n", "deliverables/D2.3"),  # no title
        ("deliverables:\n  D3: {title: a, wp: wp2, due: M3}\n", "deliverables"),
        ("deliverables:\n  D2.3: {title: a, wp: wp2, due: M0}\n", "deliverables/D2.3/due"),
        (
            "deliverables:\n  D2.3: {title: a, wp: wp2, due: M3, type: REPORT}\n",
            "deliverables/D2.3/type",
        ),
        (
            "deliverables:\n  D2.3: {title: a, wp: wp2, due: M3, link: ftp://x}\n",
            "deliverables/D2.3/link",
        ),
        (
            "deliverables:\n  D2.3: {title: a, wp: wp2, due: M3, rescheduled: {due: M4}}\n",
            "deliverables/D2.3/rescheduled",
        ),
        ("milestones:\n  MS1: {title: a, due: M3, wp: [WP2]}\n", "milestones/MS1/wp"),
        ("risks:\n  R1: {title: a, severity: extreme}\n", "risks/R1/severity"),
        ("projects: {}\n", ""),
    ],
)
def test_the_schema_rejects_what_the_check_rejects(text: str, where: str) -> None:
    errors = list(_validator().iter_errors(as_json_data(yamlload.load(text))))
    assert any("/".join(str(p) for p in e.absolute_path) == where for e in errors), errors


@pytest.mark.parametrize("kind", fields.REGISTER_KINDS, ids=lambda k: k.kind)
def test_docs_field_tables_are_the_declarations(kind: fields.ItemKind) -> None:
    assert fields.docs_table(kind.fields) in FORMAT


def test_docs_list_every_type_level_and_status() -> None:
    section = FORMAT[FORMAT.index("### 3.4.") : FORMAT.index("## 4.")]
    for value in (
        *fields.TYPES,
        *fields.DISSEMINATION,
        *fields.DELIVERABLE_STATUSES,
        *fields.MILESTONE_STATUSES,
        *fields.RISK_STATUSES,
    ):
        assert f"`{value}`" in section, value
