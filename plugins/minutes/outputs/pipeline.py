"""Every output of a build, declared once: what it makes, from what, and in which phase.

The engine adapter walks `OUTPUTS` in order and does what each phase asks:

- `Phase.PAGES`: Markdown pages made before rendering; the engine renders them in the theme.
- `Phase.FILES`: files whose bytes are known before rendering (data, feeds, calendars…).
- `Phase.RENDERED`: files made from the rendered pages' fragments, once every page is rendered
  (the group feeds carry the reports as the meeting pages rendered them).
- `Phase.SITE`: made from the searchable pages while the engine writes the site (the index).

Every page and file declares its inputs (site/pages.py: dependency keys), which the
incremental build uses to make again only what a change touches. To add an output: write a
class here (and its template in site/templates/ for a page), and register it in `OUTPUTS`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from minutes.aggregates.edition import Edition
from minutes.core.schema import schemas
from minutes.outputs.data import data_files
from minutes.outputs.filters import filter_files
from minutes.outputs.publish import Publisher, series_calendar_path
from minutes.site import urls as u
from minutes.site.builder import SiteBuilder
from minutes.site.families import Families
from minutes.site.pages import ALL, Page, group_key, series_key

SITE_PACKAGE = Path(__file__).parent.parent / "site"
ASSETS_DIR = SITE_PACKAGE / "assets"
THEME_DIR = SITE_PACKAGE / "theme"
CSS = "assets/minutes/minutes.css"
JS = "assets/minutes/minutes.js"
SEARCH_JS = "assets/minutes/minutes-search.js"


class Phase(enum.Enum):
    PAGES = "pages"
    FILES = "files"
    RENDERED = "rendered"
    SITE = "site"


@dataclass(frozen=True)
class FileArtifact:
    """A file of the site: its path, and its bytes or the package file it copies."""

    path: str
    content: bytes | None = None
    source: Path | None = None
    inputs: frozenset[str] = ALL


ReportLookup = Callable[[str, str], "str | None"]


@dataclass
class BuildContext:
    """What outputs are made from: the site of one edition and the build's settings."""

    site: SiteBuilder  # its parts: the edition's aggregates, links, templates, page families
    site_name: str
    site_url: str | None
    pagefind: bool = True
    # Set by the adapter once pages are rendered: a report's HTML for a page's address.
    report_html: ReportLookup = field(default=lambda key, url: None)
    # What outputs may keep from one build to the next: a dirty build's session passes its
    # own (outputs/publish.py keeps calendar events there); a full build starts empty.
    memo: dict[str, Any] = field(default_factory=dict)
    _publisher: Publisher | None = None

    @property
    def edition(self) -> Edition:
        """The archive the build publishes, and its aggregates."""
        return self.site.edition

    @property
    def publisher(self) -> Publisher:
        if self._publisher is None:
            self._publisher = Publisher(
                self.edition, self.site.links, self.site_name, self.site_url, self.memo
            )
        return self._publisher


# The aggregates of the archive that outputs share: the cached properties of
# minutes.aggregates.edition.Edition, each with its time at 8,000 meetings, in tenths of a
# second (as `Output.weight`).
AGGREGATES: dict[str, float] = {
    "reports": 0.6,
    "timelines": 1.1,  # from the reports
    "people_records": 0.6,  # from the reports
    "attendance": 0.5,  # the attendance tables of every series and year
    "open_and_done": 0.4,  # the open and the done actions, in the order actions/ lists them
    "actions_by_year": 0.2,  # those by year
    "decisions_by_year": 0.1,
    "mentions": 0.1,  # the register items' mentions, newest first
    "open_at_year_end": 0.5,  # each series' actions open at the end of each year it met
}


class Output:
    """One kind of output. Subclasses set `name` and `phase` and make pages or files.

    `weight` is its rough share of the time a full build spends making outputs (measured at
    8,000 meetings, in tenths of a second, without the aggregates it `uses`): a build on two
    cores starts with the heaviest, and makes the outputs that share an aggregate (`uses`,
    names from `AGGREGATES`) on one side. With a `nav_title`, its first page in the nav is a
    section the plugin adds to the site's nav under that title, unless mkdocs.yml's `nav:`
    names it (to place or rename it).
    """

    name: str
    phase: ClassVar[Phase]
    weight: float = 1
    uses: frozenset[str] = frozenset()
    nav_title: str | None = None

    def pages(self, ctx: BuildContext) -> Iterator[Page]:
        """The pages it makes (Phase.PAGES)."""
        return iter(())

    def files(self, ctx: BuildContext) -> Iterator[FileArtifact]:
        """The files it makes (Phase.FILES and Phase.RENDERED)."""
        return iter(())


class Assets(Output):
    """The plugin's stylesheet and scripts, copied from the package."""

    name, phase = "assets", Phase.FILES
    weight = 0

    def files(self, ctx: BuildContext) -> Iterator[FileArtifact]:
        yield FileArtifact(CSS, source=ASSETS_DIR / "minutes.css")
        yield FileArtifact(JS, source=ASSETS_DIR / "minutes.js")
        if ctx.pagefind:
            yield FileArtifact(SEARCH_JS, source=ASSETS_DIR / "minutes-search.js")


class DataFiles(Output):
    """data/*.json: the archive as open data, and its register (docs/format.md §11)."""

    name, phase = "data files", Phase.FILES
    weight = 3.1
    uses = frozenset({"reports", "timelines", "people_records"})

    def files(self, ctx: BuildContext) -> Iterator[FileArtifact]:
        for name, text in data_files(ctx.edition, ctx.site.urls).items():
            yield FileArtifact(f"data/{name}", text.encode())


class FeedAndCalendars(Output):
    """feed.xml, calendar.ics, one calendar per series, one per person who owns open actions
    with a due date (calendars/people/<id>.ics) and, with a register, register.ics."""

    name, phase = "feed and calendars", Phase.FILES
    weight = 4.5
    uses = frozenset({"open_and_done"})  # the people's action calendars

    def files(self, ctx: BuildContext) -> Iterator[FileArtifact]:
        series_of = {series_calendar_path(sid): sid for sid in ctx.edition.archive.registry.series}
        for path, content in ctx.publisher.files().items():
            sid = series_of.get(path)
            yield FileArtifact(path, content, inputs=frozenset({series_key(sid)}) if sid else ALL)


class Schemas(Output):
    """The JSON Schemas of records and registries, for editors (docs/contributing.md)."""

    name, phase = "schemas", Phase.FILES
    weight = 0

    def files(self, ctx: BuildContext) -> Iterator[FileArtifact]:
        for name, text in schemas().items():
            yield FileArtifact(f"schemas/{name}", text.encode(), inputs=frozenset())


class Pages(Output):
    """The pages of one family (site/families.py; their kinds: site/pages.py)."""

    phase = Phase.PAGES

    def __init__(
        self,
        name: str,
        make: Callable[[Families], Iterable[Page]],
        weight: float,
        uses: Iterable[str] = (),
        nav_title: str | None = None,
    ) -> None:
        self.name, self.make, self.weight, self.uses = name, make, weight, frozenset(uses)
        self.nav_title = nav_title

    def pages(self, ctx: BuildContext) -> Iterator[Page]:
        yield from self.make(ctx.site.families)


class FilterIndexes(Output):
    """The small per-owner and per-group counts that carry a filter across year parts."""

    name, phase = "filter indexes", Phase.FILES
    weight = 0.5
    uses = frozenset({"open_and_done", "actions_by_year", "decisions_by_year"})

    def files(self, ctx: BuildContext) -> Iterator[FileArtifact]:
        for path, text in filter_files(ctx.edition).items():
            yield FileArtifact(path, text.encode())


class GroupFeeds(Output):
    """feed-<group>.xml: each group's reports as its meeting pages rendered them."""

    name, phase = "group feeds", Phase.RENDERED

    def files(self, ctx: BuildContext) -> Iterator[FileArtifact]:
        group_of = {u.group_feed(gid): gid for gid in ctx.edition.timelines}
        for path, content in ctx.publisher.group_feeds(ctx.report_html).items():
            yield FileArtifact(path, content, inputs=frozenset({group_key(group_of[path])}))


class SearchIndex(Output):
    """pagefind/: the chunked search index of the searchable pages (outputs/search.py)."""

    name, phase = "search index", Phase.SITE


OUTPUTS: tuple[Output, ...] = (
    Assets(),
    DataFiles(),
    FeedAndCalendars(),
    FilterIndexes(),
    Pages("meetings index", Families.meetings, weight=1.7, nav_title="Meetings"),
    Pages(
        "groups",
        Families.groups,
        weight=10,
        uses={"reports", "timelines"},
        nav_title="Groups",
    ),
    Pages(
        "people",
        Families.people,
        weight=3.2,
        uses={"reports", "people_records", "open_and_done", "actions_by_year"},
        nav_title="People",
    ),
    Pages(
        "attendance",
        Families.attendance,
        weight=3.2,
        uses={"attendance"},
        nav_title="Attendance",
    ),
    Pages(
        "actions",
        Families.actions,
        weight=3.8,
        uses={"open_and_done", "actions_by_year"},
        nav_title="Actions",
    ),
    Pages(
        "decisions",
        Families.decisions,
        weight=0.8,
        uses={"decisions_by_year"},
        nav_title="Decisions",
    ),
    Pages(
        "register",
        Families.register,
        weight=0.5,
        uses={"mentions"},
        nav_title="Register",
    ),
    Pages("meeting pages", Families.meeting_pages, weight=11),
    Pages(
        "compiled minutes",
        Families.compiled,
        weight=3,
        uses={"attendance", "open_at_year_end", "open_and_done", "actions_by_year"},
    ),
    Schemas(),
    GroupFeeds(),
    SearchIndex(),
)


def of_phase(phase: Phase) -> list[Output]:
    """The registered outputs of one phase, in order."""
    return [o for o in OUTPUTS if o.phase is phase]
