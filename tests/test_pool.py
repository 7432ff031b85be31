"""Work on two cores (runtime/pool.py): `fork_map` gives what a plain map gives, in order, and
a worker's failure is redone here and reported with its traceback (docs/architecture.md,
"Two cores")."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minutes.runtime import pool

from .two_cores import fresh, skip_on_one_cpu


def _square(x: int) -> int:
    return x * x


def _map_squares() -> tuple[list[int], list[int], list[int], str | None]:
    return (
        pool.fork_map(_square, list(range(500))),
        pool.fork_map(_square, []),
        pool.fork_map(_square, [3]),
        pool.why_serial(),
    )


def test_fork_map_gives_what_a_plain_map_gives_in_order() -> None:
    skip_on_one_cpu()
    many, none, one, why = fresh(_map_squares)
    assert why is None  # it did fork
    assert many == [x * x for x in range(500)] == pool.serial_map(_square, range(500))
    assert none == [] and one == [9]


def _both_sides_work() -> tuple[list[tuple[int, int]], int]:
    def fn(x: int) -> tuple[int, int]:
        return x, os.getpid()

    return pool.fork_map(fn, list(range(3000))), os.getpid()


def test_each_item_is_done_once_by_one_side_the_worker_from_the_end() -> None:
    skip_on_one_cpu()
    results, parent = fresh(_both_sides_work)
    assert [x for x, _ in results] == list(range(3000))
    by = [pid for _, pid in results]
    assert by[0] == parent and by[-1] != parent  # this process from the start, the worker the end
    first_worker = by.index(by[-1])
    assert set(by[:first_worker]) == {parent} and set(by[first_worker:]) == {by[-1]}


def _fails_in_the_worker() -> tuple[list[int], list[int], list[str], list[str]]:
    parent = os.getpid()
    seen: list[int] = []
    reported: list[str] = []

    def fn(x: int) -> int:
        if os.getpid() != parent and x % 7 == 0:
            raise ValueError("only in the worker")
        if os.getpid() == parent:
            seen.append(x)
        return x + 1

    logged: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append(f"{record.levelname} {record.getMessage()}")

    logging.getLogger("minutes.runtime").addHandler(Keep())
    results = pool.fork_map(fn, list(range(2000)), report=reported.append)
    first_seen = list(seen)
    pool.fork_map(fn, list(range(2000)))  # the default report: a warning of minutes.runtime
    return results, first_seen, reported, logged


def test_what_fails_in_the_worker_is_done_again_here_and_reported() -> None:
    skip_on_one_cpu()
    results, seen, reported, logged = fresh(_fails_in_the_worker)
    assert results == [x + 1 for x in range(2000)]
    assert 1995 in seen  # the worker's first item failed there, and came back here
    assert len(seen) < 2000  # the worker did some of the rest
    # one report per item the worker failed on (those of its share that this process did),
    # each with the worker's traceback
    worker_from = min(set(range(2000)) - set(seen))
    redone = {x for x in seen if x >= worker_from}  # (and maybe the item just before)
    assert redone and all(x % 7 == 0 for x in redone)
    named = [int(m) for r in reported for m in re.findall(r", item (\d+), which", r)]
    assert len(named) == len(reported) == len(set(named))
    assert redone <= set(named) <= {x for x in seen if x % 7 == 0}
    first = next(r for r in reported if "fn(1995), item 1995" in r)
    assert "_fails_in_the_worker.<locals>.fn" in first
    assert "Traceback (most recent call last)" in first
    assert first.rstrip().endswith("ValueError: only in the worker")
    assert 'raise ValueError("only in the worker")' in first
    assert logged and all(line.startswith("WARNING the second process failed") for line in logged)
    assert all(line.endswith("ValueError: only in the worker") for line in logged)


def _worker_dies() -> list[int]:
    parent = os.getpid()

    def fn(x: int) -> int:
        if os.getpid() != parent and x == 1900:
            os._exit(3)
        return x + 1

    return pool.fork_map(fn, list(range(2000)))


def test_a_worker_that_dies_leaves_its_share_to_this_process() -> None:
    skip_on_one_cpu()
    assert fresh(_worker_dies) == [x + 1 for x in range(2000)]


def _fails_here() -> tuple[str, list[str]]:
    reported: list[str] = []

    def fn(x: int) -> int:
        if x == 3:
            raise KeyError("three")
        return x

    try:
        pool.fork_map(fn, list(range(10)), report=reported.append)
    except KeyError as exc:
        return f"KeyError {exc}", reported
    return "no error", reported


def test_what_fails_here_fails_as_it_would_in_one_process() -> None:
    skip_on_one_cpu()
    # item 3 fails on either side: it raises here, and no worker's failure is reported
    assert fresh(_fails_here) == ("KeyError 'three'", [])


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pool.why_serial() == "other threads run (a fork could deadlock)"
        assert pool.fork_map(_square, [1, 2, 3]) == [1, 4, 9]
    finally:
        stop.set()
        thread.join()


def test_no_fork_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here at all")
    monkeypatch.setattr(pool.sys, "platform", "darwin")
    assert pool.why_serial() == "fork is not safe on macOS"


def test_two_sides_deals_heaviest_first_and_keeps_what_items_share_on_one_side() -> None:
    weights, costs = [10, 9, 3, 2], {"a": 3.0, "b": 7.0}
    # alone, the item of weight 2 joins 10 (12 < 14); it uses "a", which the side of 9
    # made: there it costs 2 (14), beside 10 it would cost 5 (18)
    assert pool.two_sides(weights, [(), ("a",), (), ("a",)], costs) == [0, 2, 3, 1]
    assert pool.two_sides(weights, [(), (), (), ()], costs) == [0, 3, 2, 1]
    assert pool.two_sides([], [], {}) == []
    # this side: 19, 5, 0; the worker, from the end: 12, 11, 1
    assert pool.two_sides([1, 19, 0, 11, 12, 5], [()] * 6, {}) == [1, 5, 2, 0, 3, 4]


@given(st.lists(st.tuples(st.floats(0, 20), st.sets(st.sampled_from("abc"))), max_size=12))
def test_two_sides_orders_every_item_once(items: list[tuple[float, set[str]]]) -> None:
    weights, uses = [w for w, _ in items], [u for _, u in items]
    order = pool.two_sides(weights, uses, {"a": 1.0, "b": 2.0, "c": 0.5})
    assert sorted(order) == list(range(len(items)))
