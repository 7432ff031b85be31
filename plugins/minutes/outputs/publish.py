"""Feeds and calendars of an edition: the files written beside the pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from minutes.aggregates.edition import Edition
from minutes.core.model import Action, Meeting, RegisterItem
from minutes.outputs.calendars import action_events, calendar, events, register_events
from minutes.outputs.feeds import Entry, atom, meeting_summary, meeting_time
from minutes.site import urls as u
from minutes.site.links import Links

FEED = "feed.xml"
CALENDAR = "calendar.ics"
REGISTER_CALENDAR = "register.ics"
FEED_LIMIT = 100


def series_calendar_path(sid: str) -> str:
    return f"calendars/{sid}.ics"


class Publisher:
    """Builds feed and calendar files of an edition, whose pages `links` names; `site_url`
    makes their links absolute when given."""

    def __init__(
        self,
        edition: Edition,
        links: Links,
        site_name: str,
        site_url: str | None,
        memo: dict[str, Any] | None = None,
    ) -> None:
        self.edition, self.archive, self.urls = edition, edition.archive, links.urls
        self.group_label, self.series_name = links.group_label, links.series_name
        # What a dirty build's session keeps from one build to the next (calendar events).
        self.memo = memo if memo is not None else {}
        self.site_name = site_name
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else ""
        host = urlsplit(self.site_url).hostname if self.site_url else None
        self.uid_domain = host or "minutes.invalid"

    def link(self, target: str, from_path: str) -> str:
        """A link to site address `target` from the file at `from_path`."""
        if self.site_url:
            return self.site_url + target
        return u.relative(from_path, target)

    def _id(self, address: str, fallback: str) -> str:
        return self.site_url + address if self.site_url else f"urn:minutes:{fallback}"

    def _meeting_url(self, m: Meeting) -> str:
        return self.urls.url(u.meeting_src(m))

    def _describe(self, m: Meeting) -> str:
        return meeting_summary(m, lambda pid: self.archive.person(pid).name, self.group_label)

    def files(self) -> dict[str, bytes]:
        """The site's feed and calendars: path in the site -> content."""
        out: dict[str, bytes] = {}
        meetings = self.archive.meetings
        newest = list(reversed(meetings))[:FEED_LIMIT]
        entries = [
            Entry(
                id=self._id(self._meeting_url(m), m.id),
                title=f"{_draft(m)}{m.title}, {m.date.day} {m.date:%B} {m.date.year}",
                link=self.link(self._meeting_url(m), FEED),
                updated=meeting_time(m),
                summary=self._describe(m),
            )
            for m in newest
        ]
        out[FEED] = atom(
            self._id(FEED, "feed"),
            self.site_name,
            self.link(FEED, FEED),
            self.link("", FEED),
            entries,
        ).encode()

        def url_of(m: Meeting) -> str:
            return self.site_url + self._meeting_url(m) if self.site_url else self._meeting_url(m)

        vevents = events(
            meetings, self.uid_domain, url_of, self._describe, self.memo.setdefault("events", {})
        )
        out[CALENDAR] = calendar(self.site_name, list(vevents.values()))
        for sid, series in self.archive.registry.series.items():
            of_series = [vevents[m.id] for m in meetings if m.series == sid]
            out[series_calendar_path(sid)] = calendar(series.name, of_series)
        register = self.archive.registry.register
        if register.items:  # an archive without a register has no register.ics
            due = register_events(
                list(register.items.values()),
                self.uid_domain,
                lambda i: self._absolute(u.register_item_src(i)),
                self._describe_item,
            )
            out[REGISTER_CALENDAR] = calendar(f"{self.site_name}: due dates", due)
        out.update(self.person_calendars())
        return out

    def person_calendars(self) -> dict[str, bytes]:
        """calendars/people/<id>.ics: for each person who owns open actions with a due date,
        one all-day event per action (an action of several owners is in each one's)."""
        open_actions, _ = self.edition.open_and_done
        owned: dict[str, list[Action]] = {}
        for a in sorted(open_actions, key=lambda a: (a.item.due or dt.date.max, a.id)):
            if a.item.due is not None:
                for pid in dict.fromkeys(a.item.owners):
                    owned.setdefault(pid, []).append(a)
        meeting_by_id = self.edition.meeting_by_id

        def url_of(a: Action) -> str:
            return self._absolute(u.meeting_src(meeting_by_id[a.item.meeting])) + "#" + a.id

        def describe(a: Action) -> str:
            m = meeting_by_id[a.item.meeting]
            owners = ", ".join(self.archive.person(pid).name for pid in a.item.owners)
            group = f", for {self.group_label(a.item.group)}" if a.item.group else ""
            return f"{a.item.text}\nRaised at {m.title}, {m.date.isoformat()}{group}." + (
                f"\nOwners: {owners}." if owners else ""
            )

        def categories_of(a: Action) -> list[str]:
            cats = [self.series_name(meeting_by_id[a.item.meeting].series)]
            return cats + ([self.group_label(a.item.group)] if a.item.group else [])

        out: dict[str, bytes] = {}
        # an action of several owners is written once; while serving, once a session
        made = self.memo.setdefault("action events", {})
        for pid in sorted(owned):
            name = f"{self.site_name}: actions of {self.archive.person(pid).name}"
            vevents = action_events(
                owned[pid], self.uid_domain, url_of, describe, categories_of, made
            )
            out[u.person_calendar(pid)] = calendar(name, vevents)
        return out

    def _absolute(self, src: str) -> str:
        """The address of a page, absolute when the site's address is known."""
        return self.site_url + self.urls.url(src)

    def _describe_item(self, item: RegisterItem) -> str:
        """A due date's event: what is due, from which work packages, and its state."""
        wps = ", ".join(self.group_label(g) for g in item.wp)
        text = f"{item.kind.capitalize()} {item.id}" + (f" of {wps}" if wps else "")
        if item.due is not None:
            text += f", due {_as_written(item.due, item.due_text)}"
        if item.rescheduled is not None:
            r = item.rescheduled
            text += f", rescheduled to {_as_written(r.due, r.due_text)}"
            text += f" ({r.reason})" if r.reason else ""
        return text + f". Status: {item.status}."

    def group_feeds(self, report_html: Callable[[str, str], str | None]) -> dict[str, bytes]:
        """Each group's feed of reports; `report_html(key, page_url)` gives a rendered report."""
        out: dict[str, bytes] = {}
        for gid, timeline in self.edition.timelines.items():
            path = u.group_feed(gid)
            page_url = self.urls.url(u.group_src(gid))
            label = self.group_label(gid)
            group_entries = []
            for e in timeline[:FEED_LIMIT]:
                m = e.meeting
                html = "\n".join(
                    report_html(f"{m.id}#{r.anchor}", page_url) or "" for r in e.reports
                )
                text = _plain(html) or "No report recorded."
                group_entries.append(
                    Entry(
                        id=self._id(
                            self._meeting_url(m) + "#" + e.reports[0].anchor, f"{m.id}:{gid}"
                        ),
                        title=f"{_draft(m)}{label}: {m.title}, "
                        f"{m.date.day} {m.date:%B} {m.date.year}",
                        link=self.link(self._meeting_url(m) + "#" + e.reports[0].anchor, path),
                        updated=meeting_time(m),
                        summary=text[:400],
                        content_html=html or None,
                    )
                )
            out[path] = atom(
                self._id(path, f"group:{gid}"),
                f"{label}: {self.site_name}",
                self.link(path, path),
                self.link(page_url, path),
                group_entries,
            ).encode()
        return out


def _draft(m: Meeting) -> str:
    """The mark of a draft's feed entry (docs/format.md §7.1)."""
    return "[Draft] " if m.status == "draft" else ""


def _as_written(date: dt.date, text: str | None) -> str:
    """A due date, with the project month it was written as: '2016-08-31 (M12)'."""
    return date.isoformat() + (f" ({text})" if text and text != date.isoformat() else "")


def _plain(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text).strip()
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )
