"""The plugin `minutes`: the thin layer between the engine (MkDocs or ProperDocs) and the rest.

It imports no engine: `make_plugin(engine)` builds the plugin class from the engine's names,
and each engine module of this folder (mkdocs.py, properdocs.py) calls it once.
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

from minutes.adapters.engine import Engine
from minutes.core.archive import Archive, ParseCache, build_date, load_archive
from minutes.core.options import PLUGIN_OPTIONS, Options, OptionSpec
from minutes.core.problems import Problems
from minutes.core.records import valid_timezone
from minutes.outputs.data import data_files
from minutes.outputs.publish import FEED, Publisher
from minutes.site.builder import HTML_MARKER_RE, GeneratedPage, SiteBuilder
from minutes.site.meeting_page import report_marker
from minutes.site.urls import Urls, group_feed, rebase, relative

# `mkdocs serve` makes new plugin instances for each rebuild: the parse cache outlives them.
_PARSE_CACHES: dict[Path, ParseCache] = {}

REQUIRED_EXTENSIONS = ("attr_list", "pymdownx.tasklist", "toc")
ASSETS = Path(__file__).parent.parent / "site" / "assets"
CSS = "assets/minutes/minutes.css"
JS = "assets/minutes/minutes.js"
SEARCH_JS = "assets/minutes/minutes-search.js"
THEME = Path(__file__).parent.parent / "site" / "theme"


class MinutesPluginBase:
    """Publishes the meeting records of `meetings_dir` beside the docs (engine-neutral part)."""

    engine: Engine
    config: Any
    log: Any

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
        if self.config.search == "pagefind":
            # After the site's custom_dir, before the theme: our header search box.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
            if SEARCH_JS not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(SEARCH_JS)
        return config

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
        try:
            cache = _PARSE_CACHES.setdefault(self.meetings_dir, ParseCache())
            full = load_archive(self.meetings_dir, options, problems, cache)
        except OSError as exc:
            raise self.engine.PluginError(
                f"minutes: cannot read {self.meetings_dir}: {exc}"
            ) from None
        for problem in problems.sorted():
            (self.log.error if problem.severity == "error" else self.log.warning)(str(problem))
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
        files.append(
            self.engine.File.generated(config, CSS, abs_src_path=str(ASSETS / "minutes.css"))
        )
        files.append(
            self.engine.File.generated(config, JS, abs_src_path=str(ASSETS / "minutes.js"))
        )
        if self.config.search == "pagefind":
            files.append(
                self.engine.File.generated(
                    config, SEARCH_JS, abs_src_path=str(ASSETS / "minutes-search.js")
                )
            )
        for name, text in data_files(self.builder).items():
            files.append(self.engine.File.generated(config, f"data/{name}", content=text))
        self.publisher = Publisher(self.builder, config.site_name, config.site_url)
        for path, content in self.publisher.files().items():
            files.append(self.engine.File.generated(config, path, content=content))
        for page in self.builder.pages():
            self.pages[page.src] = page
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                self.log.warning(
                    f"docs/{page.src} is replaced by the page the minutes plugin makes"
                )
                files.remove(existing)
            inclusion = (
                self.engine.InclusionLevel.UNDEFINED
                if page.in_nav
                else self.engine.InclusionLevel.NOT_IN_NAV
            )
            file = self.engine.File.generated(
                config, page.src, content=page.markdown, inclusion=inclusion
            )
            if page.meeting is not None:
                # "Edit this page" opens the record, which lives beside docs/, not in it.
                file.edit_uri = Path(os.path.relpath(page.meeting.path, config.docs_dir)).as_posix()
            files.append(file)
        # What the archive holds lives to the end of the build: keep it out of the garbage
        # collector's full passes, which otherwise rescan it again and again.
        gc.freeze()
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: Any, files: Any
    ) -> str | None:
        if self.config.enabled and self.config.search == "pagefind":
            # Pagefind answers the search box: Material's whole-site index would go unused.
            search = page.meta.get("search")
            page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
        return markdown

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str | None:
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

    def _write_search_copy(self, html: str, page: Any, config: Any) -> None:
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

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
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

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str | None:
        if self.builder is None:
            return output
        if "<!-- minutes:report " in output:
            output = _REPORT_RE.sub(lambda m: self.report_html(m.group(1), page.url) or "", output)
        links = [(config.site_name, FEED)]
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.group is not None:
            title = f"{self.builder.group_label(generated.group)}: {config.site_name}"
            links.append((title, group_feed(generated.group)))
        tags = "".join(
            f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
            f'href="{escape(relative(page.url, target))}">'
            for title, target in links
        )
        return output.replace("</head>", tags + "</head>", 1)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._drop_search_pages()

    def on_post_build(self, *, config: Any) -> None:
        gc.unfreeze()
        if self.builder is None:
            return
        for path, content in self.publisher.group_feeds(self.report_html).items():
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            finish_search_index(indexer, self.engine.PluginError)
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


def finish_search_index(indexer: subprocess.Popen[str], error: Any) -> None:
    """Wait for Pagefind; a failure raises `error` (the engine's plugin error)."""
    _, stderr = indexer.communicate()
    if indexer.returncode != 0:
        raise error(f"minutes: the search index failed: {stderr.strip()}")


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


def _option(engine: Engine, spec: OptionSpec) -> Any:
    """The engine's config option for one declared option."""
    if spec.choices:
        return engine.options.Choice(spec.choices, default=spec.default)
    if not spec.timezone:
        return engine.options.Type(spec.type, default=spec.default)

    class TimeZone(engine.options.Type):  # type: ignore[name-defined,misc]
        def run_validation(self, value: object) -> object:
            value = super().run_validation(value)
            try:
                known = valid_timezone(str(value))
            except OSError:  # a region such as 'Europe' is a folder of zone files
                known = False
            if not known:
                raise engine.ConfigError(
                    f"unknown time zone '{value}' (use an IANA name such as Europe/Zurich)"
                )
            return value

    return TimeZone(spec.type, default=spec.default)


def make_plugin(engine: Engine) -> type:
    """The plugin class for `engine`, its options made from `PLUGIN_OPTIONS`."""
    config_class = type(
        "MinutesConfig", (engine.Config,), {o.name: _option(engine, o) for o in PLUGIN_OPTIONS}
    )
    return type(
        "MinutesPlugin",
        (MinutesPluginBase, engine.BasePlugin),
        {
            "config_class": config_class,
            "engine": engine,
            "log": engine.get_plugin_logger(__name__.replace("adapters.plugin", "plugin")),
            "__doc__": MinutesPluginBase.__doc__,
        },
    )


class ConfigProblem(Exception):
    """mkdocs.yml cannot be loaded: the engine's own messages, one a line."""


def read_plugin_options(engine: Engine, config_file: str) -> tuple[dict[str, Any], str | None]:
    """The validated options of the `minutes` plugin in `config_file`, as the build reads them,
    and the site's `site_url`.

    The engine's loader applies `!ENV`, defaults and validation; {} when the plugin is not
    enabled there. Raises ConfigProblem with the engine's messages when the file is invalid.
    """
    import logging

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                messages.append(record.getMessage())

    logger = logging.getLogger(engine.name)
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # the engine's INFO and WARNING lines are not the CLI's output
    try:
        config = engine.load_config(config_file=config_file)
    except (engine.Abort, engine.ConfigError, OSError) as exc:
        raise ConfigProblem("\n".join(messages) or str(exc)) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    plugin = config.plugins.get("minutes")
    options = {o.name: plugin.config[o.name] for o in PLUGIN_OPTIONS} if plugin else {}
    return options, config.site_url or None
