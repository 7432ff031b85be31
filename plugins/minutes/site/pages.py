"""The kinds of page the site adds to the docs, each a small declared type.

A page knows its source path, its Markdown and its inputs: the dependency keys of what it is
made from (`keys_of` gives the keys a meeting touches). The incremental build makes a page
again only when a changed meeting touches one of its keys; `ALL` pages depend on everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from minutes.core.archive import Archive
from minutes.core.model import FollowUp, Meeting

ALL: frozenset[str] = frozenset({"*"})


def meeting_key(mid: str) -> str:
    return f"meeting:{mid}"


def group_key(gid: str) -> str:
    return f"group:{gid}"


def person_key(pid: str) -> str:
    return f"person:{pid}"


def series_key(sid: str) -> str:
    return f"series:{sid}"


# The register file (meetings/register.yml): the register's pages are made of it. A change to it
# starts a serve session afresh (it is a registry file), so no edit touches this key alone.
REGISTER_KEY = "register"


def register_key(item_id: str) -> str:
    """The key of one register item's mentions: a meeting that names D2.3 touches it."""
    return f"register:{item_id}"


def group_keys(gid: str, year: int) -> set[str]:
    """The keys of a group's timeline and of its part for one year."""
    return {group_key(gid), f"group:{gid}:{year}"}


def year_keys(meeting: Meeting) -> set[str]:
    """The keys of the year parts a meeting shows in: its year, and its series' year."""
    return {f"year:{meeting.date.year}", f"year:{meeting.series}:{meeting.date.year}"}


def keys_of(meeting: Meeting, archive: Archive) -> frozenset[str]:
    """The keys a meeting touches: itself, its series, groups and people; the register items
    it mentions; the meetings it approves and the one that approves it; through its
    follow-ups, the meetings, groups and owners of the actions it updates; and the meetings
    that follow up its own actions."""
    keys = {meeting_key(meeting.id), series_key(meeting.series), *year_keys(meeting)}
    keys.update(register_key(mention.item) for mention in meeting.mentions)
    # an approval shows on both pages: the approving meeting's and the approved one's
    keys.update(meeting_key(mid) for mid in meeting.approves)
    if (approver := archive.approved_by.get(meeting.id)) is not None:
        keys.add(meeting_key(approver))
    by_id: dict[str, Meeting] | None = None
    people = {*meeting.present, *meeting.apologies, *([meeting.chair] if meeting.chair else [])}
    series = archive.registry.series.get(meeting.series)
    people.update(series.members if series else [])  # absent members count their absence
    for s in meeting.sections:
        people.update(s.speakers)
        if s.group:
            keys.update(group_keys(s.group, meeting.date.year))
    for item in meeting.items:
        if not isinstance(item, FollowUp):
            # the meetings that follow its actions up show them with their text and status
            followed = archive.actions.get(item.id)
            for f in followed.followups if followed is not None else []:
                keys.add(meeting_key(f.meeting))
        if isinstance(item, FollowUp):
            action = archive.actions.get(item.target)
            if action is None:
                continue
            keys.add(meeting_key(action.item.meeting))
            if by_id is None:
                by_id = {m.id: m for m in archive.meetings}
            origin = by_id.get(action.item.meeting)
            if origin is not None:  # its year's part of the action log shows the action
                keys.update(year_keys(origin))
            people.update(action.item.owners)
            if action.item.group:
                keys.add(group_key(action.item.group))
                if origin is not None:
                    keys.update(group_keys(action.item.group, origin.date.year))
        else:
            people.update(item.owners)
    keys.update(person_key(p) for p in people)
    return frozenset(keys)


def affected(inputs: frozenset[str], touched: frozenset[str]) -> bool:
    """Whether an artifact with these inputs must be made again after a change that touched
    these keys."""
    return "*" in inputs or not inputs.isdisjoint(touched)


@dataclass(kw_only=True)
class Page:
    """A page the plugin adds: where its source goes, its Markdown, what it is made from."""

    src: str
    markdown: str
    inputs: frozenset[str] = ALL
    kind: ClassVar[str] = "page"
    in_nav: ClassVar[bool] = False
    searchable: ClassVar[bool] = False  # in the search index: aggregated pages repeat meetings

    @property
    def source_file(self) -> Path | None:
        """The record that "Edit this page" opens, when the page is made of one."""
        return None

    @property
    def feed(self) -> tuple[str, str] | None:
        """(label, feed path) of a feed of its own, linked from the page's head."""
        return None

    @property
    def renders_reports_of(self) -> str | None:
        """The meeting whose group reports this page renders first (other pages repeat them)."""
        return None


@dataclass(kw_only=True)
class IndexPage(Page):
    """A section's first page: meetings, groups, people, attendance, actions, decisions."""

    kind: ClassVar[str] = "index"
    in_nav: ClassVar[bool] = True


@dataclass(kw_only=True)
class PartPage(Page):
    """One older year of a long page (meetings, attendance, actions, decisions)."""

    kind: ClassVar[str] = "part"


@dataclass(kw_only=True)
class MeetingPage(Page):
    """One meeting's page, made from its record."""

    meeting: Meeting
    kind: ClassVar[str] = "meeting"
    searchable: ClassVar[bool] = True

    @property
    def source_file(self) -> Path | None:
        return self.meeting.path

    @property
    def renders_reports_of(self) -> str | None:
        return self.meeting.id


@dataclass(kw_only=True)
class GroupPage(Page):
    """A group's timeline."""

    group: str
    label: str
    feed_path: str
    kind: ClassVar[str] = "group"

    @property
    def feed(self) -> tuple[str, str] | None:
        return (self.label, self.feed_path)


@dataclass(kw_only=True)
class RegisterItemPage(Page):
    """One deliverable, milestone or risk of the register: its fields and its mentions. Not in
    the nav, but searched: a reader looks an id up."""

    item: str
    kind: ClassVar[str] = "register-item"
    searchable: ClassVar[bool] = True


@dataclass(kw_only=True)
class CompiledPage(Page):
    """A series' year of minutes as one document (docs/format.md §10): each meeting as its
    page rendered it, filled in after rendering (site/fragments.py). Not searched: it repeats
    the meeting pages."""

    kind: ClassVar[str] = "compiled"


@dataclass(kw_only=True)
class PersonPage(Page):
    """A person's attendance, reports and actions."""

    person: str
    kind: ClassVar[str] = "person"


def touched_between(before: Archive, after: Archive) -> frozenset[str]:
    """The keys that changed from one edition to the next: those of every meeting added,
    removed or read again (the parse cache hands back the same object for an unchanged
    record), as it was and as it is."""
    old = {m.id: m for m in before.meetings}
    new = {m.id: m for m in after.meetings}
    keys: set[str] = set()
    for mid in old.keys() | new.keys():
        was, now = old.get(mid), new.get(mid)
        if was is now:
            continue
        if was is not None:
            keys |= keys_of(was, before)
        if now is not None:
            keys |= keys_of(now, after)
    return frozenset(keys)


@dataclass(kw_only=True)
class ErrorPage(Page):
    """While serving: a broken record's page shows its problems instead of a stale page."""

    kind: ClassVar[str] = "error"
    record: Path

    @property
    def source_file(self) -> Path | None:
        return self.record
