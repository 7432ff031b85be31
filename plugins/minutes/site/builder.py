"""Everything the site adds to the docs: the generated pages, as Markdown, from one edition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import TypeVar

import jinja2
from markupsafe import Markup

from minutes import aggregates as agg
from minutes.core.archive import Archive
from minutes.core.model import Action, Decision, Meeting
from minutes.core.problems import Problem
from minutes.site import partition as P
from minutes.site import rows as R
from minutes.site import urls as u
from minutes.site.chart import attendance_chart
from minutes.site.fragments import html_marker, report_placeholder, restore_html
from minutes.site.meeting_page import meeting_head, render_body
from minutes.site.pages import (
    ALL,
    ErrorPage,
    GroupPage,
    IndexPage,
    MeetingPage,
    Page,
    PartPage,
    PersonPage,
    group_key,
    meeting_key,
    person_key,
)
from minutes.site.templating import PACKAGE_TEMPLATES, esc, make_env, markdown_text

_BODY_TOKEN = "\x00minutes-body\x00"
T = TypeVar("T")
# The key of the pages that link to the year parts of actions/ (person pages): the layout
# changes when a year moves from the first page to a part of its own.
ACTIONS_LAYOUT = "layout:actions"


_DONE = Markup('<span class="minutes-status minutes-done">done</span>')
_OVERDUE = Markup('<span class="minutes-status minutes-overdue">overdue</span>')
_OPEN = Markup('<span class="minutes-status minutes-open">open</span>')

# What the first page of each long page holds at most (docs/format.md §10): the newest years
# that fit, each older year being a part of its own, so that no page grows with the archive.
MEETINGS_PER_SERIES = 100  # meetings of one series on meetings/
GROUP_ENTRIES = 100  # meetings on a group's first page
ATTENDANCE_CELLS = 600  # person x meeting cells of one series' matrices on attendance/
ACTIONS = 400  # actions on actions/ and in each of its parts
DECISIONS = 400  # decisions on decisions/
PERSON_ITEMS = 200  # meetings, reports and actions detailed on a person's page


@dataclass
class Part:
    """A link to one part of a long page: the years it covers, its rows, its source."""

    years: list[int]
    count: int | None  # rows in it; None on the parts themselves (see `plain`)
    src: str

    @property
    def label(self) -> str:
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[-1]}–{self.years[0]}"


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
        # What each family of year parts shares (its links, its filters): a page that shows
        # it names its key among its inputs; the incremental build compares the values.
        self.layout_values: dict[str, object] = {}
        self.html_blocks: dict[str, list[str]] = {}
        self._links: dict[tuple[str, str, bool, str], Markup] = {}
        self._templates: dict[str, jinja2.Template] = {}
        self._meeting_addresses: dict[str, str] = {}
        self.meeting_heads: dict[str, tuple[str, str]] = {}  # rows.timeline_entry's
        self._here_src, self._here_parts = "", ("", "", "")
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
    def meeting_href(self, src: str, m: Meeting, anchor: str | None = None) -> str:
        """A link from page `src` to meeting `m`'s page (or to an anchor of it)."""
        target = self._meeting_addresses.get(m.id)
        if target is None:  # each meeting page's address, made once: thousands of rows link
            target = self._meeting_addresses[m.id] = self.urls.url(u.meeting_src(m))
        link = u.relative_from(*self._here(src), target)
        return f"{link}#{anchor}" if anchor else link

    def _here(self, src: str) -> tuple[str, str, str]:
        """Page `src`'s address, its top folder and its way up to the root, kept for the page
        being made: it links again and again."""
        if src != self._here_src:
            here = self.urls.url(src)
            self._here_src, self._here_parts = src, (here, *u.way_up(here))
        return self._here_parts

    def _cached_links(
        self,
        section: str,
        keys: Iterable[str],
        affiliation: bool,
        src: str,
        make: Callable[[str, str, bool], Markup],
    ) -> list[Markup]:
        """Links to pages of `section`, each made once per depth: a link from a page outside
        that section only climbs to the root, the same from every page as deep (thousands of
        pages name the same people and groups)."""
        base, links = self._link_base(src, section), self._links
        out = []
        for key in keys:
            link = links.get((section, key, affiliation, base))
            if link is None:
                link = links[(section, key, affiliation, base)] = make(key, src, affiliation)
            out.append(link)
        return out

    def _link_base(self, src: str, section: str) -> str:
        """What a link from page `src` into `section` depends on besides its target: its way
        up to the root, unless `src` is in that section itself."""
        _, top, up = self._here(src)
        return src if top == section + "/" else up

    def person_link(self, pid: str, src: str, affiliation: bool = False) -> Markup:
        return self._cached_links(u.PEOPLE, [pid], affiliation, src, self._person_link)[0]

    def _person_link(self, pid: str, src: str, affiliation: bool) -> Markup:
        p = self.archive.person(pid)
        href = self.urls.rel(src, u.person_src(pid))
        aff = (
            f' <span class="minutes-affiliation">({esc(p.affiliation)})</span>'
            if affiliation and p.affiliation
            else ""
        )
        return Markup(f'<a class="minutes-person" href="{esc(href)}">{esc(p.name)}</a>{aff}')

    def group_link(self, gid: str, src: str) -> Markup:
        return self._cached_links(u.GROUPS, [gid], False, src, self._group_link)[0]

    def _group_link(self, gid: str, src: str, _affiliation: bool = False) -> Markup:
        g = self.archive.registry.groups.get(gid)
        name = g.aliases[0] if g and g.aliases else (g.name if g else gid)
        title = g.name if g else gid
        href = self.urls.rel(src, u.group_src(gid))
        return Markup(
            f'<a class="minutes-group" href="{esc(href)}" title="{esc(title)}">'
            f"{esc(name)}</a>"
        )

    # The pieces below are HTML (already escaped) as plain strings, for the rows that hold
    # them; the templates' helpers mark them safe.
    def people_links(self, pids: Iterable[str], src: str, affiliation: bool = False) -> str:
        """Links to these people's pages, separated by commas (empty for none)."""
        return ", ".join(self._cached_links(u.PEOPLE, pids, affiliation, src, self._person_link))

    def group_links(self, gids: Iterable[str], src: str) -> str:
        """Links to these groups' pages, separated by commas (empty for none)."""
        return ", ".join(self._cached_links(u.GROUPS, gids, False, src, self._group_link))

    def action_link(self, a: Action, src: str) -> str:
        """An action's id, linked to the action where it was raised."""
        href = self.meeting_href(src, self.meeting_by_id[a.item.meeting], a.id)
        return f'<a class="minutes-action-id" href="{esc(href)}">{esc(a.id)}</a>'

    def owners(self, a: Action, src: str) -> str:
        """An action's owners, linked, or a note that it has none."""
        if not a.item.owners:
            return '<span class="minutes-none">no owner</span>'
        return self.people_links(a.item.owners, src)

    def status(self, a: Action) -> Markup:
        """An action's status badge: done, overdue or open."""
        if a.status == "done":
            return _DONE
        return _OVERDUE if a.overdue(self.today) else _OPEN

    def parts_nav(self, parts: list[Part], here: str, what: str) -> Markup:
        """The links to the parts of a long page, this one marked (none on a page in one
        part)."""
        if not (len(parts) > 1 or (parts and parts[0].src != here)):
            return Markup("")
        bits = []
        for p in parts:
            years = " ".join(str(y) for y in p.years)
            if p.src == here:
                bit = f'<strong data-years="{years}" aria-current="page">{esc(p.label)}</strong>'
            else:
                href = esc(self.urls.rel(here, p.src))
                bit = f'<a href="{href}" data-years="{years}">{esc(p.label)}</a>'
            if p.count is not None:
                bit += f' <span class="minutes-none">({p.count})</span>'
            bits.append(bit)
        return Markup(f'<p class="minutes-parts">{esc(what)}: {" · ".join(bits)}</p>\n')

    def person_name(self, pid: str) -> str:
        return self.archive.person(pid).name

    def part_heading(self, title: str, first: str, here: str, back: str) -> Markup:
        """The heading of one part of a long page, and the link back to its first page."""
        link = f'<a href="{esc(self.urls.rel(here, first))}">{esc(back)}</a>'
        return Markup(f'# {markdown_text(title)}\n\n<p class="minutes-up">{link}</p>')

    def group_label(self, gid: str) -> str:
        g = self.archive.registry.groups.get(gid)
        return (g.aliases[0] if g.aliases else g.name) if g else gid

    def series_name(self, sid: str) -> str:
        s = self.archive.registry.series.get(sid)
        return s.name if s else sid

    def _helpers(self, src: str) -> dict[str, object]:
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
            "meeting_facts": lambda m, absent: Markup(R.meeting_facts(self, m, absent, src)),
            "search_meta": lambda m: Markup(R.search_meta(self, m)),
            # One call for all the rows of a table or list, each row followed by a newline
            # (a call from a template costs more than most rows); then one call per row, for
            # templates a site overrides.
            "timeline_entries": lambda entries: R.each(R.timeline_entry, self, entries, src, ""),
            "meeting_index_rows": lambda ms: R.each(R.meeting_index_row, self, ms, src),
            "attendance_rows": lambda rows: R.each(R.attendance_row, self, rows, src),
            "attendance_head": lambda ms: R.each(R.attendance_head, self, ms, src, ""),
            "meeting_items": lambda ms: R.each(R.meeting_item, self, ms, src),
            "report_items": lambda reps: R.each(R.report_item, self, reps, src),
            "owned_action_rows": lambda acts: R.each(R.owned_action_row, self, acts, src),
            "action_log": lambda acts: R.each(R.action_log_row, self, acts, src),
            "decision_rows": lambda ds: R.each(R.decision_row, self, ds, src),
            "timeline_entry": lambda e: Markup(R.timeline_entry(self, e, src)),
            "meeting_index_row": lambda m: Markup(R.meeting_index_row(self, m, src)),
            "attendance_row": lambda row: Markup(R.attendance_row(self, row, src)),
            "meeting_item": lambda m: Markup(R.meeting_item(self, m, src)),
            "report_item": lambda rep: Markup(R.report_item(self, rep, src)),
            "owned_action_row": lambda a: Markup(R.owned_action_row(self, a, src)),
            "action_log_row": lambda a: Markup(R.action_log_row(self, a, src)),
            "action_ref": lambda a: Markup(self.action_link(a, src)),
            "action_owners": lambda a: Markup(self.owners(a, src)),
            "action_status": self.status,
            "parts_links": self.parts_nav,
            "part_head": self.part_heading,
            "group": lambda gid: self.group_link(gid, src),
            "person_name": self.person_name,
            "group_name": self.group_label,
            "meeting_url": lambda m, anchor=None: self.meeting_href(src, m, anchor),
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
        text = self._template(template).render(**self._helpers(src), **context)
        text = self._set_aside_html(src, text)
        return text if body is None else text.replace(_BODY_TOKEN, str(body), 1)

    def _template(self, name: str) -> jinja2.Template:
        tpl = self._templates.get(name)
        if tpl is None:  # once a build: asking the environment checks the file each time
            tpl = self._templates[name] = self.env.get_template(name)
        return tpl

    def set_aside(self, src: str, html: str) -> str:
        """Keep one block of raw HTML out of Markdown; returns the marker that stands for it."""
        kept = self.html_blocks.setdefault(src, [])
        kept.append(html)
        return html_marker(len(kept) - 1)

    def _set_aside_html(self, src: str, text: str) -> str:
        blocks = text.split("\n\n")
        kept = self.html_blocks.setdefault(src, [])
        for i, block in enumerate(blocks):
            # most blocks neither start nor end with a newline: no copy of them is made
            body = block.strip("\n") if block[:1] == "\n" or block[-1:] == "\n" else block
            if body.startswith("<") and not body.startswith("<!--"):
                blocks[i] = html_marker(len(kept))
                kept.append(body)
        return "\n\n".join(blocks)

    def restore_html(self, src: str, html: str) -> str:
        """A rendered page's HTML with its set-aside blocks put back."""
        blocks = self.html_blocks.get(src)
        return restore_html(html, blocks) if blocks else html

    def layout(self, key: str, value: object) -> str:
        """Record what the pages of one family of parts share; returns the key, for inputs."""
        self.layout_values[key] = value
        return key

    def _part_inputs(
        self, scope: str, layout_key: str, links: list[Part], *shared: object
    ) -> frozenset[str]:
        """A year part is made of its year's meetings and of what its family shares."""
        value = (tuple((tuple(p.years), p.src) for p in links), *shared)
        return frozenset({scope, self.layout(layout_key, value)})

    # pages -------------------------------------------------------------------------------
    def meeting_page(self, m: Meeting) -> Page:
        src = u.meeting_src(m)
        inputs = frozenset({meeting_key(m.id)})
        if (kept := self.reuse(src, inputs)) is not None:
            return kept
        series = self.archive.registry.series.get(m.series)
        members = series.members if series else []
        absent = [p for p in members if p not in m.present and p not in m.apologies]
        body = render_body(self, m, src)
        if self._packaged_meeting_template:
            md = self._set_aside_html(src, meeting_head(self, m, absent, src)) + body + "\n"
        else:  # the site's own template
            md = self.render("meeting.md", src, m=m, absent=absent, body=body)
        return MeetingPage(src=src, markdown=md, meeting=m, inputs=inputs)

    @cached_property
    def _packaged_meeting_template(self) -> bool:
        """Whether meeting pages use the package's meeting.md, which `meeting_head` writes
        without Jinja (the 8,000 pages of an archive spent more in Jinja's frame than in
        their header), rather than a site's own."""
        return self._template("meeting.md").filename == str(PACKAGE_TEMPLATES / "meeting.md")

    def error_page(self, src: str, record: Path, rel: str, problems: list[Problem]) -> ErrorPage:
        """The page that stands for a broken record while serving."""
        md = self.render("error.md", src, rel=rel, problems=problems)
        return ErrorPage(src=src, markdown=md, record=record, inputs=ALL)

    def _parts(
        self,
        first_src: str,
        split: P.Split[T],
        count: Callable[[list[T]], int],
        section: str,
        within: str | None = None,
    ) -> list[Part]:
        """The links to every part of a long page, its first page first."""
        parts = []
        if split.first:
            years = [y for y, _ in split.first]
            parts.append(Part(years, sum(count(xs) for _, xs in split.first), first_src))
        parts += [Part([y], count(xs), u.part_src(section, y, within)) for y, xs in split.parts]
        return parts

    @staticmethod
    def plain(links: list[Part]) -> list[Part]:
        """The links as a part shows them: without the row counts, which only the first page
        gives, so that a meeting added to one year leaves the other years' pages as they are."""
        return [Part(p.years, None, p.src) for p in links]

    def meetings_pages(self) -> Iterator[Page]:
        """meetings/: the latest meetings of each series; one part per older series-year."""
        src = u.index_src(u.MEETINGS)
        series_list = []
        parts: list[Page] = []
        by_series: dict[str, list[Meeting]] = {}
        for m in self.archive.meetings:
            by_series.setdefault(m.series, []).append(m)
        for sid, series in self.archive.registry.series.items():
            meetings = sorted(by_series.get(sid, []), key=lambda m: m.sort_key, reverse=True)
            if not meetings:
                continue
            split = P.split_recent(P.by_year(meetings, lambda m: m.date.year), MEETINGS_PER_SERIES)
            links = self._parts(src, split, len, u.MEETINGS, sid)
            series_list.append((series, split.first, links))
            for year, ms in split.parts:
                psrc = u.part_src(u.MEETINGS, year, sid)
                inputs = self._part_inputs(f"year:{sid}:{year}", f"layout:meetings:{sid}", links)
                plain = self.plain(links)
                if (kept := self.reuse(psrc, inputs)) is not None:
                    parts.append(kept)
                    continue
                md = self.render(
                    "meetings_index.md",
                    psrc,
                    series_list=[(series, [(year, ms)], plain)],
                    part=f"{series.name}, {year}",
                    first=src,
                    here=psrc,
                )
                parts.append(PartPage(src=psrc, markdown=md, inputs=inputs))
        md = self.render(
            "meetings_index.md", src, series_list=series_list, part=None, first=src, here=src
        )
        yield IndexPage(src=src, markdown=md)
        yield from parts

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
            first = u.group_src(gid)
            timeline = timelines.get(gid, [])
            split = P.split_recent(
                P.by_year(timeline, lambda e: e.meeting.date.year), GROUP_ENTRIES
            )
            links = self._parts(first, split, len, u.GROUPS, gid)
            for src, years, part in [(first, split.first, None)] + [
                (u.part_src(u.GROUPS, y, gid), [(y, es)], y) for y, es in split.parts
            ]:
                inputs = frozenset({group_key(gid)})
                if part is not None:  # one year of its timeline, and the links to the others
                    inputs = self._part_inputs(f"group:{gid}:{part}", f"layout:group:{gid}", links)
                if (kept := self.reuse(src, inputs)) is not None:
                    yield kept
                    continue
                md = self.render(
                    "group.md",
                    src,
                    g=g,
                    label=self.group_label(gid),
                    timeline=timeline,
                    years=years,
                    part=part,
                    parts=links if part is None else self.plain(links),
                    first=first,
                    here=src,
                    feeds=self.group_feeds(gid, src),
                )
                yield GroupPage(
                    src=src,
                    markdown=md,
                    group=gid,
                    label=self.group_label(gid),
                    feed_path=u.group_feed(gid),
                    inputs=inputs,
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
        action_page = self.action_year_pages
        self.layout(ACTIONS_LAYOUT, tuple(sorted(action_page.items())))
        for p in people:
            r = records[p.id]
            src = u.person_src(p.id)
            inputs = frozenset({person_key(p.id), ACTIONS_LAYOUT})
            if (kept := self.reuse(src, inputs)) is not None:
                yield kept
                continue
            open_ = self._sorted_open([a for a in r.actions if a.status == "open"])
            done = [a for a in r.actions if a.status == "done"]
            # A year by year summary; the details of the newest years that fit the page.
            items: list[tuple[str, int]] = [
                *(
                    (kind, m.date.year)
                    for kind, ms in (
                        ("attended", r.attended),
                        ("excused", r.excused),
                        ("absent", r.absent),
                        ("chaired", r.chaired),
                    )
                    for m in ms
                ),
                *(("reports", rep.meeting.date.year) for rep in r.reports),
                *(("actions", self.action_year(a)) for a in r.actions),
            ]
            years = P.by_year(items, lambda t: t[1])
            split = P.split_recent(years, PERSON_ITEMS)
            shown = {y for y, _ in split.first}
            summary = []
            for year, its in years:
                kinds = [k for k, _ in its]
                summary.append(
                    (
                        year,
                        {k: kinds.count(k) for k in set(kinds)},
                        self.urls.rel(src, action_page[year]) if year in action_page else None,
                    )
                )

            def recent(ms: list[Meeting], shown: set[int] = shown) -> list[Meeting]:
                return [m for m in ms if m.date.year in shown]

            md = self.render(
                "person.md",
                src,
                p=p,
                r=r,
                open=[a for a in open_ if self.action_year(a) in shown],
                done=[a for a in done if self.action_year(a) in shown],
                n_open=len(open_),
                n_done=len(done),
                attended=recent(r.attended),
                excused=recent(r.excused),
                absent=recent(r.absent),
                chaired=recent(r.chaired),
                reports=[rep for rep in r.reports if rep.meeting.date.year in shown],
                summary=summary if split.parts else [],
                shown=sorted(shown),
            )
            yield PersonPage(src=src, markdown=md, person=p.id, inputs=inputs)

    def _sorted_open(self, actions: list[Action]) -> list[Action]:
        return sorted(actions, key=lambda a: (not a.overdue(self.today), a.item.due or dt.date.max))

    def action_year(self, a: Action) -> int:
        """The year an action was raised: the year of its part of actions/."""
        return self._years[a.item.meeting]

    @cached_property
    def _years(self) -> dict[str, int]:
        return {m.id: m.date.year for m in self.archive.meetings}

    def decision_year(self, d: Decision) -> int:
        return self._years[d.meeting]

    def attendance_pages(self) -> Iterator[Page]:
        """attendance/: per series, the rates of every person over the whole series and in its
        latest year, and the matrices of the newest years that fit; one part per older year."""
        tables = agg.attendance(self.archive)
        src = u.index_src(u.ATTENDANCE)
        by_series = []
        parts: list[Page] = []
        for sid, ts in groupby(tables, key=lambda t: t.series):
            series_tables = list(ts)
            years = [(t.year, [t]) for t in reversed(series_tables)]
            split = P.split_recent(
                years,
                ATTENDANCE_CELLS,
                weight=lambda t: len(t[0].rows) * len(t[0].meetings),
                minimum=0,
            )
            charted = split.first or years[:1]
            meetings = sorted(
                (m for _, t in charted for m in t[0].meetings), key=lambda m: m.sort_key
            )
            chart = attendance_chart(self.series_name(sid), meetings)
            links = self._parts(src, split, lambda t: len(t[0].meetings), u.ATTENDANCE, sid)
            latest = series_tables[-1]
            latest_rates = {row.person: row.rate for row in latest.rows}
            # The people of the latest year, with their rates over the whole series: everyone
            # ever seen would grow with the archive; the parts hold the earlier years.
            totals = [t for t in agg.attendance_totals(series_tables) if t.person in latest_rates]
            by_series.append(
                (sid, chart, [t[0] for _, t in split.first], links, totals, latest, latest_rates)
            )
            for year, (t,) in split.parts:
                psrc = u.part_src(u.ATTENDANCE, year, sid)
                key = f"layout:attendance:{sid}"
                inputs = self._part_inputs(f"year:{sid}:{year}", key, links)
                if (kept := self.reuse(psrc, inputs)) is not None:
                    parts.append(kept)
                    continue
                chart = attendance_chart(f"{self.series_name(sid)} {year}", t.meetings)
                md = self.render(
                    "attendance.md",
                    psrc,
                    tables=[t],
                    by_series=[(sid, chart, [t], self.plain(links), [], None, {})],
                    part=f"{self.series_name(sid)}, {year}",
                    first=src,
                    here=psrc,
                )
                parts.append(PartPage(src=psrc, markdown=md, inputs=inputs))
        md = self.render(
            "attendance.md", src, tables=tables, by_series=by_series, part=None, first=src, here=src
        )
        yield IndexPage(src=src, markdown=md)
        yield from parts

    @cached_property
    def open_and_done(self) -> tuple[list[Action], list[Action]]:
        """The open actions (overdue first) and the done ones, in the order actions/ lists them."""
        return agg.open_actions(self.archive, self.today), agg.done_actions(self.archive)

    @cached_property
    def action_split(self) -> P.Split[Action]:
        open_all, done_all = self.open_and_done
        return P.split_recent(P.by_year(open_all + done_all, self.action_year), ACTIONS)

    @cached_property
    def action_year_pages(self) -> dict[int, str]:
        """Which page of actions/ holds the actions raised in each year."""
        split = self.action_split
        out = {y: u.index_src(u.ACTIONS) for y, _ in split.first}
        out.update({y: u.part_src(u.ACTIONS, y) for y, _ in split.parts})
        return out

    def actions_pages(self) -> Iterator[Page]:
        """actions/: the open actions (overdue first), then the done ones, of the newest years
        that fit; one part per older year; the filters reach every part."""
        open_all, done_all = self.open_and_done
        by_owner: dict[str, list[int]] = {}
        by_group: dict[str, list[int]] = {}
        for a in open_all + done_all:
            i = 0 if a.status == "open" else 1
            for pid in a.item.owners:
                by_owner.setdefault(pid, [0, 0])[i] += 1
            if a.item.group:
                by_group.setdefault(a.item.group, [0, 0])[i] += 1
        people = self.archive.people
        owner_ids = sorted(by_owner, key=lambda p: people[p].name.casefold() if p in people else p)
        group_ids = [g for g in self.archive.registry.groups if g in by_group]
        split = self.action_split
        first = u.index_src(u.ACTIONS)

        def counts(actions: list[Action]) -> int:
            return len(actions)

        links = self._parts(first, split, counts, u.ACTIONS)
        older = [
            (
                y,
                sum(1 for a in xs if a.status == "open"),
                sum(1 for a in xs if a.overdue(self.today)),
                u.part_src(u.ACTIONS, y),
            )
            for y, xs in split.parts
        ]

        # Each page lists its own actions in the order of the whole lists: by rank, not by a
        # pass over every action of the archive for each page.
        rank = {id(a): i for i, a in enumerate(open_all + done_all)}
        total_overdue = sum(1 for a in open_all if a.overdue(self.today))

        def render(src: str, years: list[tuple[int, list[Action]]], part: int | None) -> str:
            mine = sorted((a for _, xs in years for a in xs), key=lambda a: rank[id(a)])
            open_ = [a for a in mine if a.status == "open"]
            done = [a for a in mine if a.status != "open"]
            return self.render(
                "actions.md",
                src,
                open=open_,
                done=done,
                overdue=sum(1 for a in open_ if a.overdue(self.today)),
                total_open=len(open_all),
                total_overdue=total_overdue,
                total_done=len(done_all),
                older=[] if part else [o for o in older if o[1]],
                by_owner=[(p, *by_owner[p]) for p in owner_ids] if part is None else [],
                by_group=[(g, *by_group[g]) for g in group_ids] if part is None else [],
                owner_ids=owner_ids,
                group_ids=group_ids,
                part=part,
                parts=links if part is None else self.plain(links),
                first=first,
                here=src,
                index_base=self.urls.rel(src, u.index_src(u.ACTIONS)),
            )

        shared = (tuple(owner_ids), tuple(group_ids))  # the filters every part offers
        yield from self._first_and_parts(u.ACTIONS, split, links, shared, render)

    @cached_property
    def decision_split(self) -> P.Split[Decision]:
        decisions = agg.decisions_newest_first(self.archive)
        return P.split_recent(P.by_year(decisions, self.decision_year), DECISIONS)

    def decisions_pages(self) -> Iterator[Page]:
        """decisions/: the newest years that fit; one part per older year."""
        decisions = agg.decisions_newest_first(self.archive)
        used = {d.group for d in decisions}
        group_ids = [g for g in self.archive.registry.groups if g in used]
        split = self.decision_split
        first = u.index_src(u.DECISIONS)
        links = self._parts(first, split, len, u.DECISIONS)

        def render(src: str, years: list[tuple[int, list[Decision]]], part: int | None) -> str:
            return self.render(
                "decisions.md",
                src,
                decisions=[d for _, ds in years for d in ds],
                total=len(decisions),
                group_ids=group_ids,
                part=part,
                parts=links if part is None else self.plain(links),
                first=first,
                here=src,
                index_base=self.urls.rel(src, u.index_src(u.DECISIONS)),
            )

        yield from self._first_and_parts(u.DECISIONS, split, links, (tuple(group_ids),), render)

    def _first_and_parts(
        self,
        section: str,
        split: P.Split[T],
        links: list[Part],
        shared: tuple[object, ...],
        render: Callable[[str, list[tuple[int, list[T]]], int | None], str],
    ) -> Iterator[Page]:
        """A section's first page, then one part per older year (actions/, decisions/).

        A part is made of its year's meetings and of what every part shares (`shared`, with
        the links): the incremental build keeps it while neither changed.
        """
        first = u.index_src(section)
        yield IndexPage(src=first, markdown=render(first, split.first, None))
        for year, rows in split.parts:
            src = u.part_src(section, year)
            inputs = self._part_inputs(f"year:{year}", f"layout:{section}", links, *shared)
            if (kept := self.reuse(src, inputs)) is not None:
                yield kept
                continue
            md = render(src, [(year, rows)], year)
            yield PartPage(src=src, markdown=md, inputs=inputs)

    def filter_files(self) -> dict[str, str]:
        """The small JSON files that tell a filter in which year parts its value has rows
        (docs/format.md §10): `actions/owner/<id>.json`, `actions/group/<id>.json`,
        `decisions/group/<id>.json`, each {"<year>": count}, newest first."""
        actions = [a for _, xs in self.action_split.first + self.action_split.parts for a in xs]
        decisions = [
            d for _, ds in self.decision_split.first + self.decision_split.parts for d in ds
        ]
        indexes = {
            (u.ACTIONS, "owner"): P.counts_by_key(
                actions, lambda a: a.item.owners or ["-"], self.action_year
            ),
            (u.ACTIONS, "group"): P.counts_by_key(
                actions, lambda a: [a.item.group or "-"], self.action_year
            ),
            (u.DECISIONS, "group"): P.counts_by_key(
                decisions, lambda d: [d.group or "-"], self.decision_year
            ),
        }
        out: dict[str, str] = {}
        for (section, key), per_value in indexes.items():
            for value, years in per_value.items():
                body = ",".join(f'"{y}":{n}' for y, n in years.items())
                out[u.filter_index(section, key, value)] = "{" + body + "}\n"
        return out

    def pages(self) -> Iterator[Page]:
        """Every page of the edition, index pages first."""
        yield from self.meetings_pages()
        yield from self.groups_pages()
        yield from self.people_pages()
        yield from self.attendance_pages()
        yield from self.actions_pages()
        yield from self.decisions_pages()
        for m in self.archive.meetings:
            yield self.meeting_page(m)
