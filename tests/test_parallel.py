"""A full build on two cores (adapters/parallel.py, runtime/pool.py) makes the very site one
core makes; the engine's side of the Markdown conversion (the pool itself: test_pool.py)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from benchmarks.generate import generate_pair

from minutes.adapters import parallel
from minutes.adapters.engine import on_next_render
from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.runtime import pool

from .helpers import mkdocs_build, search_fragments, site_files
from .two_cores import fresh, skip_on_one_cpu

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
TAKEN = re.compile(r"(\d+) pages converted by the second process")


def _one_process(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      strict: true\n", "      strict: true\n      parallel: false\n")
    )


# the engine's side of the Markdown conversion ------------------------------------------------
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
    a = load_archive(meetings, Options(timezone="Europe/Zurich"), one, None, pool.serial_map)
    b = load_archive(meetings, Options(timezone="Europe/Zurich"), two, None, pool.fork_map)
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
    skip_on_one_cpu()
    full, _, _ = generate_pair(tmp_path / "gen", 120)
    (full / "meetings" / "wp2" / "2030").mkdir()
    # Two records name one guest differently: the first in the archive's order names it.
    for day, name in (("2030-01-07", "Zoë Quill"), ("2030-01-14", "Zoe Quill")):
        (full / "meetings" / "wp2" / "2030" / f"{day}.md").write_text(
            f"---\ndate: {day}\nseries: wp2\npresent: [{name}]\n---\n\n## AOB\n\n- none\n",
            encoding="utf-8",
        )
    same_meetings, same_actions, one, two, same_guests, name, count = fresh(
        _read_both_ways, full / "meetings"
    )
    assert count == 122
    assert same_meetings and same_actions and same_guests
    assert one == two
    assert any("kept as guest 'zoe-quill'" in p for p in one)
    assert name == "Zoë Quill"


# the whole build --------------------------------------------------------------------------
def test_a_build_on_two_cores_equals_a_build_on_one(tmp_path: Path) -> None:
    skip_on_one_cpu()
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
    skip_on_one_cpu()
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


def _build_with_hook(tmp_path: Path, added: str, priority: str = "") -> tuple[str, str]:
    """Build 80 meetings with a hook appending `added` to the last record's Markdown; the
    build's output and that page's HTML."""
    root, _, _ = generate_pair(tmp_path / "gen", 80)
    last = _last_record(root)
    src = f"meetings/{last.parent.parent.name}/{last.name}"  # its page (docs/format.md §10)
    (root / "hooks.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        f"    if page.file.src_uri == {src!r}:\n"
        f"        return markdown + '\\n\\n{added}\\n'\n"
        "    return markdown\n" + priority,
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n")
    result = mkdocs_build(root, "--verbose", env=EPOCH)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    page = root / "site" / src.removesuffix(".md") / "index.html"
    return out, page.read_text(encoding="utf-8")


def test_a_page_a_hook_changes_is_converted_with_the_change(tmp_path: Path) -> None:
    skip_on_one_cpu()
    _, page = _build_with_hook(tmp_path, "Added by *the hook*.")
    assert "Added by <em>the hook</em>." in page


# the substituted render, page by page (no fork: the worker's answers are given) -------------
class _File:
    src_uri = "meetings/tcm/2021-06-09.md"


class _Page:
    """What the worker's side needs of an engine's page."""

    def __init__(self, markdown: str) -> None:
        self.file, self.markdown, self.content = _File(), markdown, ""

    def render(self, config: object, files: object) -> None:
        if "boom" in self.markdown:
            raise RecursionError("too deep here too")
        self.content = f"engine: {self.markdown}"


class _Answers:
    """A worker that converted the page from `source` (or failed on it: `failure`)."""

    def __init__(self, source: str | None, failure: str | None = None) -> None:
        self.payload = None if source is None else pickle.dumps((source, {"content": "w"}, []))
        self.failed = failure

    def claim(self, i: int) -> bytes | None:
        return self.payload

    def failure(self, i: int) -> str | None:
        failed, self.failed = self.failed, None
        return failed


def _worker(answers: _Answers, reported: list[str]) -> parallel.MarkdownWorker:
    worker = parallel.MarkdownWorker([_File()], None, None, lambda f: None, reported.append)
    worker.ends = answers  # type: ignore[assignment]
    return worker


def test_the_worker_s_conversion_is_used_while_the_markdown_is_the_one_it_converted() -> None:
    worker, page = _worker(_Answers("# A"), []), _Page("# A")
    assert worker.take(page, "# A")
    page.render(None, None)
    assert page.content == "w" and worker.taken == 1
    assert "render" not in vars(page)  # the class's own again, for the next call
    page.render(None, None)
    assert page.content == "engine: # A"


def test_markdown_changed_after_the_worker_s_turn_is_converted_by_the_engine() -> None:
    worker, page = _worker(_Answers("# A"), []), _Page("# A")
    assert worker.take(page, "# A")
    page.markdown = "# A, and what a later plugin added"
    page.render(None, None)
    assert page.content == "engine: # A, and what a later plugin added"
    assert worker.taken == 0
    assert not _worker(_Answers("# A"), []).take(
        _Page("# B"), "# B"
    )  # changed before: the engine's


def test_a_conversion_that_failed_only_in_the_worker_is_reported_with_its_traceback() -> None:
    failure = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: worker only\n'
    reported: list[str] = []
    worker, page = _worker(_Answers(None, failure), reported), _Page("# A")
    assert not worker.take(page, "# A")
    assert reported == []  # not before the engine converted it here
    page.render(None, None)
    assert page.content == "engine: # A"
    assert len(reported) == 1
    assert "the Markdown of meetings/tcm/2021-06-09.md" in reported[0]
    assert reported[0].endswith("ValueError: worker only")
    # failing here too: the engine's failure is what is reported, not the worker's
    reported.clear()
    worker, page = _worker(_Answers(None, failure), reported), _Page("boom")
    assert not worker.take(page, "boom")
    with pytest.raises(RecursionError):
        page.render(None, None)
    assert reported == []


def test_renders_replaced_for_one_call_nest() -> None:
    page, calls = _Page("# A"), []

    def outer(inner: Any, config: object, files: object) -> None:
        calls.append("outer")
        inner(config, files)

    # the worker's render, then the plugin's guard (on_page_markdown) around it
    _worker(_Answers("# A"), []).take(page, "# A")
    on_next_render(page, outer)
    page.render(None, None)
    assert calls == ["outer"] and page.content == "w"
    assert "render" not in vars(page)


def test_a_page_a_later_plugin_changes_is_converted_with_the_change(tmp_path: Path) -> None:
    skip_on_one_cpu()
    # after the plugin's own last on_page_markdown (priority -100), which hands the page to
    # the worker's conversion
    out, page = _build_with_hook(
        tmp_path, "Added *last*.", "\n\non_page_markdown.mkdocs_priority = -200\n"
    )
    taken = TAKEN.search(out)
    assert taken is not None and int(taken.group(1)) > 0
    assert "Added <em>last</em>." in page
