"""The engine's Markdown conversion on two cores: a forked worker converts pages from the end
of the engine's order while the engine converts them from the start (runtime/pool.py's
`TwoEnds`; docs/architecture.md, "Two cores"). It is the largest part of a build at 8,000
meetings.

For a page the worker converted, the plugin's last `on_page_markdown` calls `take`, which
checks that the Markdown the engine is about to convert is exactly the Markdown the worker
converted: any plugin or hook that changed it sends the page back to the engine. Otherwise the
page's `render` is replaced, for that one call, by one that sets what the engine's own
`render` set in the worker (content, table of contents, title, anchors) and emits the log
records the conversion emitted there: a warning still counts for `--strict`, once. If the
page's Markdown changed after `take` (a plugin that runs later still), that `render` is the
engine's own.

A Markdown extension could keep state across pages (a cross-reference index, say), which a
worker would keep to itself: the worker converts pages only when every configured extension
is one known to convert each page on its own (Python-Markdown's, PyMdown's, Material's).
"""

from __future__ import annotations

import contextlib
import logging
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from minutes.adapters.engine import on_next_render
from minutes.runtime import pool
from minutes.runtime.pool import Report, TwoEnds, worker_failure

# Extensions that convert each page on its own, by module (or short name) prefix.
PURE_EXTENSIONS = (
    "markdown.extensions.",
    "pymdownx.",
    "material.extensions.",
    "mkdocs.",
    "properdocs.",
)
MARKDOWN_SHORT_NAMES = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)


def pure_extensions(extensions: Iterable[Any]) -> bool:
    """Whether every Markdown extension is known to convert each page on its own."""
    for ext in extensions:
        name = ext if isinstance(ext, str) else type(ext).__module__ + "."
        name = name.split(":", 1)[0]
        if name in MARKDOWN_SHORT_NAMES or name.startswith(PURE_EXTENSIONS):
            continue
        return False
    return True


def why_serial_markdown(config: Any) -> str | None:
    """Why this build's Markdown (its engine `config`) must be converted in one process, or
    None (runtime/pool.py's reasons, and the extensions')."""
    reason = pool.why_serial()
    if reason is None and not pure_extensions(config.markdown_extensions):
        return "a Markdown extension may keep state across pages"
    return reason


class MarkdownWorker:
    """A forked worker converting the Markdown of the engine's pages, from the end of their
    order (`files`: the documentation files, in the order the engine converts them)."""

    def __init__(
        self,
        files: list[Any],
        config: Any,
        all_files: Any,
        make_page: Callable[[Any], Any],
        report: Report,
    ) -> None:
        self.order = files
        self.index = {f.src_uri: i for i, f in enumerate(files)}
        self.config, self.files, self.make_page = config, all_files, make_page
        self.report = report  # a conversion that failed only in the worker
        self.ends = TwoEnds(len(files), self._produce)
        self.taken = 0  # pages the engine did not convert itself

    def start(self) -> None:
        """Fork the worker."""
        self.ends.start()

    def close(self) -> None:
        """Stop the worker."""
        self.ends.close()

    # the engine's side -------------------------------------------------------------------
    def take(self, page: Any, markdown: str) -> bool:
        """If the worker converted `page` from exactly `markdown`, make its next `render`
        set the worker's result. False: the engine converts the page itself."""
        i = self.index.get(page.file.src_uri)
        payload = None if i is None else self.ends.claim(i)
        if payload is None:
            failure = None if i is None else self.ends.failure(i)
            if failure is not None:
                self._report_if_converted(page, failure)
            return False
        source, values, records = pickle.loads(payload)
        if source != markdown:
            return False
        links = values.get("links_to_anchors")
        if isinstance(links, dict):
            values["links_to_anchors"] = {
                self.files.get_file_from_path(src): anchors for src, anchors in links.items()
            }

        def render(engine_render: Callable[[Any, Any], None], config: Any, files: Any) -> None:
            if page.markdown != source:  # a plugin after this one changed it
                self.taken -= 1
                engine_render(config, files)
                return
            for name, value in values.items():
                setattr(page, name, value)
            for record in records:
                logging.getLogger(record.name).handle(record)

        on_next_render(page, render)
        self.taken += 1
        return True

    def _report_if_converted(self, page: Any, failure: str) -> None:
        """Report the worker's failure on `page` once the engine has converted it here
        without error (a failure here too is the engine's to report)."""
        src = page.file.src_uri

        def render(engine_render: Callable[[Any, Any], None], config: Any, files: Any) -> None:
            engine_render(config, files)
            self.report(worker_failure(f"the Markdown of {src}", failure))

        on_next_render(page, render)

    # the worker's side -------------------------------------------------------------------
    def _produce(self, i: int) -> bytes:
        """The page's Markdown as read, what its `render` set, and the log records it left."""
        file = self.order[i]
        page = file.page if file.page is not None else self.make_page(file)  # not in the nav
        records: list[logging.LogRecord] = []
        self.config._current_page = page  # as the engine sets it around a page's events
        try:
            with _captured_logs(records):
                page.read_source(self.config)
                before = dict(vars(page))
                page.render(self.config, self.files)
        finally:
            self.config._current_page = None
        values = {k: v for k, v in vars(page).items() if before.get(k, before) is not v}
        links = values.get("links_to_anchors")
        if isinstance(links, dict):  # keyed by File: by source path to travel
            values["links_to_anchors"] = {f.src_uri: a for f, a in links.items()}
        for record in records:
            record.msg, record.args, record.exc_info = record.getMessage(), None, None
        return pickle.dumps((page.markdown, values, records))


@contextlib.contextmanager
def _captured_logs(records: list[logging.LogRecord]) -> Iterator[None]:
    """Log records are kept, not emitted: the engine's process emits them at the page's turn."""
    original = logging.Logger.callHandlers

    def keep(self: logging.Logger, record: logging.LogRecord) -> None:
        records.append(record)

    logging.Logger.callHandlers = keep  # type: ignore[method-assign]
    try:
        yield
    finally:
        logging.Logger.callHandlers = original  # type: ignore[method-assign]
