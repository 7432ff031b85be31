"""The plugin `minutes`: the thin layer between the engine (MkDocs or ProperDocs) and the rest.

It imports no engine: `make_plugin(engine)` builds the plugin class from the engine's names,
and each engine module of this folder (mkdocs.py, properdocs.py) calls it once.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import escape

from minutes.adapters import incremental, record_links
from minutes.adapters.config import config_class
from minutes.adapters.engine import Engine, Render, on_next_render
from minutes.adapters.incremental import Build, Session
from minutes.adapters.nav import attach_sections, hold_section
from minutes.adapters.parallel import MarkdownWorker, why_serial_markdown
from minutes.core import nesting
from minutes.core.archive import Archive, ParseCache, build_date, load_archive
from minutes.core.model import Meeting
from minutes.core.options import PLUGIN_OPTIONS, Options
from minutes.core.problems import Problem, Problems, display_path
from minutes.core.records import shorten
from minutes.outputs.pipeline import (
    AGGREGATES,
    CSS,
    JS,
    OUTPUTS,
    SEARCH_JS,
    THEME_DIR,
    BuildContext,
    FileArtifact,
    Output,
    Phase,
    of_phase,
)
from minutes.outputs.publish import FEED
from minutes.outputs.search import (
    SearchIndexError,
    finish_search_index,
    search_copy,
    start_search_index,
)
from minutes.runtime.pool import Mapper, fork_map, serial_map, two_sides
from minutes.site.builder import SiteBuilder
from minutes.site.fragments import (
    attribute_like,
    capture_meeting,
    capture_reports,
    fill_meetings,
    fill_reports,
    label_task_boxes,
    rebase_links,
)
from minutes.site.pages import CompiledPage, MeetingPage, Page
from minutes.site.urls import Urls, relative

# `mkdocs serve` makes new plugin instances for each rebuild: the parse cache outlives them,
# and so does the session of a dirty build (`mkdocs serve --dirty`, `make serve`:
# adapters/incremental.py).
_PARSE_CACHES: dict[Path, ParseCache] = {}
_STARTUP = {"dirty": False, "build": False}  # a dirty build (make serve); the build command

REQUIRED_EXTENSIONS = ("attr_list", "pymdownx.tasklist", "toc")
# rel="alternate feed", not the bare "alternate": Material's JavaScript fetches the whole
# sitemap.xml for every link[rel=alternate] in a page (an exact match, meant for its language
# selector), on every page view. A feed reader reads rel as the list of tokens it is, and
# still finds the feed (docs/reading.md).
FEED_REL = "alternate feed"


class _MeetingPageByRef(NamedTuple):
    """A meeting page as it travels between processes: its meeting by id, not by copy."""

    meeting_id: str
    src: str
    markdown: str
    inputs: frozenset[str]


class MinutesPluginBase:
    """Publishes the meeting records of `meetings_dir` beside the docs (engine-neutral part).

    It runs the pipeline of declared outputs (outputs/pipeline.py): pages and files before
    rendering, files made of rendered fragments after it, the search index beside it.
    """

    engine: Engine
    config: Any
    log: Any

    def __init__(self) -> None:
        self.archive: Archive | None = None
        self.builder: SiteBuilder | None = None
        self.context: BuildContext | None = None
        self.pages: dict[str, Page] = {}
        # What other pages show again of the meeting pages, as they rendered: "<meeting
        # id>#<anchor>" -> a group report, "<meeting id>" -> the whole meeting (its facts and
        # minutes, for the compiled minutes); and the url of the page each comes from.
        self.reports: dict[str, str] = {}
        self.report_urls: dict[str, str] = {}
        self.search_pages: Path | None = None  # lean copies of the pages Pagefind indexes
        self.indexer: subprocess.Popen[str] | None = None
        self.session: Session | None = None
        self.worker: MarkdownWorker | None = None
        self.everything = True  # every page is rendered again in this build
        self.sections: list[tuple[str, str]] = []  # (nav title, src): nav.py

    # configuration -----------------------------------------------------------------------
    @property
    def meetings_dir(self) -> Path:
        return Path(self._config_dir, self.config.meetings_dir).resolve()

    @property
    def pagefind(self) -> bool:
        return bool(self.config.search == "pagefind")

    def options(self) -> Options:
        return Options.from_config({o.name: self.config[o.name] for o in PLUGIN_OPTIONS})

    def on_config(self, config: Any) -> Any:
        if not self.config.enabled:
            return config
        self._config_dir = Path(config.config_file_path or ".").parent
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS)
        if self.pagefind:
            # After the site's custom_dir, before the theme: our header search box.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
            if SEARCH_JS not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(SEARCH_JS)
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        _STARTUP.update(dirty=dirty, build=command == "build")

    def on_shutdown(self) -> None:
        if _STARTUP["build"]:
            # The process ends now. What lives until then goes to the collector's permanent
            # generation: its last full passes at exit would walk the whole site (~4 s at
            # 8,000 meetings) to free nothing that exit does not free anyway.
            gc.freeze()
        _STARTUP.update(dirty=False, build=False)
        incremental.close_sessions()

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(str(self.meetings_dir))
        return server

    # files and pages ---------------------------------------------------------------------
    def on_files(self, files: Any, /, *, config: Any) -> Any:
        if not self.config.enabled:
            return files
        problems = Problems()
        options = self.options()
        # The collector would rescan the archive (and, while serving, the previous build's)
        # again and again while the pages are made: it waits until they are.
        gc.disable()
        try:
            cache = _PARSE_CACHES.setdefault(self.meetings_dir, ParseCache())
            parse_map = self._mapper(self.config.parallel)
            full = load_archive(self.meetings_dir, options, problems, cache, parse_map)
        except OSError as exc:
            raise self.engine.PluginError(
                f"minutes: cannot read {self.meetings_dir}: {exc}"
            ) from None
        # docs/format.md §9: a note (an invisible character dropped) fails no build, strict or not
        say = {"error": self.log.error, "warning": self.log.warning, "note": self.log.info}
        for problem in problems.sorted():
            say[problem.severity](str(problem))
        self.archive = full.edition(options.include_internal, options.publish_drafts)
        self.builder = SiteBuilder(
            self.archive,
            Urls(config.use_directory_urls),
            today=build_date(),
            template_dirs=[Path(d) for d in config.theme.dirs],
            pdf_downloads=bool(self.config.compiled_pdf),
        )
        self.context = BuildContext(
            self.builder, config.site_name, config.site_url, pagefind=self.pagefind
        )
        self.context.report_html = self.report_html
        self.pages, self.reports, self.report_urls = {}, {}, {}
        self._drop_search_pages()
        session = self.session = self._session(config)
        touched: frozenset[str] | None = None  # None: everything is made again
        if session is not None:
            fingerprint = incremental.fingerprint(
                options,
                self.config.search,
                Path(config.config_file_path or ""),
                self.meetings_dir,
                config.theme.dirs,
            )
            session.stop_index()  # what it was making is stale now
            touched = session.begin(fingerprint, self.archive)
            if touched is not None:
                self.builder.reuse = session.reuser(touched, self.builder.layout_values)
            self.context.memo = session.memo
            # reports of pages that are not rendered again stay as they were rendered
            self.reports, self.report_urls = session.reports, session.report_urls
            self.search_pages = session.search_pages
        elif self.pagefind:
            self.search_pages = Path(tempfile.mkdtemp(prefix="minutes-search-"))
        self.everything = touched is None
        written: set[str] = set()
        for item in self._make_outputs(parallel=session is None and self.config.parallel):
            if isinstance(item, FileArtifact):
                written.add(item.path)
                files.append(self._file(item, config))
            else:
                files.append(self._page_file(item, files, config))
        if session is not None:
            # While serving, a broken record's page shows its problems, not a stale version.
            for src, record, rel, found in session.broken_records(
                problems.sorted(), self.meetings_dir, self.pages
            ):
                page = self.builder.error_page(src, record, rel, found)
                files.append(self._page_file(page, files, config))
            made = Build(
                self.archive,
                self.pages,
                self.builder.html_blocks,
                self.builder.layout_values,
                written,
            )
            session.carry_over(files, touched, made, Path(config.site_dir))
        # What the archive holds lives to the end of the build: keep it out of the garbage
        # collector's full passes, which otherwise rescan it again and again.
        gc.enable()
        gc.freeze()
        record_links.install(self.engine.name, self._meeting_of)
        return files

    def _session(self, config: Any) -> Session | None:
        """The dirty build's session of this site, or None for a full build."""
        return incremental.session_of(str(config.config_file_path)) if _STARTUP["dirty"] else None

    def _mapper(self, parallel: bool) -> Mapper:
        """How items are mapped: on two cores when `parallel` (runtime/pool.py), where a
        failure only the worker met is a warning of this plugin."""
        if not parallel:
            return serial_map
        return functools.partial(fork_map, report=self.log.warning)

    def _meeting_of(self, src: str) -> Meeting | None:
        """The meeting a page of this build is made from, if it is a meeting page."""
        page = self.pages.get(src)
        return page.meeting if isinstance(page, MeetingPage) else None

    def _make_outputs(self, parallel: bool) -> list[FileArtifact | Page]:
        """The files and pages of the `PAGES` and `FILES` outputs, in `OUTPUTS` order (on two
        cores when `parallel`: each output is made on its own)."""
        assert self.builder is not None
        jobs = [o for o in OUTPUTS if o.phase in (Phase.FILES, Phase.PAGES)]
        mapper = self._mapper(parallel)
        # Each side makes the aggregates its outputs share once, the heaviest outputs first:
        # this process starts with the meeting pages, whose Markdown then need not travel.
        order = two_sides([o.weight for o in jobs], [o.uses for o in jobs], AGGREGATES)
        made = mapper(functools.partial(self._make, travel=parallel), [jobs[i] for i in order])
        by_job = dict(zip(order, made, strict=True))
        out: list[FileArtifact | Page] = []
        self.sections = []
        for i, job in enumerate(jobs):
            items, blocks = by_job[i]
            self.builder.html_blocks.update(blocks)
            out.extend(self._unpacked(item) for item in items)
            first = next((p for p in items if isinstance(p, Page) and p.in_nav), None)
            if job.nav_title is not None and first is not None:
                self.sections.append((job.nav_title, first.src))
        return out

    def _make(self, output: Output, travel: bool) -> tuple[list[Any], dict[str, list[str]]]:
        """One output's files or pages, and the raw HTML its pages set aside. To `travel`
        light between processes, meeting pages name their meeting by id."""
        assert self.context is not None and self.builder is not None
        if output.phase is Phase.FILES:
            return list(output.files(self.context)), {}
        made: list[Any] = []
        blocks: dict[str, list[str]] = {}
        for page in output.pages(self.context):
            if page.src in self.builder.html_blocks:
                blocks[page.src] = self.builder.html_blocks[page.src]
            if travel and isinstance(page, MeetingPage):
                ref = _MeetingPageByRef(page.meeting.id, page.src, page.markdown, page.inputs)
                made.append(ref)
            else:
                made.append(page)
        return made, blocks

    def _unpacked(self, item: FileArtifact | Page | _MeetingPageByRef) -> FileArtifact | Page:
        if isinstance(item, _MeetingPageByRef):
            assert self.builder is not None
            meeting = self.builder.meeting_by_id[item.meeting_id]
            return MeetingPage(
                src=item.src, markdown=item.markdown, inputs=item.inputs, meeting=meeting
            )
        return item

    def _file(self, artifact: FileArtifact, config: Any) -> Any:
        if artifact.source is not None:
            return self.engine.File.generated(
                config, artifact.path, abs_src_path=str(artifact.source)
            )
        return self.engine.File.generated(config, artifact.path, content=artifact.content)

    def _page_file(self, page: Page, files: Any, config: Any) -> Any:
        self.pages[page.src] = page
        existing = files.get_file_from_path(page.src)
        if existing is not None:
            self.log.warning(f"docs/{page.src} is replaced by the page the minutes plugin makes")
            files.remove(existing)
        levels = self.engine.InclusionLevel
        inclusion = levels.UNDEFINED if page.in_nav else levels.NOT_IN_NAV
        file = self.engine.File.generated(
            config, page.src, content=page.markdown, inclusion=inclusion
        )
        if config.nav is not None and any(src == page.src for _, src in self.sections):
            hold_section(self.engine, file)  # until on_nav adds it, unless the nav names it
        if self.session is not None:  # what to delete when the page is gone
            self.session.wrote(page.src, file.dest_uri)
        if page.source_file is not None:
            # "Edit this page" opens the record, which lives beside docs/, not in it.
            file.edit_uri = Path(os.path.relpath(page.source_file, config.docs_dir)).as_posix()
        return file

    def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
        if not self.config.enabled:
            return nav
        if config.nav is not None:
            sections = [(title, files.get_file_from_path(src)) for title, src in self.sections]
            found = [(title, file) for title, file in sections if file is not None]
            attach_sections(self.engine, nav, found, config)
        # Also the first build while serving (a rebuild converts only what an edit touched).
        if self.config.parallel and self.everything:
            self._start_worker(config, files)
        return nav

    on_nav.mkdocs_priority = -100  # type: ignore[attr-defined]  # after every other plugin's

    def _start_worker(self, config: Any, files: Any) -> None:
        """Fork the worker that converts pages' Markdown from the end (adapters/parallel.py)."""
        reason = why_serial_markdown(config)
        if reason is not None:
            self.log.debug(f"Markdown converted in one process: {reason}")
            return
        order = files.documentation_pages()
        if len(order) > 1:

            def make_page(file: Any) -> Any:  # as the engine makes a page not in the nav
                return self.engine.Page(None, file, config)

            self.worker = MarkdownWorker(order, config, files, make_page, self.log.warning)
            self.worker.start()

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: Any, files: Any
    ) -> str | None:
        if self.config.enabled and self.pagefind:
            # Pagefind answers the search box: Material's whole-site index would go unused.
            search = page.meta.get("search")
            page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
        if self.worker is not None:
            self.worker.take(page, markdown)
        meeting = self._meeting_of(page.file.src_uri)
        if meeting is not None:
            self._guard_render(page, meeting)
        return markdown

    # Last: the Markdown every other plugin and hook has had its say on is what gets converted.
    on_page_markdown.mkdocs_priority = -100  # type: ignore[attr-defined]

    def _guard_render(self, page: Any, meeting: Meeting) -> None:
        """Make the page's next `render` report a converter failure as `path:line` and show
        an error instead: never a traceback. The check refuses Markdown nested deeper than
        the converter's recursion survives (docs/format.md §9.1); this is the safety net."""
        log = self.log

        def render(inner: Render, config: Any, files: Any) -> None:
            try:
                inner(config, files)
            except Exception as exc:  # RecursionError, or an extension's bug
                problem = _render_problem(meeting, exc)
                log.error(str(problem))
                page.content = (
                    '<p class="minutes-error">This meeting\'s page could not be made: '
                    f"{escape(str(problem))}</p>"
                )

        on_next_render(page, render)

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str | None:
        src = page.file.src_uri
        if self.builder is not None:
            html = self.builder.restore_html(src, html)
        html = label_task_boxes(html)
        generated = self.pages.get(src)
        meeting_id = generated.renders_reports_of if generated is not None else None
        if meeting_id is not None:
            for key, report in capture_reports(html, meeting_id).items():
                self.reports[key] = report
                self.report_urls[key] = page.url
            self.reports[meeting_id] = capture_meeting(html)
            self.report_urls[meeting_id] = page.url
        if self.search_pages is not None and (generated is None or generated.searchable):
            # Only meetings and hand-written pages are searched: aggregated pages repeat them.
            target = Path(self.search_pages, page.file.dest_uri)
            target.parent.mkdir(parents=True, exist_ok=True)
            language = config.theme.get("language") or "en"
            target.write_text(search_copy(html, page.title or "", language), encoding="utf-8")
        return html

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        self._stop_worker()
        if self.search_pages is not None and self.session is None and of_phase(Phase.SITE):
            self.indexer = start_search_index(self.search_pages, Path(config.site_dir, "pagefind"))
        return env

    def report_html(self, key: str, to_url: str) -> str | None:
        """A report's HTML with its relative links re-pointed for the page at `to_url`."""
        html = self.reports.get(key)
        if html is None:
            return None
        return rebase_links(html, self.report_urls[key], to_url)

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str | None:
        if self.builder is None:
            return output
        output = fill_reports(output, lambda key: self.report_html(key, page.url))
        generated = self.pages.get(page.file.src_uri)
        if isinstance(generated, CompiledPage):
            by_id = self.builder.meeting_by_id
            output = fill_meetings(
                output,
                page.url,
                self.reports,
                self.report_urls,
                lambda mid: mid in by_id and attribute_like(by_id[mid].body),
            )
        links = [(config.site_name, FEED)]
        feed = generated.feed if generated is not None else None
        if feed is not None:
            links.append((f"{feed[0]}: {config.site_name}", feed[1]))
        tags = "".join(
            f'<link rel="{FEED_REL}" type="application/atom+xml" title="{escape(title)}" '
            f'href="{escape(relative(page.url, target))}">'
            for title, target in links
        )
        return output.replace("</head>", tags + "</head>", 1)

    def _stop_worker(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            worker.close()
            self.log.debug(f"{worker.taken} pages converted by the second process")

    def on_build_error(self, *, error: Exception) -> None:
        record_links.uninstall(self.engine.name)
        self._stop_worker()
        gc.enable()
        gc.unfreeze()
        self._drop_search_pages()

    def on_post_build(self, *, config: Any) -> None:
        record_links.uninstall(self.engine.name)
        gc.unfreeze()
        if self.context is None:
            return
        for output in of_phase(Phase.RENDERED):
            for artifact in output.files(self.context):
                target = Path(config.site_dir, artifact.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(artifact.content or b"")
                if self.session is not None:
                    self.session.files.add(artifact.path)
        if self.session is not None:
            if self.pagefind and of_phase(Phase.SITE):
                self.session.reindex(Path(config.site_dir))
            self.search_pages = None  # the session's: kept for the next build
            return
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            try:
                finish_search_index(indexer)
            except SearchIndexError as exc:
                raise self.engine.PluginError(f"minutes: {exc}") from None
        self._drop_search_pages()

    def _drop_search_pages(self) -> None:
        if self.indexer is not None:
            self.indexer.kill()
            self.indexer.wait()
            self.indexer = None
        if self.search_pages is not None and self.session is None:
            shutil.rmtree(self.search_pages, ignore_errors=True)
        self.search_pages = None


def _render_problem(meeting: Meeting, exc: Exception) -> Problem:
    """What the converter's failure on a meeting page is reported as: at the record's deepest
    line when its Markdown nests too deep for the converter, else at its first line."""
    path = display_path(meeting.path)
    if isinstance(exc, RecursionError):
        deep = nesting.deepest(meeting.body.split("\n"))
        return Problem(
            path,
            meeting.body_line + deep.index,
            "the Markdown converter ran out of recursion on this record (its deepest line "
            f"nests {deep.depth} levels): the page shows an error instead",
        )
    return Problem(
        path,
        1,
        f"the Markdown converter failed on this record ({type(exc).__name__}: "
        f"{shorten(str(exc))}): the page shows an error instead",
    )


def make_plugin(engine: Engine) -> type:
    """The plugin class for `engine`, its options made from `PLUGIN_OPTIONS`."""
    return type(
        "MinutesPlugin",
        (MinutesPluginBase, engine.BasePlugin),
        {
            "config_class": config_class(engine),
            "engine": engine,
            "log": engine.get_plugin_logger(__name__.replace("adapters.plugin", "plugin")),
            "__doc__": MinutesPluginBase.__doc__,
        },
    )
