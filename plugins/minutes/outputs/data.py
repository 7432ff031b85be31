"""The archive as open data: data/*.json (docs/format.md §11)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from minutes.aggregates.edition import Edition
from minutes.core import fields
from minutes.core.fields import Field, Kind
from minutes.core.model import Meeting, Register, RegisterItem, RegisterKind
from minutes.core.schema import as_json_data
from minutes.site import urls as u


def data_files(edition: Edition, urls: u.Urls) -> dict[str, str]:
    """File name under data/ -> JSON text, for the edition the site publishes."""
    archive = edition.archive
    meetings = meeting_entries(archive.meetings, lambda m: urls.url(u.meeting_src(m)))
    records = edition.people_records
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
    timelines = edition.timelines
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
    out = {
        "meetings.json": _dump(meetings),
        "people.json": _dump(people),
        "groups.json": _dump(groups),
        "actions.json": _dump(actions),
        "decisions.json": _dump(decisions),
    }
    register = archive.registry.register
    if register.items:  # an archive without a register has no register.json
        mentioned = mentioned_in(archive.meetings)
        entries = register_entries(register, lambda i: urls.url(u.register_item_src(i)), mentioned)
        out["register.json"] = _dump(entries)
    return out


def meeting_entries(
    meetings: Iterable[Meeting], url_of: Callable[[Meeting], str]
) -> list[dict[str, Any]]:
    """The entries of data/meetings.json: the record fields declared `published` (fields.py,
    read now), in their declared order, and the keys no field gives where docs/format.md §11
    has them: the id first, the page's url after the title, the groups last."""
    columns: list[tuple[str, Callable[[Meeting], Any]]] = [("id", attrgetter("id"))]
    for f in fields.RECORD_FIELDS:
        if f.published:
            columns.append((f.name, _published(f)))
            if f.name == "title":
                columns.append(("url", url_of))
    if "url" not in dict(columns):  # no title published
        columns.insert(1, ("url", url_of))
    columns.append(("groups", attrgetter("groups")))
    meetings = list(meetings)
    # A draft's mark: every entry says its `status` once the edition holds a draft, and an
    # archive that never uses drafts keeps the keys it had.
    if any(m.status == "draft" for m in meetings):
        columns.insert(len(columns) - 1, ("status", attrgetter("status")))
    return [{key: get(m) for key, get in columns} for m in meetings]


def _published(f: Field) -> Callable[[Meeting], Any]:
    """How a field's value is read for JSON: as the meeting holds it, a date as YYYY-MM-DD."""
    if f.attr is None:
        name = f.name
        return lambda m: as_json_data(m.extra.get(name))
    get = attrgetter(f.attr)
    if f.kind is Kind.DATE:
        return lambda m: as_json_data(get(m))
    return get


def mentioned_in(meetings: Iterable[Meeting]) -> dict[str, list[str]]:
    """For each register id the meetings mention, their ids, oldest first, each once."""
    out: dict[str, list[str]] = {}
    for m in meetings:
        for item in dict.fromkeys(mention.item for mention in m.mentions):
            out.setdefault(item, []).append(m.id)
    return out


# The keys every entry of data/register.json starts with (docs/format.md §11); the declared
# fields of its kind that these do not give follow, then `mentioned_in`.
REGISTER_KEYS = (
    "id", "kind", "title", "url", "wp", "status", "due", "due_as_written", "current_due",
    "rescheduled",
)  # fmt: skip


def register_entries(
    register: Register, url_of: Callable[[RegisterItem], str], mentioned: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """The entries of data/register.json, in the register's order: an item's fields (as the
    edition holds them: the public one has no link for a deliverable that is not public), its
    computed due date and the one that holds now, and the meetings that mention it."""
    others = {kind: _other_fields(kind) for kind in ("deliverable", "milestone", "risk")}
    out: list[dict[str, Any]] = []
    for item in register.items.values():
        r = item.rescheduled
        entry: dict[str, Any] = {
            "id": item.id,
            "kind": item.kind,
            "title": item.title,
            "url": url_of(item),
            "wp": item.wp,
            "status": item.status,
            "due": as_json_data(item.due),
            "due_as_written": item.due_text,
            "current_due": as_json_data(item.current_due),
            "rescheduled": None
            if r is None
            else {"due": r.due.isoformat(), "due_as_written": r.due_text, "reason": r.reason},
        }
        for name in others[item.kind]:
            entry[name] = as_json_data(item.fields.get(name))
        entry["mentioned_in"] = mentioned.get(item.id, [])
        out.append(entry)
    return out


def _other_fields(kind: RegisterKind) -> list[str]:
    """The published fields declared for a kind of item (core/fields.py, read now) that
    `REGISTER_KEYS` does not give, in declared order."""
    declared = next(k.fields for k in fields.REGISTER_KINDS if k.kind == kind)
    return [f.name for f in declared if f.published and f.name not in REGISTER_KEYS]


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
