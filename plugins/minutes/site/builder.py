"""Everything the site adds to the docs: the generated pages, as Markdown, from one edition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from minutes import aggregates as agg
from minutes.core.archive import Archive
from minutes.core.model import Action, Meeting
from minutes.core.problems import Problem
from minutes.site import urls as u
from minutes.site.chart import attendance_chart
from minutes.site.fragments import html_marker, report_placeholder, restore_html
from minutes.site.meeting_page import render_body
from minutes.site.pages import (
    ALL,
    ErrorPage,
    GroupPage,
    IndexPage,
    MeetingPage,
    Page,
    PersonPage,
    group_key,
    meeting_key,
    person_key,
)
from minutes.site.templating import make_env

_BODY_TOKEN = "\x00minutes-body\x00"


@dataclass
class SiteBuilder:
    archive: Archive
    urls: u.Urls = field(default_factory=u.Urls)
    today: dt.date = field(default_factory=dt.date.today)
    template_dirs: Iterable[Path] = ()
    env: jinja2.Environment = field(init=False)
    meeting_by_id: dict[str, Meeting] = field(init=False)

    def __post_init__(self) -> None:
        # The incremental build answers with the page of the previous build when nothing the
        # page is made of has changed (adapters/plugin.py); a full build never reuses.
        self.reuse: Callable[[str, frozenset[str]], Page | None] = lambda src, inputs: None
        self.html_blocks: dict[str, list[str]] = {}
        self.env = make_env(self.template_dirs)
        self.meeting_by_id = {m.id: m for m in self.archive.meetings}

    # aggregates, computed once and shared by pages, data files and feeds -----------------
    @cached_property
    def reports(self) -> dict[str, list[agg.Report]]:
        return agg.all_reports(self.archive)

    @cached_property
    def timelines(self) -> dict[str, list[agg.TimelineEntry]]:
        return agg.group_timelines(self.archive, self.reports)

    @cached_property
    def people_records(self) -> dict[str, agg.PersonRecord]:
        return agg.people_records(self.archive, self.reports)

    # links -------------------------------------------------------------------------------
    def person_link(self, pid: str, src: str, affiliation: bool = False) -> Markup:
        p = self.archive.person(pid)
        href = self.urls.rel(src, u.person_src(pid))
        aff = (
            f' <span class="minutes-affiliation">({escape(p.affiliation)})</span>'
            if affiliation and p.affiliation
            else ""
        )
        return Markup(f'<a class="minutes-person" href="{escape(href)}">{escape(p.name)}</a>{aff}')

    def group_link(self, gid: str, src: str) -> Markup:
        g = self.archive.registry.groups.get(gid)
        name = g.aliases[0] if g and g.aliases else (g.name if g else gid)
        title = g.name if g else gid
        href = self.urls.rel(src, u.group_src(gid))
        return Markup(
            f'<a class="minutes-group" href="{escape(href)}" title="{escape(title)}">'
            f"{escape(name)}</a>"
        )

    def group_label(self, gid: str) -> str:
        g = self.archive.registry.groups.get(gid)
        return (g.aliases[0] if g.aliases else g.name) if g else gid

    def series_name(self, sid: str) -> str:
        s = self.archive.registry.series.get(sid)
        return s.name if s else sid

    def _helpers(self, src: str) -> dict[str, object]:
        people = self.archive.people
        groups = self.archive.registry.groups
        return {
            "today": self.today,
            "meeting": self.meeting_by_id.__getitem__,
            "series_name": self.series_name,
            "group_label": self.group_label,
            "group_src": u.group_src,
            "person_src": u.person_src,
            "percent": lambda r: "" if r is None else f"{round(r * 100)}%",
            "age": lambda a: (self.today - self.meeting_by_id[a.item.meeting].date).days,
            "person": lambda pid, affiliation=False: self.person_link(pid, src, affiliation),
            "group": lambda gid: self.group_link(gid, src),
            "person_name": lambda pid: people[pid].name if pid in people else pid,
            "group_name": lambda gid: (
                (groups[gid].aliases or [groups[gid].name])[0] if gid in groups else gid
            ),
            "meeting_url": lambda m, anchor=None: self.urls.rel(src, u.meeting_src(m), anchor),
            "link_index": lambda section, anchor=None: self.urls.rel(
                src, u.index_src(section), anchor
            ),
            "url": lambda to_src, anchor=None: self.urls.rel(src, to_src, anchor),
            "report_placeholder": lambda key: Markup(report_placeholder(key)),
        }

    def render(self, template: str, src: str, **context: object) -> str:
        """A page's Markdown from its template. Except on meeting pages, every block of raw
        HTML is set aside and replaced by a marker: Markdown has nothing to do with it, and
        parsing large tables as raw HTML is the slowest part of Python-Markdown."""
        body = context.pop("body", None)
        if body is not None:  # the record's own Markdown is left as it is
            context["body"] = _BODY_TOKEN
        text = self.env.get_template(template).render(**self._helpers(src), **context)
        text = self._set_aside_html(src, text)
        return text if body is None else text.replace(_BODY_TOKEN, str(body), 1)

    def set_aside(self, src: str, html: str) -> str:
        """Keep one block of raw HTML out of Markdown; returns the marker that stands for it."""
        kept = self.html_blocks.setdefault(src, [])
        kept.append(html)
        return html_marker(len(kept) - 1)

    def _set_aside_html(self, src: str, text: str) -> str:
        blocks = text.split("\n\n")
        kept = self.html_blocks.setdefault(src, [])
        for i, block in enumerate(blocks):
            body = block.strip("\n")
            if body.startswith("<") and not body.startswith("<!--"):
                blocks[i] = html_marker(len(kept))
                kept.append(body)
        return "\n\n".join(blocks)

    def restore_html(self, src: str, html: str) -> str:
        """A rendered page's HTML with its set-aside blocks put back."""
        blocks = self.html_blocks.get(src)
        return restore_html(html, blocks) if blocks else html

    # pages -------------------------------------------------------------------------------
    def meeting_page(self, m: Meeting) -> Page:
        src = u.meeting_src(m)
        inputs = frozenset({meeting_key(m.id)})
        if (kept := self.reuse(src, inputs)) is not None:
            return kept
        series = self.archive.registry.series.get(m.series)
        members = series.members if series else []
        absent = [p for p in members if p not in m.present and p not in m.apologies]
        md = self.render(
            "meeting.md",
            src,
            m=m,
            absent=absent,
            body=render_body(self, m, src),
        )
        return MeetingPage(src=src, markdown=md, meeting=m, inputs=inputs)

    def error_page(self, src: str, record: Path, rel: str, problems: list[Problem]) -> ErrorPage:
        """The page that stands for a broken record while serving."""
        md = self.render("error.md", src, rel=rel, problems=problems)
        return ErrorPage(src=src, markdown=md, record=record, inputs=ALL)

    def meetings_index(self) -> IndexPage:
        src = u.index_src(u.MEETINGS)
        series_list = []
        by_series: dict[str, list[Meeting]] = {}
        for m in self.archive.meetings:
            by_series.setdefault(m.series, []).append(m)
        for sid, series in self.archive.registry.series.items():
            meetings = sorted(by_series.get(sid, []), key=lambda m: m.sort_key, reverse=True)
            if not meetings:
                continue
            years = [(y, list(ms)) for y, ms in groupby(meetings, key=lambda m: m.date.year)]
            series_list.append((series, years))
        md = self.render("meetings_index.md", src, series_list=series_list)
        return IndexPage(src=src, markdown=md)

    def groups_pages(self) -> Iterator[Page]:
        timelines = self.timelines
        by_kind: dict[str, list[tuple[object, int, Meeting | None]]] = {}
        for gid, g in self.archive.registry.groups.items():
            tl = timelines.get(gid, [])
            by_kind.setdefault(g.kind, []).append((g, len(tl), tl[0].meeting if tl else None))
        src = u.index_src(u.GROUPS)
        md = self.render("groups_index.md", src, by_kind=sorted(by_kind.items()))
        yield IndexPage(src=src, markdown=md)
        for gid, g in self.archive.registry.groups.items():
            src = u.group_src(gid)
            if (kept := self.reuse(src, frozenset({group_key(gid)}))) is not None:
                yield kept
                continue
            timeline = timelines.get(gid, [])
            years = [
                (y, list(es)) for y, es in groupby(timeline, key=lambda e: e.meeting.date.year)
            ]
            md = self.render(
                "group.md",
                src,
                g=g,
                label=self.group_label(gid),
                timeline=timeline,
                years=years,
                feeds=self.group_feeds(gid, src),
            )
            yield GroupPage(
                src=src,
                markdown=md,
                group=gid,
                label=self.group_label(gid),
                feed_path=u.group_feed(gid),
                inputs=frozenset({group_key(gid)}),
            )

    def group_feeds(self, gid: str, src: str) -> list[tuple[str, str]]:
        """(name, link) of the feeds a group page offers."""
        return [("Atom feed of its reports", u.relative(self.urls.url(src), u.group_feed(gid)))]

    def people_pages(self) -> Iterator[Page]:
        records = self.people_records
        people = sorted(self.archive.people.values(), key=lambda p: (p.name.casefold(), p.id))
        rows = []
        for p in people:
            r = records[p.id]
            rows.append((p, r, sum(1 for a in r.actions if a.status == "open")))
        src = u.index_src(u.PEOPLE)
        yield IndexPage(src=src, markdown=self.render("people_index.md", src, people=rows))
        for p in people:
            r = records[p.id]
            src = u.person_src(p.id)
            if (kept := self.reuse(src, frozenset({person_key(p.id)}))) is not None:
                yield kept
                continue
            open_ = self._sorted_open([a for a in r.actions if a.status == "open"])
            done = [a for a in r.actions if a.status == "done"]
            md = self.render("person.md", src, p=p, r=r, open=open_, done=done)
            inputs = frozenset({person_key(p.id)})
            yield PersonPage(src=src, markdown=md, person=p.id, inputs=inputs)

    def _sorted_open(self, actions: list[Action]) -> list[Action]:
        return sorted(actions, key=lambda a: (not a.overdue(self.today), a.item.due or dt.date.max))

    def attendance_page(self) -> IndexPage:
        tables = agg.attendance(self.archive)
        by_series = []
        for sid, ts in groupby(tables, key=lambda t: t.series):
            series_tables = list(ts)
            meetings = [m for t in series_tables for m in t.meetings]
            chart = attendance_chart(self.series_name(sid), meetings)
            by_series.append((sid, chart, series_tables))
        src = u.index_src(u.ATTENDANCE)
        md = self.render("attendance.md", src, tables=tables, by_series=by_series)
        return IndexPage(src=src, markdown=md)

    def actions_page(self) -> IndexPage:
        open_ = agg.open_actions(self.archive, self.today)
        done = agg.done_actions(self.archive)
        by_owner: dict[str, list[Action]] = {}
        by_group: dict[str, list[Action]] = {}
        for a in open_ + done:
            for pid in a.item.owners:
                by_owner.setdefault(pid, []).append(a)
            if a.item.group:
                by_group.setdefault(a.item.group, []).append(a)
        people = self.archive.people
        owner_ids = sorted(by_owner, key=lambda p: people[p].name.casefold() if p in people else p)
        group_ids = [g for g in self.archive.registry.groups if g in by_group]
        src = u.index_src(u.ACTIONS)
        md = self.render(
            "actions.md",
            src,
            open=open_,
            done=done,
            overdue=sum(1 for a in open_ if a.overdue(self.today)),
            by_owner=[(p, by_owner[p]) for p in owner_ids],
            by_group=[(g, by_group[g]) for g in group_ids],
            owner_ids=owner_ids,
            group_ids=group_ids,
        )
        return IndexPage(src=src, markdown=md)

    def decisions_page(self) -> IndexPage:
        decisions = agg.decisions_newest_first(self.archive)
        used = {d.group for d in decisions}
        group_ids = [g for g in self.archive.registry.groups if g in used]
        src = u.index_src(u.DECISIONS)
        md = self.render("decisions.md", src, decisions=decisions, group_ids=group_ids)
        return IndexPage(src=src, markdown=md)

    def pages(self) -> Iterator[Page]:
        """Every page of the edition, index pages first."""
        yield self.meetings_index()
        yield from self.groups_pages()
        yield from self.people_pages()
        yield self.attendance_page()
        yield self.actions_page()
        yield self.decisions_page()
        for m in self.archive.meetings:
            yield self.meeting_page(m)
