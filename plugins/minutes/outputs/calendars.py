"""iCalendar files (RFC 5545) of the meetings, written with the icalendar library."""

from __future__ import annotations

import datetime as dt
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
    name: str, vevents: list[icalendar.Event], serialized: dict[int, bytes] | None = None
) -> bytes:
    """A VCALENDAR of the given events, with the time zones they use.

    An event in several calendars (the site's and its series') is folded into text once:
    `serialized` keeps each event's bytes by identity, and the calendar is its head, the
    components' bytes in the library's order, and its end, as `to_ical` would write them.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//minutes//meeting archive//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in vevents:
        cal.add_component(event)
    cal.add_missing_timezones()
    if serialized is None:
        return bytes(cal.to_ical())
    parts = []
    for component in cal.subcomponents:
        if not isinstance(component, icalendar.Event):  # this calendar's own time zones
            parts.append(bytes(component.to_ical()))
            continue
        key = id(component)  # the caller keeps the events alive, so ids stay theirs
        if key not in serialized:
            serialized[key] = bytes(component.to_ical())
        parts.append(serialized[key])
    components, cal.subcomponents = cal.subcomponents, []
    head = bytes(cal.to_ical())
    cal.subcomponents = components
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + b"".join(parts) + end
