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
import ctypes
import errno
import gc
import logging
import multiprocessing
import os
import pickle
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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

    def __init__(
        self, count: int, produce: Callable[[int], bytes | None], copy_first: bool = False
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.copy_first = copy_first
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

    def arrived(self) -> list[tuple[int, bytes]]:
        """The results the worker has sent so far and nobody has claimed, taken out (not
        the items it left to this process, which `claim` still answers with None)."""
        ready = [(i, p) for i, p in self.done.items() if p is not None]
        for i, _ in ready:
            del self.done[i]
        return ready

    def _collect(self) -> None:
        while True:
            try:
                j, payload = self.results.get_nowait()
            except queue.Empty:
                return
            self.done[j] = payload

    def _run(self) -> None:
        gc.freeze()  # the collector leaves what the parent made alone
        if self.copy_first:
            own_copy()
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


MADV_POPULATE_WRITE = 23  # Linux 5.14 and later


def own_copy() -> int:
    """In a forked process, copy at once every page it shares with its parent and may write;
    returns the bytes asked for (0 where the system cannot).

    After a fork, whichever side first writes to a shared page copies it, in a page fault of
    its own: both sides of a build write all over the archive's objects (reference counts),
    and on a virtual machine each such fault costs microseconds (0.16 s of the 1.3 s the
    8,000 meeting pages take). One `madvise(MADV_POPULATE_WRITE)` per mapping makes the
    worker's copies in bulk; the parent's pages are then its own, and its first writes to
    them copy nothing.
    """
    if not sys.platform.startswith("linux"):
        return 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        with open("/proc/self/maps", encoding="ascii") as maps:
            lines = maps.read().splitlines()
    except (OSError, AttributeError):
        return 0
    copied = 0
    for line in lines:
        fields = line.split()
        # private, writable, anonymous (inode 0): the heap and the allocators' arenas
        if len(fields) < 5 or fields[1] != "rw-p" or fields[4] != "0":
            continue
        if len(fields) > 5 and fields[5] != "[heap]":
            continue
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if madvise(start, end - start, MADV_POPULATE_WRITE) != 0:
            if ctypes.get_errno() == errno.EINVAL:  # a kernel older than 5.14
                return copied
            continue
        copied += end - start
    return copied


def fork_map(fn: Callable[[T], R], items: Sequence[T], copy_first: bool = False) -> list[R]:
    """`[fn(x) for x in items]` on two cores (in one where `why_serial` says so).

    `fn` must not depend on what it did for other items; its results must pickle. With
    `copy_first`, the worker starts with `own_copy`: for items that read much of what this
    process holds.
    """
    if len(items) < 2 or why_serial() is not None:
        return [fn(x) for x in items]
    ends = TwoEnds(
        len(items),
        lambda i: pickle.dumps(fn(items[i]), pickle.HIGHEST_PROTOCOL),
        copy_first,
    )
    ends.start()
    try:
        results: list[R] = []
        received: dict[int, R] = {}
        for i, x in enumerate(items):
            if i in received:
                results.append(received.pop(i))
                continue
            payload = ends.claim(i)
            results.append(fn(x) if payload is None else pickle.loads(payload))
            # What the worker sent meanwhile is read now, while it still works: not all at
            # the end, when it is done and this process alone has work left.
            for j, sent in ends.arrived():
                received[j] = pickle.loads(sent)
        return results
    finally:
        ends.close()


def two_sides(
    weights: Sequence[float], uses: Sequence[Iterable[str]], costs: Mapping[str, float]
) -> list[int]:
    """An order of items for `TwoEnds`, this process's from the start, the worker's from the
    end, each side's heaviest first.

    Items go, heaviest first, to the side where they would end soonest. An item's cost on a
    side is its weight plus the `costs` of the shared things it `uses` that the side has not
    made yet: each process makes what its items share once (an aggregate of the archive, say),
    and an item that needs the same as another is cheaper beside it.
    """
    loads, made = [0.0, 0.0], [set[str](), set[str]()]
    sides: list[list[int]] = [[], []]
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        needs = set(uses[i])
        cost = [weights[i] + sum(costs.get(k, 0.0) for k in needs - made[s]) for s in (0, 1)]
        side = 0 if loads[0] + cost[0] <= loads[1] + cost[1] else 1
        loads[side] += cost[side]
        made[side] |= needs
        sides[side].append(i)
    return sides[0] + sides[1][::-1]


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
