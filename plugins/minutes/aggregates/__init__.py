"""What no single meeting shows: timelines, attendance, the action log, decisions, where the
register's items were mentioned.

Each function makes one pass over the edition's meetings, so the work grows linearly with
the archive. `aggregates/edition.py` computes each of them once for a build and shares it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from minutes.core.archive import Archive
from minutes.core.model import (
    Action,
    Attendance,
    Decision,
    Meeting,
    Mention,
    Section,
    section_anchors,
)

T = TypeVar("T")


@dataclass
class Report:
    """One group's part of one meeting."""

    meeting: Meeting
    section: Section
    anchor: str
    has_text: bool


@dataclass
class TimelineEntry:
    meeting: Meeting
    reports: list[Report] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def reports_of(meeting: Meeting) -> list[Report]:
    """The group reports of a meeting, with whether anything was written under them."""
    if not any(s.group for s in meeting.sections):
        return []
    anchors = section_anchors(meeting)
    return [
        Report(meeting, s, anchors[i], s.has_text)
        for i, s in enumerate(meeting.sections)
        if s.group
    ]


def all_reports(archive: Archive) -> dict[str, list[Report]]:
    """The group reports of every meeting, by meeting id (computed once, shared below)."""
    return {m.id: reports_of(m) for m in archive.meetings}


def group_timelines(
    archive: Archive, reports: dict[str, list[Report]] | None = None
) -> dict[str, list[TimelineEntry]]:
    """For every group, the meetings where it was on the agenda, newest first."""
    reports = reports if reports is not None else all_reports(archive)
    timelines: dict[str, list[TimelineEntry]] = {gid: [] for gid in archive.registry.groups}
    for m in archive.meetings:
        entries: dict[str, TimelineEntry] = {}
        for r in reports[m.id]:
            gid = r.section.group or ""
            e = entries.get(gid)
            if e is None:  # not setdefault: an entry a report, made for nothing, was its cost
                e = entries[gid] = TimelineEntry(m)
            e.reports.append(r)
            for pid in r.section.speakers:
                if pid not in e.speakers:
                    e.speakers.append(pid)
        for item in m.actions:
            if item.group in entries:
                entries[item.group].actions.append(archive.actions[item.id])
        for d in m.decisions:
            if d.group in entries:
                entries[d.group].decisions.append(d)
        for gid, e in entries.items():
            timelines.setdefault(gid, []).append(e)
    for entries_list in timelines.values():
        entries_list.reverse()
    return timelines


@dataclass
class PersonRecord:
    attended: list[Meeting] = field(default_factory=list)
    excused: list[Meeting] = field(default_factory=list)
    absent: list[Meeting] = field(default_factory=list)  # members, neither present nor excused
    chaired: list[Meeting] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def people_records(
    archive: Archive, reports: dict[str, list[Report]] | None = None
) -> dict[str, PersonRecord]:
    """For every person (registered or guest), what they attended, gave and owe."""
    reports = reports if reports is not None else all_reports(archive)
    records: dict[str, PersonRecord] = defaultdict(PersonRecord)
    for pid in archive.people:
        records[pid]  # noqa: B018 - every registered person gets a record
    members = {sid: s.members for sid, s in archive.registry.series.items()}
    for m in archive.meetings:
        for pid in m.present:
            records[pid].attended.append(m)
        for pid in m.apologies:
            records[pid].excused.append(m)
        there = {*m.present, *m.apologies}
        for pid in members.get(m.series, []):
            if pid not in there:
                records[pid].absent.append(m)
        if m.chair:
            records[m.chair].chaired.append(m)
        for r in reports[m.id]:
            for pid in r.section.speakers:
                records[pid].reports.append(r)
    for action in archive.actions.values():
        for pid in action.item.owners:
            records[pid].actions.append(action)
    return dict(records)


@dataclass
class AttendanceRow:
    person: str
    cells: list[Attendance]  # per meeting
    attended: int
    expected: int  # meetings the person was expected at (members) or took part in
    member: bool

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


@dataclass
class AttendanceTable:
    series: str
    year: int
    meetings: list[Meeting]
    rows: list[AttendanceRow]
    by_affiliation: list[tuple[str, int, int]]  # (affiliation, attended, expected)


def attendance(archive: Archive) -> list[AttendanceTable]:
    """Per series and year, a person-by-meeting matrix with rates per person and affiliation."""
    groups: dict[tuple[str, int], list[Meeting]] = defaultdict(list)
    for m in archive.meetings:
        groups[(m.series, m.date.year)].append(m)
    tables: list[AttendanceTable] = []
    for (sid, year), meetings in sorted(groups.items()):
        series = archive.registry.series.get(sid)
        members = list(series.members) if series else []
        people: dict[str, None] = dict.fromkeys(members)
        for m in meetings:
            people.update(dict.fromkeys(m.present))
            people.update(dict.fromkeys(m.apologies))
        # The matrix column by column, from each meeting's lists: present wins over apologies.
        member_set = set(members)
        matrix = {
            pid: [Attendance.ABSENT if pid in member_set else Attendance.NONE] * len(meetings)
            for pid in people
        }
        for j, m in enumerate(meetings):
            for pid in m.apologies:
                matrix[pid][j] = Attendance.APOLOGIES
            for pid in m.present:
                matrix[pid][j] = Attendance.PRESENT
        rows: list[AttendanceRow] = []
        for pid, cells in matrix.items():
            is_member = pid in member_set
            attended = cells.count(Attendance.PRESENT)
            expected = len(meetings) if is_member else attended + cells.count(Attendance.APOLOGIES)
            rows.append(AttendanceRow(pid, cells, attended, expected, is_member))
        rows.sort(key=lambda r: (not r.member, archive.person(r.person).name.casefold()))
        aff: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in rows:
            name = archive.person(r.person).affiliation or "(no affiliation)"
            aff[name][0] += r.attended
            aff[name][1] += r.expected
        by_aff = sorted(((k, v[0], v[1]) for k, v in aff.items()), key=lambda t: t[0].casefold())
        tables.append(AttendanceTable(sid, year, meetings, rows, by_aff))
    return tables


@dataclass
class AttendanceTotal:
    """One person's attendance over a whole series (the sum of its yearly tables)."""

    person: str
    attended: int
    expected: int
    member: bool  # a member in the series' latest year

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None


def attendance_totals(tables: list[AttendanceTable]) -> list[AttendanceTotal]:
    """Per person, over the yearly tables of one series: attended and expected meetings, in
    the order of the latest table's rows, then the others, the most recently seen first."""
    totals: dict[str, AttendanceTotal] = {}
    for t in reversed(tables):
        for row in t.rows:
            total = totals.get(row.person)
            if total is None:
                totals[row.person] = AttendanceTotal(
                    row.person, row.attended, row.expected, row.member
                )
            else:
                total.attended += row.attended
                total.expected += row.expected
    return list(totals.values())


def open_actions(archive: Archive, today: dt.date) -> list[Action]:
    """Open actions: overdue first, then by due date (none last), then by id."""
    order = {k: i for i, k in enumerate(archive.actions)}
    opened = [a for a in archive.actions.values() if a.status == "open"]
    return sorted(
        opened, key=lambda a: (not a.overdue(today), a.item.due or dt.date.max, order[a.id])
    )


def done_actions(archive: Archive) -> list[Action]:
    """Done actions, most recently closed first."""
    order = {m.id: i for i, m in enumerate(archive.meetings)}
    done = [a for a in archive.actions.values() if a.status == "done"]
    return sorted(done, key=lambda a: (-order.get(a.closed_in or "", 0), a.id))


@dataclass
class YearEnd:
    """The actions of a series open at the end of one year it met (compiled minutes,
    docs/format.md §10): in full those the year raised or followed up (`listed`, in the order
    they were raised), the others counted by the year they were raised (`older`)."""

    listed: list[Action] = field(default_factory=list)
    older: dict[int, int] = field(default_factory=dict)  # year raised -> how many


def open_at_year_end(archive: Archive) -> dict[tuple[str, int], YearEnd]:
    """For each series and each year it met: the actions raised at its meetings up to the end
    of that year that were still open on 31 December, as their follow-ups (in any series) up
    to that day left them.

    An action's state changes only in the years of its raise and follow-ups: each such year
    lists it when it ends open; the years it spends open in between are counted with a
    difference array, so the work is the number of follow-ups, not of years times actions.
    """
    by_id = {m.id: m for m in archive.meetings}
    met: dict[str, list[int]] = defaultdict(list)
    for m in archive.meetings:
        if not met[m.series] or met[m.series][-1] != m.date.year:
            met[m.series].append(m.date.year)
    out: dict[tuple[str, int], YearEnd] = {}
    # (series, year raised) -> +1/-1 at the index of the series' first and past-last year
    spans: dict[tuple[str, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for action in archive.actions.values():
        origin = by_id.get(action.item.meeting)
        if origin is None:
            continue
        sid, raised = origin.series, origin.date.year
        years = met[sid]
        # the state at the end of each year with an event: the raise, then each follow-up
        state: dict[int, bool] = {raised: not action.item.checked}
        for f in action.followups:
            if (followed := by_id.get(f.meeting)) is not None:
                state[followed.date.year] = not f.checked
        touched = sorted(state)
        for k, year in enumerate(touched):
            if not state[year]:
                continue
            if year in years:  # a list, but a series meets in few years
                out.setdefault((sid, year), YearEnd()).listed.append(action)
            # open, untouched, until the next year with an event (or for good)
            lo = bisect.bisect_right(years, year)
            hi = bisect.bisect_left(years, touched[k + 1]) if k + 1 < len(touched) else len(years)
            if lo < hi:
                spans[(sid, raised)][lo] += 1
                spans[(sid, raised)][hi] -= 1
    for (sid, raised), diff in spans.items():
        years, count = met[sid], 0
        for i, year in enumerate(years):
            count += diff.get(i, 0)
            if count:
                out.setdefault((sid, year), YearEnd()).older[raised] = count
    return out


def decisions_newest_first(archive: Archive) -> list[Decision]:
    """Every decision, the newest meeting's first, in the order of its record."""
    return [d for m in reversed(archive.meetings) for d in m.decisions]


def mentions_by_item(archive: Archive) -> dict[str, list[Mention]]:
    """For every item of the register that the edition's meetings mention, its mentions: the
    newest meeting's first, in the order of its record, a sentence that names an item twice
    once (docs/format.md §3.4). Only the edition's meetings count, so an internal record's
    mentions never reach a public edition."""
    items = archive.registry.register.items
    out: dict[str, list[Mention]] = {}
    for m in reversed(archive.meetings):
        for mention in dict.fromkeys(m.mentions):
            if mention.item in items:
                out.setdefault(mention.item, []).append(mention)
    return out


def by_year(items: Iterable[T], year: Callable[[T], int]) -> list[tuple[int, list[T]]]:
    """Items grouped by year, newest year first; items keep their order within a year."""
    groups: dict[int, list[T]] = {}
    for item in items:
        groups.setdefault(year(item), []).append(item)
    return sorted(groups.items(), key=lambda kv: kv[0], reverse=True)
