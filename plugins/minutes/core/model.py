"""The archive's domain model: registries, meetings and what they contain."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from minutes.core.fields import PUBLIC

Visibility = Literal["public", "internal"]  # fields.py's `visibility` values
Status = Literal["open", "done"]
RecordStatus = Literal["approved", "draft"]  # fields.py's `status` values


class Attendance(enum.StrEnum):
    """What a person was at one meeting (a member neither present nor excused was absent)."""

    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    NONE = ""  # neither a member nor listed


@dataclass
class Person:
    id: str
    name: str
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)
    guest: bool = False


@dataclass
class Group:
    id: str
    name: str
    kind: str = "group"
    aliases: list[str] = field(default_factory=list)
    lead: str | None = None


@dataclass
class Series:
    id: str
    name: str
    chair: str | None = None
    standing_groups: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A heading of a record and the lines under it, up to the next heading of its level."""

    level: int
    title: str  # its text, without its attribute list and its `group=`
    line: int  # line of the heading in the record file
    attrs: str = ""  # the rest of its attribute list (`#id .class`), kept on the page
    slot: tuple[str, str | None] | None = None  # agenda time slot
    group: str | None = None
    speakers: list[str] = field(default_factory=list)
    start: int = 0  # index in body lines of the first line of content
    end: int = 0  # index in body lines past the last line of the report
    has_text: bool = False  # a line under it, other than its Speaker line, is not blank


@dataclass
class ActionItem:
    """A new action item as written in a record."""

    id: str
    meeting: str
    group: str | None
    owners: list[str]
    text: str
    due: dt.date | None
    checked: bool
    line: int


@dataclass
class FollowUp:
    """A task item that updates an earlier action: `- [x] tcm-2021-06-09-2: done`."""

    target: str
    meeting: str
    group: str | None
    checked: bool
    text: str
    line: int


@dataclass
class Decision:
    meeting: str
    group: str | None
    text: str
    line: int


@dataclass
class Meeting:
    id: str
    series: str
    date: dt.date
    slug: str | None
    title: str
    path: Path
    body: str
    body_line: int  # file line of the first body line
    start: str | None = None
    end: str | None = None
    timezone: str = "UTC"
    chair: str | None = None
    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    location: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    visibility: Visibility = "public"
    status: str = "approved"  # RecordStatus, the archive's `default_status` applied
    # The earlier meetings this one approved: id -> the note of corrections (None: none).
    approves: dict[str, str | None] = field(default_factory=dict)
    approves_line: int = 0  # file line of `approves`, for the checks across records
    sections: list[Section] = field(default_factory=list)
    items: list[ActionItem | FollowUp] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    speaker_lines: set[int] = field(default_factory=set)  # body-line indexes of Speaker lines
    # The declared fields without an attribute of their own (fields.py `Field.attr`) that the
    # record gives, by name, in declaration order.
    extra: dict[str, Any] = field(default_factory=dict)
    # The register's ids this record names (docs/format.md §3.4), in the order written.
    mentions: list[Mention] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date, self.id)

    # `actions` and `groups` are read again and again by the pages, feeds and data of a
    # build; a meeting's items and sections do not change once it is read.
    @cached_property
    def actions(self) -> list[ActionItem]:
        return [i for i in self.items if isinstance(i, ActionItem)]

    @property
    def followups(self) -> list[FollowUp]:
        return [i for i in self.items if isinstance(i, FollowUp)]

    @cached_property
    def groups(self) -> list[str]:
        """Ids of the groups with a section in this meeting, in order of appearance."""
        seen: dict[str, None] = {}
        for s in self.sections:
            if s.group:
                seen.setdefault(s.group)
        return list(seen)


@dataclass
class Action:
    """An action across meetings: where it was raised and what became of it."""

    item: ActionItem
    status: Status = "open"
    closed_in: str | None = None
    followups: list[FollowUp] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.item.id

    def overdue(self, today: dt.date) -> bool:
        return self.status == "open" and self.item.due is not None and self.item.due < today


def section_anchors(meeting: Meeting) -> dict[int, str]:
    """Stable anchors for group reports: the group id, numbered when a group reports twice."""
    used: dict[str, int] = {}
    out: dict[int, str] = {}
    for i, s in enumerate(meeting.sections):
        if s.group:
            n = used.get(s.group, 0) + 1
            used[s.group] = n
            out[i] = s.group if n == 1 else f"{s.group}-{n}"
    return out


# The register of what a project owes (meetings/register.yml, docs/format.md §3.4) -----------

RegisterKind = Literal["deliverable", "milestone", "risk"]


@dataclass
class Rescheduled:
    """A new due date for a deliverable, and why."""

    due: dt.date
    due_text: str  # as written: "M30" or "2017-03-31"
    reason: str


@dataclass
class RegisterItem:
    """One deliverable (D2.3), milestone (MS12) or risk (R3) of the register."""

    id: str
    kind: RegisterKind
    title: str
    line: int  # its line in register.yml
    wp: list[str] = field(default_factory=list)  # group ids
    status: str = "planned"
    due: dt.date | None = None  # the due date, computed from `due_text` (risks: None)
    due_text: str | None = None  # as written: "M24" or "2016-08-31"
    rescheduled: Rescheduled | None = None
    # Every other field as read (lead, responsible, type, dissemination, submitted, link,
    # verification, reached, likelihood, severity, mitigation), dates as dt.date.
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """Its page's folder name: `D2.3` -> `d2-3`."""
        return self.id.lower().replace(".", "-")

    @property
    def current_due(self) -> dt.date | None:
        """The due date that holds now: the rescheduled one, if any."""
        return self.rescheduled.due if self.rescheduled else self.due

    @property
    def done(self) -> bool:
        """Nothing more is owed: submitted, accepted, reached, missed, cancelled or closed."""
        return self.status not in ("planned", "revision", "open")

    def overdue(self, today: dt.date) -> bool:
        """Still owed and due before `today`."""
        due = self.current_due
        return not self.done and due is not None and due < today


@dataclass
class Register:
    """meetings/register.yml: the project's start and its items by id, in file order
    (deliverables, then milestones, then risks). Empty when the archive has none."""

    start: dt.date | None = None
    items: dict[str, RegisterItem] = field(default_factory=dict)

    def of_kind(self, kind: RegisterKind) -> list[RegisterItem]:
        return [i for i in self.items.values() if i.kind == kind]

    def of_group(self, gid: str) -> list[RegisterItem]:
        return [i for i in self.items.values() if gid in i.wp]

    def public(self) -> Register:
        """The register as the public edition shows it: a deliverable whose dissemination is
        not `PU` keeps its title and dates but not its `link` (docs/format.md §3.4)."""
        hidden = [
            i
            for i in self.items.values()
            if i.kind == "deliverable"
            and "link" in i.fields
            and i.fields.get("dissemination") != PUBLIC
        ]
        if not hidden:
            return self
        items = dict(self.items)
        for i in hidden:
            items[i.id] = replace(i, fields={k: v for k, v in i.fields.items() if k != "link"})
        return Register(self.start, items)


@dataclass(frozen=True)
class Mention:
    """A registered id written in a record: where, and the sentence around it."""

    item: str  # the register id, "D2.3"
    meeting: str  # the meeting id
    line: int  # file line
    section: int | None  # index in Meeting.sections (None: before the first section, or title)
    sentence: str  # plain text, at most about 300 characters
