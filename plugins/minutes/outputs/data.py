"""The archive as open data: data/*.json (docs/format.md §11)."""

from __future__ import annotations

import json
from typing import Any

from minutes.site import urls as u
from minutes.site.builder import SiteBuilder


def data_files(site: SiteBuilder) -> dict[str, str]:
    """File name under data/ -> JSON text, for the edition the site publishes."""
    archive, urls = site.archive, site.urls
    meetings = [
        {
            "id": m.id,
            "series": m.series,
            "date": m.date.isoformat(),
            "title": m.title,
            "url": urls.url(u.meeting_src(m)),
            "chair": m.chair,
            "present": m.present,
            "apologies": m.apologies,
            "groups": m.groups,
        }
        for m in archive.meetings
    ]
    records = site.people_records
    people = [
        {
            "id": pid,
            "name": p.name,
            "affiliation": p.affiliation,
            "url": urls.url(u.person_src(pid)),
            "attended": len(records[pid].attended),
            "apologies": len(records[pid].excused),
            "meetings": [m.id for m in records[pid].attended],
        }
        for pid, p in sorted(archive.people.items())
    ]
    timelines = site.timelines
    groups = [
        {
            "id": gid,
            "name": g.name,
            "kind": g.kind,
            "url": urls.url(u.group_src(gid)),
            "meetings": [e.meeting.id for e in reversed(timelines.get(gid, []))],
        }
        for gid, g in sorted(archive.registry.groups.items())
    ]
    actions = [
        {
            "id": a.id,
            "meeting": a.item.meeting,
            "group": a.item.group,
            "owners": a.item.owners,
            "text": a.item.text,
            "due": a.item.due.isoformat() if a.item.due else None,
            "status": a.status,
            "closed_in": a.closed_in,
        }
        for _, a in sorted(archive.actions.items())
    ]
    decisions = [
        {"meeting": d.meeting, "group": d.group, "text": d.text} for d in archive.decisions
    ]
    return {
        "meetings.json": _dump(meetings),
        "people.json": _dump(people),
        "groups.json": _dump(groups),
        "actions.json": _dump(actions),
        "decisions.json": _dump(decisions),
    }


def _dump(items: list[dict[str, Any]]) -> str:
    """A JSON array with one entry a line (docs/format.md §11): written by the C encoder,
    which indented output does not use, and a diff of two builds shows the entries that
    changed."""
    if not items:
        return "[]\n"
    encode = _ENCODER.encode
    return "[\n" + ",\n".join([encode(i) for i in items]) + "\n]\n"


# One encoder for every entry: `json.dumps` with a non-default option makes one a call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
