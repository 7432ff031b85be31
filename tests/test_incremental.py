"""The incremental build (`mkdocs serve --dirty`, `make serve`) equals a clean build.

A session of dirty builds in this process goes through edits, additions, renames and
deletions of records; after each, every file of the served site is compared with a fresh full
build of the same tree (in its own process, as CI builds). The search index is compared by its
content, since Pagefind salts its file names.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from minutes.adapters import incremental, load_engine, plugin

from .fixture_archive import TODAY_EPOCH, write_fixture
from .helpers import mkdocs_build, record, search_fragments, site_files

ENGINE = load_engine("mkdocs")


class Serve:
    """Builds as `mkdocs serve --dirty` does: a new config (new plugins) for every build."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root, self.site = root, site
        self.first = self._config()
        self.first.plugins.on_startup(command="serve", dirty=True)
        self.builds = 0

    def _config(self):  # type: ignore[no-untyped-def]
        return ENGINE.load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))

    def build(self) -> None:
        config = self.first if self.builds == 0 else self._config()
        ENGINE.build(config, dirty=True)
        self.builds += 1
        session = incremental.session_of(str(self.root / "mkdocs.yml"))
        session.wait_for_index()  # in its thread: made, put in place, the old one removed
        assert not [p.name for p in self.site.glob(".pagefind-*")]

    def close(self) -> None:
        self.first.plugins.on_shutdown()


def _clean_build(root: Path, into: Path) -> Path:
    copy = into / "tree"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", "served"))
    result = mkdocs_build(copy, env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return copy / "site"


@pytest.fixture
def serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("MINUTES_INCLUDE_INTERNAL", raising=False)
    monkeypatch.setattr(plugin, "_PARSE_CACHES", {})
    monkeypatch.setattr(incremental, "_SESSIONS", {})
    root = write_fixture(tmp_path / "archive")
    server = Serve(root, tmp_path / "archive" / "served")
    server.build()
    yield server
    server.close()


def _touch(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def _assert_equal_to_clean(serve: Serve, tmp_path: Path, name: str) -> None:
    clean = _clean_build(serve.root, tmp_path / name)
    served, fresh = site_files(serve.site), site_files(clean)
    assert sorted(served) == sorted(fresh)
    different = [rel for rel in fresh if served[rel] != fresh[rel]]
    assert different == []
    assert search_fragments(serve.site) == search_fragments(clean)


def test_edit_add_rename_delete_equal_a_clean_build(serve: Serve, tmp_path: Path) -> None:
    meetings = serve.root / "meetings"
    _assert_equal_to_clean(serve, tmp_path, "start")

    # edit: a report's text, and a follow-up that closes an action of an earlier meeting
    edited = meetings / "tcm/2021/2021-06-23.md"
    text = edited.read_text().replace("No news.", "Fresh news on WP3.")
    text = text.replace("- [ ] tcm-2021-06-09-3: still to book", "- [x] tcm-2021-06-09-3: booked")
    _touch(edited, text)
    serve.build()
    page = (serve.site / "meetings/tcm/2021-06-23/index.html").read_text()
    assert "Fresh news on WP3." in page
    _assert_equal_to_clean(serve, tmp_path, "edit")

    # add a meeting of a new year, with a guest and a new action
    _touch(
        meetings / "tcm/2023/2023-02-01.md",
        record(
            "date: 2023-02-01\npresent: [Ian Bird, Ada Lovelace]",
            "## CTA\nSpeaker: Kay Graf\n\nArray news.\n\n- [ ] Kay Graf: send the plan\n",
        ),
    )
    serve.build()
    assert (serve.site / "meetings/tcm/2023-02-01/index.html").is_file()
    _assert_equal_to_clean(serve, tmp_path, "add")

    # rename: the record moves to another day
    old = meetings / "tcm/2023/2023-02-01.md"
    _touch(meetings / "tcm/2023/2023-02-08.md", old.read_text().replace("2023-02-01", "2023-02-08"))
    old.unlink()
    serve.build()
    assert not (serve.site / "meetings/tcm/2023-02-01").exists()
    _assert_equal_to_clean(serve, tmp_path, "rename")

    # delete the record that closed an action: the action is open again everywhere
    (meetings / "tcm/2022/2022-01-12.md").unlink()
    serve.build()
    assert not (serve.site / "meetings/tcm/2022-01-12").exists()
    _assert_equal_to_clean(serve, tmp_path, "delete")

    # a registry changes: everything is made again, and what is gone goes
    people = meetings / "people.yml"
    _touch(people, people.read_text().replace("affiliation: LAPP", "affiliation: IN2P3"))
    groups = meetings / "groups.yml"
    _touch(groups, groups.read_text().split("km3net:")[0])  # a group without meetings goes
    serve.build()
    assert not (serve.site / "groups/km3net").exists()
    assert "IN2P3" in (serve.site / "people/ian-bird/index.html").read_text()
    _assert_equal_to_clean(serve, tmp_path, "registry")


def test_a_broken_record_shows_its_errors_while_serving(serve: Serve, tmp_path: Path) -> None:
    meetings = serve.root / "meetings"
    broken = meetings / "tcm/2021/2021-06-23.md"
    good = broken.read_text()
    _touch(broken, good.replace("date: 2021-06-23", "date: 2021-06-24"))
    serve.build()
    page = (serve.site / "meetings/tcm/2021-06-23/index.html").read_text()
    assert "Errors in tcm/2021/2021-06-23.md" in page
    assert "date 2021-06-24 differs from the file name&#39;s date 2021-06-23" in page or (
        "date 2021-06-24 differs from the file name's date 2021-06-23" in page
    )
    assert "No news." not in page  # not the stale page
    _touch(broken, good)
    serve.build()
    page = (serve.site / "meetings/tcm/2021-06-23/index.html").read_text()
    assert "No news." in page and "Errors in" not in page
    _assert_equal_to_clean(serve, tmp_path, "fixed")


def test_only_what_an_edit_touches_is_rendered_again(serve: Serve) -> None:
    meetings = serve.root / "meetings"
    before = {
        p.relative_to(serve.site).as_posix(): p.stat().st_mtime_ns
        for p in serve.site.rglob("index.html")
    }
    edited = meetings / "board/2021/2021-09-01.md"
    _touch(edited, edited.read_text().replace("review the budget", "review the 2022 budget"))
    serve.build()
    after = {
        p.relative_to(serve.site).as_posix(): p.stat().st_mtime_ns
        for p in serve.site.rglob("index.html")
    }
    rendered = sorted(rel for rel in after if after[rel] != before.get(rel))
    # the meeting, its group and its owner, and the pages that list every meeting or action
    assert "meetings/board/2021-09-01/index.html" in rendered
    assert "groups/cta/index.html" in rendered
    assert "people/mohammad-al-turany/index.html" in rendered
    assert "actions/index.html" in rendered
    assert "meetings/tcm/2021-06-09/index.html" not in rendered
    assert "groups/wp3/index.html" not in rendered
    assert "people/kay-graf/index.html" not in rendered


def test_a_large_archive_in_parts_stays_equal_to_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long pages come in year parts there: a meeting of a new year moves the parts."""
    from benchmarks.generate import BUILD_EPOCH, synthesize, write_archive

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("MINUTES_INCLUDE_INTERNAL", raising=False)
    monkeypatch.setattr(plugin, "_PARSE_CACHES", {})
    monkeypatch.setattr(incremental, "_SESSIONS", {})
    root = write_archive(tmp_path / "archive", synthesize(400))
    server = Serve(root, root / "served")
    try:
        server.build()
        assert (server.site / "actions/2023/index.html").is_file()  # it does come in parts
        meetings = root / "meetings"
        records = sorted(meetings.glob("tcm/*/*.md"))
        newest = records[-1]
        year = int(newest.parent.name) + 1
        _touch(
            meetings / f"tcm/{year}/{year}-01-07.md",
            newest.read_text().replace(f"date: {newest.stem[:10]}", f"date: {year}-01-07"),
        )
        records[0].unlink()  # and the oldest goes
        server.build()
        assert (server.site / f"meetings/tcm/{year}-01-07/index.html").is_file()
        _same_as_clean(server, root, tmp_path / "clean", BUILD_EPOCH)

        # an old meeting (in a year part) gets a new title, and a new meeting closes one of
        # its actions: the parts of that year follow
        old = records[3]
        text = old.read_text()
        _touch(old, text.replace("\ntitle: ", "\ntitle: Renamed ", 1))
        action = re.search(r"^- \[ \] ", text, flags=re.M)
        assert action is not None
        count = len(re.findall(r"^\s*[-*+] \[[ xX]\] ", text[: action.start()], flags=re.M)) + 1
        target = f"tcm-{old.stem}-{count}"
        closing = meetings / f"tcm/{year}/{year}-01-14.md"
        _touch(
            closing,
            f"---\ndate: {year}-01-14\npresent: []\n---\n## Review of actions\n\n"
            f"- [x] {target}: done at last\n",
        )
        server.build()
        closed = (server.site / f"meetings/tcm/{year}-01-14/index.html").read_text()
        assert f'class="minutes-followup" href="../{old.stem}/#{target}"' in closed
        _same_as_clean(server, root, tmp_path / "clean2", BUILD_EPOCH)
    finally:
        server.close()


def _same_as_clean(server: Serve, root: Path, into: Path, epoch: str) -> None:
    clean = _clean_build_at(root, into, epoch)
    served, fresh = site_files(server.site), site_files(clean)
    assert sorted(served) == sorted(fresh)
    assert [rel for rel in fresh if served[rel] != fresh[rel]] == []


def _clean_build_at(root: Path, into: Path, epoch: str) -> Path:
    copy = into / "tree"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", "served"))
    result = mkdocs_build(copy, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stdout + result.stderr
    return copy / "site"


def test_the_search_index_follows_in_its_thread(serve: Serve) -> None:
    """The index is made beside the server after each build and put in place whole; the next
    build stops one still being made (it is stale), and only the latest build's is put in
    place (adapters/incremental.py)."""
    edited = serve.root / "meetings/tcm/2021/2021-06-23.md"
    _touch(edited, edited.read_text().replace("No news.", "Quokka news on WP3."))
    serve.build()
    assert any(b"Quokka news" in f for f in search_fragments(serve.site))
    session = incremental.session_of(str(serve.root / "mkdocs.yml"))
    # a build that begins stops the index being made, which then never replaces the live one
    _touch(edited, edited.read_text().replace("Quokka news", "Wombat news"))
    config = serve._config()
    session.reindex(serve.site)  # an index of the old pages, still being made when...
    session.stop_index()  # ...the next build begins
    session.wait_for_index()
    assert any(b"Quokka news" in f for f in search_fragments(serve.site))
    ENGINE.build(config, dirty=True)
    session.wait_for_index()
    fragments = search_fragments(serve.site)
    assert any(b"Wombat news" in f for f in fragments)
    assert not any(b"Quokka news" in f for f in fragments)
    assert not [p.name for p in serve.site.glob(".pagefind-*")]
