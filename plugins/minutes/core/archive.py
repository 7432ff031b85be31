"""A whole archive: registries and records read once, actions followed from meeting to meeting."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from minutes.core.model import Action, ActionItem, Decision, FollowUp, Meeting, Person
from minutes.core.options import Options as Options  # re-exported: load_archive takes them
from minutes.core.problems import Problem, Problems
from minutes.core.records import Context, meeting_id_of, parse_record
from minutes.core.registry import REGISTRY_FILES, Registry, load_registry
from minutes.runtime.pool import Mapper, serial_map


@dataclass
class Archive:
    """The meetings of one edition and what they add up to."""

    meetings_dir: Path
    registry: Registry
    meetings: list[Meeting]  # sorted by date, then id
    guests: dict[str, Person] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)  # id -> action, in order raised
    record_files: int = 0  # record files read, broken ones included
    # Approved meeting id -> the id of the later meeting that approved it (docs/format.md §7.1).
    approved_by: dict[str, str] = field(default_factory=dict)

    @cached_property
    def people(self) -> dict[str, Person]:
        """Registered people and guests (read on every page render: built once)."""
        return {**self.guests, **self.registry.people}

    def person(self, pid: str) -> Person:
        return self.registry.people.get(pid) or self.guests.get(pid) or Person(pid, pid, guest=True)

    @property
    def decisions(self) -> list[Decision]:
        return [d for m in self.meetings for d in m.decisions]

    def awaiting_approval(self) -> list[Meeting]:
        """The drafts no later record has approved yet, oldest first."""
        return [m for m in self.meetings if m.status == "draft"]

    def edition(self, include_internal: bool, publish_drafts: bool = True) -> Archive:
        """The archive as one edition publishes it: internal records only when asked for,
        drafts left out of the public edition when `publish_drafts` is false, and the public
        edition's register (model.py `Register.public`)."""
        drafts_out = not include_internal and not publish_drafts
        meetings = [
            m
            for m in self.meetings
            if (include_internal or m.visibility == "public")
            and not (drafts_out and m.status == "draft")
        ]
        kept = {m.id for m in meetings}
        if len(kept) < len(self.meetings):  # an approval names no meeting left out
            meetings = [
                replace(m, approves={k: v for k, v in m.approves.items() if k in kept})
                if any(k not in kept for k in m.approves)
                else m
                for m in meetings
            ]
        approved_by = {k: v for k, v in self.approved_by.items() if k in kept and v in kept}
        used = _people_used(meetings)
        guests = {k: v for k, v in self.guests.items() if k in used}
        registry = self.registry
        if not include_internal:
            public = registry.register.public()
            if public is not registry.register:
                registry = replace(registry, register=public)
        return Archive(
            self.meetings_dir,
            registry,
            meetings,
            guests,
            link_actions(meetings, None),
            len(meetings),
            approved_by,
        )


def find_records(meetings_dir: Path) -> list[Path]:
    """Every Markdown entry below the series folders, in a stable order.

    Symbolic links are listed but never followed into folders: whether a linked record may be
    read is decided when it is read (core/files.py). Folders named like a record are listed
    too, so that they are reported rather than silently skipped.
    """
    out: list[Path] = []
    for child in sorted(meetings_dir.iterdir()) if meetings_dir.is_dir() else []:
        if child.name.startswith((".", "_")):
            continue
        if child.is_symlink() and child.is_dir():
            out.append(child)  # reported as a link out of the archive or a folder
        elif child.is_dir():
            out.extend(_walk(child))
    return out


def _walk(folder: Path) -> list[Path]:
    out: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            if entry.name.endswith(".md") or entry.is_dir():
                out.append(path)
        elif entry.is_dir():
            if entry.name.endswith(".md"):
                out.append(path)
            out.extend(_walk(path))
        elif entry.name.endswith(".md"):
            out.append(path)
    return out


@dataclass
class _Parsed:
    stamp: tuple[int, int]  # size, modification time in ns
    meeting: Meeting | None
    valid: bool
    problems: list[Problem]
    guests: dict[str, Person]


@dataclass
class ParseCache:
    """Records parsed in earlier builds (`mkdocs serve`), reused while their file is unchanged.

    A record is parsed again when its size or modification time changes; every record is when
    a registry or an option changes, since names resolve against them.
    """

    fingerprint: tuple[object, ...] = ()
    entries: dict[Path, _Parsed] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)  # a broken link or a loop: parsed (and reported) every time
    return (st.st_size, st.st_mtime_ns)


def load_archive(
    meetings_dir: Path,
    options: Options,
    problems: Problems,
    cache: ParseCache | None = None,
    mapper: Mapper = serial_map,
) -> Archive:
    """Read every registry and record of `meetings_dir`, collecting all problems.

    Records with errors are left out; the archive holds every valid record, internal ones
    included (use `edition` for what a build publishes). With a `cache`, unchanged records
    are not parsed again. `mapper` reads the records (each on its own, so it may read them
    in parallel: runtime/pool.py's `fork_map` does) and returns them in order.
    """
    meetings_dir = meetings_dir.resolve() if not meetings_dir.is_absolute() else meetings_dir
    if not meetings_dir.is_dir():
        problems.error(meetings_dir, 1, "no such meetings directory")
        return Archive(meetings_dir, Registry(), [])
    registry = load_registry(meetings_dir, problems, options.max_registry_mib)
    ctx = Context(
        registry,
        strict=options.strict,
        timezone=options.timezone,
        max_record_mib=options.max_record_mib,
        default_status=options.default_status,
    )
    if cache is not None:
        fingerprint = (
            options.strict,
            options.timezone,
            options.max_record_mib,
            options.max_registry_mib,
            options.default_status,
            *((f, _stamp(meetings_dir / f)) for f in REGISTRY_FILES),
        )
        if cache.fingerprint != fingerprint:
            cache.fingerprint, cache.entries = fingerprint, {}
    paths = find_records(meetings_dir)
    first_of: dict[str, Path] = {}
    todo: list[Path] = []
    for path in paths:
        mid = meeting_id_of(path, meetings_dir)
        if mid is not None and mid in first_of:
            other = first_of[mid].relative_to(meetings_dir).as_posix()
            problems.error(path, 1, f"duplicate meeting id '{mid}' (also {other})")
            continue
        if mid is not None:
            first_of[mid] = path
        todo.append(path)
    hits = cache.entries if cache is not None else {}
    fresh = [p for p in todo if not _still_valid(hits.get(p), p)]
    read = mapper(functools.partial(_parse_one, meetings_dir, ctx), fresh)
    parsed = dict(zip(fresh, read, strict=True))
    meetings: list[Meeting] = []
    broken: list[Meeting] = []
    for path in todo:
        entry = parsed.get(path)
        if cache is not None:
            if entry is None:
                entry, cache.hits = hits[path], cache.hits + 1
            else:
                cache.entries[path], cache.misses = entry, cache.misses + 1
        assert entry is not None
        problems.items.extend(entry.problems)
        for pid, person in entry.guests.items():  # the first record to name a guest names it
            ctx.guests.setdefault(pid, person)
        if entry.meeting is not None:
            (meetings if entry.valid else broken).append(entry.meeting)
    meetings.sort(key=lambda m: m.sort_key)
    # Follow-ups are checked across every record that could be read, broken ones included,
    # so that one run reports every problem; only valid records are published.
    checked = sorted(meetings + broken, key=lambda m: m.sort_key) if broken else meetings
    actions = link_actions(checked, problems)
    check_approvals(checked, problems)
    if broken:
        actions = link_actions(meetings, None)
    meetings, approved_by = apply_approvals(meetings)
    return Archive(meetings_dir, registry, meetings, ctx.guests, actions, len(paths), approved_by)


def _still_valid(hit: _Parsed | None, path: Path) -> bool:
    """Whether a cached reading of `path` still holds (its file is unchanged)."""
    if hit is None:
        return False
    stamp = _stamp(path)
    return hit.stamp == stamp and stamp != (-1, -1)


def _parse_one(meetings_dir: Path, ctx: Context, path: Path) -> _Parsed:
    """One record read on its own: its problems, and the guests it names as it names them."""
    stamp = _stamp(path)
    mine = Problems()
    own = replace(ctx, guests={})  # every option of the build; guests of its own
    meeting, valid = parse_record(path, meetings_dir, own, mine)
    return _Parsed(stamp, meeting, valid, mine.items, own.guests)


def link_actions(meetings: list[Meeting], problems: Problems | None) -> dict[str, Action]:
    """Follow every action through the follow-ups of later records (meetings in date order)."""
    actions: dict[str, Action] = {}
    for meeting in meetings:
        for item in meeting.items:
            if isinstance(item, ActionItem):
                action = Action(item)
                if item.checked:
                    action.status, action.closed_in = "done", meeting.id
                actions[item.id] = action
            else:
                _follow(actions, item, meeting, problems)
    return actions


def _follow(
    actions: dict[str, Action], item: FollowUp, meeting: Meeting, problems: Problems | None
) -> None:
    action = actions.get(item.target)
    if action is None:
        if problems is not None:
            problems.error(
                meeting.path, item.line, f"follow-up names no earlier action '{item.target}'"
            )
        return
    action.followups.append(item)
    if item.checked:
        action.status, action.closed_in = "done", meeting.id
    else:
        action.status, action.closed_in = "open", None


def check_approvals(meetings: list[Meeting], problems: Problems | None) -> dict[str, str]:
    """Who approved whom (meetings in date order), each approval checked at its `approves`
    line: it must name an earlier meeting, not approved already (docs/format.md §7.1)."""
    known = {m.id: m for m in meetings}
    approved_by: dict[str, str] = {}
    for meeting in meetings:
        for mid in meeting.approves:
            target = known.get(mid)
            if target is None:
                why = f"approves no known meeting '{mid}'"
            elif target is meeting:
                why = f"a meeting cannot approve itself ('{mid}')"
            elif target.sort_key > meeting.sort_key:
                why = f"approves the later meeting '{mid}'"
            elif mid in approved_by:
                why = f"'{mid}' was approved already by '{approved_by[mid]}'"
            else:
                approved_by[mid] = meeting.id
                continue
            if problems is not None:
                problems.error(meeting.path, meeting.approves_line, why)
    return approved_by


def apply_approvals(meetings: list[Meeting]) -> tuple[list[Meeting], dict[str, str]]:
    """The meetings with each approved draft approved, and who approved whom. An approved
    draft is a copy: the parse cache keeps the record as written."""
    approved_by = check_approvals(meetings, None)
    if not any(m.status == "draft" and m.id in approved_by for m in meetings):
        return meetings, approved_by
    out = [
        replace(m, status="approved") if m.status == "draft" and m.id in approved_by else m
        for m in meetings
    ]
    return out, approved_by


def _people_used(meetings: list[Meeting]) -> set[str]:
    used: set[str] = set()
    for m in meetings:
        used.update(m.present, m.apologies, [m.chair] if m.chair else [])
        for s in m.sections:
            used.update(s.speakers)
        for a in m.actions:
            used.update(a.owners)
    return used


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH (UTC) for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
