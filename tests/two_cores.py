"""Shared by test_pool.py and test_parallel.py: skip where a build uses one process, and run a
check in a fresh (spawned) interpreter."""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any

import pytest

from minutes.runtime import pool


def skip_on_one_cpu() -> None:
    if pool.cpus() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("one CPU here, or no fork: builds use one process")


# A process where other threads run (the browser tests' Playwright) never forks: these checks
# run in a fresh interpreter (spawned), as a build does.
def fresh(fn: Callable[..., object], *args: object) -> Any:
    """`fn(*args)` in a spawned interpreter; its value, or fails with its traceback."""
    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe()
    child = context.Process(target=_run_and_send, args=(theirs, fn, args))
    child.start()
    try:
        if not mine.poll(300):
            raise TimeoutError(f"{fn.__name__} did not answer")
        ok, value = mine.recv()
    finally:
        child.join(30)
    assert ok, value
    return value


def _run_and_send(conn: Any, fn: Callable[..., object], args: tuple[object, ...]) -> None:
    try:
        conn.send((True, fn(*args)))
    except BaseException:  # noqa: BLE001  # the test shows what went wrong there
        conn.send((False, traceback.format_exc()))
