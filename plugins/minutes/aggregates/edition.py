"""One edition's aggregates, each computed once, when first asked for, and then shared.

The pages, the data files, the feeds and the filter files read the same timelines and action
lists: `Edition` holds them. Its cached properties are the aggregates that
`outputs/pipeline.py`'s `AGGREGATES` names (with their cost), which each output declares it
`uses`; a two-core build makes each one on the side that first needs it.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from minutes import aggregates as agg
from minutes.core.archive import Archive
from minutes.core.model import Action, Decision, Meeting, Mention


class Edition:
    """The archive a build publishes, as of `today` (what is overdue), and its aggregates."""

    def __init__(self, archive: Archive, today: dt.date) -> None:
        self.archive = archive
        self.today = today
        self.meeting_by_id: dict[str, Meeting] = {m.id: m for m in archive.meetings}

    def action_year(self, a: Action) -> int:
        """The year an action was raised (of its part of actions/)."""
        return self.meeting_by_id[a.item.meeting].date.year

    def decision_year(self, d: Decision) -> int:
        """The year of the meeting that took a decision."""
        return self.meeting_by_id[d.meeting].date.year

    @cached_property
    def reports(self) -> dict[str, list[agg.Report]]:
        """The group reports of every meeting, by meeting id."""
        return agg.all_reports(self.archive)

    @cached_property
    def timelines(self) -> dict[str, list[agg.TimelineEntry]]:
        """For every group, the meetings that had it on their agenda, newest first."""
        return agg.group_timelines(self.archive, self.reports)

    @cached_property
    def people_records(self) -> dict[str, agg.PersonRecord]:
        """For every person, what they attended, gave and owe."""
        return agg.people_records(self.archive, self.reports)

    @cached_property
    def attendance(self) -> list[agg.AttendanceTable]:
        """Per series and year, the attendance matrix, by series then year."""
        return agg.attendance(self.archive)

    @cached_property
    def open_and_done(self) -> tuple[list[Action], list[Action]]:
        """The open actions (overdue first) and the done ones, in the order actions/ lists them."""
        return agg.open_actions(self.archive, self.today), agg.done_actions(self.archive)

    @cached_property
    def actions_by_year(self) -> list[tuple[int, list[Action]]]:
        """Those actions by the year they were raised, newest first, open before done."""
        open_, done = self.open_and_done
        return agg.by_year(open_ + done, self.action_year)

    @cached_property
    def decisions_by_year(self) -> list[tuple[int, list[Decision]]]:
        """The decisions by year, newest first, the newest meeting's first within a year."""
        return agg.by_year(agg.decisions_newest_first(self.archive), self.decision_year)

    @cached_property
    def open_at_year_end(self) -> dict[tuple[str, int], agg.YearEnd]:
        """For each series and year it met, the actions of the series open on 31 December."""
        return agg.open_at_year_end(self.archive)

    @cached_property
    def mentions(self) -> dict[str, list[Mention]]:
        """For every register item, where the edition's meetings mention it, newest first."""
        return agg.mentions_by_item(self.archive)
