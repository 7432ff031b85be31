"""Reading an Indico export: the export's JSON (detail=contributions) becomes `Event`s.

Pure functions, no file or network access; IndicoError says what is wrong with an export.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from minutes.core.names import strip_honorifics
from minutes.core.records import valid_timezone

_SPACES = re.compile(r"\s+")


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
