"""`minutes import-indico`: a meeting record from an Indico event export (detail=contributions).

The parsing and rendering functions are pure (no file or MkDocs access); `import_indico` at the
end is the command around them: it reads the files, writes the record and checks it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import re
import sys
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml
from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString
from markdownify import ATX, MarkdownConverter

from minutes.core import credentials
from minutes.core.names import normalize, slugify, strip_honorifics
from minutes.core.records import valid_timezone
from minutes.core.registry import Registry
from minutes.tools.attendance import Attendance, Attendee, take_attendance

# Join links of video conferences: they carry the meeting number even without a password.
_JOIN_LINK = re.compile(
    r"""(?ix)https?://[^\s)\]>"']*(?:
        zoom(?:gov)?\.us/(?:j|w|s|my|wc)/|webex\.com/(?:meet/|\S*j\.php)|
        teams\.microsoft\.com/l/meetup-join|meet\.google\.com/[a-z]|vidyo|bluejeans\.com/\d)"""
)
_SIP = re.compile(r"(?i)\b(?:sip:)?\d{8,}(?:\.\d+)?@[\w.-]+\.[a-z]{2,}")
_LEADING_BULLET = re.compile(r"^(?:[-•–·*]|&bull;)\s+")
_SPACES = re.compile(r"\s+")
_HEADING_TAG = re.compile(r"^h([1-6])$")


class IndicoError(Exception):
    """The export cannot be read: the message says what is wrong with it."""


@dataclass(frozen=True)
class IndicoPerson:
    name: str
    affiliation: str | None = None

    def shown(self) -> str:
        """`Name (Affiliation)`, as a record's Speaker line writes it."""
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@dataclass
class Contribution:
    title: str
    start: dt.datetime | None
    end: dt.datetime | None
    speakers: list[IndicoPerson] = field(default_factory=list)
    note_html: str = ""
    subcontributions: list[Contribution] = field(default_factory=list)


@dataclass
class Event:
    title: str
    start: dt.datetime
    end: dt.datetime | None
    timezone: str
    chairs: list[IndicoPerson] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    note_html: str = ""
    location: str | None = None
    url: str | None = None
    has_description: bool = False


@dataclass
class UnknownPerson:
    name: str
    affiliation: str | None
    suggestions: list[str]
    handle: str | None = None  # "@jdoe" in the notes, without the "@"

    def keys(self) -> list[str]:
        """What the person is known by: the name, and the handle as "@jdoe"."""
        keys = [normalize(self.name)]
        if self.handle:
            keys.append("@" + normalize(self.handle))
        return keys

    def absorb(self, other: UnknownPerson) -> None:
        """Take what `other`, the same person named again, adds: a full name, an affiliation."""
        if self.handle and normalize(self.name) == normalize(self.handle) != normalize(other.name):
            self.name, self.suggestions = other.name, other.suggestions
        self.affiliation = self.affiliation or other.affiliation
        self.handle = self.handle or other.handle


class UnknownPeople:
    """The people no one registered, each once though notes name one by name and by handle."""

    def __init__(self) -> None:
        self.people: dict[str, UnknownPerson] = {}  # key -> the person
        self._keys: dict[str, str] = {}  # a name or handle key -> the key of their entry

    def add(self, person: UnknownPerson) -> str:
        """Note `person` (merged with an entry of the same name or handle); returns its key."""
        keys = person.keys()
        key = next((self._keys[k] for k in keys if k in self._keys), keys[0])
        if key in self.people:
            self.people[key].absorb(person)
        else:
            self.people[key] = person
        for k in [*keys, *self.people[key].keys()]:
            self._keys.setdefault(k, key)
        return key


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


# --- reading the export ---------------------------------------------------------------------


def load_export(text: str) -> Event:
    """Parse the text of an export file; IndicoError says what is wrong with it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IndicoError(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    return parse_export(data)


def parse_export(data: Any) -> Event:
    """The event of an export `{"results": [event]}` (a bare event object is accepted too)."""
    results = export_results(data)
    if len(results) > 1:
        raise IndicoError(f"'results' holds {len(results)} events: export one event")
    return parse_event(results[0])


def export_results(data: Any) -> list[Any]:
    """The raw events of an export: its `results` list (a bare event object is one event)."""
    if isinstance(data, dict) and "results" in data:
        results = data["results"]
        if not isinstance(results, list) or not results:
            raise IndicoError("'results' holds no event")
        return results
    return [data]


def parse_events(data: Any) -> tuple[list[Event], list[str]]:
    """Every event of an export (one or a category's many) and, for each that cannot be read,
    `event N ('title'): what is wrong`. A single event that cannot be read raises IndicoError.
    """
    results = export_results(data)
    if len(results) == 1:
        return [parse_event(results[0])], []
    events: list[Event] = []
    errors: list[str] = []
    for i, raw in enumerate(results, 1):
        try:
            events.append(parse_event(raw))
        except IndicoError as exc:
            title = raw.get("title") if isinstance(raw, dict) else None
            named = f" ('{_SPACES.sub(' ', title).strip()}')" if isinstance(title, str) else ""
            errors.append(f"event {i}{named}: {str(exc).removeprefix('event: ')}")
    return events, errors


def parse_event(data: Any) -> Event:
    """One event object of an export's `results`."""
    if not isinstance(data, dict) or ("title" not in data and "startDate" not in data):
        raise IndicoError("no event: expected an object with 'results': [event]")
    where = "event"
    title = _text(data, "title", where, required=True) or ""
    tz_name = _text(data, "timezone", where) or _tz_of(data.get("startDate")) or "UTC"
    tz = _zone(tz_name, f"{where}: 'timezone'")
    start = _datetime(data.get("startDate"), tz, f"{where}: 'startDate'")
    if start is None:
        raise IndicoError(f"{where}: 'startDate' is missing")
    end = _datetime(data.get("endDate"), tz, f"{where}: 'endDate'")
    chairs = _people(data.get("chairs"), f"{where}: 'chairs'")
    raw_contribs = data.get("contributions") or []
    if not isinstance(raw_contribs, list):
        raise IndicoError(f"{where}: 'contributions' must be a list")
    contributions = [
        _contribution(c, tz, f"contribution {i}") for i, c in enumerate(raw_contribs, 1)
    ]
    room = _text(data, "roomFullname", where) or _text(data, "room", where)
    venue = _text(data, "location", where)
    places = list(dict.fromkeys(p for p in (venue, room) if p))
    description = data.get("description")
    return Event(
        title=title,
        start=start,
        end=end,
        timezone=tz_name,
        chairs=chairs,
        contributions=contributions,
        note_html=_note(data, where),
        location=", ".join(places) or None,
        url=_text(data, "url", where),
        has_description=isinstance(description, str) and bool(description.strip()),
    )


def _text(obj: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise IndicoError(f"{where}: '{key}' is missing")
        return None
    if not isinstance(value, str):
        raise IndicoError(f"{where}: '{key}' must be text, not {type(value).__name__}")
    value = _SPACES.sub(" ", value).strip()
    if required and not value:
        raise IndicoError(f"{where}: '{key}' is empty")
    return value or None


def _tz_of(value: Any) -> str | None:
    tz = value.get("tz") if isinstance(value, dict) else None
    return tz if isinstance(tz, str) and tz else None


def _zone(name: str, where: str) -> zoneinfo.ZoneInfo:
    if not valid_timezone(name):  # a region ('Europe') is a folder of zones, not a zone
        raise IndicoError(f"{where}: unknown time zone '{name}'")
    return zoneinfo.ZoneInfo(name)


def _datetime(value: Any, tz: zoneinfo.ZoneInfo, where: str) -> dt.datetime | None:
    """`{"date": "2021-06-09", "time": "10:00:00", "tz": "Europe/Zurich"}` in the event's zone."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise IndicoError(f"{where} must be an object with 'date' and 'time'")
    date_text, time_text = value.get("date"), value.get("time", "00:00:00")
    if not isinstance(date_text, str) or not isinstance(time_text, str):
        raise IndicoError(f"{where} must give 'date' and 'time' as text")
    try:
        date = dt.date.fromisoformat(date_text.strip())
        time = dt.time.fromisoformat(time_text.strip())
    except ValueError:
        raise IndicoError(f"{where}: malformed date or time '{date_text} {time_text}'") from None
    own = _tz_of(value)
    zone = _zone(own, where) if own else tz
    try:
        return dt.datetime.combine(date, time.replace(tzinfo=None), zone).astimezone(tz)
    except (OverflowError, ValueError):
        raise IndicoError(f"{where}: date out of range '{date_text}'") from None


def _people(value: Any, where: str) -> list[IndicoPerson]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise IndicoError(f"{where} must be a list")
    out = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise IndicoError(f"{where}: entry {i} must be an object")
        person = person_of(item)
        if person is None:
            raise IndicoError(f"{where}: entry {i} has no name")
        out.append(person)
    return out


def person_of(obj: dict[str, Any]) -> IndicoPerson | None:
    """A person as the export names them: first and last name, or `fullName` ('Bird, Ian')."""
    first, last = obj.get("first_name", obj.get("firstName")), obj.get("last_name")
    last = last if last is not None else obj.get("familyName")
    if isinstance(first, str) and isinstance(last, str) and (first.strip() or last.strip()):
        name = f"{first.strip()} {last.strip()}".strip()
    else:
        full = obj.get("fullName", obj.get("name"))
        if not isinstance(full, str) or not full.strip():
            return None
        name = strip_honorifics(full)
        if name.count(",") == 1:  # Indico writes 'Last, First'
            family, given = (p.strip() for p in name.split(","))
            name = f"{given} {family}".strip()
    affiliation = obj.get("affiliation")
    if isinstance(affiliation, dict):  # newer exports: {"name": ...}
        affiliation = affiliation.get("name")
    aff = _SPACES.sub(" ", affiliation).strip() if isinstance(affiliation, str) else ""
    if aff.count("(") != aff.count(")"):  # would confuse the Speaker line's name splitting
        aff = aff.replace("(", "").replace(")", "")
    return IndicoPerson(_SPACES.sub(" ", name), aff or None)


def _note(obj: dict[str, Any], where: str, fallback: str | None = None) -> str:
    note = obj.get("note")
    if isinstance(note, dict):
        note = note.get("html")
    if isinstance(note, str) and note.strip():
        return note
    if note not in (None, "") and not isinstance(note, str):
        raise IndicoError(f"{where}: 'note' must be an object with 'html'")
    if fallback:
        value = obj.get(fallback)
        if isinstance(value, str):
            return value
    return ""


def _contribution(value: Any, tz: zoneinfo.ZoneInfo, where: str) -> Contribution:
    if not isinstance(value, dict):
        raise IndicoError(f"{where} must be an object")
    title = _text(value, "title", where, required=True) or ""
    where = f"{where} ('{title}')"
    start = _datetime(value.get("startDate"), tz, f"{where}: 'startDate'")
    duration = value.get("duration")
    if isinstance(duration, bool) or not isinstance(duration, int | float | None):
        raise IndicoError(f"{where}: 'duration' must be a number of minutes")
    if duration is not None and not 0 <= duration <= 7 * 24 * 60:
        raise IndicoError(f"{where}: 'duration' of {duration} minutes is out of range")
    end: dt.datetime | None = None
    if start is not None and duration is not None:
        end = start + dt.timedelta(minutes=float(duration))
    elif start is not None:
        end = _datetime(value.get("endDate"), tz, f"{where}: 'endDate'")
    subs = value.get("subContributions") or []
    if not isinstance(subs, list):
        raise IndicoError(f"{where}: 'subContributions' must be a list")
    return Contribution(
        title=title,
        start=start,
        end=end,
        speakers=_people(value.get("speakers"), f"{where}: 'speakers'"),
        note_html=_note(value, where, fallback="description"),
        subcontributions=[
            _contribution(s, tz, f"{where}: sub-contribution {i}") for i, s in enumerate(subs, 1)
        ],
    )


# --- HTML to Markdown -------------------------------------------------------------------------


class _Converter(MarkdownConverter):
    """markdownify with '-' bullets nested by four spaces, as Python-Markdown needs.

    The signatures take *args so that they work with markdownify 0.13 and 1.x alike.
    """

    def convert_li(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
        content = _LEADING_BULLET.sub("", (text or "").strip())
        if not content:
            return ""
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            first = int(start) if start.isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        head, *rest = content.split("\n")
        lines = [f"{bullet} {head}"] + [f"    {line}" if line.strip() else "" for line in rest]
        return "\n".join(lines) + "\n"

    def convert_ul(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
        body = text.strip("\n")
        if not body.strip():
            return ""
        if any(p.name == "li" for p in el.parents):
            return "\n" + body + "\n"
        return "\n\n" + body + "\n\n"

    convert_ol = convert_ul


def _strip_links(soup: BeautifulSoup) -> int:
    """Leave out the address of every link that would let someone join a call."""
    count = 0
    for a in soup.find_all("a"):
        if not isinstance(a, Tag):
            continue
        href = str(a.get("href") or "")
        if href and (credentials.find_secrets(href) or _JOIN_LINK.search(href)):
            del a["href"]
            count += 1
    return count


# markdownify converts recursively: deeper HTML is flattened first, its text kept (the record
# would be refused as deeper than Markdown can nest anyway: docs/format.md §9.1).
MAX_HTML_DEPTH = 60


def _flatten_deep(root: Tag) -> None:
    """Replace each element nested deeper than MAX_HTML_DEPTH by its text, without recursion."""
    deep: list[Tag] = []
    stack: list[tuple[Tag, int]] = [(root, 0)]
    while stack:
        tag, depth = stack.pop()
        for child in tag.children:
            if isinstance(child, Tag):
                if depth + 1 > MAX_HTML_DEPTH:
                    deep.append(child)  # its own descendants are not visited: linear in all
                else:
                    stack.append((child, depth + 1))
    for tag in deep:
        tag.replace_with(NavigableString(" ".join(tag.get_text(" ").split())))


def html_to_markdown(html: str, top_level: int = 3) -> tuple[str, int]:
    """Markdown of an Indico note, its headings demoted to start at `top_level`.

    Returns the text and the number of video-conference links whose address was left out.
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "head", "title", "meta", "link"]):
        if isinstance(tag, Tag):
            tag.decompose()
    unlinked = _strip_links(soup)
    headings = [t for t in soup.find_all(_HEADING_TAG) if isinstance(t, Tag)]
    if headings:
        shift = top_level - min(int(t.name[1]) for t in headings)
        for t in headings:
            t.name = f"h{max(1, min(6, int(t.name[1]) + shift))}"
    root = soup.body or soup
    _flatten_deep(root)
    text = _Converter(heading_style=ATX, bullets="-", escape_misc=False).convert(str(root))
    return tidy_markdown(text), unlinked


def tidy_markdown(text: str) -> str:
    """No-break spaces, trailing blanks and runs of empty lines out; hard breaks kept."""
    lines = text.replace("\xa0", " ").replace("\r\n", "\n").split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        clean = line.rstrip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if clean and line.endswith("  ") and following:
            clean += "  "
        if not clean and (not out or not out[-1]):
            continue
        out.append(clean)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# --- rendering the record ---------------------------------------------------------------------


def _hhmm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def _yaml_scalar(value: str) -> str:
    dumped = yaml.safe_dump({"v": value}, allow_unicode=True, width=10**6, sort_keys=False)
    return dumped.strip().removeprefix("v: ")


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


class _Scrubber:
    """Drops every line that carries a dial-in detail, counting why."""

    def __init__(self) -> None:
        self.dropped: Counter[str] = Counter()

    def __call__(self, lines: Iterable[str]) -> list[str]:
        kept: list[str] = []
        for line in lines:
            what = credentials.find_secrets(line)
            if what is None and _JOIN_LINK.search(line):
                what = "a video-conference join link"
            if what is None and _SIP.search(line):
                what = "a video-conference dial-in address"
            if what is None:
                kept.append(line)
            else:
                self.dropped[what] += 1
        return kept


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

    front = ["---", f"series: {series}", f"date: {event.start.date().isoformat()}"]
    front.append(f"title: {_yaml_scalar(event.title)}")
    front.append(f'start: "{_hhmm(event.start)}"')
    end = event.end
    if end is not None and end.date() == event.start.date() and end >= event.start:
        front.append(f'end: "{_hhmm(end)}"')
    front.append(f"timezone: {_yaml_scalar(event.timezone)}")
    if result.chair:
        front.append(f"chair: {_yaml_scalar(result.chair)}")
    if result.present:
        front += ["present:", *(f"  - {_yaml_scalar(n)}" for n in result.present)]
    else:
        front.append("present: []  # Indico does not know who attended: list them here")
    if result.apologies:
        front += ["apologies:", *(f"  - {_yaml_scalar(n)}" for n in result.apologies)]
    if event.location:
        front.append(f"location: {_yaml_scalar(event.location)}")
    url = event.url or ""
    safe = not credentials.find_secrets(url) and not _JOIN_LINK.search(url)
    if re.match(r"^https?://\S+$", url) and safe:
        front += ["links:", f"  indico: {_yaml_scalar(url)}"]
    front.append("---")

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

    scrub = _Scrubber()
    lines = scrub("\n".join(front + body).split("\n"))  # notes are blocks of several lines
    result.text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip("\n") + "\n"
    result.dropped = scrub.dropped
    result.unknown = list(unknown.people.values())
    for person in result.unknown:  # by the name kept: a full name rather than a handle
        person.suggestions = index.suggest(person.name)
    return result


def people_entry(
    person: UnknownPerson, registry: Registry, people_file: str, taken: set[str] | None = None
) -> str:
    """The report of an unknown person: a people.yml entry ready to paste."""
    hint = ""
    if person.suggestions:
        hint = f" (did you mean {' or '.join(person.suggestions)}? then add it to their aliases)"
    return f"unknown person '{person.name}'{hint} — add to {people_file}:\n" + "\n".join(
        "  " + line for line in _entry_lines(person, registry, taken)
    )


def _entry_lines(person: UnknownPerson, registry: Registry, taken: set[str] | None) -> list[str]:
    """`id:`, `  name: ...`, `  affiliation: ...`: an id no one holds yet."""
    taken = taken if taken is not None else set()
    pid = slugify(normalize(person.name))
    base, n = pid, 2
    while pid in registry.people or pid in taken:
        pid, n = f"{base}-{n}", n + 1
    taken.add(pid)
    lines = [f"{pid}:", f"  name: {_yaml_scalar(person.name)}"]
    if person.affiliation:
        lines.append(f"  affiliation: {_yaml_scalar(person.affiliation)}")
    if person.handle and normalize(person.handle) != normalize(person.name):
        lines.append(f"  aliases: [{_yaml_scalar(person.handle)}]")
    return lines


UNKNOWN_FILE = "people.unknown.yml"


def unknown_people_file(
    unknown: Iterable[tuple[UnknownPerson, list[str]]], registry: Registry
) -> str:
    """The text of people.unknown.yml: an entry for each unknown person, ready to paste."""
    out = [
        "# People an Indico import named who are not in people.yml (minutes import-indico",
        "# writes this file again on each import that finds any). Nothing here is used: check",
        "# each entry, then move it to people.yml; if the person is there already under another",
        "# spelling, add this spelling to their aliases instead.",
    ]
    taken: set[str] = set()
    people = list(unknown)
    keys = [normalize(person.name) for person, _ in people]
    for i, (person, seen) in enumerate(people):
        out.append("")
        if person.suggestions:
            out.append(f"# did you mean {' or '.join(person.suggestions)}?")
        others = keys[:i] + keys[i + 1 :]
        for close in difflib.get_close_matches(keys[i], others, n=2, cutoff=0.85):
            twin = people[keys.index(close)][0].name
            out.append(f"# the same person as {twin}? then keep one entry, this name as an alias")
        out.append(f"# named in {', '.join(seen)}")
        out.extend(_entry_lines(person, registry, taken))
    return "\n".join(out) + "\n"


# --- updating an existing record ----------------------------------------------------------------

# The front-matter fields an import owns: --update sets them from Indico.
OWNED_FIELDS = ("title", "start", "end", "timezone", "location")
# Filled from Indico by --update only while the record leaves them empty.
ATTENDANCE_FIELDS = ("chair", "present", "apologies")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def _front_blocks(text: str) -> tuple[list[tuple[str | None, list[str]]], str] | None:
    """The front-matter as (top-level key, its lines) blocks, and the body after it."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        if not text.endswith("\n---") and not text.endswith("\n---\n"):
            return None
        end = text.rfind("\n---")
    head, body = text[4:end], text[end + 5 :]
    blocks: list[tuple[str | None, list[str]]] = []
    for line in head.split("\n") if head else []:
        m = _TOP_KEY.match(line)
        if m:
            blocks.append((m.group(1), [line]))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            blocks.append((None, [line]))
    return blocks, body


def update_record(existing: str, imported: str) -> str | None:
    """`existing` with the parts the import owns taken from `imported` (None: unreadable).

    Owned: `title`, `start`, `end`, `timezone`, `location` and the `indico` link; `chair`,
    `present` and `apologies` only while the record leaves them empty. The body and every
    other field stay as they are.
    """
    old, new = _front_blocks(existing), _front_blocks(imported)
    if old is None or new is None:
        return None
    old_blocks, body = old
    try:
        old_data = yaml.safe_load("\n".join(line for _, b in old_blocks for line in b)) or {}
        new_data = yaml.safe_load("\n".join(line for _, b in new[0] for line in b)) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(old_data, dict) or not isinstance(new_data, dict):
        return None
    new_blocks = {key: lines for key, lines in new[0] if key}
    wanted: dict[str, list[str]] = {k: new_blocks[k] for k in OWNED_FIELDS if k in new_blocks}
    for key in ATTENDANCE_FIELDS:
        if key in new_blocks and not old_data.get(key) and new_data.get(key):
            wanted[key] = new_blocks[key]
    link = (new_data.get("links") or {}).get("indico")
    links = old_data.get("links")
    if link and (links is None or isinstance(links, dict)) and (links or {}).get("indico") != link:
        merged = {**(links or {}), "indico": link}
        dumped = yaml.safe_dump({"links": merged}, allow_unicode=True, sort_keys=False, width=10**6)
        wanted["links"] = dumped.rstrip("\n").split("\n")
    blocks = [(k, wanted.pop(k) if k in wanted else lines) for k, lines in old_blocks]
    blocks += list(wanted.items())
    head = "\n".join(line for _, lines in blocks for line in lines)
    return f"---\n{head}\n---\n{body}"


# --- the command ------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    plural = {"person": "people", "series": "series"}.get(word, word + "s")
    return f"{n} {word if n == 1 else plural}"


@dataclass
class ImportRequest:
    """What `minutes import-indico` was asked to do."""

    source: str  # an export file or an Indico event / category URL
    series: str | None = None
    meetings_dir: str | None = None
    minutes_file: str | None = None  # the notes of a single event, as HTML
    start: dt.date | None = None  # --from
    end: dt.date | None = None  # --to
    update: bool = False
    token: str | None = None
    timeout: float = 30.0


@dataclass
class ImportSummary:
    """What an import did, for the summary at its end."""

    read: int = 0
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    outside: int = 0
    unknown: dict[str, tuple[UnknownPerson, list[str]]] = field(default_factory=dict)
    people: UnknownPeople = field(default_factory=UnknownPeople)  # merges the unknown
    problems: list[str] = field(default_factory=list)


def _progress(items: list[Event], err: TextIO, show: bool) -> Iterable[Event]:
    """A progress bar on `err` while a category imports, when `err` is a terminal."""
    if not show or not err.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc="importing", unit="event", file=err)  # type: ignore[no-any-return]


def import_indico(
    request: ImportRequest,
    out: TextIO | None = None,
    err: TextIO | None = None,
    session: Any = None,
) -> int:
    """Write a record for each event of an export (file or URL), then check them as
    `minutes check` would. Returns the exit status: 0 done, 1 done with problems to fix,
    2 nothing done (the message says why).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    from minutes.adapters import read_options
    from minutes.core.archive import load_archive
    from minutes.core.problems import Problems, display_path
    from minutes.core.registry import load_registry
    from minutes.core.settings import resolve
    from minutes.tools import indico_client
    from minutes.tools.newrecord import record_path

    prog = "minutes import-indico"
    source = request.source

    def fail(message: str, code: int = 2) -> int:
        print(f"{prog}: {message}", file=err)
        return code

    category = False
    if indico_client.is_url(source):
        try:
            wanted = indico_client.export_request(source, request.start, request.end)
            print(f"reading {wanted.url}", file=err)
            data = indico_client.fetch_export(wanted.url, request.token, request.timeout, session)
        except indico_client.FetchError as exc:
            return fail(str(exc))
        category = wanted.category
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            return fail(f"{source}: {exc.strerror or exc}")
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return fail(f"{source}: not UTF-8 text")
        except json.JSONDecodeError as exc:
            return fail(f"{source}: not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    try:
        events, bad = parse_events(data)
    except IndicoError as exc:
        if category and "holds no event" in str(exc):
            return fail(f"{source}: the category holds no event in the dates asked for", 1)
        return fail(f"{source}: {exc}")
    category = category or len(events) + len(bad) > 1
    summary = ImportSummary(read=len(events) + len(bad))
    summary.problems += [f"{source}: {message}" for message in bad]
    notes_html: str | None = None
    if request.minutes_file is not None:
        if category:
            return fail("--minutes applies to the export of a single event")
        try:
            notes_html = Path(request.minutes_file).read_bytes().decode("utf-8-sig")
        except OSError as exc:
            return fail(f"{request.minutes_file}: {exc.strerror or exc}")
        except UnicodeDecodeError:
            return fail(f"{request.minutes_file}: not UTF-8 text")

    settings = resolve(Path(request.meetings_dir) if request.meetings_dir else None, read_options)
    root = settings.meetings_dir
    if not root.is_dir():
        return fail(f"{display_path(root)}: no such meetings directory")
    registry = load_registry(root, Problems())
    known = ", ".join(sorted(registry.series)) or "none"
    series = request.series
    if series is None:
        if len(registry.series) != 1:
            return fail(f"name the series with --series (series.yml has: {known})")
        series = next(iter(registry.series))
    elif series not in registry.series:
        return fail(f"unknown series '{series}' (known: {known})")

    chosen = [
        e
        for e in events
        if (request.start is None or e.start.date() >= request.start)
        and (request.end is None or e.start.date() <= request.end)
    ]
    summary.outside = len(events) - len(chosen)
    chosen.sort(key=lambda e: e.start)
    people_file = display_path(root / "people.yml")
    groups_file = display_path(root / "groups.yml")
    done: dict[Path, str] = {}  # record -> title of the event written to it in this import
    changed: list[Path] = []  # records written or updated
    if not category and not chosen:
        date = events[0].start.date().isoformat()
        return fail(f"{source}: the event ({date}) is outside --from/--to: nothing imported", 1)

    notes = io.StringIO()  # what each record has to tell, printed once the bar is gone
    for event in _progress(chosen, err, category):
        path = record_path(root, series, event.start.date())
        shown = display_path(path)
        if path in done:
            summary.problems.append(
                f"{shown}: '{event.title}' is on the same day as '{done[path]}', imported just "
                "before it: not imported (one record per series and day)"
            )
            summary.skipped.append(shown)
            continue
        if path.exists() and not request.update:
            if not category:
                return fail(
                    f"{shown} exists already; not overwriting it "
                    "(use --update to refresh the parts the import owns)",
                    1,
                )
            summary.skipped.append(shown)
            continue
        rendered = render_record(event, series, registry, notes_html)
        prefix = f"{shown}: " if category else ""
        if event.has_description:
            print(
                f"{prefix}left out the event description "
                "(Indico keeps the video-conference invitation there)",
                file=notes,
            )
        if rendered.unlinked:
            links = _plural(rendered.unlinked, "video-conference link")
            print(f"{prefix}left out the address of {links}", file=notes)
        if rendered.dropped:
            why = "; ".join(f"{n} × {what}" for what, n in sorted(rendered.dropped.items()))
            total = sum(rendered.dropped.values())
            print(
                f"{prefix}dropped {_plural(total, 'line')} that must never be published: {why}",
                file=notes,
            )
        for person in rendered.unknown:
            key = summary.people.add(person)
            named_in = summary.unknown.setdefault(key, (summary.people.people[key], []))[1]
            if shown not in named_in:
                named_in.append(shown)
        for title, parent in rendered.ungrouped:
            print(
                f"{prefix}'{title}' (in '{parent}') names no group of {groups_file}: if it is a "
                "group's report, add that name to the group's aliases",
                file=notes,
            )
        text = rendered.text
        if path.exists():
            current = path.read_text(encoding="utf-8")
            updated = update_record(current, text)
            if updated is None:
                summary.problems.append(
                    f"{shown}: its front-matter cannot be read, so it was not updated"
                )
                summary.skipped.append(shown)
                continue
            if updated == current:
                summary.unchanged.append(shown)
                done[path] = event.title
                continue
            text = updated
            summary.updated.append(shown)
        else:
            summary.written.append(shown)
        done[path] = event.title
        changed.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)  # never a half-written record

    err.write(notes.getvalue())

    unknown_path = root / UNKNOWN_FILE
    if summary.unknown:
        if not category:
            taken: set[str] = set()
            for person, _ in summary.unknown.values():
                print(people_entry(person, registry, people_file, taken), file=err)
        unknown_path.write_text(
            unknown_people_file(summary.unknown.values(), registry), encoding="utf-8"
        )

    problems = Problems()
    load_archive(root, settings.options, problems)
    base = root if root.is_absolute() else root.resolve()  # as load_archive names its files
    touched = {display_path(base / p.relative_to(root)) for p in changed}
    mine = [p for p in problems.sorted() if p.path in touched]
    for p in mine:
        print(p, file=out)
    errors = sum(p.severity == "error" for p in mine)
    warnings = sum(p.severity == "warning" for p in mine)
    elsewhere = len(set(problems.errors)) - errors
    if elsewhere:
        print(f"({_plural(elsewhere, 'error')} in other files: run minutes check)", file=err)
    verdict = f"minutes check: {_plural(errors, 'error')}" if errors else "minutes check: no errors"
    if warnings:
        verdict += f", {_plural(warnings, 'warning')}"

    if not category:
        (path_shown,) = summary.written + summary.updated + summary.unchanged or ["nothing"]
        verb = "wrote" if summary.written else "updated" if summary.updated else "left unchanged"
        print(f"{verb} {path_shown}; {verdict}", file=err if errors else out)
        return 1 if errors else 0

    for message in summary.problems:
        print(message, file=out)
    unknown_note = ""
    if summary.unknown:
        names = ", ".join(person.name for person, _ in summary.unknown.values())
        unknown_note = (
            f": {names} (entries to check and move to {people_file}: "
            f"{display_path(unknown_path)})"
        )
    outside = f" ({summary.outside} outside --from/--to)" if summary.outside else ""
    lines = [
        f"events read: {summary.read}{outside}",
        f"records written: {len(summary.written)}"
        + (f", updated: {len(summary.updated)}" if request.update else ""),
        f"skipped: {len(summary.skipped)}"
        + (" (they exist already: --update refreshes the parts the import owns)"
           if summary.skipped and not request.update else ""),
        f"unknown people: {len(summary.unknown)}{unknown_note}",
        f"problems: {len(summary.problems)}",
        verdict + (" (listed above, with what to fix)" if errors else ""),
    ]
    print("\n".join(lines), file=out)
    return 1 if errors or summary.problems or summary.skipped else 0
