"""iCalendar files (RFC 5545) of the meetings, written with the icalendar library."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import icalendar

from minutes.core.model import Meeting
from minutes.outputs.feeds import meeting_time, to_utc


def events(
    meetings: list[Meeting],
    uid_domain: str,
    url_of: Callable[[Meeting], str],
    describe: Callable[[Meeting], str],
    memo: dict[int, tuple[Meeting, icalendar.Event]] | None = None,
) -> dict[str, icalendar.Event]:
    """One VEVENT per meeting, by meeting id; meetings without a start are all-day events.

    With a `memo` (kept by a dirty build's session, whose names and addresses do not change
    while it lasts), a meeting read again is the only one whose event is made again.
    """
    out: dict[str, icalendar.Event] = {}
    for m in meetings:
        kept = memo.get(id(m)) if memo is not None else None
        if kept is not None and kept[0] is m:
            out[m.id] = kept[1]
            continue
        event = icalendar.Event()
        event.add("uid", f"{m.id}@{uid_domain}")
        event.add("summary", m.title)
        start = meeting_time(m)
        # DTSTAMP from the record itself, so that two builds of one commit are identical.
        event.add("dtstamp", to_utc(start))
        if m.start:
            event.add("dtstart", start)
            if m.end:
                hour, minute = (int(x) for x in m.end.split(":"))
                event.add("dtend", start.replace(hour=hour, minute=minute))
        else:
            event.add("dtstart", m.date)
            event.add("dtend", m.date + dt.timedelta(days=1) if m.date < dt.date.max else m.date)
        if m.location:
            event.add("location", m.location)
        event.add("url", url_of(m))
        event.add("description", describe(m))
        out[m.id] = event
        if memo is not None:
            memo[id(m)] = (m, event)
    return out


def calendar(
    name: str,
    vevents: list[icalendar.Event],
    serialized: dict[int, tuple[bytes, frozenset[str]]] | None = None,
) -> bytes:
    """A VCALENDAR of the given events, with the time zones they use.

    An event in several calendars (the site's and its series') is folded into text once:
    `serialized` keeps each event's bytes and time zones by identity, and the calendar is its
    head, the time zones, the events' bytes and its end, as `to_ical` writes them once
    `add_missing_timezones` has run.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//minutes//meeting archive//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if serialized is None:
        for event in vevents:
            cal.add_component(event)
        cal.add_missing_timezones()
        return bytes(cal.to_ical())
    used: set[str] = set()
    parts = []
    for event in vevents:
        key = id(event)  # the caller keeps the events alive, so ids stay theirs
        kept = serialized.get(key)
        if kept is None:
            kept = serialized[key] = (event_bytes(event), _tzids(event))
        parts.append(kept[0])
        used |= kept[1]
    zones = [z for z in (_timezone_bytes(tzid) for tzid in sorted(used - {"UTC"})) if z]
    head = bytes(cal.to_ical())
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + b"".join(zones) + b"".join(parts) + end


def _tzids(event: icalendar.Event) -> frozenset[str]:
    """The time zones an event's values name (what `Calendar.get_used_tzids` collects)."""
    return frozenset(
        v.params["TZID"] for v in event.values() if hasattr(v, "params") and "TZID" in v.params
    )


@functools.lru_cache(maxsize=64)
def _timezone_bytes(tzid: str) -> bytes | None:
    """A VTIMEZONE as `add_missing_timezones` makes it; None for a zone it does not know."""
    try:
        return bytes(icalendar.Timezone.from_tzid(tzid).to_ical())
    except ValueError:
        return None


def event_bytes(event: icalendar.Event) -> bytes:
    """`event.to_ical()`, with its lines folded by `fold`: the library folds every line one
    character at a time, the larger part of writing the calendars of a large archive."""
    return b"".join(fold(line).encode() + b"\r\n" for line in event.content_lines() if line)


FOLD_OCTETS = 74  # RFC 5545 §3.1: at most 75 octets a line, as the library counts them


def fold(line: str) -> str:
    """A content line folded as the icalendar library folds it: each piece the longest that
    fits in `FOLD_OCTETS` UTF-8 octets, and a piece that would end with a backslash or a caret
    (the start of an escape) leaves it to the next."""
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
