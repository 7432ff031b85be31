"""`minutes remind`: the open actions to chase, by owner, and the drafts awaiting approval.

An open action with a due date is listed when it is overdue on `today` or due within the
window: `days` days from `today` when given, else up to the likely date of its series' next
meeting (the last meeting's date plus the series' usual interval, as `minutes new` computes it:
tools/newrecord.py `next_meeting`), or 14 days when that date is not after `today` or the
series has too few meetings to tell. A draft (docs/format.md, `status`) awaits approval until
a later record names it in `approves`. The same archive and `today` give the same output, byte
for byte, in each format.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from minutes.core.archive import Archive
from minutes.core.model import Action, Meeting
from minutes.tools.links import md_text, meeting_url
from minutes.tools.newrecord import next_meeting

FALLBACK_DAYS = 14  # the window when a series' next meeting cannot be told
FORMATS = ("text", "markdown", "json")
NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class Due:
    """One open action to chase."""

    id: str
    text: str
    due: dt.date
    overdue: bool
    meeting: str  # the meeting that raised it
    series: str
    owners: tuple[str, ...]  # names
    url: str | None = None


@dataclass(frozen=True)
class Draft:
    """A draft record that no later record approves yet."""

    id: str
    title: str
    date: dt.date
    url: str | None = None


@dataclass
class Reminder:
    """What `minutes remind` reports, as of `today`."""

    today: dt.date
    days: int | None  # the window asked for (None: up to each series' next meeting)
    by_owner: dict[str, list[Due]] = field(default_factory=dict)  # owner name -> actions
    drafts: list[Draft] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        """Something is overdue (`--fail-on-overdue` exits 1)."""
        return any(d.overdue for dues in self.by_owner.values() for d in dues)


def series_until(archive: Archive, series_id: str, today: dt.date) -> dt.date:
    """The last day of the default window for a series' actions: its next meeting's likely
    date, or `today` plus `FALLBACK_DAYS` when that is not after `today` or cannot be told."""
    dates = sorted({m.date for m in archive.meetings if m.series == series_id})
    if len(dates) >= 2:
        last = dates[-1]
        # next_meeting takes the gaps of meetings before the day it is given: the day after
        # the last meeting counts the last meeting's gap too.
        following = next_meeting(archive.meetings, series_id, last + dt.timedelta(days=1))
        until = following - dt.timedelta(days=1)
        if until > today:
            return until
    return today + dt.timedelta(days=FALLBACK_DAYS)


def remind(
    archive: Archive, today: dt.date, days: int | None = None, site_url: str | None = None
) -> Reminder:
    """The reminder for one edition of the archive (`Archive.edition`) as of `today`."""
    meetings = {m.id: m for m in archive.meetings}
    windows: dict[str, dt.date] = {}

    def until(series_id: str) -> dt.date:
        if days is not None:
            return today + dt.timedelta(days=days)
        if series_id not in windows:
            windows[series_id] = series_until(archive, series_id, today)
        return windows[series_id]

    report = Reminder(today, days)
    chased: list[tuple[Action, Meeting]] = []
    for action in archive.actions.values():
        due, meeting = action.item.due, meetings.get(action.item.meeting)
        if action.status != "open" or due is None or meeting is None:
            continue
        if due < today or due <= until(meeting.series):
            chased.append((action, meeting))
    by_owner: dict[str, list[Due]] = {}
    for action, meeting in chased:
        assert action.item.due is not None
        names = tuple(archive.person(p).name for p in action.item.owners)
        item = Due(
            action.id,
            action.item.text,
            action.item.due,
            action.overdue(today),
            meeting.id,
            meeting.series,
            names,
            meeting_url(site_url, meeting, action.id),
        )
        for name in names or (NO_OWNER,):
            by_owner.setdefault(name, []).append(item)
    for name in sorted(by_owner, key=lambda n: (n == NO_OWNER, n.casefold(), n)):
        report.by_owner[name] = sorted(by_owner[name], key=lambda d: (d.due, d.id))
    approved_by = archive.approved_by
    report.drafts = [
        Draft(m.id, m.title, m.date, meeting_url(site_url, m))
        for m in archive.meetings
        if m.status == "draft" and m.id not in approved_by
    ]
    return report


# --- rendering ---------------------------------------------------------------------------------


def _window(r: Reminder) -> str:
    if r.days is not None:
        return f"overdue or due within {r.days} days of {r.today.isoformat()}"
    return f"overdue or due before the next meeting of their series, as of {r.today.isoformat()}"


def _state(d: Due) -> str:
    return "overdue" if d.overdue else "due"


def render_text(r: Reminder) -> str:
    """Plain text, one line per action under its owner's name."""
    lines = [f"Open actions {_window(r)}", ""]
    if not r.by_owner:
        lines += ["No open actions to chase.", ""]
    for name, dues in r.by_owner.items():
        lines.append(name)
        for d in dues:
            lines.append(f"  {d.id} ({_state(d)} {d.due.isoformat()}): {d.text}")
            if d.url:
                lines.append(f"    {d.url}")
        lines.append("")
    if r.drafts:
        lines += ["Drafts awaiting approval", ""]
        for m in r.drafts:
            lines.append(f"  {m.id}: {m.title}, {m.date.isoformat()}")
            if m.url:
                lines.append(f"    {m.url}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(r: Reminder) -> str:
    """Markdown, for the body of the "Open actions" issue: a heading per owner."""
    lines = [f"Open actions {_window(r)}.", ""]
    if not r.by_owner:
        lines += ["No open actions to chase.", ""]
    for name, dues in r.by_owner.items():
        lines += [f"### {md_text(name)}", ""]
        for d in dues:
            ident = f"[{d.id}]({d.url})" if d.url else f"`{d.id}`"
            state = f"**overdue** since {d.due.isoformat()}" if d.overdue else f"due {d.due}"
            lines.append(f"- {ident} ({state}): {md_text(d.text)}")
        lines.append("")
    if r.drafts:
        lines += ["### Drafts awaiting approval", ""]
        for m in r.drafts:
            ident = f"[{m.id}]({m.url})" if m.url else f"`{m.id}`"
            lines.append(f"- {ident}: {md_text(m.title)}, {m.date.isoformat()}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(r: Reminder) -> str:
    """JSON: `today`, `days`, `owners` (each with its actions) and `drafts`."""
    data: dict[str, Any] = {
        "today": r.today.isoformat(),
        "days": r.days,
        "overdue": r.overdue,
        "owners": [
            {
                "name": name,
                "actions": [
                    {
                        "id": d.id,
                        "text": d.text,
                        "due": d.due.isoformat(),
                        "overdue": d.overdue,
                        "meeting": d.meeting,
                        "series": d.series,
                        "owners": list(d.owners),
                        "url": d.url,
                    }
                    for d in dues
                ],
            }
            for name, dues in r.by_owner.items()
        ],
        "drafts": [
            {"id": m.id, "title": m.title, "date": m.date.isoformat(), "url": m.url}
            for m in r.drafts
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Reminder], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
