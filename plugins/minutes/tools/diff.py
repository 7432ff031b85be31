"""`minutes diff`: what a change does to the archive, in the archive's terms.

`compare` takes the archive at two revisions (as `Archive.edition` publishes them) and lists
typed changes: meetings, actions, decisions, attendance and registry entries added, removed or
changed; meetings approved and other changes of status (docs/format.md §7.1); people by their
registered names, every one of them (who came to a new meeting and who sent apologies, who
joined, left or moved between the two lists of a changed one); the register's items added,
removed or changed (status, due date, other fields) and the new mentions of its ids in the
records (docs/format.md §3.4). Two kinds are warnings, for the renumbering hazard of
docs/format.md §6.4: an action id that reads differently at HEAD than at BASE, and a follow-up
whose target now reads differently.
`render_text`, `render_markdown` and `render_json` print a `Report`; `diff_revisions` reads the
two revisions from git (tools/gitrev.py) and checks both.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from minutes.core import fields as declared
from minutes.core.archive import Archive, Options
from minutes.core.model import Action, Decision, Meeting, Mention, RegisterItem, section_anchors
from minutes.tools.gitrev import Loaded, Side, Snapshot, commit_of, default_base, toplevel
from minutes.tools.links import meeting_url

Kind = Literal[
    "action-text-changed",
    "follow-up-target-changed",
    "meeting-added",
    "meeting-removed",
    "meeting-changed",
    "meeting-approved",
    "meeting-status-changed",
    "action-raised",
    "action-removed",
    "action-closed",
    "action-reopened",
    "action-reassigned",
    "action-due-changed",
    "decision-added",
    "decision-removed",
    "attendance-changed",
    "person-added",
    "person-removed",
    "person-changed",
    "group-added",
    "group-removed",
    "group-changed",
    "series-added",
    "series-removed",
    "series-changed",
    "item-added",
    "item-removed",
    "item-status-changed",
    "item-due-changed",
    "item-changed",
    "item-mentioned",
]
WARNING_KINDS = frozenset({"action-text-changed", "follow-up-target-changed"})
SHORT = 80  # record text longer than this is shortened in text and Markdown (not in JSON)
FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True)
class Change:
    """One thing that changed: `kind` of `subject` (a meeting, action, person, group, series)."""

    kind: Kind
    subject: str
    message: str  # one line of plain text, after the subject
    meeting: str | None = None  # the meeting the item is about, for its link
    url: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def warning(self) -> bool:
        return self.kind in WARNING_KINDS

    @property
    def label(self) -> str:
        return self.kind.replace("-", " ").replace("follow up", "follow-up")

    def line(self) -> str:
        """The item as one line of text (without its link)."""
        return f"{'warning: ' if self.warning else ''}{self.label}: {self.subject} {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "warning": self.warning,
            "message": self.message,
            "meeting": self.meeting,
            "url": self.url,
            **self.details,
        }


@dataclass
class Report:
    """The changes between two sides and how they were named."""

    base: Side
    head: Side
    changes: list[Change]
    internal: bool = False

    @property
    def warnings(self) -> list[Change]:
        return [c for c in self.changes if c.warning]


# --- comparing ---------------------------------------------------------------------------------


class _Links:
    def __init__(self, site_url: str | None, base: Archive, head: Archive) -> None:
        self.site = site_url
        self.meetings = {m.id: m for m in base.meetings} | {m.id: m for m in head.meetings}

    def url(self, meeting_id: str | None, anchor: str | None = None) -> str | None:
        meeting = self.meetings.get(meeting_id or "")
        return None if meeting is None else meeting_url(self.site, meeting, anchor)


def compare(base: Archive, head: Archive, site_url: str | None = None) -> list[Change]:
    """Every change from `base` to `head`: warnings first, then meetings, actions, decisions,
    attendance, the registries, the register and the new mentions of its items."""
    links = _Links(site_url, base, head)

    def name(pid: str) -> str:
        person = head.people.get(pid) or base.people.get(pid)
        return person.name if person is not None else pid

    return [
        *_hazards(base, head, links),
        *_meetings(base, head, links, name),
        *_approvals(base, head, links),
        *_actions(base, head, links, name),
        *_decisions(base, head, links),
        *_attendance(base, head, links, name),
        *_registry(base, head),
        *_register(base, head),
        *_mentions(base, head, links),
    ]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _q(text: str) -> str:
    """Record text quoted on one line, shortened."""
    text = _norm(text)
    return f'"{text if len(text) <= SHORT else text[: SHORT - 1] + "…"}"'


def _hazards(base: Archive, head: Archive, links: _Links) -> Iterable[Change]:
    by_meeting: dict[str, dict[str, str]] = {}
    for aid, action in head.actions.items():
        by_meeting.setdefault(action.item.meeting, {})[_norm(action.item.text)] = aid
    for aid, old in base.actions.items():
        new = head.actions.get(aid)
        if new is None or _norm(new.item.text) == _norm(old.item.text):
            continue
        before, after = _norm(old.item.text), _norm(new.item.text)
        now = by_meeting.get(old.item.meeting, {}).get(before)
        moved = f"; its old text is now {now}" if now else ""
        yield Change(
            "action-text-changed",
            aid,
            f"now reads {_q(after)} (was {_q(before)}){moved}",
            new.item.meeting,
            links.url(new.item.meeting, aid),
            {"before": before, "after": after, "now": now},
        )
        for f in new.followups:
            yield Change(
                "follow-up-target-changed",
                aid,
                f"the follow-up in {f.meeting} (line {f.line}) now points at {_q(after)} "
                f"(was {_q(before)})",
                f.meeting,
                links.url(f.meeting),
                {"followup": f.meeting, "line": f.line, "before": before, "after": after},
            )


def _ordered(base: Mapping[str, Meeting], head: Mapping[str, Meeting]) -> list[str]:
    both = {**base, **head}
    return sorted(both, key=lambda mid: both[mid].sort_key)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _sections(m: Meeting) -> tuple[dict[str, str], str]:
    """The text of each group report by anchor, and the rest of the body."""
    lines = m.body.split("\n")
    anchors = section_anchors(m)
    reports: dict[str, str] = {}
    covered: set[int] = set()
    for i, s in enumerate(m.sections):
        anchor = anchors.get(i)
        if anchor is None:
            continue
        first = max(0, s.line - m.body_line)
        reports[anchor] = "\n".join(lines[first : s.end])
        covered.update(range(first, s.end))
    rest = "\n".join(line for i, line in enumerate(lines) if i not in covered)
    return reports, rest.strip()


def _meetings(
    base: Archive, head: Archive, links: _Links, name: Callable[[str], str]
) -> Iterable[Change]:
    old = {m.id: m for m in base.meetings}
    new = {m.id: m for m in head.meetings}
    for mid in _ordered(old, new):
        a, b = old.get(mid), new.get(mid)
        if a is None and b is not None:
            counts = (
                f"{_count(len(b.actions), 'new action')}, {_count(len(b.decisions), 'decision')}"
            )
            yield Change(
                "meeting-added",
                mid,
                f"{_q(b.title)}: {_who(b, name)}; {counts}",
                mid,
                links.url(mid),
                {
                    "title": b.title,
                    "date": b.date.isoformat(),
                    "visibility": b.visibility,
                    "present": list(b.present),
                    "apologies": list(b.apologies),
                    "names": _name_map([*b.present, *b.apologies], name),
                },
            )
        elif b is None and a is not None:
            yield Change(
                "meeting-removed", mid, _q(a.title), mid, links.url(mid),
                {"title": a.title, "date": a.date.isoformat()},
            )
        elif a is not None and b is not None and a is not b:
            # (the parse cache hands back the very same Meeting for an unchanged record)
            # The front-matter fields a meeting-changed item names: those declared `diffed`
            # (fields.py), read now; attendance-changed names who moved between the lists.
            fields = [
                f.name for f in declared.RECORD_FIELDS if f.diffed and f.value(a) != f.value(b)
            ]
            old_reports, old_rest = _sections(a)
            new_reports, new_rest = _sections(b)
            added = [g for g in new_reports if g not in old_reports]
            removed = [g for g in old_reports if g not in new_reports]
            changed = [g for g, text in new_reports.items() if old_reports.get(g, text) != text]
            other = old_rest != new_rest
            if not (fields or added or removed or changed or other):
                continue
            parts = []
            if fields:
                parts.append("fields " + ", ".join(fields))
            marks = [f"{g} (added)" for g in added] + changed
            marks += [f"{g} (removed)" for g in removed]
            if marks:
                parts.append("group reports " + ", ".join(marks))
            if other:
                parts.append("other text")
            yield Change(
                "meeting-changed",
                mid,
                "; ".join(parts),
                mid,
                links.url(mid),
                {
                    "fields": fields,
                    "sections": {"added": added, "changed": changed, "removed": removed},
                    "other_text": other,
                },
            )


def _approvals(base: Archive, head: Archive, links: _Links) -> Iterable[Change]:
    """The approvals `head` has and `base` has not (docs/format.md §7.1), then the meetings
    whose status changed otherwise (a record's `status` edited)."""
    new = {m.id: m for m in head.meetings}
    old = {m.id: m for m in base.meetings}
    approved = set()
    for mid, by in head.approved_by.items():
        if base.approved_by.get(mid) == by:
            continue
        approved.add(mid)
        note = new[by].approves.get(mid)
        yield Change(
            "meeting-approved",
            mid,
            f"by {by}" + (f", with corrections: {_q(note)}" if note else ""),
            mid,
            links.url(mid),
            {"by": by, "corrections": note},
        )
    for mid in _ordered(old, new):
        a, b = old.get(mid), new.get(mid)
        if a is None or b is None or a.status == b.status or mid in approved:
            continue
        yield Change(
            "meeting-status-changed",
            mid,
            f"{a.status} → {b.status}",
            mid,
            links.url(mid),
            {"before": a.status, "after": b.status},
        )


def _names(ids: Sequence[str], name: Callable[[str], str]) -> str:
    return ", ".join(name(p) for p in ids) or "nobody"


def _listed(label: str, ids: Sequence[str], name: Callable[[str], str]) -> str:
    """`label (N): every name` (never shortened: a reviewer checks each one)."""
    return f"{label} ({len(ids)}): {_names(ids, name)}"


def _who(m: Meeting, name: Callable[[str], str]) -> str:
    """Who attended a new meeting and who sent apologies, by their registered names."""
    parts = [_listed("present", m.present, name) if m.present else "nobody present"]
    if m.apologies:
        parts.append(_listed("apologies", m.apologies, name))
    return "; ".join(parts)


def _name_map(ids: Iterable[str], name: Callable[[str], str]) -> dict[str, str]:
    """Each person id of a JSON item with the display name the text shows."""
    return {p: name(p) for p in ids}


def _actions(
    base: Archive, head: Archive, links: _Links, name: Callable[[str], str]
) -> Iterable[Change]:
    for aid, new in head.actions.items():
        item = new.item
        old = base.actions.get(aid)
        if old is None:
            notes = [_names(item.owners, name)] if item.owners else []
            if item.due:
                notes.append(f"due {item.due.isoformat()}")
            if new.status == "done":
                notes.append(f"done in {new.closed_in}")
            yield Change(
                "action-raised",
                aid,
                _q(item.text) + (f" ({'; '.join(notes)})" if notes else ""),
                item.meeting,
                links.url(item.meeting, aid),
                _action_json(new),
            )
            continue
        yield from _action_changes(aid, old, new, links, name)
    for aid, old in base.actions.items():
        if aid not in head.actions:
            yield Change(
                "action-removed", aid, _q(old.item.text), old.item.meeting,
                links.url(old.item.meeting), _action_json(old),
            )


def _action_json(action: Action) -> dict[str, Any]:
    item = action.item
    return {
        "text": _norm(item.text),
        "owners": list(item.owners),
        "due": item.due.isoformat() if item.due else None,
        "group": item.group,
        "status": action.status,
        "closed_in": action.closed_in,
    }


def _action_changes(
    aid: str, old: Action, new: Action, links: _Links, name: Callable[[str], str]
) -> Iterable[Change]:
    item, text = new.item, _q(new.item.text)
    if old.status == "open" and new.status == "done":
        yield Change(
            "action-closed", aid, f"{text}: done in {new.closed_in}", new.closed_in,
            links.url(new.closed_in), {"closed_in": new.closed_in},
        )
    elif old.status == "done" and new.status == "open":
        where = new.followups[-1].meeting if new.followups else item.meeting
        yield Change(
            "action-reopened", aid, f"{text}: open again (in {where})", where, links.url(where),
            {"was_closed_in": old.closed_in, "reopened_in": where},
        )
    if old.item.owners != item.owners:
        yield Change(
            "action-reassigned",
            aid,
            f"{text}: {_names(old.item.owners, name)} → {_names(item.owners, name)}",
            item.meeting,
            links.url(item.meeting, aid),
            {"before": list(old.item.owners), "after": list(item.owners)},
        )
    if old.item.due != item.due:
        before = old.item.due.isoformat() if old.item.due else None
        after = item.due.isoformat() if item.due else None
        yield Change(
            "action-due-changed",
            aid,
            f"{text}: due {before or 'none'} → {after or 'none'}",
            item.meeting,
            links.url(item.meeting, aid),
            {"before": before, "after": after},
        )


def _decisions(base: Archive, head: Archive, links: _Links) -> Iterable[Change]:
    def key(d: Decision) -> tuple[str, str | None, str]:
        return (d.meeting, d.group, _norm(d.text))

    old = Counter(key(d) for d in base.decisions)
    new = Counter(key(d) for d in head.decisions)
    seen: Counter[tuple[str, str | None, str]] = Counter()
    for d in head.decisions:
        k = key(d)
        seen[k] += 1
        if seen[k] > old[k]:
            yield _decision("decision-added", d, links)
    seen.clear()
    for d in base.decisions:
        k = key(d)
        seen[k] += 1
        if seen[k] > new[k]:
            yield _decision("decision-removed", d, links)


def _decision(kind: Kind, d: Decision, links: _Links) -> Change:
    group = f" ({d.group})" if d.group else ""
    return Change(
        kind, d.meeting, _q(d.text) + group, d.meeting, links.url(d.meeting),
        {"text": _norm(d.text), "group": d.group},
    )


# Where a person was listed in a changed meeting and is now (None: in neither list), in the
# order the attendance-changed item names them.
ATTENDANCE_MOVES: tuple[tuple[str | None, str | None, str], ...] = (
    (None, "present", "added to present"),
    (None, "apologies", "added to apologies"),
    ("present", "apologies", "moved from present to apologies"),
    ("apologies", "present", "moved from apologies to present"),
    ("present", None, "removed from present"),
    ("apologies", None, "removed from apologies"),
)


def _attendance(
    base: Archive, head: Archive, links: _Links, name: Callable[[str], str]
) -> Iterable[Change]:
    old = {m.id: m for m in base.meetings}
    for b in head.meetings:
        a = old.get(b.id)
        if a is None or a is b:
            continue
        details: dict[str, Any] = {}
        for what in ("present", "apologies"):
            before, after = getattr(a, what), getattr(b, what)
            details[f"{what}_added"] = [p for p in after if p not in before]
            details[f"{what}_removed"] = [p for p in before if p not in after]
        was, now = _places(a), _places(b)
        everyone = list(dict.fromkeys([*b.present, *b.apologies, *a.present, *a.apologies]))
        parts: list[str] = []
        named: list[str] = []
        for was_in, now_in, label in ATTENDANCE_MOVES:
            ids = [p for p in everyone if was.get(p) == was_in and now.get(p) == now_in]
            if ids:
                parts.append(_listed(label, ids, name))
                named += ids
        if parts:
            details["names"] = _name_map(named, name)
            yield Change(
                "attendance-changed", b.id, "; ".join(parts), b.id, links.url(b.id), details
            )


def _places(m: Meeting) -> dict[str, str]:
    """Each person listed in a meeting and the list they are in."""
    return {**{p: "apologies" for p in m.apologies}, **{p: "present" for p in m.present}}


def _value(value: Any) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return f'"{_norm(str(value))}"'


REGISTRY_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # kind prefix: (Registry attribute, fields compared)
    "person": ("people", ("name", "affiliation", "aliases")),
    "group": ("groups", ("name", "kind", "aliases", "lead")),
    "series": ("series", ("name", "chair", "standing_groups", "members")),
}


def _registry(base: Archive, head: Archive) -> Iterable[Change]:
    for prefix, (attr, fields) in REGISTRY_FIELDS.items():
        old: dict[str, Any] = getattr(base.registry, attr)
        new: dict[str, Any] = getattr(head.registry, attr)
        for eid, entry in new.items():
            was = old.get(eid)
            if was is None:
                values = {f: getattr(entry, f) for f in fields}
                yield Change(f"{prefix}-added", eid, _value(entry.name), None, None, values)  # type: ignore[arg-type]
                continue
            diff = [f for f in fields if getattr(was, f) != getattr(entry, f)]
            if diff:
                yield Change(
                    f"{prefix}-changed",  # type: ignore[arg-type]
                    eid,
                    "; ".join(
                        f"{f} {_value(getattr(was, f))} → {_value(getattr(entry, f))}" for f in diff
                    ),
                    None,
                    None,
                    {f: {"before": getattr(was, f), "after": getattr(entry, f)} for f in diff},
                )
        for eid, was in old.items():
            if eid not in new:
                yield Change(
                    f"{prefix}-removed", eid, _value(was.name), None, None,  # type: ignore[arg-type]
                    {"name": was.name},
                )


def _due(item: RegisterItem | None) -> str:
    """An item's due date as the diff names it: the date, as written when that differs, and
    the rescheduled date that holds now."""
    if item is None or item.due is None:
        return "none"
    text = item.due.isoformat()
    if item.due_text and item.due_text != text:
        text += f" ({item.due_text})"
    if item.rescheduled:
        r = item.rescheduled
        shown = r.due.isoformat() + (f" ({r.due_text})" if r.due_text != r.due.isoformat() else "")
        text += f", rescheduled to {shown}: {_q(r.reason)}"
    return text


def _item_json(item: RegisterItem) -> dict[str, Any]:
    due = item.current_due
    return {
        "item_kind": item.kind,
        "title": item.title,
        "wp": list(item.wp),
        "status": item.status,
        "due": due.isoformat() if due else None,
    }


# What of an item `item-changed` compares: its title, work packages and every other field
# (`RegisterItem.fields`, which the register's declarations fill); status and due dates have
# kinds of their own.
def _item_values(item: RegisterItem) -> dict[str, Any]:
    return {"title": item.title, "wp": item.wp, **item.fields}


def _register(base: Archive, head: Archive) -> Iterable[Change]:
    old, new = base.registry.register.items, head.registry.register.items
    for iid, item in new.items():
        was = old.get(iid)
        if was is None:
            yield Change(
                "item-added",
                iid,
                f"{item.kind} {_q(item.title)}, due {_due(item)}",
                None,
                None,
                _item_json(item),
            )
            continue
        if was.status != item.status:
            yield Change(
                "item-status-changed",
                iid,
                f"{_q(item.title)}: {was.status} → {item.status}",
                None,
                None,
                {"before": was.status, "after": item.status},
            )
        if (was.due, was.due_text, was.rescheduled) != (item.due, item.due_text, item.rescheduled):
            before, after = was.current_due, item.current_due
            yield Change(
                "item-due-changed",
                iid,
                f"{_q(item.title)}: due {_due(was)} → {_due(item)}",
                None,
                None,
                {
                    "before": before.isoformat() if before else None,
                    "after": after.isoformat() if after else None,
                },
            )
        a, b = _item_values(was), _item_values(item)
        diff = [f for f in {**a, **b} if a.get(f) != b.get(f)]
        if diff:
            yield Change(
                "item-changed",
                iid,
                "; ".join(f"{f} {_value(a.get(f))} → {_value(b.get(f))}" for f in diff),
                None,
                None,
                {f: {"before": a.get(f), "after": b.get(f)} for f in diff},
            )
    for iid, was in old.items():
        if iid not in new:
            yield Change(
                "item-removed", iid, f"{was.kind} {_q(was.title)}", None, None, _item_json(was)
            )


def _mentions(base: Archive, head: Archive, links: _Links) -> Iterable[Change]:
    """The mentions at `head` that `base` does not have: of an item in a meeting, with the
    same sentence (a mention moved to another line is not new)."""

    def key(m: Mention) -> tuple[str, str, str]:
        return (m.item, m.meeting, _norm(m.sentence))

    old = Counter(key(m) for meeting in base.meetings for m in meeting.mentions)
    seen: Counter[tuple[str, str, str]] = Counter()
    for meeting in head.meetings:
        anchors = section_anchors(meeting) if meeting.mentions else {}
        for m in meeting.mentions:
            k = key(m)
            seen[k] += 1
            if seen[k] <= old[k]:
                continue
            anchor = anchors.get(m.section) if m.section is not None else None
            yield Change(
                "item-mentioned",
                m.item,
                f"in {m.meeting}" + (f" ({anchor})" if anchor else "") + f": {_q(m.sentence)}",
                m.meeting,
                links.url(m.meeting, anchor),
                {"sentence": _norm(m.sentence), "line": m.line, "section": anchor},
            )


# --- rendering ---------------------------------------------------------------------------------


def _summary(report: Report) -> str:
    n, w = len(report.changes), len(report.warnings)
    if not n:
        return "no changes to the archive"
    return _count(n, "change") + (f", {_count(w, 'warning')}" if w else "")


def _edition(report: Report) -> str:
    return "internal edition" if report.internal else "public edition"


def render_text(report: Report) -> str:
    """One line per change, for a terminal."""
    lines = [f"minutes diff ({_edition(report)}): {report.base.title} → {report.head.title}"]
    for c in report.changes:
        lines.append(c.line() + (f"  <{c.url}>" if c.url else ""))
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


GROUPS_MD = (
    ("Meetings", ("meeting-",)),
    ("Actions", ("action-",)),
    ("Decisions", ("decision-",)),
    ("Attendance", ("attendance-",)),
    ("Registries", ("person-", "group-", "series-")),
    ("Register", ("item-",)),
)
_MD_SPECIAL = frozenset("\\`*_[]<>|~&")  # messages never start a line: no block syntax


def md_escape(text: str) -> str:
    """Plain text that Markdown (GitHub's and GitLab's) shows as written."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def _md_item(c: Change) -> str:
    subject = f"[{c.subject}]({c.url})" if c.url else f"`{c.subject}`"
    mark = "⚠️ " if c.warning else ""
    return f"- {mark}**{c.label}** {subject}: {md_escape(c.message)}"


def render_markdown(report: Report) -> str:
    """A summary for a pull request: warnings first, then one list per kind of entry."""
    out = [
        "### What this changes in the archive",
        "",
        f"{md_escape(report.base.title)} → {md_escape(report.head.title)}, "
        f"{_edition(report)}: {_summary(report)}.",
    ]
    if report.warnings:
        out += [
            "",
            "#### Warnings",
            "",
            "An action id reads differently than before. Inserting, removing or reordering task "
            "items in a published record renumbers the actions after them, and follow-ups in "
            "later records then point at the wrong action (docs/format.md §6.4).",
            "",
            *(_md_item(c) for c in report.warnings),
        ]
    for heading, prefixes in GROUPS_MD:
        items = [c for c in report.changes if not c.warning and c.kind.startswith(prefixes)]
        if items:
            out += ["", f"#### {heading}", "", *(_md_item(c) for c in items)]
    return "\n".join(out) + "\n"


def render_json(report: Report) -> str:
    """The report for tools."""

    def side(s: Side) -> dict[str, Any]:
        return {"label": s.label, "commit": s.commit, "note": s.note or None}

    data = {
        "base": side(report.base),
        "head": side(report.head),
        "edition": "internal" if report.internal else "public",
        "changes": [c.as_json() for c in report.changes],
        "warnings": len(report.warnings),
    }
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


# --- reading two revisions ---------------------------------------------------------------------


class ArchiveFailed(Exception):
    """The archive fails its check at one side or both."""

    def __init__(self, failed: list[Loaded]) -> None:
        super().__init__("the archive fails its check")
        self.failed = failed


def diff_revisions(
    meetings_dir: Path,
    options: Options,
    base: str | None = None,
    head: str | None = None,
    *,
    internal: bool = False,
    site_url: str | None = None,
) -> Report:
    """Compare the archive of `meetings_dir` at two revisions (default: the merge base with the
    default branch, and the working tree). Raises GitError or ArchiveFailed."""
    repo = toplevel(meetings_dir)
    if base is None:
        commit, note = default_base(repo)
        base_side = Side(commit[:9], commit, note)
    else:
        base_side = Side(base, commit_of(repo, base))
    head_side = Side("working tree", None)
    if head is not None:
        head_side = Side(head, commit_of(repo, head))
    with tempfile.TemporaryDirectory(prefix="minutes-diff-") as work:
        snapshot = Snapshot(repo, meetings_dir, Path(work), options)
        loaded = [snapshot.load(base_side), snapshot.load(head_side)]
    failed = [side for side in loaded if side.errors]
    if failed:
        raise ArchiveFailed(failed)
    old, new = (side.archive.edition(internal, options.publish_drafts) for side in loaded)
    return Report(base_side, head_side, compare(old, new, site_url), internal)
