"""The site of one edition, composed of its parts, each with one job:

- the aggregates, computed once and shared (`minutes.aggregates.edition.Edition`);
- the links and names the pages show (site/links.py);
- the templates and the raw HTML set aside from Markdown (site/render.py);
- the families of pages, with their inputs for incremental builds (site/families.py).

The engine adapter makes one `SiteBuilder` a build and reaches the parts through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from minutes.aggregates import TimelineEntry
from minutes.aggregates.edition import Edition
from minutes.core.archive import Archive
from minutes.core.model import Meeting
from minutes.core.problems import Problem
from minutes.site import urls as u
from minutes.site.families import Families, Reuse
from minutes.site.links import Links
from minutes.site.pages import ErrorPage, Page
from minutes.site.render import Renderer


class SiteBuilder:
    """The parts that make an edition's site, at the addresses `urls` gives its pages, as of
    `today`, with a site's own templates from `template_dirs` first; with `pdf_downloads`, the
    compiled minutes link their PDF (the option `compiled_pdf`)."""

    def __init__(
        self,
        archive: Archive,
        urls: u.Urls | None = None,
        today: dt.date | None = None,
        template_dirs: Iterable[Path] = (),
        pdf_downloads: bool = False,
    ) -> None:
        self.archive = archive
        self.urls = urls if urls is not None else u.Urls()
        self.today = today if today is not None else dt.date.today()
        self.edition = Edition(archive, self.today)
        self.links = Links(self.edition, self.urls)
        self.renderer = Renderer(self.links, template_dirs)
        self.families = Families(self.edition, self.links, self.renderer, pdf_downloads)
        self.meeting_by_id: dict[str, Meeting] = self.edition.meeting_by_id
        # The raw HTML each page set aside, by page source (the adapter puts it back).
        self.html_blocks: dict[str, list[str]] = self.renderer.html_blocks
        # What each family of year parts shares, by layout key (the incremental build
        # compares them from one build to the next).
        self.layout_values: dict[str, object] = self.families.layout_values

    @property
    def reuse(self) -> Reuse:
        """The previous build's page for a source and its inputs, or None: make it again."""
        return self.families.reuse

    @reuse.setter
    def reuse(self, reuse: Reuse) -> None:
        self.families.reuse = reuse

    @property
    def timelines(self) -> dict[str, list[TimelineEntry]]:
        return self.edition.timelines

    def render(self, template: str, src: str, **context: object) -> str:
        """Page `src`'s Markdown from one of the templates."""
        return self.renderer.render(template, src, **context)

    def restore_html(self, src: str, html: str) -> str:
        """A rendered page's HTML with its set-aside blocks put back."""
        return self.renderer.restore_html(src, html)

    def meeting_page(self, m: Meeting) -> Page:
        return self.families.meeting_page(m)

    def error_page(self, src: str, record: Path, rel: str, problems: list[Problem]) -> ErrorPage:
        """The page that stands for a broken record while serving."""
        return self.families.error_page(src, record, rel, problems)
