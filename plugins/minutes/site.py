"""Everything the site adds to the docs: the generated pages, as Markdown, from one edition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import urls as u
from .archive import Archive
from .meeting_page import render_body
from .model import Meeting
from .templating import make_env


@dataclass
class GeneratedPage:
    """A page the plugin adds: its source path, Markdown, and whether it belongs in the nav."""

    src: str
    markdown: str
    in_nav: bool = False
    meeting: Meeting | None = None


@dataclass
class SiteBuilder:
    archive: Archive
    urls: u.Urls = field(default_factory=u.Urls)
    today: dt.date = field(default_factory=dt.date.today)
    template_dirs: Iterable[Path] = ()
    env: jinja2.Environment = field(init=False)
    meeting_by_id: dict[str, Meeting] = field(init=False)

    def __post_init__(self) -> None:
        self.env = make_env(self.template_dirs)
        self.meeting_by_id = {m.id: m for m in self.archive.meetings}

    # links -------------------------------------------------------------------------------
    def src_of(self, meeting: Meeting) -> str:
        return u.meeting_src(meeting)

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

    def _helpers(self, src: str) -> dict[str, object]:
        people = self.archive.people
        groups = self.archive.registry.groups
        return {
            "person": lambda pid, affiliation=False: self.person_link(pid, src, affiliation),
            "group": lambda gid: self.group_link(gid, src),
            "person_name": lambda pid: people[pid].name if pid in people else pid,
            "group_name": lambda gid: (
                (groups[gid].aliases or [groups[gid].name])[0] if gid in groups else gid
            ),
            "meeting_url": lambda m: self.urls.rel(src, u.meeting_src(m)),
            "link_index": lambda section, anchor=None: self.urls.rel(
                src, u.index_src(section), anchor
            ),
            "url": lambda to_src, anchor=None: self.urls.rel(src, to_src, anchor),
        }

    def render(self, template: str, src: str, **context: object) -> str:
        return self.env.get_template(template).render(**self._helpers(src), **context)

    # pages -------------------------------------------------------------------------------
    def meeting_page(self, m: Meeting) -> GeneratedPage:
        src = u.meeting_src(m)
        series = self.archive.registry.series.get(m.series)
        members = series.members if series else []
        absent = [p for p in members if p not in m.present and p not in m.apologies]
        md = self.render(
            "meeting.md", src, m=m, series_name=series.name if series else m.series,
            absent=absent, body=render_body(self, m, src),
        )
        return GeneratedPage(src, md, meeting=m)

    def meetings_index(self) -> GeneratedPage:
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
        return GeneratedPage(src, self.render("meetings_index.md", src, series_list=series_list),
                             in_nav=True)

    def pages(self) -> Iterator[GeneratedPage]:
        """Every page of the edition, index pages first."""
        yield self.meetings_index()
        for m in self.archive.meetings:
            yield self.meeting_page(m)
