"""`minutes import-indico`: a meeting record from an Indico event export (detail=contributions).

The parsing and rendering functions are pure (no file or MkDocs access); `import_indico` at the
end is the command around them: it reads the files, writes the record and checks it.
"""

from __future__ import annotations

import datetime as dt
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
from markdownify import ATX, MarkdownConverter

from minutes.core import credentials
from minutes.core.names import normalize, slugify, strip_honorifics
from minutes.core.registry import Registry

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


@dataclass
class Rendered:
    """A record's text and what the import has to tell about it."""

    text: str
    unknown: list[UnknownPerson] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)  # reason -> lines left out
    unlinked: int = 0  # video-conference links whose address was left out
    groups: list[str] = field(default_factory=list)  # group ids of the agenda, in order
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
    if isinstance(data, dict) and "results" in data:
        results = data["results"]
        if not isinstance(results, list) or not results:
            raise IndicoError("'results' holds no event")
        if len(results) > 1:
            raise IndicoError(f"'results' holds {len(results)} events: export one event")
        data = results[0]
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
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise IndicoError(f"{where}: unknown time zone '{name}'") from None


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
    unknown: dict[str, UnknownPerson] = {}
    index = registry.person_index

    def check(person: IndicoPerson) -> str | None:
        pid = index.resolve(person.name)
        if pid is None and normalize(person.name) not in unknown:
            unknown[normalize(person.name)] = UnknownPerson(
                person.name, person.affiliation, index.suggest(person.name)
            )
        return pid

    def markdown(html: str, top_level: int) -> list[str]:
        text, unlinked = html_to_markdown(html, top_level)
        result.unlinked += unlinked
        return [text, ""] if text else []

    front = ["---", f"series: {series}", f"date: {event.start.date().isoformat()}"]
    front.append(f"title: {_yaml_scalar(event.title)}")
    front.append(f'start: "{_hhmm(event.start)}"')
    end = event.end
    if end is not None and end.date() == event.start.date() and end >= event.start:
        front.append(f'end: "{_hhmm(end)}"')
    front.append(f"timezone: {_yaml_scalar(event.timezone)}")
    if event.chairs:
        chair = event.chairs[0]
        pid = check(chair)
        name = registry.people[pid].name if pid in registry.people else chair.name
        front.append(f"chair: {_yaml_scalar(name)}")
    front.append("present: []  # Indico does not know who attended: list them here")
    if event.location:
        front.append(f"location: {_yaml_scalar(event.location)}")
    url = event.url or ""
    safe = not credentials.find_secrets(url) and not _JOIN_LINK.search(url)
    if re.match(r"^https?://\S+$", url) and safe:
        front += ["links:", f"  indico: {_yaml_scalar(url)}"]
    front.append("---")

    body: list[str] = [""]
    notes = event.note_html if notes_html is None else notes_html
    notes_md = markdown(notes, 3) if notes.strip() else []
    if notes_md:
        body += ["## Notes", "", *notes_md]

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
        for person in c.speakers:
            check(person)
        if c.speakers:
            label = "Speaker" if len(c.speakers) == 1 else "Speakers"
            body.append(f"{label}: " + ", ".join(p.shown() for p in c.speakers))
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
    result.unknown = list(unknown.values())
    return result


def people_entry(person: UnknownPerson, registry: Registry, people_file: str) -> str:
    """The report of an unknown person: a people.yml entry ready to paste."""
    pid = slugify(normalize(person.name))
    base, n = pid, 2
    while pid in registry.people:
        pid, n = f"{base}-{n}", n + 1
    hint = ""
    if person.suggestions:
        hint = f" (did you mean {' or '.join(person.suggestions)}? then add it to their aliases)"
    lines = [
        f"unknown person '{person.name}'{hint} — add to {people_file}:",
        f"  {pid}:",
        f"    name: {_yaml_scalar(person.name)}",
    ]
    if person.affiliation:
        lines.append(f"    affiliation: {_yaml_scalar(person.affiliation)}")
    return "\n".join(lines)


# --- the command ------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def import_indico(
    event_file: str,
    minutes_file: str | None,
    series: str | None,
    meetings_dir: str | None,
    force: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Write the record of an exported event, then check it as `minutes check` would."""
    out = out or sys.stdout
    err = err or sys.stderr
    from minutes.adapters.settings import resolve
    from minutes.core.archive import load_archive
    from minutes.core.problems import Problems, display_path
    from minutes.core.registry import load_registry
    from minutes.tools.newrecord import record_path

    prog = "minutes import-indico"

    def fail(message: str, code: int = 2) -> int:
        print(f"{prog}: {message}", file=err)
        return code

    try:
        raw = Path(event_file).read_bytes()
    except OSError as exc:
        return fail(f"{event_file}: {exc.strerror or exc}")
    try:
        event = load_export(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return fail(f"{event_file}: not UTF-8 text")
    except IndicoError as exc:
        return fail(f"{event_file}: {exc}")
    notes_html: str | None = None
    if minutes_file is not None:
        try:
            notes_html = Path(minutes_file).read_bytes().decode("utf-8-sig")
        except OSError as exc:
            return fail(f"{minutes_file}: {exc.strerror or exc}")
        except UnicodeDecodeError:
            return fail(f"{minutes_file}: not UTF-8 text")

    settings = resolve(Path(meetings_dir) if meetings_dir else None)
    root = settings.meetings_dir
    if not root.is_dir():
        return fail(f"{display_path(root)}: no such meetings directory")
    registry = load_registry(root, Problems())
    known = ", ".join(sorted(registry.series)) or "none"
    if series is None:
        if len(registry.series) != 1:
            return fail(f"name the series with --series (series.yml has: {known})")
        series = next(iter(registry.series))
    elif series not in registry.series:
        return fail(f"unknown series '{series}' (known: {known})")

    path = record_path(root, series, event.start.date())
    if path.exists() and not force:
        return fail(f"{display_path(path)} exists already; not overwriting it (use --force)", 1)
    rendered = render_record(event, series, registry, notes_html)

    if event.has_description:
        print(
            "left out the event description (Indico keeps the video-conference invitation there)",
            file=err,
        )
    if rendered.unlinked:
        links = _plural(rendered.unlinked, "video-conference link")
        print(f"left out the address of {links}", file=err)
    if rendered.dropped:
        why = "; ".join(f"{n} × {what}" for what, n in sorted(rendered.dropped.items()))
        total = sum(rendered.dropped.values())
        print(f"dropped {_plural(total, 'line')} that must never be published: {why}", file=err)
    people_file = display_path(root / "people.yml")
    for person in rendered.unknown:
        print(people_entry(person, registry, people_file), file=err)
    groups_file = display_path(root / "groups.yml")
    for title, parent in rendered.ungrouped:
        print(
            f"'{title}' (in '{parent}') names no group of {groups_file}: if it is a group's "
            "report, add that name to the group's aliases",
            file=err,
        )

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(rendered.text, encoding="utf-8", newline="\n")

    problems = Problems()
    load_archive(root, settings.options, problems)
    base = root if root.is_absolute() else root.resolve()  # as load_archive names its files
    shown = display_path(record_path(base, series, event.start.date()))
    mine = [p for p in problems.sorted() if p.path == shown]
    for p in mine:
        print(p, file=out)
    errors = sum(p.severity == "error" for p in mine)
    elsewhere = len(set(problems.errors)) - errors
    if elsewhere:
        print(f"({_plural(elsewhere, 'error')} in other files: run minutes check)", file=err)
    if errors:
        print(f"wrote {display_path(path)}; minutes check: {_plural(errors, 'error')}", file=err)
        return 1
    warnings = len(mine) - errors
    tail = f", {_plural(warnings, 'warning')}" if warnings else ""
    print(f"wrote {display_path(path)}; minutes check: no errors{tail}", file=out)
    return 0
