"""The MkDocs plugin `minutes`: the thin layer between MkDocs and the archive core.

Every MkDocs import of the project lives in this module.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from minutes.core.archive import Archive, Options, ParseCache, build_date, load_archive
from minutes.core.problems import Problems
from minutes.core.records import valid_timezone
from minutes.outputs.data import data_files
from minutes.outputs.publish import FEED, Publisher
from minutes.site.builder import HTML_MARKER_RE, GeneratedPage, SiteBuilder
from minutes.site.meeting_page import report_marker
from minutes.site.urls import Urls, group_feed, rebase, relative

log = get_plugin_logger(__name__)
# `mkdocs serve` makes new plugin instances for each rebuild: the parse cache outlives them.
_PARSE_CACHES: dict[Path, ParseCache] = {}

REQUIRED_EXTENSIONS = ("attr_list", "pymdownx.tasklist", "toc")
ASSETS = Path(__file__).parent.parent / "site" / "assets"
CSS = "assets/minutes/minutes.css"
JS = "assets/minutes/minutes.js"
SEARCH_JS = "assets/minutes/minutes-search.js"
THEME = Path(__file__).parent.parent / "site" / "theme"
FEED_REL = "alternate feed"


class MinutesConfig(base.Config):  # type: ignore[no-untyped-call]
    enabled = c.Type(bool, default=True)
    meetings_dir = c.Type(str, default="meetings")
    strict = c.Type(bool, default=False)
    include_internal = c.Type(bool, default=False)
    timezone = c.Type(str, default="UTC")
    search = c.Choice(("pagefind", "material"), default="pagefind")


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


class MinutesPlugin(BasePlugin[MinutesConfig]):  # type: ignore[no-untyped-call]
    """Publishes the meeting records of `meetings_dir` beside the docs."""

    def __init__(self) -> None:
        self.archive: Archive | None = None
        self.builder: SiteBuilder | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.reports: dict[str, str] = {}  # "meeting-id#anchor" -> report HTML
        self.report_urls: dict[str, str] = {}  # "meeting-id#anchor" -> url of its meeting page
        self.search_pages: Path | None = None  # lean copies of the pages Pagefind indexes
        self.indexer: subprocess.Popen[str] | None = None

    # configuration -----------------------------------------------------------------------
    @property
    def meetings_dir(self) -> Path:
        return Path(self._config_dir, self.config.meetings_dir).resolve()

    def options(self) -> Options:
        return Options(
            strict=self.config.strict,
            include_internal=self.config.include_internal or env_flag("MINUTES_INCLUDE_INTERNAL"),
            timezone=self.config.timezone,
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self._config_dir = Path(config.config_file_path or ".").parent
        if not valid_timezone(self.config.timezone):
            raise PluginError(f"minutes: unknown time zone '{self.config.timezone}'")
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS)
        if self.config.search == "pagefind":
            # After the site's custom_dir, before the theme: our header search box.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
            if SEARCH_JS not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(SEARCH_JS)
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.meetings_dir))
        return server

    # files and pages ---------------------------------------------------------------------
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        problems = Problems()
        options = self.options()
        try:
            cache = _PARSE_CACHES.setdefault(self.meetings_dir, ParseCache())
            full = load_archive(self.meetings_dir, options, problems, cache)
        except OSError as exc:
            raise PluginError(f"minutes: cannot read {self.meetings_dir}: {exc}") from None
        for problem in problems.sorted():
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        self.archive = full.edition(options.include_internal)
        theme_dirs = [Path(d) for d in config.theme.dirs]
        self.builder = SiteBuilder(
            self.archive,
            Urls(config.use_directory_urls),
            today=build_date(),
            template_dirs=theme_dirs,
        )
        self.pages, self.reports, self.report_urls = {}, {}, {}
        self._drop_search_pages()
        if self.config.search == "pagefind":
            self.search_pages = Path(tempfile.mkdtemp(prefix="minutes-search-"))
        files.append(File.generated(config, CSS, abs_src_path=str(ASSETS / "minutes.css")))
        files.append(File.generated(config, JS, abs_src_path=str(ASSETS / "minutes.js")))
        if self.config.search == "pagefind":
            files.append(
                File.generated(config, SEARCH_JS, abs_src_path=str(ASSETS / "minutes-search.js"))
            )
        for name, text in data_files(self.builder).items():
            files.append(File.generated(config, f"data/{name}", content=text))
        for path, text in self.builder.filter_files().items():
            files.append(File.generated(config, path, content=text))
        self.publisher = Publisher(self.builder, config.site_name, config.site_url)
        for path, content in self.publisher.files().items():
            files.append(File.generated(config, path, content=content))
        for page in self.builder.pages():
            self.pages[page.src] = page
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                log.warning(f"docs/{page.src} is replaced by the page the minutes plugin makes")
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src, content=page.markdown, inclusion=inclusion)
            if page.meeting is not None:
                # "Edit this page" opens the record, which lives beside docs/, not in it.
                file.edit_uri = Path(os.path.relpath(page.meeting.path, config.docs_dir)).as_posix()
            files.append(file)
        # What the archive holds lives to the end of the build: keep it out of the garbage
        # collector's full passes, which otherwise rescan it again and again.
        gc.freeze()
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.config.enabled and self.config.search == "pagefind":
            # Pagefind answers the search box: Material's whole-site index would go unused.
            search = page.meta.get("search")
            page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        src = page.file.src_uri
        if self.builder is not None and src in self.builder.html_blocks:
            builder = self.builder
            html = HTML_MARKER_RE.sub(lambda m: builder.html_block(src, int(m.group(1))), html)
        html = _TASK_BOX_RE.sub(_label_task_box, html)
        generated = self.pages.get(src)
        if generated is not None and generated.meeting is not None:
            self._capture_reports(html, generated, page.url)
        if self.search_pages is not None and (generated is None or generated.meeting is not None):
            # Only meetings and hand-written pages are searched: aggregated pages repeat them.
            self._write_search_copy(html, page, config)
        return html

    def _write_search_copy(self, html: str, page: Page, config: MkDocsConfig) -> None:
        """A lean copy of the page (its content only) for Pagefind, which indexes these while
        MkDocs renders the theme around the real pages: it runs on the other core."""
        assert self.search_pages is not None
        target = Path(self.search_pages, page.file.dest_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        title = escape(page.title or "")
        target.write_text(
            f'<!doctype html><html lang="{escape(config.theme.get("language") or "en")}">'
            f"<head><title>{title}</title></head>"
            f"<body><main data-pagefind-body>{html}</main></body></html>",
            encoding="utf-8",
        )

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.search_pages is not None:
            self.indexer = start_search_index(self.search_pages, Path(config.site_dir, "pagefind"))
        return env

    def _capture_reports(self, html: str, generated: GeneratedPage, url: str) -> None:
        """Keep each group report's HTML, rendered once, for the pages that repeat it."""
        meeting = generated.meeting
        assert meeting is not None
        for section_anchor in _anchors_with_markers(html, meeting.id):
            start = re.search(
                rf'<h[1-6][^>]*\bid="{re.escape(section_anchor)}"[^>]*>.*?</h[1-6]>', html, re.S
            )
            marker = report_marker(meeting.id, section_anchor)
            end = html.find(marker)
            if start is None or end < 0:
                continue
            key = f"{meeting.id}#{section_anchor}"
            report = html[start.end() : end].strip()
            if report.startswith('<p class="minutes-item-meta">'):
                report = report[report.index("</p>") + 4 :].lstrip()
            self.reports[key] = report
            self.report_urls[key] = url

    def report_html(self, key: str, to_url: str) -> str | None:
        """A report's HTML with its relative links re-pointed for the page at `to_url`."""
        html = self.reports.get(key)
        if html is None:
            return None
        from_url = self.report_urls[key]
        return _LINK_RE.sub(
            lambda m: f'{m.group(1)}="{rebase(m.group(2), from_url, to_url)}"', html
        )

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.builder is None:
            return output
        if "<!-- minutes:report " in output:
            output = _REPORT_RE.sub(lambda m: self.report_html(m.group(1), page.url) or "", output)
        links = [(config.site_name, FEED)]
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.group is not None:
            title = f"{self.builder.group_label(generated.group)}: {config.site_name}"
            links.append((title, group_feed(generated.group)))
        # rel="alternate feed", not the bare "alternate": Material's JavaScript fetches the
        # whole sitemap.xml for every link[rel=alternate] in a page (an exact match, meant for
        # its language selector), on every page view. A feed reader reads rel as the list of
        # tokens it is, and still finds the feed (docs/reading.md).
        tags = "".join(
            f'<link rel="{FEED_REL}" type="application/atom+xml" title="{escape(title)}" '
            f'href="{escape(relative(page.url, target))}">'
            for title, target in links
        )
        return output.replace("</head>", tags + "</head>", 1)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._drop_search_pages()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.builder is None:
            return
        for path, content in self.publisher.group_feeds(self.report_html).items():
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            finish_search_index(indexer)
        self._drop_search_pages()

    def _drop_search_pages(self) -> None:
        if self.indexer is not None:
            self.indexer.kill()
            self.indexer.wait()
            self.indexer = None
        if self.search_pages is not None:
            shutil.rmtree(self.search_pages, ignore_errors=True)
            self.search_pages = None


def start_search_index(pages: Path, output: Path) -> subprocess.Popen[str]:
    """Start Pagefind over the lean page copies; it writes its chunked index into `output`."""
    from pagefind_bin import get_executable

    command = [
        str(get_executable()),
        "--site",
        str(pages),
        "--output-path",
        str(output),
        "--exclude-selectors",
        ".headerlink",
        "--silent",
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_search_index(indexer: subprocess.Popen[str]) -> None:
    _, stderr = indexer.communicate()
    if indexer.returncode != 0:
        raise PluginError(f"minutes: the search index failed: {stderr.strip()}")


# Task-list checkboxes carry no text of their own: name them for screen readers.
_TASK_BOX_RE = re.compile(r'<input type="checkbox" disabled(?P<checked> checked)?\s*/?>')


def _label_task_box(m: re.Match[str]) -> str:
    state = "done" if m.group("checked") else "open"
    return f'<input type="checkbox" disabled{m.group("checked") or ""} aria-label="{state}"/>'


_LINK_RE = re.compile(r'\b(href|src)="([^"]*)"')
_REPORT_RE = re.compile(r"<!-- minutes:report (\S+) -->")


def _anchors_with_markers(html: str, meeting_id: str) -> list[str]:
    prefix = f"<!-- minutes:end {meeting_id}#"
    out: list[str] = []
    pos = html.find(prefix)
    while pos >= 0:
        end = html.find(" -->", pos)
        out.append(html[pos + len(prefix) : end])
        pos = html.find(prefix, end)
    return out
