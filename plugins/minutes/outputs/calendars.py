"""iCalendar files (RFC 5545) of the meetings, written as the icalendar library writes them.

The library defines most of the text: a property's name and parameters (`_head`, once per
property, kind of value and time zone), the time zones (`Timezone.from_tzid`) and the
calendar's head. The lines of each VEVENT are put together here, their text values escaped
(`escape`, RFC 5545 §3.3.11, as the library's `vText` escapes them) and folded in chunks
(`fold`): building one library `Event` per meeting, one `vText` per value, and folding lines
one character at a time was most of the cost of writing the calendars of a large archive.
Property tests check the bytes against the library's own `Event.to_ical()`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import icalendar

from minutes.core.files import INVISIBLE
from minutes.core.model import Action, ActionItem, Meeting, RegisterItem
from minutes.outputs.feeds import meeting_time, to_utc


@dataclass(frozen=True)
class VEvent:
    """One meeting's VEVENT, written: its bytes and the time zones it names."""

    text: bytes
    tzids: frozenset[str]


def events(
    meetings: list[Meeting],
    uid_domain: str,
    url_of: Callable[[Meeting], str],
    describe: Callable[[Meeting], str],
    memo: dict[int, tuple[Meeting, VEvent]] | None = None,
) -> dict[str, VEvent]:
    """One VEVENT per meeting, by meeting id; meetings without a start are all-day events.

    With a `memo` (kept by a dirty build's session, whose names and addresses do not change
    while it lasts), a meeting read again is the only one whose event is made again.
    """
    out: dict[str, VEvent] = {}
    for m in meetings:
        kept = memo.get(id(m)) if memo is not None else None
        if kept is not None and kept[0] is m:
            out[m.id] = kept[1]
            continue
        start = meeting_time(m)
        times: list[tuple[str, dt.date]]
        if m.start:
            times = [("dtstart", start)]
            if m.end:
                hour, minute = (int(x) for x in m.end.split(":"))
                times.append(("dtend", start.replace(hour=hour, minute=minute)))
        else:
            times = [("dtstart", m.date), ("dtend", _day_after(m.date))]
        # DTSTAMP from the record itself, so that two builds of one commit are identical.
        event = vevent(
            uid=f"{m.id}@{uid_domain}",
            summary=m.title,
            stamp=to_utc(start),
            times=times,
            location=m.location,
            url=url_of(m),
            description=describe(m),
        )
        out[m.id] = event
        if memo is not None:
            memo[id(m)] = (m, event)
    return out


def register_events(
    items: list[RegisterItem],
    uid_domain: str,
    url_of: Callable[[RegisterItem], str],
    describe: Callable[[RegisterItem], str],
) -> list[VEvent]:
    """One all-day VEVENT per item with a due date, on the date that holds now (the
    rescheduled one, if any), in the order given. Its UID is the item's, so that a calendar
    that subscribes moves the event when the date changes."""
    out: list[VEvent] = []
    for item in items:
        due = item.current_due
        if due is None:
            continue
        out.append(
            _all_day(
                f"register-{item.slug}@{uid_domain}",
                f"{item.id}: {item.title}",
                due,
                url_of(item),
                describe(item),
            )
        )
    return out


def action_events(
    actions: list[Action],
    uid_domain: str,
    url_of: Callable[[Action], str],
    describe: Callable[[Action], str],
    categories_of: Callable[[Action], list[str]],
    made: dict[int, tuple[ActionItem, VEvent]] | None = None,
) -> list[VEvent]:
    """One all-day VEVENT per open action with a due date, in the order given: its UID is the
    action's id, so that a subscribed calendar keeps one event per action; a closed action has
    none, and its event leaves the calendar at the next build. (Not VTODO: Google Calendar and
    iOS ignore it.)

    `made` keeps each action's event, for the calendars of its other owners and, kept by a
    dirty build's session as `events`'s memo is, for the next build: an action whose record
    was not read again is not written again.
    """
    out: list[VEvent] = []
    for a in actions:
        due = a.item.due
        if a.status != "open" or due is None:
            continue
        kept = made.get(id(a.item)) if made is not None else None
        event = kept[1] if kept is not None and kept[0] is a.item else None
        if event is None:
            event = _all_day(
                f"{a.id}@{uid_domain}",
                f"{a.id}: {a.item.text}",
                due,
                url_of(a),
                describe(a),
                [c for c in categories_of(a) if c],
            )
            if made is not None:
                made[id(a.item)] = (a.item, event)
        out.append(event)
    return out


def _all_day(
    uid: str,
    summary: str,
    day: dt.date,
    url: str,
    description: str,
    categories: list[str] | None = None,
) -> VEvent:
    """An all-day event on `day`, stamped with that day (DTSTAMP from the records, so that two
    builds of one commit are identical)."""
    return vevent(
        uid=uid,
        summary=summary,
        stamp=dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC),
        times=[("dtstart", day), ("dtend", _day_after(day))],
        location=None,
        url=url,
        description=description,
        categories=categories,
    )


def _day_after(day: dt.date) -> dt.date:
    """The end of an all-day event (exclusive), kept on the last day a date can hold."""
    return day + dt.timedelta(days=1) if day < dt.date.max else day


def _clean(value: str) -> str:
    """`value` without control characters, which a TEXT value may not hold (RFC 5545 §3.3.11).
    The core drops them from records and registries as it reads them (docs/format.md §9); the
    UID's domain and the site's name come from mkdocs.yml, which the core does not read. Most
    values are printable, and the test of that is quicker than the search."""
    return value if value.isprintable() else INVISIBLE.sub("", value)


def vevent(
    uid: str,
    summary: str,
    stamp: dt.datetime,
    times: list[tuple[str, dt.date]],
    location: str | None,
    url: str,
    description: str,
    categories: list[str] | None = None,
) -> VEvent:
    """The VEVENT the library writes for an `Event` with these properties added."""
    # The library's order: SUMMARY, DTSTART, DTEND, DTSTAMP, UID, then the others by name.
    lines = ["BEGIN:VEVENT", _text("summary", summary)]
    tzids: set[str] = set()
    for name, value in times:
        head, tzid, z = _head(name, isinstance(value, dt.datetime), getattr(value, "tzinfo", None))
        lines.append(head + _when(value) + z)
        if tzid:
            tzids.add(tzid)
    head, _, z = _head("dtstamp", True, stamp.tzinfo)
    lines += [head + _when(stamp) + z, _text("uid", uid)]
    if categories:
        lines.append("CATEGORIES:" + ",".join(escape(_clean(c)) for c in categories))
    lines.append(_text("description", description))
    if location:
        lines.append(_text("location", location))
    lines += ["URL:" + url, "END:VEVENT"]
    text = ("\r\n".join([fold(line) for line in lines]) + "\r\n").encode()
    return VEvent(text, frozenset(tzids))


def _text(name: str, value: str) -> str:
    return f"{name.upper()}:{escape(_clean(value))}"


def escape(value: str) -> str:
    """A TEXT value escaped as the library's `vText` escapes it (RFC 5545 §3.3.11): a written
    `\\N` read as a line break, then backslashes, semicolons and commas escaped, and each line
    break (CR LF, LF or a lone CR) written `\\n`. The order matters: each step must not
    escape what an earlier one wrote."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


@functools.lru_cache(maxsize=256)
def _head(name: str, timed: bool, tz: dt.tzinfo | None) -> tuple[str, str | None, str]:
    """How the library writes a DATE (or, `timed`, DATE-TIME) value of property `name` in
    time zone `tz`: what comes before the value (its name and parameters, up to the colon),
    the time zone it names (TZID), and what follows a time ('Z' in a zone it takes for UTC)."""
    sample = dt.datetime(2000, 1, 1, tzinfo=tz) if timed else dt.date(2000, 1, 1)
    event = icalendar.Event()
    event.add(name, sample)
    value: Any = event[name]
    written = value.to_ical().decode()
    line = str(event.content_line(name.upper(), value))
    z = written.removeprefix(_when(sample))
    return line[: len(line) - len(written)], value.params.get("TZID"), z


def _when(value: dt.date) -> str:
    """A DATE or DATE-TIME value as the library writes it (without the Z of UTC)."""
    if not isinstance(value, dt.datetime):
        return value.isoformat().replace("-", "")  # the year with its four digits
    day = value.date().isoformat().replace("-", "")
    return f"{day}T{value.hour:02}{value.minute:02}{value.second:02}"


def calendar(name: str, vevents: list[VEvent]) -> bytes:
    """A VCALENDAR of the given events, with the time zones they use: the calendar's head,
    its time zones and its events, as `to_ical` writes them once `add_missing_timezones`
    has run."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//minutes//meeting archive//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", INVISIBLE.sub("", name))  # the site name: from mkdocs.yml
    used = frozenset().union(*(e.tzids for e in vevents))
    zones = [z for z in (_timezone_bytes(tzid) for tzid in sorted(used - {"UTC"})) if z]
    head = bytes(cal.to_ical())
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + b"".join(zones) + b"".join(e.text for e in vevents) + end


@functools.lru_cache(maxsize=64)
def _timezone_bytes(tzid: str) -> bytes | None:
    """A VTIMEZONE as `add_missing_timezones` makes it; None for a zone it does not know."""
    try:
        return bytes(icalendar.Timezone.from_tzid(tzid).to_ical())
    except ValueError:
        return None


FOLD_OCTETS = 74  # RFC 5545 §3.1: at most 75 octets a line, as the library counts them


def fold(line: str) -> str:
    """A content line folded as the icalendar library folds it: each piece the longest that
    fits in `FOLD_OCTETS` UTF-8 octets, and a piece that would end with a backslash or a caret
    (the start of an escape) leaves it to the next."""
    if len(line) <= FOLD_OCTETS and line.isascii():  # most lines: one piece
        return line
    pieces: list[str] = []
    start, n = 0, len(line)
    while True:
        chunk = line[start : start + FOLD_OCTETS]
        k = len(chunk)
        if not chunk.isascii():
            k = octets = 0
            for char in chunk:
                octets += len(char.encode())
                if octets > FOLD_OCTETS:
                    break
                k += 1
        end = start + k
        if end >= n:
            pieces.append(line[start:])
            return "\r\n ".join(pieces)
        if k > 1 and line[end - 1] in "\\^":
            end -= 1
        pieces.append(line[start:end])
        start = end
