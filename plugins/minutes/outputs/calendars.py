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
) -> dict[str, icalendar.Event]:
    """One VEVENT per meeting, by meeting id; meetings without a start are all-day events."""
    out: dict[str, icalendar.Event] = {}
    for m in meetings:
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
    return out


def calendar(name: str, vevents: list[icalendar.Event]) -> bytes:
    """A VCALENDAR of the given events, with the time zones they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//minutes//meeting archive//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in vevents:
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
