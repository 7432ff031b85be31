"""A new meeting record for a series, ready to fill in (`minutes new`)."""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path

import frontmatter

from minutes.core import fields
from minutes.core.archive import Archive
from minutes.core.fields import Field, Kind
from minutes.core.model import Meeting, RegisterItem

# The series' usual interval: the median gap between its last meetings, or this many days.
DEFAULT_INTERVAL = 28
RECENT_MEETINGS = 6  # the meetings whose gaps give the interval


def record_path(meetings_dir: Path, series: str, date: dt.date) -> Path:
    return meetings_dir / series / f"{date.year:04d}" / f"{date.isoformat()}.md"


def new_record(archive: Archive, series_id: str, date: dt.date) -> str:
    """The text of a new record: front-matter from the series, the open actions, the register's
    items due before the next meeting, the round table."""
    reg = archive.registry
    series = reg.series[series_id]
    values: dict[str, object] = {
        "series": series_id,
        "date": date,
        "title": series.name,
        "start": "",
        "end": "",
        "chair": reg.people[series.chair].name if series.chair else None,
        "present": [reg.people[p].name for p in series.members],
        "apologies": [],
        "visibility": "public",
    }
    # The fields `minutes new` writes, in the order of their declaration (read now); a field
    # this function does not fill in is written empty, for the contributor to fill in.
    written = [f for f in fields.RECORD_FIELDS if f.new_record]
    meta = {f.name: values.get(f.name, _empty(f)) for f in written}
    meta = {name: value for name, value in meta.items() if value is not None}

    lines: list[str] = []
    # A new record starts public: internal meetings' actions must not be copied into it.
    series_of = {m.id: m.series for m in archive.meetings if m.visibility == "public"}
    carried = [
        a
        for a in archive.actions.values()
        if a.status == "open" and series_of.get(a.item.meeting) == series_id
    ]
    if carried:
        lines += ["## Review of actions", ""]
        for a in carried:
            owners = ", ".join(archive.person(p).name for p in a.item.owners)
            due = f" (due {a.item.due.isoformat()})" if a.item.due else ""
            lines.append(f"- [ ] {a.id}: {a.item.text}" + (f" ({owners})" if owners else "") + due)
        lines.append("")
    lines += register_section(archive, series_id, date)
    if series.standing_groups:
        lines += ["## Round table", ""]
        for gid in series.standing_groups:
            g = reg.groups[gid]
            lines += [f"### {g.aliases[0] if g.aliases else g.name}", "Speaker: ", ""]
    lines += ["## AOB", ""]
    post = frontmatter.Post("\n".join(lines), None, **meta)
    text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=1000)
    text = text.replace("start: ''", 'start: ""  # HH:MM').replace("end: ''", 'end: ""')
    return text.rstrip("\n") + "\n"


def next_meeting(meetings: list[Meeting], series_id: str, date: dt.date) -> dt.date:
    """When the meeting after one on `date` is likely: `date` plus the series' usual interval,
    the median gap between its last meetings before `date` (the lower middle of an even count),
    or `DEFAULT_INTERVAL` days with fewer than two."""
    dates = sorted({m.date for m in meetings if m.series == series_id and m.date < date})
    recent = dates[-RECENT_MEETINGS:]
    gaps = [(b - a).days for a, b in zip(recent, recent[1:], strict=False)]
    return date + dt.timedelta(days=statistics.median_low(gaps) if gaps else DEFAULT_INTERVAL)


def due_soon(archive: Archive, series_id: str, date: dt.date) -> tuple[dt.date, list[RegisterItem]]:
    """The register's items still owed that are overdue on `date` or due before the next
    meeting, by due date (register order within a day), and that next meeting's likely date."""
    until = next_meeting(archive.meetings, series_id, date)
    items = [
        item
        for item in archive.registry.register.items.values()
        if not item.done and item.current_due is not None and item.current_due < until
    ]
    return until, sorted(items, key=lambda i: i.current_due or date)


def register_section(archive: Archive, series_id: str, date: dt.date) -> list[str]:
    """The lines of a new record's section on the register's items (docs/format.md §3.4) due
    before the next meeting or overdue, for its author to edit; none without such items."""
    until, items = due_soon(archive, series_id, date)
    if not items:
        return []
    groups = archive.registry.groups

    def label(gid: str) -> str:
        g = groups.get(gid)
        return g.aliases[0] if g is not None and g.aliases else gid

    lines = [
        "## Deliverables and milestones",
        "",
        f"Overdue, or due before the next meeting (about {until.isoformat()}):",
        "",
    ]
    for item in items:
        due = item.current_due
        assert due is not None  # (due_soon keeps only items with a due date)
        notes = [", ".join(label(g) for g in item.wp)] if item.wp else []
        notes.append(f"due {due.isoformat()}" + (", rescheduled" if item.rescheduled else ""))
        if item.status != "planned":
            notes.append(item.status)  # in revision
        if due < date:
            notes.append("overdue")
        lines.append(f"- {item.id}: {item.title} ({'; '.join(notes)})")
    lines.append("")
    return lines


def _empty(f: Field) -> object:
    """The value a new record starts with for a field `new_record` does not fill in."""
    if f.kind is Kind.ENUM:
        return f.values[0]
    if f.kind in (Kind.NAMES, Kind.TEXTS, Kind.IDS):
        return []
    if f.kind is Kind.URLS:
        return {}
    return ""
