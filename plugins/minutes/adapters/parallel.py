"""A full build on two cores: a forked worker takes items from the end, this process from the
start (docs/architecture.md, "Two cores").

`TwoEnds` is the rule: each item is claimed once, in a shared array, by whichever side comes to
it first, and the worker sends what it made back pickled. `fork_map` uses it for the records
(`load_archive`'s mapper) and the declared outputs; `MarkdownWorker` for the engine's
conversion of each page's Markdown, the largest part of a build at 8,000 meetings.

For a page the worker converted, the plugin's last `on_page_markdown` calls `take`, which
checks that the Markdown the engine is about to convert is exactly the Markdown the worker
converted: any plugin or hook that changed it sends the page back to the engine. Otherwise the
page's `render` is replaced, for that one call, by one that sets what the engine's own
`render` set in the worker (content, table of contents, title, anchors) and emits the log
records the conversion emitted there: a warning still counts for `--strict`, once.

A Markdown extension could keep state across pages (a cross-reference index, say), which a
worker would keep to itself: the worker converts pages only when every configured extension
is one known to convert each page on its own (Python-Markdown's, PyMdown's, Material's).
Nothing is forked on one CPU, where `fork` does not exist or is unsafe (macOS), or while
another thread runs.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

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
WAIT_S = 0.5  # how often a wait for the worker checks that it still lives
FREE, ENGINE, WORKER = 0, 1, 2


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pure_extensions(extensions: Iterable[Any]) -> bool:
    """Whether every Markdown extension is known to convert each page on its own."""
    for ext in extensions:
        name = ext if isinstance(ext, str) else type(ext).__module__ + "."
        name = name.split(":", 1)[0]
        if name in MARKDOWN_SHORT_NAMES or name.startswith(PURE_EXTENSIONS):
            continue
        return False
    return True


def why_serial(config: Any = None) -> str | None:
    """Why work must be done in one process (this build's Markdown, with `config`), or None."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return "this system cannot fork"
    if sys.platform == "darwin":  # its system libraries may run threads of their own
        return "fork is not safe on macOS"
    if cpus() < 2:
        return "one CPU"
    if threading.active_count() > 1:
        return "other threads run (a fork could deadlock)"
    if config is not None and not pure_extensions(config.markdown_extensions):
        return "a Markdown extension may keep state across pages"
    return None


class TwoEnds:
    """Items done from both ends: this process from the start, a forked worker from the end.

    Each item is claimed once, in a shared array, by whichever side comes to it first. The
    worker sends each result pickled (None: the item is left to this process, which then
    does it itself, and reports whatever goes wrong there).
    """

    def __init__(self, count: int, produce: Callable[[int], bytes | None]) -> None:
        context = multiprocessing.get_context("fork")
        self.claims = context.Array("b", count)
        self.results: multiprocessing.Queue[tuple[int, bytes | None]] = context.Queue()
        self.done: dict[int, bytes | None] = {}
        self.count, self.produce = count, produce
        self.process = context.Process(target=self._run, daemon=True)

    def start(self) -> None:
        """Fork the worker."""
        self.process.start()

    def close(self) -> None:
        """Stop the worker (its items are all claimed by now, or no longer wanted)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.results.close()
        self.results.cancel_join_thread()

    def claim(self, i: int) -> bytes | None:
        """Item `i` for this process: None to do it here, or the worker's result."""
        with self.claims.get_lock():
            if self.claims[i] == FREE:
                self.claims[i] = ENGINE
                mine = True
            else:
                mine = False
        if mine:
            # Take in what the worker has sent so far: its results go through a pipe, which
            # would otherwise fill and leave all of them to be read at the end.
            self._collect()
            return None
        while i not in self.done:
            try:
                j, payload = self.results.get(timeout=WAIT_S)
            except queue.Empty:
                if self.process.is_alive():
                    continue
                try:  # what it sent before it ended
                    j, payload = self.results.get_nowait()
                except queue.Empty:
                    return None
            self.done[j] = payload
        return self.done.pop(i)

    def _collect(self) -> None:
        while True:
            try:
                j, payload = self.results.get_nowait()
            except queue.Empty:
                return
            self.done[j] = payload

    def _run(self) -> None:
        gc.freeze()  # what the parent made stays shared with it, not copied on write
        for i in reversed(range(self.count)):
            with self.claims.get_lock():
                if self.claims[i] != FREE:
                    continue
                self.claims[i] = WORKER
            try:
                payload = self.produce(i)
            except Exception:  # done again by the parent, which reports what is wrong
                payload = None
            self.results.put((i, payload))
        self.results.close()
        self.results.join_thread()


def fork_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[fn(x) for x in items]` on two cores (in one where `why_serial` says so).

    `fn` must not depend on what it did for other items; its results must pickle.
    """
    if len(items) < 2 or why_serial() is not None:
        return [fn(x) for x in items]
    ends = TwoEnds(len(items), lambda i: pickle.dumps(fn(items[i]), pickle.HIGHEST_PROTOCOL))
    ends.start()
    try:
        results: list[R] = []
        for i, x in enumerate(items):
            payload = ends.claim(i)
            results.append(fn(x) if payload is None else pickle.loads(payload))
        return results
    finally:
        ends.close()


def both_ends_first(weights: Sequence[float]) -> list[int]:
    """An order of items for `TwoEnds`: the heaviest first for this process, the next one
    last for the worker, and so on inwards, so that the two sides end together."""
    ranked = sorted(range(len(weights)), key=lambda i: -weights[i])
    return ranked[0::2] + ranked[1::2][::-1]


class MarkdownWorker:
    """A forked worker converting the Markdown of the engine's pages, from the end of their
    order (`files`: the documentation files, in the order the engine converts them)."""

    def __init__(
        self, files: list[Any], config: Any, all_files: Any, make_page: Callable[[Any], Any]
    ) -> None:
        self.order = files
        self.index = {f.src_uri: i for i, f in enumerate(files)}
        self.config, self.files, self.make_page = config, all_files, make_page
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
            return False
        source, values, records = pickle.loads(payload)
        if source != markdown:
            return False
        links = values.get("links_to_anchors")
        if isinstance(links, dict):
            values["links_to_anchors"] = {
                self.files.get_file_from_path(src): anchors for src, anchors in links.items()
            }

        def render(config: Any, files: Any) -> None:
            del page.render  # the class's own again
            for name, value in values.items():
                setattr(page, name, value)
            for record in records:
                logging.getLogger(record.name).handle(record)

        page.render = render
        self.taken += 1
        return True

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
