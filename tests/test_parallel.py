"""A full build on two cores (adapters/parallel.py) makes the very site one core makes."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from benchmarks.generate import generate_pair
from hypothesis import given
from hypothesis import strategies as st

from minutes.adapters import parallel
from minutes.core.archive import Options, load_archive, serial_map
from minutes.core.problems import Problems

from .helpers import mkdocs_build, search_fragments, site_files

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
TAKEN = re.compile(r"(\d+) pages converted by the second process")


def _one_process(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      strict: true\n", "      strict: true\n      parallel: false\n"))


def _skip_on_one_cpu() -> None:
    if parallel.cpus() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("one CPU here, or no fork: builds use one process")


# fork_map ----------------------------------------------------------------------------------
# A process where other threads run (the browser tests' Playwright) never forks: these checks
# run in a fresh interpreter (spawned), as a build does.
def _fresh(fn: Callable[..., object], *args: object) -> object:
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


def _square(x: int) -> int:
    return x * x


def _map_squares() -> tuple[list[int], list[int], list[int], str | None]:
    return (
        parallel.fork_map(_square, list(range(500))),
        parallel.fork_map(_square, []),
        parallel.fork_map(_square, [3]),
        parallel.why_serial(),
    )


def test_fork_map_gives_what_a_plain_map_gives_in_order() -> None:
    _skip_on_one_cpu()
    many, none, one, why = _fresh(_map_squares)  # type: ignore[misc]
    assert why is None  # it did fork
    assert many == [x * x for x in range(500)]
    assert none == [] and one == [9]


def _fails_in_the_worker() -> tuple[list[int], list[int]]:
    parent = os.getpid()
    seen: list[int] = []

    def fn(x: int) -> int:
        if os.getpid() != parent and x % 7 == 0:
            raise ValueError("only in the worker")
        if os.getpid() == parent:
            seen.append(x)
        return x + 1

    return parallel.fork_map(fn, list(range(2000))), seen


def test_what_fails_in_the_worker_is_done_again_here() -> None:
    _skip_on_one_cpu()
    results, seen = _fresh(_fails_in_the_worker)  # type: ignore[misc]
    assert results == [x + 1 for x in range(2000)]
    assert 1995 in seen  # the worker's first item failed there, and came back here
    assert len(seen) < 1900  # the worker did much of the rest


def _worker_dies() -> list[int]:
    parent = os.getpid()

    def fn(x: int) -> int:
        if os.getpid() != parent and x == 1900:
            os._exit(3)
        return x + 1

    return parallel.fork_map(fn, list(range(2000)))


def test_a_worker_that_dies_leaves_its_share_to_this_process() -> None:
    _skip_on_one_cpu()
    assert _fresh(_worker_dies) == [x + 1 for x in range(2000)]


def _fails_here() -> str:
    def fn(x: int) -> int:
        if x == 3:
            raise KeyError("three")
        return x

    try:
        parallel.fork_map(fn, list(range(10)))
    except KeyError as exc:
        return f"KeyError {exc}"
    return "no error"


def test_what_fails_here_fails_as_it_would_in_one_process() -> None:
    _skip_on_one_cpu()
    assert _fresh(_fails_here) == "KeyError 'three'"


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.why_serial() == "other threads run (a fork could deadlock)"
        assert parallel.fork_map(_square, [1, 2, 3]) == [1, 4, 9]
    finally:
        stop.set()
        thread.join()


def test_only_extensions_known_to_convert_each_page_alone_allow_the_worker() -> None:
    assert parallel.pure_extensions(["toc", "attr_list", "pymdownx.tasklist", "tables"])
    assert parallel.pure_extensions(["markdown.extensions.toc", "material.extensions.emoji"])
    assert not parallel.pure_extensions(["toc", "mkdocs_autorefs"])

    class Ext:  # an extension object a plugin added (its module is this test's)
        pass

    assert not parallel.pure_extensions(["toc", Ext()])


# reading the records on two cores ------------------------------------------------------------
def _read_both_ways(meetings: Path) -> tuple[object, ...]:
    one, two = Problems(), Problems()
    a = load_archive(meetings, Options(timezone="Europe/Zurich"), one, None, serial_map)
    b = load_archive(meetings, Options(timezone="Europe/Zurich"), two, None, parallel.fork_map)
    return (
        a.meetings == b.meetings and [m.id for m in a.meetings] == [m.id for m in b.meetings],
        a.actions == b.actions,
        [str(p) for p in one.sorted()],
        [str(p) for p in two.sorted()],
        a.guests == b.guests,
        b.guests["zoe-quill"].name,
        len(b.meetings),
    )


def test_records_read_on_two_cores_are_the_records_read_on_one(tmp_path: Path) -> None:
    _skip_on_one_cpu()
    full, _, _ = generate_pair(tmp_path / "gen", 120)
    (full / "meetings" / "wp2" / "2030").mkdir()
    # Two records name one guest differently: the first in the archive's order names it.
    for day, name in (("2030-01-07", "Zoë Quill"), ("2030-01-14", "Zoe Quill")):
        (full / "meetings" / "wp2" / "2030" / f"{day}.md").write_text(
            f"---\ndate: {day}\nseries: wp2\npresent: [{name}]\n---\n\n## AOB\n\n- none\n",
            encoding="utf-8",
        )
    same_meetings, same_actions, one, two, same_guests, name, count = _fresh(  # type: ignore[misc]
        _read_both_ways, full / "meetings"
    )
    assert count == 122
    assert same_meetings and same_actions and same_guests
    assert one == two
    assert any("kept as guest 'zoe-quill'" in p for p in one)
    assert name == "Zoë Quill"


# the whole build --------------------------------------------------------------------------
def test_a_build_on_two_cores_equals_a_build_on_one(tmp_path: Path) -> None:
    _skip_on_one_cpu()
    two, _, _ = generate_pair(tmp_path / "two", 150)
    one, _, _ = generate_pair(tmp_path / "one", 150)
    _one_process(one)
    result = mkdocs_build(two, "--verbose", env=EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    taken = TAKEN.search(result.stdout + result.stderr)
    assert taken is not None and int(taken.group(1)) > 20  # the worker did its share
    result = mkdocs_build(one, "--verbose", env=EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    assert TAKEN.search(result.stdout + result.stderr) is None

    a, b = site_files(two / "site"), site_files(one / "site")
    assert sorted(a) == sorted(b)
    assert [rel for rel in a if a[rel] != b[rel]] == []
    assert search_fragments(two / "site") == search_fragments(one / "site")


def _last_record(root: Path) -> Path:
    return max((root / "meetings").rglob("20*.md"), key=lambda p: (p.name, str(p)))


def test_a_warning_from_a_page_the_worker_converted_fails_strict_once(tmp_path: Path) -> None:
    _skip_on_one_cpu()
    root, _, _ = generate_pair(tmp_path / "gen", 80)
    last = _last_record(root)
    # A dead relative link in a record is a note (docs/format.md §9), an absolute link a
    # warning when the site's validation says so: both are replayed from the worker once.
    last.write_text(
        last.read_text(encoding="utf-8")
        + "\n- See [the plan](no-such-page.md) and [the other](/no-such-place/).\n",
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nvalidation:\n  links:\n    absolute_links: warn\n",
        encoding="utf-8",
    )
    result = mkdocs_build(root, "--strict", "--verbose", env=EPOCH)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert out.count("contains an absolute link '/no-such-place/'") == 1
    assert out.count("note: the link 'no-such-page.md' leads to no page of this site") == 1
    assert "contains a link 'no-such-page.md'" not in out
    taken = TAKEN.search(out)
    assert taken is not None and int(taken.group(1)) > 0


def test_a_page_a_hook_changes_is_converted_with_the_change(tmp_path: Path) -> None:
    _skip_on_one_cpu()
    root, _, _ = generate_pair(tmp_path / "gen", 80)
    last = _last_record(root)
    src = f"meetings/{last.parent.parent.name}/{last.name}"  # its page (docs/format.md §10)
    (root / "hooks.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        f"    if page.file.src_uri == {src!r}:\n"
        "        return markdown + '\\n\\nAdded by *the hook*.\\n'\n"
        "    return markdown\n",
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n")
    result = mkdocs_build(root, "--verbose", env=EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    page = root / "site" / src.removesuffix(".md") / "index.html"
    assert "Added by <em>the hook</em>." in page.read_text(encoding="utf-8")


def test_no_fork_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here at all")
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert parallel.why_serial() == "fork is not safe on macOS"


def test_two_sides_balances_and_keeps_what_items_share_on_one_side() -> None:
    weights, costs = [10, 9, 3, 2], {"a": 3.0, "b": 7.0}
    # alone, the item of weight 2 joins 10 (12 < 14); it uses "a", which the side of 9
    # made: there it costs 2 (14), beside 10 it would cost 5 (18)
    assert parallel.two_sides(weights, [(), ("a",), (), ("a",)], costs) == [0, 2, 3, 1]
    assert parallel.two_sides(weights, [(), (), (), ()], costs) == [0, 3, 2, 1]
    assert parallel.two_sides([], [], {}) == []
    # this side: 19, 5, 0; the worker, from the end: 12, 11, 1
    assert parallel.two_sides([1, 19, 0, 11, 12, 5], [()] * 6, {}) == [1, 5, 2, 0, 3, 4]


@given(st.lists(st.tuples(st.floats(0, 20), st.sets(st.sampled_from("abc"))), max_size=12))
def test_two_sides_orders_every_item_once(items: list[tuple[float, set[str]]]) -> None:
    weights, uses = [w for w, _ in items], [u for _, u in items]
    order = parallel.two_sides(weights, uses, {"a": 1.0, "b": 2.0, "c": 0.5})
    assert sorted(order) == list(range(len(items)))


def test_a_worker_copies_the_pages_it_shares_at_once() -> None:
    """`own_copy` asks for the copies in bulk where Linux can (5.14 and later)."""
    release = tuple(int(x) for x in re.findall(r"\d+", os.uname().release)[:2])
    context = multiprocessing.get_context("fork")
    result = context.Queue()
    child = context.Process(target=lambda: result.put(parallel.own_copy()))
    child.start()
    copied = result.get(timeout=60)
    child.join()
    assert child.exitcode == 0
    if sys.platform.startswith("linux") and release >= (5, 14):
        assert copied > 10 * 2**20  # this test process's heap, at least
    else:
        assert copied == 0
