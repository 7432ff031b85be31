"""An event as a record: its front-matter and body, as docs/format.md describes them.

`render_record` is pure: the registry names the people and groups, the notes' attendance fills
`chair`, `present` and `apologies`, and every line with a dial-in detail is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from minutes.core.names import normalize
from minutes.core.registry import Registry
from minutes.tools.indico.attendance import Attendance, Attendee, take_attendance
from minutes.tools.indico.dialin import Scrubber, joins_a_call
from minutes.tools.indico.export import Contribution, Event, IndicoPerson
from minutes.tools.indico.markdown import html_to_markdown, tidy_markdown
from minutes.tools.indico.people import UnknownPeople, UnknownPerson, suggest, yaml_scalar


@dataclass
class Rendered:
    """A record's text and what the import has to tell about it."""

    text: str
    unknown: list[UnknownPerson] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)  # reason -> lines left out
    unlinked: int = 0  # video-conference links whose address was left out
    groups: list[str] = field(default_factory=list)  # group ids of the agenda, in order
    chair: str | None = None  # the names the front-matter gives
    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    ungrouped: list[tuple[str, str]] = field(default_factory=list)  # (item, its container)


def _hhmm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def _contains(outer: Contribution, inner: Contribution) -> bool:
    """Whether `inner` happens within `outer`'s time range, which is the larger one."""
    if None in (outer.start, outer.end, inner.start, inner.end):
        return False
    assert outer.start and outer.end and inner.start and inner.end
    return (
        outer.start <= inner.start < outer.end
        and inner.end <= outer.end
        and (outer.start, outer.end) != (inner.start, inner.end)
    )


def agenda(
    contributions: Iterable[Contribution],
) -> list[tuple[int, Contribution, Contribution | None]]:
    """Contributions in time order: (heading level, contribution, the one whose time holds it).

    The level is 2, one deeper for each longer contribution whose time range holds it (the
    reports of a round table).
    """

    def key(item: tuple[int, Contribution]) -> tuple[int, dt.datetime, float, int]:
        i, c = item
        if c.start is None:
            return (1, dt.datetime.min.replace(tzinfo=dt.UTC), 0.0, i)
        length = (c.end - c.start).total_seconds() if c.end else 0.0
        return (0, c.start, -length, i)

    ordered = [c for _, c in sorted(enumerate(contributions), key=key)]
    out: list[tuple[int, Contribution, Contribution | None]] = []
    stack: list[Contribution] = []
    for c in ordered:
        while stack and not _contains(stack[-1], c):
            stack.pop()
        out.append((min(2 + len(stack), 6), c, stack[-1] if stack else None))
        if c.start is not None and c.end is not None:
            stack.append(c)
    return out


def group_of_title(title: str, registry: Registry) -> str | None:
    """The group a contribution's title names, as a record heading would (body.py)."""
    found = registry.group_index.match_prefix(title)
    return found[0] if found else None


def _front_matter(event: Event, series: str, result: Rendered) -> list[str]:
    """The front-matter's lines, the attendance as `result` names it."""
    front = ["---", f"series: {series}", f"date: {event.start.date().isoformat()}"]
    front.append(f"title: {yaml_scalar(event.title)}")
    front.append(f'start: "{_hhmm(event.start)}"')
    end = event.end
    if end is not None and end.date() == event.start.date() and end >= event.start:
        front.append(f'end: "{_hhmm(end)}"')
    front.append(f"timezone: {yaml_scalar(event.timezone)}")
    if result.chair:
        front.append(f"chair: {yaml_scalar(result.chair)}")
    if result.present:
        front += ["present:", *(f"  - {yaml_scalar(n)}" for n in result.present)]
    else:
        front.append("present: []  # Indico does not know who attended: list them here")
    if result.apologies:
        front += ["apologies:", *(f"  - {yaml_scalar(n)}" for n in result.apologies)]
    if event.location:
        front.append(f"location: {yaml_scalar(event.location)}")
    url = event.url or ""
    if re.match(r"^https?://\S+$", url) and not joins_a_call(url):
        front += ["links:", f"  indico: {yaml_scalar(url)}"]
    front.append("---")
    return front


def render_record(
    event: Event, series: str, registry: Registry, notes_html: str | None = None
) -> Rendered:
    """The text of the record of `event` in `series`; `notes_html` overrides the event's note.

    The event's description (where Indico keeps the video-conference invitation) is never used.
    """
    result = Rendered("")
    unknown = UnknownPeople()
    index = registry.person_index

    def identify(name: str, affiliation: str | None = None, handle: str | None = None) -> str:
        """The id of a registered person (by name, else by handle); for anyone else, the key
        of their unknown-person entry, prefixed with '?' (suggestions come once, at the end)."""
        for key in (name, handle, f"@{handle}" if handle else None):
            pid = index.resolve(key) if key else None
            if pid is not None:
                return pid
        return "?" + unknown.add(UnknownPerson(name, affiliation, [], handle))

    def check(person: IndicoPerson) -> str | None:
        pid = identify(person.name, person.affiliation)
        return None if pid.startswith("?") else pid

    def markdown(html: str, top_level: int) -> list[str]:
        text, unlinked = html_to_markdown(html, top_level)
        result.unlinked += unlinked
        return [text, ""] if text else []

    notes = event.note_html if notes_html is None else notes_html
    attendance, notes_text = Attendance(), ""
    if notes.strip():
        text, unlinked = html_to_markdown(notes, 3)
        result.unlinked += unlinked
        attendance, notes_text = take_attendance(text)
        notes_text = tidy_markdown(notes_text)
    if not attendance.chair:
        attendance.chair = [Attendee(p.name, p.affiliation) for p in event.chairs[:1]]
    # every attendee first, so that a person named by handle here and in full there is one
    ids = {
        kind: [identify(a.name, a.affiliation, a.handle) for a in getattr(attendance, kind)]
        for kind in ("chair", "present", "apologies")
    }

    def people(keys: list[str], taken: set[str]) -> list[str]:
        """Registered names of the people named, each once and none of `taken`; unknown
        people by the name the notes give them."""
        out: list[str] = []
        for key in keys:
            if key not in taken:
                taken.add(key)
                person = registry.people.get(key)
                out.append(person.name if person else unknown.people[key[1:]].name)
        return out

    chairs = people(ids["chair"], set())
    result.chair = chairs[0] if chairs else None
    present: set[str] = set()
    result.present = people(ids["present"], present)
    result.apologies = people(ids["apologies"], present)  # no one both present and excused

    front = _front_matter(event, series, result)

    body: list[str] = [""]
    if notes_text:
        body += ["## Notes", "", notes_text, ""]

    def item(level: int, c: Contribution, timed: bool, parent: Contribution | None) -> None:
        group = group_of_title(c.title, registry)
        if group is not None:
            result.groups.append(group)
        elif parent is not None and any(
            group_of_title(o.title, registry)
            for o in children.get(id(parent), parent.subcontributions)
        ):
            result.ungrouped.append((c.title, parent.title))
        slot = ""
        if timed and c.start is not None:
            slot = _hhmm(c.start) + (f"–{_hhmm(c.end)}" if c.end else "") + " "
        body.append(f"{'#' * level} {slot}{c.title}")
        speakers: list[IndicoPerson] = []
        seen: set[str] = set()
        for person in c.speakers:  # one person with two affiliations is one speaker
            key = check(person) or normalize(person.name)
            if key not in seen:
                seen.add(key)
                speakers.append(person)
        if speakers:
            label = "Speaker" if len(speakers) == 1 else "Speakers"
            body.append(f"{label}: " + ", ".join(p.shown() for p in speakers))
        body.append("")
        if c.note_html.strip():
            body.extend(markdown(c.note_html, min(level + 1, 6)))
        for sub in c.subcontributions:
            item(min(level + 1, 6), sub, timed=False, parent=c)

    items = agenda(event.contributions)
    children: dict[int, list[Contribution]] = {id(c): list(c.subcontributions) for _, c, _ in items}
    for _, c, parent in items:
        if parent is not None:
            children[id(parent)].append(c)
    for level, c, parent in items:
        item(level, c, timed=True, parent=parent)

    scrub = Scrubber()
    lines = scrub("\n".join(front + body).split("\n"))  # notes are blocks of several lines
    result.text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip("\n") + "\n"
    result.dropped = scrub.dropped
    result.unknown = list(unknown.people.values())
    suggest(result.unknown, index)
    return result
