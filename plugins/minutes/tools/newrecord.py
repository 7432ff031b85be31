"""A new meeting record for a series, ready to fill in (`minutes new`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import frontmatter

from minutes.core import fields
from minutes.core.archive import Archive
from minutes.core.fields import Field, Kind


def record_path(meetings_dir: Path, series: str, date: dt.date) -> Path:
    return meetings_dir / series / f"{date.year:04d}" / f"{date.isoformat()}.md"


def new_record(archive: Archive, series_id: str, date: dt.date) -> str:
    """The text of a new record: front-matter from the series, the round table, open actions."""
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


def _empty(f: Field) -> object:
    """The value a new record starts with for a field `new_record` does not fill in."""
    if f.kind is Kind.ENUM:
        return f.values[0]
    if f.kind in (Kind.NAMES, Kind.TEXTS, Kind.IDS):
        return []
    if f.kind is Kind.URLS:
        return {}
    return ""
