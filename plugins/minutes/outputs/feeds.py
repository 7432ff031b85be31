"""Atom feeds (RFC 4287): the meetings of an edition, and each group's reports."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from minutes.core.files import INVISIBLE
from minutes.core.model import Meeting

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: dt.datetime
    summary: str
    content_html: str | None = None


def meeting_time(m: Meeting) -> dt.datetime:
    """When a meeting started (midnight when no start time is recorded), time zone aware."""
    hour, minute = (int(x) for x in (m.start or "00:00").split(":"))
    tz = zoneinfo.ZoneInfo(m.timezone)
    return dt.datetime(m.date.year, m.date.month, m.date.day, hour, minute, tzinfo=tz)


def atom(feed_id: str, title: str, self_link: str, site_link: str, entries: list[Entry]) -> str:
    """An Atom document; `updated` is the newest entry's, so a rebuild changes nothing."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    updated = max((e.updated for e in entries), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    _text(feed, "updated", _iso(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_link)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site_link)
    _text(feed, "generator", "minutes")
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", e.id)
        _text(entry, "title", e.title)
        _text(entry, "updated", _iso(e.updated))
        link = xml_text(e.link)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=link)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", title)
        _text(entry, "summary", e.summary)
        if e.content_html is not None:
            content = _text(entry, "content", e.content_html)
            content.set("type", "html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def meeting_summary(
    m: Meeting, person_name: Callable[[str], str], group_label: Callable[[str], str]
) -> str:
    parts = []
    if m.chair:
        parts.append(f"Chair: {person_name(m.chair)}.")
    parts.append(f"Present: {len(m.present)}.")
    if m.apologies:
        parts.append(f"Apologies: {len(m.apologies)}.")
    if m.groups:
        parts.append("On the agenda: " + ", ".join(group_label(g) for g in m.groups) + ".")
    if m.decisions:
        parts.append(" ".join(f"Decision: {d.text}" for d in m.decisions))
    actions = m.actions
    if actions:
        parts.append(f"{len(actions)} new action{'s' if len(actions) != 1 else ''}.")
    return " ".join(parts)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = xml_text(text)
    return el


def to_utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC, held at the ends of the calendar (0001-01-01 in UTC+1 is year 0)."""
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        edge = dt.datetime.min if moment.year == dt.MINYEAR else dt.datetime.max
        return edge.replace(tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    u = to_utc(moment)  # %Y writes year 1 as "1": RFC 3339 wants four digits
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids, nor those it allows but no reader sees.

    The core drops them from records and registries as it reads them (docs/format.md §9);
    what else a feed holds (the site's name, addresses) is cleaned here all the same: C0
    controls and U+FFFE/U+FFFF are not XML at all, DEL, C1 controls and non-characters are
    legal but invisible (XML 1.0 §2.2 discourages them).
    """
    return INVISIBLE.sub("", text)
