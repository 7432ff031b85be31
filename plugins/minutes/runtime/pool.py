"""Work on two cores: this process takes items from the start, a forked worker from the end
(docs/architecture.md, "Two cores").

`TwoEnds` is the rule: each item is claimed once, in a shared array, by whichever side comes to
it first, and the worker sends what it made back pickled. `fork_map` is `[fn(x) for x in
items]` by that rule; `serial_map` the same in one process (both are a `Mapper`). `two_sides`
orders items so that both sides end together. Nothing here knows what the items are: the
engine adapter uses `TwoEnds` for the engine's Markdown conversion (adapters/parallel.py).

An item the worker fails on is done again here; if it succeeds here, the worker's traceback is
reported as a warning (a bug that shows only in the worker would otherwise hide). Nothing is
forked on one CPU, where `fork` does not exist or is unsafe (macOS), or while another thread
runs.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import queue
import reprlib
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Report = Callable[[str], None]  # where a worker's failure is told (a logger's `warning`)

WAIT_S = 0.5  # how often a wait for the worker checks that it still lives
FREE, ENGINE, WORKER = 0, 1, 2
LOG = logging.getLogger("minutes.runtime")


class Mapper(Protocol):
    """`[fn(x) for x in items]`, in order, done in whatever way (`fork_map`: on two cores)."""

    def __call__(self, fn: Callable[[T], R], items: Sequence[T], /) -> list[R]: ...


def serial_map(fn: Callable[[T], R], items: Sequence[T], /) -> list[R]:
    """Each item in turn: the default `Mapper`."""
    return [fn(x) for x in items]


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def why_serial() -> str | None:
    """Why work must be done in one process here and now, or None."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return "this system cannot fork"
    if sys.platform == "darwin":  # its system libraries may run threads of their own
        return "fork is not safe on macOS"
    if cpus() < 2:
        return "one CPU"
    if threading.active_count() > 1:
        return "other threads run (a fork could deadlock)"
    return None


def worker_failure(what: str, failure: str) -> str:
    """The warning for an item the worker failed on and this process then did without error."""
    return (
        f"the second process failed on {what}, which this process then did without error: "
        f"a bug that shows only there.\n{failure.rstrip()}"
    )


class TwoEnds:
    """Items done from both ends: this process from the start, a forked worker from the end.

    Each item is claimed once, in a shared array, by whichever side comes to it first. The
    worker sends each result pickled; for an item it failed on, None and the traceback
    (`failure`): the item is left to this process, which does it itself.
    """

    def __init__(self, count: int, produce: Callable[[int], bytes]) -> None:
        context = multiprocessing.get_context("fork")
        self.claims = context.Array("b", count)
        self.results: multiprocessing.Queue[tuple[int, bytes | None, str | None]]
        self.results = context.Queue()
        self.done: dict[int, bytes | None] = {}
        self.failures: dict[int, str] = {}  # item -> the worker's traceback
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
                sent = self.results.get(timeout=WAIT_S)
            except queue.Empty:
                if self.process.is_alive():
                    continue
                try:  # what it sent before it ended
                    sent = self.results.get_nowait()
                except queue.Empty:
                    return None
            self._keep(sent)
        return self.done.pop(i)

    def failure(self, i: int) -> str | None:
        """The traceback of the worker's failure on item `i` (once), if it failed on it."""
        return self.failures.pop(i, None)

    def arrived(self) -> list[tuple[int, bytes]]:
        """The results the worker has sent so far and nobody has claimed, taken out (not
        the items it left to this process, which `claim` still answers with None)."""
        ready = [(i, p) for i, p in self.done.items() if p is not None]
        for i, _ in ready:
            del self.done[i]
        return ready

    def _keep(self, sent: tuple[int, bytes | None, str | None]) -> None:
        j, payload, failure = sent
        self.done[j] = payload
        if failure is not None:
            self.failures[j] = failure

    def _collect(self) -> None:
        while True:
            try:
                sent = self.results.get_nowait()
            except queue.Empty:
                return
            self._keep(sent)

    def _run(self) -> None:
        gc.freeze()  # the collector leaves what the parent made alone
        for i in reversed(range(self.count)):
            with self.claims.get_lock():
                if self.claims[i] != FREE:
                    continue
                self.claims[i] = WORKER
            payload: bytes | None = None
            failure: str | None = None
            try:
                payload = self.produce(i)
            except Exception:  # done again by the parent, which reports it
                failure = traceback.format_exc()
            self.results.put((i, payload, failure))
        self.results.close()
        self.results.join_thread()


def fork_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    report: Report | None = None,
) -> list[R]:
    """`[fn(x) for x in items]` on two cores (in one where `why_serial` says so).

    `fn` must not depend on what it did for other items; its results must pickle. An item
    the worker fails on is done here; the worker's traceback goes to `report` (default: a
    warning of the `minutes.runtime` logger) if it succeeds here, and what fails here too
    raises here, as in one process.
    """
    if len(items) < 2 or why_serial() is not None:
        return [fn(x) for x in items]
    ends = TwoEnds(
        len(items),
        lambda i: pickle.dumps(fn(items[i]), pickle.HIGHEST_PROTOCOL),
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
            if payload is None:
                results.append(fn(x))
                failure = ends.failure(i)
                if failure is not None:
                    what = f"{_name_of(fn)}({reprlib.repr(x)}), item {i}"
                    (report or LOG.warning)(worker_failure(what, failure))
            else:
                results.append(pickle.loads(payload))
            # What the worker sent meanwhile is read now, while it still works: not all at
            # the end, when it is done and this process alone has work left.
            for j, sent in ends.arrived():
                received[j] = pickle.loads(sent)
        return results
    finally:
        ends.close()


def _name_of(fn: Callable[..., Any]) -> str:
    """A function's name, through `functools.partial`."""
    inner = getattr(fn, "func", fn)
    return str(getattr(inner, "__qualname__", None) or repr(inner))


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
