"""The aggregates (minutes.aggregates, aggregates/edition.py), case by case: small archives in,
rows out, as YAML case files in tests/fixtures/aggregates/ (as mkdocs-literate-nav tests its
parser).

Each case file holds the registries (`people`, `groups`, `series`, as in docs/format.md §3,
and a `register`, §3.4),
the records (path below meetings/ -> `front` matter and `body`), the day of the build
(`today`), whether the internal edition is built (`internal`, docs/format.md §7), and under
`expect` the rows of each aggregate it checks, written as plain data by the views below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
import yaml

from minutes import aggregates as agg
from minutes.aggregates.edition import Edition
from minutes.core.archive import Options, load_archive
from minutes.core.model import Action, Attendance, Meeting
from minutes.core.problems import Problems

from .helpers import write_archive

CASES = sorted((Path(__file__).parent / "fixtures" / "aggregates").glob("*.yml"))
CELLS = {
    Attendance.PRESENT: "P",
    Attendance.APOLOGIES: "A",
    Attendance.ABSENT: "X",
    Attendance.NONE: "-",
}


def _ids(items: list[Action] | list[Meeting]) -> list[str]:
    return [i.id for i in items]


def _report(r: agg.Report) -> str:
    """A report as '<meeting>#<anchor>', with ' (empty)' when nothing was written under it."""
    return f"{r.meeting.id}#{r.anchor}" + ("" if r.has_text else " (empty)")


def _entry(e: agg.TimelineEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"meeting": e.meeting.id, "reports": [_report(r) for r in e.reports]}
    if e.speakers:
        out["speakers"] = e.speakers
    if e.actions:
        out["actions"] = _ids(e.actions)
    if e.decisions:
        out["decisions"] = [d.text for d in e.decisions]
    return out


def _record(r: agg.PersonRecord) -> dict[str, list[str]]:
    """A person's record, its empty lists left out."""
    out = {
        "attended": _ids(r.attended),
        "excused": _ids(r.excused),
        "absent": _ids(r.absent),
        "chaired": _ids(r.chaired),
        "reports": [_report(rep) for rep in r.reports],
        "actions": _ids(r.actions),
    }
    return {k: v for k, v in out.items() if v}


def _table(t: agg.AttendanceTable) -> dict[str, Any]:
    """A series' matrix for one year: each row 'person: cells attended/expected', cells P
    (present), A (apologies), X (absent, a member), - (neither), '(guest)' for a non-member."""
    return {
        "series": t.series,
        "year": t.year,
        "meetings": _ids(t.meetings),
        "rows": [
            f"{r.person}: {''.join(CELLS[c] for c in r.cells)} {r.attended}/{r.expected}"
            + ("" if r.member else " (guest)")
            for r in t.rows
        ],
        "by_affiliation": [f"{name}: {a}/{e}" for name, a, e in t.by_affiliation],
    }


def _totals(edition: Edition) -> dict[str, list[str]]:
    """Per series, each person's attendance over all its years: 'person: attended/expected'."""
    return {
        sid: [
            f"{t.person}: {t.attended}/{t.expected}" + ("" if t.member else " (guest)")
            for t in agg.attendance_totals(list(tables))
        ]
        for sid, tables in groupby(edition.attendance, key=lambda t: t.series)
    }


def _action(a: Action) -> str:
    """An action as 'id', with its due date and where it was closed when it has them."""
    due = f" due {a.item.due}" if a.item.due else ""
    closed = f" closed in {a.closed_in}" if a.closed_in else ""
    return f"{a.id}{due}{closed}"


# What each aggregate looks like in a case file.
VIEWS: dict[str, Callable[[Edition], Any]] = {
    "reports": lambda e: {mid: [_report(r) for r in rs] for mid, rs in e.reports.items() if rs},
    "timelines": lambda e: {gid: [_entry(x) for x in tl] for gid, tl in e.timelines.items()},
    "people_records": lambda e: {pid: _record(r) for pid, r in e.people_records.items()},
    "attendance": lambda e: [_table(t) for t in e.attendance],
    "attendance_totals": _totals,
    "open_actions": lambda e: [_action(a) for a in e.open_and_done[0]],
    "done_actions": lambda e: [_action(a) for a in e.open_and_done[1]],
    "actions_by_year": lambda e: {y: _ids(xs) for y, xs in e.actions_by_year},
    "decisions_by_year": lambda e: {
        y: [f"{d.meeting} {d.group or '-'}: {d.text}" for d in ds] for y, ds in e.decisions_by_year
    },
    "open_at_year_end": lambda e: {
        f"{sid} {year}": {"listed": _ids(end.listed), "older": end.older}
        for (sid, year), end in e.open_at_year_end.items()
    },
    "mentions": lambda e: {
        item: [f"{m.meeting}:{m.line}: {m.sentence}" for m in ms] for item, ms in e.mentions.items()
    },
}


def edition_of(case: dict[str, Any], root: Path) -> Edition:
    """The edition of a case's archive, written into `root`; reading it reports exactly the
    case's `problems` (none by default)."""
    records = {
        path: "---\n" + yaml.safe_dump(r["front"], sort_keys=False) + "---\n" + r.get("body", "")
        for path, r in case["records"].items()
    }
    write_archive(
        root,
        records,
        people=yaml.safe_dump(case["people"], sort_keys=False),
        groups=yaml.safe_dump(case.get("groups") or {}, sort_keys=False),
        series=yaml.safe_dump(case["series"], sort_keys=False),
    )
    if "register" in case:  # docs/format.md §3.4
        text = yaml.safe_dump(case["register"], sort_keys=False)
        (root / "meetings" / "register.yml").write_text(text, encoding="utf-8")
    problems = Problems()
    archive = load_archive(root / "meetings", Options(), problems)
    found = [str(p).removeprefix(str(root / "meetings") + "/") for p in problems.sorted()]
    assert found == case.get("problems", [])
    return Edition(archive.edition(case.get("internal", False)), case["today"])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    edition = edition_of(case, tmp_path)
    expect = case["expect"]
    assert set(expect) <= set(VIEWS), f"unknown aggregates: {set(expect) - set(VIEWS)}"
    assert {name: VIEWS[name](edition) for name in expect} == expect


def test_the_cases_cover_every_aggregate() -> None:
    checked = {name for path in CASES for name in yaml.safe_load(path.read_text())["expect"]}
    assert checked == set(VIEWS)
    assert len(CASES) >= 6


def test_the_pipeline_declares_exactly_the_editions_aggregates() -> None:
    """`Output.uses` names aggregates from outputs/pipeline.py's AGGREGATES: each one a cached
    property of the edition (a two-core build makes it once on each side that uses it)."""
    from minutes.outputs.pipeline import AGGREGATES

    cached = {name for name, value in vars(Edition).items() if isinstance(value, cached_property)}
    assert set(AGGREGATES) == cached


def test_each_aggregate_is_computed_once_and_shared(tmp_path: Path) -> None:
    case = yaml.safe_load(CASES[0].read_text(encoding="utf-8"))
    edition = edition_of(case, tmp_path)
    assert vars(edition).keys().isdisjoint(VIEWS)  # nothing computed before it is asked for
    reports = edition.reports
    for gid, timeline in edition.timelines.items():
        for entry in timeline:  # the timelines are made of the very reports
            assert all(any(r is s for s in reports[entry.meeting.id]) for r in entry.reports), gid
    assert edition.timelines is edition.timelines
    assert edition.open_and_done is edition.open_and_done
    today = case["today"]
    assert isinstance(today, dt.date) and edition.today == today


def test_open_at_year_end_is_a_year_by_year_reading(tmp_path: Path) -> None:
    """The compiled minutes' actions open at each year's end (aggregates.open_at_year_end,
    which counts the years an action spends open and untouched at once) equal a plain reading
    of every action at every year's end, on a generated archive of 400 meetings and ~1,000
    actions with follow-ups across years and series."""
    from benchmarks.generate import generate_archive

    generate_archive(tmp_path, 400)
    archive = load_archive(tmp_path / "meetings", Options(), Problems()).edition(False)
    by_id = {m.id: m for m in archive.meetings}
    met = sorted({(m.series, m.date.year) for m in archive.meetings})
    expected: dict[tuple[str, int], tuple[list[str], dict[int, int]]] = {}
    for sid, year in met:
        listed: list[str] = []
        older: dict[int, int] = {}
        for action in archive.actions.values():
            origin = by_id[action.item.meeting]
            if origin.series != sid or origin.date.year > year:
                continue
            events = [(origin.date, not action.item.checked)]
            events += [(by_id[f.meeting].date, not f.checked) for f in action.followups]
            still_open = [state for day, state in events if day.year <= year][-1]
            if not still_open:
                continue
            if any(day.year == year for day, _ in events):
                listed.append(action.id)
            else:
                older[origin.date.year] = older.get(origin.date.year, 0) + 1
        if listed or older:
            expected[(sid, year)] = (listed, older)
    found = {
        key: ([a.id for a in end.listed], end.older)
        for key, end in agg.open_at_year_end(archive).items()
    }
    assert found == expected
    counted = sum(n for _, older in expected.values() for n in older.values())
    assert counted > 100, counted  # actions open and untouched for a year or more


def test_attendance_is_a_person_by_person_reading(tmp_path: Path) -> None:
    """The attendance tables (aggregates.attendance, which fills each table column by column
    from the meetings' lists) equal a plain reading of each person at each meeting, on a
    generated archive of 400 meetings."""
    from benchmarks.generate import generate_archive

    generate_archive(tmp_path, 400)
    archive = load_archive(tmp_path / "meetings", Options(), Problems()).edition(False)
    tables = agg.attendance(archive)
    assert sum(len(t.meetings) for t in tables) == len(archive.meetings) > 350  # public ones
    seen = 0
    for t in tables:
        series = archive.registry.series.get(t.series)
        members = list(series.members) if series else []
        expected_people = dict.fromkeys(members)
        for m in t.meetings:
            expected_people.update(dict.fromkeys([*m.present, *m.apologies]))
        assert {r.person for r in t.rows} == set(expected_people)
        for row in t.rows:
            member = row.person in members
            plain = [
                Attendance.PRESENT
                if row.person in m.present
                else Attendance.APOLOGIES
                if row.person in m.apologies
                else Attendance.ABSENT
                if member
                else Attendance.NONE
                for m in t.meetings
            ]
            assert (row.cells, row.member) == (plain, member), (t.series, t.year, row.person)
            seen += sum(c is not Attendance.NONE for c in plain)
    assert seen > 4000, seen
