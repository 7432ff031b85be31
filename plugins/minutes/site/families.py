"""The families of generated pages: meetings/, groups/, people/, attendance/, actions/,
decisions/, register/ and the meeting pages, each page with its inputs (site/pages.py).

A long page shows the newest years that fit on its first page and gives each older year a part
of its own (docs/format.md §10): every family that is cut so is declared as `YearParts` and made
by the one routine `Families.first_and_parts`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import groupby
from pathlib import Path
from typing import TypeVar

from markupsafe import Markup

from minutes import aggregates as agg
from minutes.aggregates.edition import Edition
from minutes.core.model import (
    Action,
    Decision,
    Group,
    Meeting,
    Mention,
    RegisterItem,
    Series,
)
from minutes.core.problems import Problem
from minutes.site import partition as P
from minutes.site import rows as R
from minutes.site import urls as u
from minutes.site.chart import attendance_chart
from minutes.site.links import Links
from minutes.site.meeting_page import meeting_head, render_body
from minutes.site.pages import (
    ALL,
    REGISTER_KEY,
    CompiledPage,
    ErrorPage,
    GroupPage,
    IndexPage,
    MeetingPage,
    Page,
    PartPage,
    PersonPage,
    RegisterItemPage,
    group_key,
    meeting_key,
    person_key,
    register_key,
)
from minutes.site.partition import Part
from minutes.site.render import Renderer
from minutes.site.schedule import schedule

T = TypeVar("T")

# What the first page of each long page holds at most (docs/format.md §10): the newest years
# that fit, each older year being a part of its own, so that no page grows with the archive.
MEETINGS_PER_SERIES = 100  # meetings of one series on meetings/
GROUP_ENTRIES = 100  # meetings on a group's first page
ATTENDANCE_CELLS = 600  # person x meeting cells of one series' matrices on attendance/
ACTIONS = 400  # actions on actions/ and in each of its parts
DECISIONS = 400  # decisions on decisions/
PERSON_ITEMS = 200  # meetings, reports and actions detailed on a person's page
MENTIONS = 400  # mentions listed on a register item's page, the newest
DUE_SOON = dt.timedelta(weeks=8)  # what the register page lists as due soon

# The key of the pages that link to the year parts of actions/ (person pages): the layout
# changes when a year moves from the first page to a part of its own.
PERSON_ACTIONS_LAYOUT = "layout:person:actions"

Reuse = Callable[[str, frozenset[str]], Page | None]
# A page's Markdown from its source, the years it shows, its year (None: the first page) and
# the links to the parts of its long page (with their counts on the first page only).
Render = Callable[[str, list[tuple[int, list[T]]], int | None, list[Part]], str]
MakePage = Callable[..., Page]  # a page kind, called with src, markdown and inputs


@dataclass(frozen=True)
class YearParts:
    """A long page cut into year parts: its first page, where its parts go, and the keys a
    part is made of (its year's, and its family's layout: the links and filters every part
    shares)."""

    section: str
    first: str
    scope: str  # a part's year key is f"{scope}:{year}"
    layout: str
    within: str | None = None  # the series or group the page is about

    def part_src(self, year: int) -> str:
        return u.part_src(self.section, year, self.within)


def actions_split(edition: Edition) -> P.Split[Action]:
    """The years of actions/'s first page, and its parts."""
    return P.split_recent(edition.actions_by_year, ACTIONS)


class Families:
    """Makes the pages of one edition, one method per family. `reuse` answers with the page
    of the previous build when nothing it is made of changed (the incremental build sets it;
    a full build never reuses); `layout_values` holds what each family of parts shares, which
    the incremental build compares from one build to the next."""

    def __init__(
        self, edition: Edition, links: Links, renderer: Renderer, pdf_downloads: bool = False
    ) -> None:
        self.edition, self.archive, self.links = edition, edition.archive, links
        self.renderer, self.render = renderer, renderer.render
        self.pdf_downloads = pdf_downloads  # compiled pages link their PDF (`compiled_pdf`)
        self.reuse: Reuse = lambda src, inputs: None
        self.layout_values: dict[str, object] = {}

    # year parts ---------------------------------------------------------------------------
    def layout(self, key: str, value: object) -> str:
        """Record what the pages of one family of parts share; returns the key, for inputs."""
        self.layout_values[key] = value
        return key

    def part_links(
        self, long: YearParts, split: P.Split[T], count: Callable[[list[T]], int]
    ) -> list[Part]:
        """The links to every part of a long page, its first page first."""
        parts = []
        if split.first:
            years = [y for y, _ in split.first]
            parts.append(Part(years, sum(count(xs) for _, xs in split.first), long.first))
        parts += [Part([y], count(xs), long.part_src(y)) for y, xs in split.parts]
        return parts

    def first_and_parts(
        self,
        long: YearParts,
        split: P.Split[T],
        links: list[Part],
        render: Render[T],
        *,
        first: MakePage | None = IndexPage,
        first_inputs: frozenset[str] = ALL,
        part: MakePage = PartPage,
        shared: tuple[object, ...] = (),
    ) -> Iterator[Page]:
        """A long page's first page (none when `first` is None: the section's index shows
        the first years of every series), then one part per older year.

        A part is made of its year and of what every part shares (`shared`, with the links):
        the incremental build keeps it while neither changed.
        """
        if first is not None:
            if (kept := self.reuse(long.first, first_inputs)) is not None:
                yield kept
            else:
                md = render(long.first, split.first, None, links)
                yield first(src=long.first, markdown=md, inputs=first_inputs)
        if not split.parts:
            return
        value = (tuple((tuple(p.years), p.src) for p in links), *shared)
        layout = self.layout(long.layout, value)
        plain = P.plain(links)
        for year, rows in split.parts:
            src = long.part_src(year)
            inputs = frozenset({f"{long.scope}:{year}", layout})
            if (kept := self.reuse(src, inputs)) is not None:
                yield kept
                continue
            md = render(src, [(year, rows)], year, plain)
            yield part(src=src, markdown=md, inputs=inputs)

    # the families -------------------------------------------------------------------------
    def meetings(self) -> Iterator[Page]:
        """meetings/: the latest meetings of each series; one part per older series-year."""
        src = u.index_src(u.MEETINGS)
        series_list = []
        parts: list[Page] = []
        splits = self.meetings_splits
        for sid, series in self.archive.registry.series.items():
            split = splits.get(sid)
            if split is None:
                continue
            long = YearParts(u.MEETINGS, src, f"year:{sid}", f"layout:meetings:{sid}", sid)
            links = self.part_links(long, split, len)
            series_list.append((series, split.first, links))

            def render(
                psrc: str,
                years: list[tuple[int, list[Meeting]]],
                year: int | None,
                plain: list[Part],
                series: Series = series,
            ) -> str:
                return self.render(
                    "meetings_index.md",
                    psrc,
                    series_list=[(series, years, plain)],
                    part=f"{series.name}, {year}",
                    first=src,
                    here=psrc,
                )

            parts += self.first_and_parts(long, split, links, render, first=None)
        md = self.render(
            "meetings_index.md", src, series_list=series_list, part=None, first=src, here=src
        )
        yield IndexPage(src=src, markdown=md)
        yield from parts

    def groups(self) -> Iterator[Page]:
        """groups/ and each group's timeline: the newest meetings; one part per older year."""
        timelines = self.edition.timelines
        by_kind: dict[str, list[tuple[object, int, Meeting | None]]] = {}
        for gid, g in self.archive.registry.groups.items():
            tl = timelines.get(gid, [])
            by_kind.setdefault(g.kind, []).append((g, len(tl), tl[0].meeting if tl else None))
        register = self.archive.registry.register
        src = u.index_src(u.GROUPS)
        md = self.render("groups_index.md", src, by_kind=sorted(by_kind.items()))
        yield IndexPage(src=src, markdown=md)
        for gid, g in self.archive.registry.groups.items():
            long = YearParts(u.GROUPS, u.group_src(gid), f"group:{gid}", f"layout:group:{gid}", gid)
            timeline = timelines.get(gid, [])
            split = P.split_recent(
                agg.by_year(timeline, lambda e: e.meeting.date.year), GROUP_ENTRIES
            )
            links = self.part_links(long, split, len)
            label = self.links.group_label(gid)

            def render(
                src: str,
                years: list[tuple[int, list[agg.TimelineEntry]]],
                part: int | None,
                parts: list[Part],
                gid: str = gid,
                g: Group = g,
                label: str = label,
                timeline: list[agg.TimelineEntry] = timeline,
                first: str = long.first,
            ) -> str:
                return self.render(
                    "group.md",
                    src,
                    g=g,
                    label=label,
                    timeline=timeline,
                    years=years,
                    part=part,
                    parts=parts,
                    first=first,
                    here=src,
                    feeds=self.group_feeds(gid, src),
                    register_items=[] if part else register.of_group(gid),
                )

            page = partial(GroupPage, group=gid, label=label, feed_path=u.group_feed(gid))
            owes = frozenset({REGISTER_KEY}) if register.of_group(gid) else frozenset()
            yield from self.first_and_parts(
                long,
                split,
                links,
                render,
                first=page,
                first_inputs=frozenset({group_key(gid)}) | owes,
                part=page,
            )

    def group_feeds(self, gid: str, src: str) -> list[tuple[str, str]]:
        """(name, link) of the feeds a group page offers."""
        here = self.links.urls.url(src)
        return [("Atom feed of its reports", u.relative(here, u.group_feed(gid)))]

    def people(self) -> Iterator[Page]:
        """people/ and each person's page: a summary by year, the newest years in detail."""
        records = self.edition.people_records
        people = sorted(self.archive.people.values(), key=lambda p: (p.name.casefold(), p.id))
        rows = []
        for p in people:
            r = records[p.id]
            rows.append((p, r, sum(1 for a in r.actions if a.status == "open")))
        src = u.index_src(u.PEOPLE)
        yield IndexPage(src=src, markdown=self.render("people_index.md", src, people=rows))
        action_page = self.action_year_pages()
        self.layout(PERSON_ACTIONS_LAYOUT, tuple(sorted(action_page.items())))
        action_year, today = self.edition.action_year, self.edition.today
        for p in people:
            r = records[p.id]
            src = u.person_src(p.id)
            inputs = frozenset({person_key(p.id), PERSON_ACTIONS_LAYOUT})
            if (kept := self.reuse(src, inputs)) is not None:
                yield kept
                continue
            open_ = sorted(
                [a for a in r.actions if a.status == "open"],
                key=lambda a: (not a.overdue(today), a.item.due or dt.date.max),
            )
            done = [a for a in r.actions if a.status == "done"]
            # outputs/publish.py writes the calendar of a person who owns a dated open action.
            calendar = (
                u.relative(self.links.urls.url(src), u.person_calendar(p.id))
                if any(a.item.due is not None for a in open_)
                else None
            )
            # A year by year summary; the details of the newest years that fit the page.
            counts: dict[int, dict[str, int]] = {}
            for kind, per_year in (
                ("attended", Counter(m.date.year for m in r.attended)),
                ("excused", Counter(m.date.year for m in r.excused)),
                ("absent", Counter(m.date.year for m in r.absent)),
                ("chaired", Counter(m.date.year for m in r.chaired)),
                ("reports", Counter(rep.meeting.date.year for rep in r.reports)),
                ("actions", Counter(action_year(a) for a in r.actions)),
            ):
                for year, n in per_year.items():
                    counts.setdefault(year, {})[kind] = n
            years = sorted(counts, reverse=True)
            shown = set(years[: P.fitting([sum(counts[y].values()) for y in years], PERSON_ITEMS)])
            summary = [
                (
                    year,
                    counts[year],
                    self.links.urls.rel(src, action_page[year]) if year in action_page else None,
                )
                for year in years
            ]

            def recent(ms: list[Meeting], shown: set[int] = shown) -> list[Meeting]:
                return [m for m in ms if m.date.year in shown]

            md = self.render(
                "person.md",
                src,
                p=p,
                r=r,
                open=[a for a in open_ if action_year(a) in shown],
                done=[a for a in done if action_year(a) in shown],
                n_open=len(open_),
                n_done=len(done),
                calendar=calendar,
                attended=recent(r.attended),
                excused=recent(r.excused),
                absent=recent(r.absent),
                chaired=recent(r.chaired),
                reports=[rep for rep in r.reports if rep.meeting.date.year in shown],
                summary=summary if len(shown) < len(years) else [],
                shown=sorted(shown),
            )
            yield PersonPage(src=src, markdown=md, person=p.id, inputs=inputs)

    def action_year_pages(self) -> dict[int, str]:
        """Which page of actions/ holds the actions raised in each year."""
        split = actions_split(self.edition)
        out = {y: u.index_src(u.ACTIONS) for y, _ in split.first}
        out.update({y: u.part_src(u.ACTIONS, y) for y, _ in split.parts})
        return out

    def attendance(self) -> Iterator[Page]:
        """attendance/: per series, the rates of every person over the whole series and in its
        latest year, and the matrices of the newest years that fit; one part per older year."""
        tables = self.edition.attendance
        series_name = self.links.series_name
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
            chart = attendance_chart(series_name(sid), meetings)
            long = YearParts(u.ATTENDANCE, src, f"year:{sid}", f"layout:attendance:{sid}", sid)
            links = self.part_links(long, split, lambda t: len(t[0].meetings))
            latest = series_tables[-1]
            latest_rates = {row.person: row.rate for row in latest.rows}
            # The people of the latest year, with their rates over the whole series: everyone
            # ever seen would grow with the archive; the parts hold the earlier years.
            totals = [t for t in agg.attendance_totals(series_tables) if t.person in latest_rates]
            by_series.append(
                (sid, chart, [t[0] for _, t in split.first], links, totals, latest, latest_rates)
            )

            def render(
                psrc: str,
                years: list[tuple[int, list[agg.AttendanceTable]]],
                year: int | None,
                plain: list[Part],
                sid: str = sid,
            ) -> str:
                ((_, (t,)),) = years
                chart = attendance_chart(f"{series_name(sid)} {year}", t.meetings)
                return self.render(
                    "attendance.md",
                    psrc,
                    tables=[t],
                    by_series=[(sid, chart, [t], plain, [], None, {})],
                    part=f"{series_name(sid)}, {year}",
                    first=src,
                    here=psrc,
                )

            parts += self.first_and_parts(long, split, links, render, first=None)
        md = self.render(
            "attendance.md", src, tables=tables, by_series=by_series, part=None, first=src, here=src
        )
        yield IndexPage(src=src, markdown=md)
        yield from parts

    def actions(self) -> Iterator[Page]:
        """actions/: the open actions (overdue first), then the done ones, of the newest years
        that fit; one part per older year; the filters reach every part."""
        open_all, done_all = self.edition.open_and_done
        today = self.edition.today
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
        split = actions_split(self.edition)
        first = u.index_src(u.ACTIONS)
        long = YearParts(u.ACTIONS, first, "year", f"layout:{u.ACTIONS}")
        links = self.part_links(long, split, len)
        older = [
            (
                y,
                sum(1 for a in xs if a.status == "open"),
                sum(1 for a in xs if a.overdue(today)),
                u.part_src(u.ACTIONS, y),
            )
            for y, xs in split.parts
        ]

        # Each page lists its own actions in the order of the whole lists: by rank, not by a
        # pass over every action of the archive for each page.
        rank = {id(a): i for i, a in enumerate(open_all + done_all)}
        total_overdue = sum(1 for a in open_all if a.overdue(today))

        def render(
            src: str, years: list[tuple[int, list[Action]]], part: int | None, parts: list[Part]
        ) -> str:
            mine = sorted((a for _, xs in years for a in xs), key=lambda a: rank[id(a)])
            open_ = [a for a in mine if a.status == "open"]
            done = [a for a in mine if a.status != "open"]
            return self.render(
                "actions.md",
                src,
                open=open_,
                done=done,
                overdue=sum(1 for a in open_ if a.overdue(today)),
                total_open=len(open_all),
                total_overdue=total_overdue,
                total_done=len(done_all),
                older=[] if part else [o for o in older if o[1]],
                by_owner=[(p, *by_owner[p]) for p in owner_ids] if part is None else [],
                by_group=[(g, *by_group[g]) for g in group_ids] if part is None else [],
                owner_ids=owner_ids,
                group_ids=group_ids,
                part=part,
                parts=parts,
                first=first,
                here=src,
                index_base=self.links.urls.rel(src, u.index_src(u.ACTIONS)),
            )

        shared = (tuple(owner_ids), tuple(group_ids))  # the filters every part offers
        yield from self.first_and_parts(long, split, links, render, shared=shared)

    def decisions(self) -> Iterator[Page]:
        """decisions/: the newest years that fit; one part per older year."""
        decisions_by_year = self.edition.decisions_by_year
        total = sum(len(ds) for _, ds in decisions_by_year)
        used = {d.group for _, ds in decisions_by_year for d in ds}
        group_ids = [g for g in self.archive.registry.groups if g in used]
        split = P.split_recent(decisions_by_year, DECISIONS)
        first = u.index_src(u.DECISIONS)
        long = YearParts(u.DECISIONS, first, "year", f"layout:{u.DECISIONS}")
        links = self.part_links(long, split, len)

        def render(
            src: str, years: list[tuple[int, list[Decision]]], part: int | None, parts: list[Part]
        ) -> str:
            return self.render(
                "decisions.md",
                src,
                decisions=[d for _, ds in years for d in ds],
                total=total,
                group_ids=group_ids,
                part=part,
                parts=parts,
                first=first,
                here=src,
                index_base=self.links.urls.rel(src, u.index_src(u.DECISIONS)),
            )

        yield from self.first_and_parts(long, split, links, render, shared=(tuple(group_ids),))

    def register(self) -> Iterator[Page]:
        """register/ and one page per item (docs/format.md §10), when the register has items:
        what is overdue and due soon, the schedule, the items by work package, the risks."""
        register = self.archive.registry.register
        if not register.items:
            return
        mentions = self.edition.mentions
        src = u.index_src(u.REGISTER)
        inputs = frozenset({REGISTER_KEY, *(register_key(i) for i in register.items)})
        if (kept := self.reuse(src, inputs)) is not None:
            yield kept
        else:
            yield IndexPage(src=src, markdown=self._register_index(src), inputs=inputs)
        for item in register.items.values():
            isrc = u.register_item_src(item)
            inputs = frozenset({REGISTER_KEY, register_key(item.id)})
            if (kept := self.reuse(isrc, inputs)) is not None:
                yield kept
                continue
            its = mentions.get(item.id, [])
            md = self.render(
                "register_item.md",
                isrc,
                item=item,
                mentions=its[:MENTIONS],
                total=len(its),
                meetings=len({m.meeting for m in its}),
                index=src,
            )
            yield RegisterItemPage(src=isrc, markdown=md, inputs=inputs, item=item.id)

    def _register_index(self, src: str) -> str:
        """register/'s Markdown."""
        register = self.archive.registry.register
        mentions = self.edition.mentions
        today = self.edition.today

        def entry(item: RegisterItem) -> tuple[RegisterItem, Mention | None]:
            its = mentions.get(item.id)
            return (item, its[0] if its else None)

        def by_due(items: list[RegisterItem]) -> list[RegisterItem]:
            return sorted(items, key=lambda i: (i.current_due or dt.date.max, i.id))

        owed = [i for i in register.items.values() if i.kind != "risk"]
        soon = today + DUE_SOON
        overdue = by_due([i for i in owed if i.overdue(today)])
        due_soon = by_due(
            [i for i in owed if not i.done and i.current_due and today <= i.current_due < soon]
        )
        groups = self.archive.registry.groups
        by_wp: list[tuple[str, str, list[tuple[RegisterItem, Mention | None]]]] = []
        rows: list[tuple[str, list[RegisterItem]]] = []
        for gid, g in groups.items():
            items = by_due([i for i in owed if gid in i.wp])
            if items:
                label = self.links.group_label(gid)
                heading = label if label == g.name else f"{label}: {g.name}"
                by_wp.append((gid, heading, [entry(i) for i in items]))
                rows.append((label, items))
        elsewhere = by_due([i for i in owed if not any(g in groups for g in i.wp)])
        if elsewhere:
            by_wp.append(("no-work-package", "No work package", [entry(i) for i in elsewhere]))
            rows.append(("none", elsewhere))
        kinds = [i.kind for i in register.items.values()]
        counts = ", ".join(
            f"{kinds.count(kind)} {kind}{'s' if kinds.count(kind) != 1 else ''}"
            for kind in ("deliverable", "milestone", "risk")
            if kind in kinds
        )
        return self.render(
            "register.md",
            src,
            counts=counts,
            start=register.start,
            overdue=[entry(i) for i in overdue],
            due_soon=[entry(i) for i in due_soon],
            soon=soon,
            schedule=schedule(rows, today, register.start),
            by_wp=by_wp,
            risks=[entry(i) for i in register.items.values() if i.kind == "risk"],
        )

    def compiled(self) -> Iterator[Page]:
        """meetings/<series>/<year>/compiled/: each series' year of minutes as one document
        (docs/format.md §10), its meetings filled in from their pages after rendering."""
        urls, open_at_end = self.links.urls, self.edition.open_at_year_end
        year_pages = self.action_year_pages()  # the page of actions/ of each year
        for table in self.edition.attendance:  # one a series and year it met
            sid, year = table.series, table.year
            series = self.archive.registry.series.get(sid)
            if series is None:
                continue
            meetings = table.meetings
            # The actions open at the year's end: in full those the year raised or followed
            # up; the older ones it left untouched counted by the year they were raised, so
            # that the document does not grow with the archive's history.
            end = open_at_end.get((sid, year)) or agg.YearEnd()
            listed = end.listed
            older = [(y, end.older[y], year_pages[y]) for y in sorted(end.older, reverse=True)]
            src = u.compiled_src(sid, year)
            # What it shows of other pages and years: where its year's meetings are listed,
            # the open actions and where actions/ lists each older year (the layout key
            # catches an action raised or closed in another year).
            year_page, anchor = self._year_page(sid, year)
            actions_key = self.layout(
                f"layout:compiled:{sid}:{year}",
                (tuple(a.id for a in listed), tuple(older), year_page, anchor),
            )
            inputs = frozenset(
                {
                    f"year:{sid}:{year}",
                    actions_key,
                    *(meeting_key(m.id) for m in meetings),
                    *(meeting_key(a.item.meeting) for a in listed),
                    *(meeting_key(f.meeting) for a in listed for f in a.followups),
                }
            )
            if (kept := self.reuse(src, inputs)) is not None:
                yield kept
                continue
            decisions = [d for m in meetings for d in m.decisions]
            chairs = Counter(m.chair for m in meetings if m.chair)
            here_ids = frozenset(m.id for m in meetings)
            here = urls.url(src)
            md = self.render(
                "compiled.md",
                src,
                series=series,
                year=year,
                meetings=meetings,
                chairs=sorted(chairs.items(), key=lambda c: (-c[1], self.links.person_name(c[0]))),
                attendance=R.each(R.compiled_attendance_row, self.links, table.rows, src),
                decisions=R.each(R.compiled_decision_row, self.links, decisions, src),
                n_decisions=len(decisions),
                open_actions=Markup(
                    "".join(R.compiled_action_row(self.links, a, src, here_ids) for a in listed)
                ),
                older=[(y, n, urls.rel(src, page)) for y, n, page in older],
                total_open=len(listed) + sum(n for _, n, _ in older),
                contents=R.each(R.compiled_contents_item, self.links, meetings, src),
                # each section a block of its own, kept out of Markdown whole (site/render.py)
                sections=R.each(R.compiled_meeting, self.links, meetings, src, "\n\n"),
                year_page=urls.rel(src, year_page, anchor),
                pdf=u.relative(here, u.compiled_pdf(sid, year)) if self.pdf_downloads else None,
                made=self.edition.today,
            )
            yield CompiledPage(src=src, markdown=md, inputs=inputs)

    def _year_page(self, sid: str, year: int) -> tuple[str, str | None]:
        """The page of meetings/ that lists a series' meetings of one year, and its anchor."""
        split = self.meetings_splits.get(sid)
        if split is not None and any(y == year for y, _ in split.parts):
            return u.part_src(u.MEETINGS, year, sid), None
        return u.index_src(u.MEETINGS), f"{sid}-{year}"

    @cached_property
    def meetings_splits(self) -> dict[str, P.Split[Meeting]]:
        """Each series' meetings, newest first: the years on meetings/ and the older parts."""
        by_series: dict[str, list[Meeting]] = {}
        for m in self.archive.meetings:
            by_series.setdefault(m.series, []).append(m)
        out = {}
        for sid, meetings in by_series.items():
            meetings.sort(key=lambda m: m.sort_key, reverse=True)
            out[sid] = P.split_recent(
                agg.by_year(meetings, lambda m: m.date.year), MEETINGS_PER_SERIES
            )
        return out

    def meeting_pages(self) -> Iterator[Page]:
        """Every meeting's page."""
        for m in self.archive.meetings:
            yield self.meeting_page(m)

    def meeting_page(self, m: Meeting) -> Page:
        """A meeting's page: its facts, then its record's body, annotated."""
        src = u.meeting_src(m)
        inputs = frozenset({meeting_key(m.id)})
        if (kept := self.reuse(src, inputs)) is not None:
            return kept
        series = self.archive.registry.series.get(m.series)
        members = series.members if series else []
        there = {*m.present, *m.apologies}
        absent = [p for p in members if p not in there]
        renderer = self.renderer
        body = render_body(self.links, m, src, renderer.set_aside)
        if renderer.packaged_meeting_template:
            head = meeting_head(self.links, m, absent, src)
            md = renderer.set_aside_html(src, head) + body + "\n"
        else:  # the site's own template
            md = self.render("meeting.md", src, m=m, absent=absent, body=body)
        return MeetingPage(src=src, markdown=md, meeting=m, inputs=inputs)

    def error_page(self, src: str, record: Path, rel: str, problems: list[Problem]) -> ErrorPage:
        """The page that stands for a broken record while serving."""
        md = self.render("error.md", src, rel=rel, problems=problems)
        return ErrorPage(src=src, markdown=md, record=record, inputs=ALL)
