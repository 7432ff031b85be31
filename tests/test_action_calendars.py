"""Per-person action calendars: calendars/people/<person-id>.ics (docs/format.md §10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from .helpers import mkdocs_build, record, write_archive

CANARY = "canary5be1"

RAISED = record(
    "date: 2021-06-09\npresent: [Ian Bird, Kay Graf]",
    """
## WP2 { group=wp2 }

- [ ] Ian Bird, Kay Graf: write the report (due 2021-07-09)
- [ ] Kay Graf: book the room (due 2021-06-30)
- [ ] Kay Graf: think it over
""",
)

CLOSES = record(
    "date: 2021-06-16\npresent: [Ian Bird]",
    """
- [x] tcm-2021-06-09-2: booked
""",
)

INTERNAL = record(
    "series: board\ndate: 2021-06-10\npresent: [Ian Bird]\nvisibility: internal",
    f"""
- [ ] Ian Bird: action {CANARY} item (due 2021-08-01)
- [ ] Xavier Espinal: only internal (due 2021-08-02)
""",
)


def build(root: Path, records: dict[str, str], internal: bool = False) -> Path:
    write_archive(root, records)
    env = {"SOURCE_DATE_EPOCH": "1640995200"}
    if internal:
        env["MINUTES_INCLUDE_INTERNAL"] = "1"
    result = mkdocs_build(root, "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def events(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_one_all_day_event_per_open_action_with_a_due_date(tmp_path: Path) -> None:
    site = build(tmp_path, {"tcm/2021/2021-06-09.md": RAISED})
    kay = events(site / "calendars/people/kay-graf.ics")
    # the action without a due date has no event
    assert sorted(kay) == [
        "tcm-2021-06-09-1@minutes.example.org",
        "tcm-2021-06-09-2@minutes.example.org",
    ]
    room = kay["tcm-2021-06-09-2@minutes.example.org"]
    assert str(room["SUMMARY"]) == "tcm-2021-06-09-2: book the room"
    assert room.decoded("DTSTART") == dt.date(2021, 6, 30)  # a date: an all-day event
    assert room.decoded("DTEND") == dt.date(2021, 7, 1)
    assert str(room["URL"]) == (
        "https://minutes.example.org/meetings/tcm/2021-06-09/#tcm-2021-06-09-2"
    )
    assert [str(c) for c in room["CATEGORIES"].cats] == ["Technical Coordination Meeting", "WP2"]
    assert "book the room" in str(room["DESCRIPTION"])
    assert "VTODO" not in (site / "calendars/people/kay-graf.ics").read_text()
    # an action of two owners is in each one's calendar
    ian = events(site / "calendars/people/ian-bird.ics")
    assert sorted(ian) == ["tcm-2021-06-09-1@minutes.example.org"]
    # only people with such actions get one; their page links to it
    assert sorted(p.name for p in (site / "calendars/people").iterdir()) == [
        "ian-bird.ics",
        "kay-graf.ics",
    ]
    page = (site / "people/kay-graf/index.html").read_text()
    assert 'href="../../calendars/people/kay-graf.ics"' in page
    assert "calendars/people" not in (site / "people/xavier-espinal/index.html").read_text()


def test_uids_are_stable_and_a_closed_action_is_gone_at_the_next_build(tmp_path: Path) -> None:
    first = events(
        build(tmp_path / "a", {"tcm/2021/2021-06-09.md": RAISED}) / "calendars/people/kay-graf.ics"
    )
    again = events(
        build(tmp_path / "b", {"tcm/2021/2021-06-09.md": RAISED}) / "calendars/people/kay-graf.ics"
    )
    assert sorted(first) == sorted(again)
    assert (tmp_path / "a/site/calendars/people/kay-graf.ics").read_bytes() == (
        tmp_path / "b/site/calendars/people/kay-graf.ics"
    ).read_bytes()
    site = build(
        tmp_path / "c", {"tcm/2021/2021-06-09.md": RAISED, "tcm/2021/2021-06-16.md": CLOSES}
    )
    after = events(site / "calendars/people/kay-graf.ics")
    assert sorted(after) == ["tcm-2021-06-09-1@minutes.example.org"]
    assert (
        after["tcm-2021-06-09-1@minutes.example.org"]["SUMMARY"]
        == (first["tcm-2021-06-09-1@minutes.example.org"]["SUMMARY"])
    )


def test_internal_actions_never_reach_the_public_editions_calendars(tmp_path: Path) -> None:
    records = {"tcm/2021/2021-06-09.md": RAISED, "board/2021/2021-06-10.md": INTERNAL}
    public = build(tmp_path / "public", records)
    assert not (public / "calendars/people/xavier-espinal.ics").exists()
    for path in public.rglob("*.ics"):
        assert CANARY.encode() not in path.read_bytes(), path
    assert sorted(events(public / "calendars/people/ian-bird.ics")) == [
        "tcm-2021-06-09-1@minutes.example.org"
    ]
    internal = build(tmp_path / "internal", records, internal=True)
    ian = events(internal / "calendars/people/ian-bird.ics")
    assert sorted(ian) == [
        "board-2021-06-10-1@minutes.example.org",
        "tcm-2021-06-09-1@minutes.example.org",
    ]
    assert (internal / "calendars/people/xavier-espinal.ics").exists()
