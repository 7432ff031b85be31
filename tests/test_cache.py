"""Records parsed once per build, and not again across rebuilds while unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from minutes.core import records
from minutes.core.archive import Options, ParseCache, load_archive
from minutes.core.problems import Problems

from .fixture_archive import write_fixture


def test_each_record_is_parsed_once_per_build(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    write_fixture(tmp_path)
    calls: list[str] = []
    real = records._parse

    def counting(path, *args):  # type: ignore[no-untyped-def]
        calls.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(records, "_parse", counting)
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    assert sorted(calls) == sorted(p.name for p in (tmp_path / "meetings").rglob("20*.md"))
    assert len(archive.meetings) == 5


def test_cache_reuses_unchanged_records_and_reparses_edited_ones(tmp_path: Path) -> None:
    write_fixture(tmp_path)
    meetings = tmp_path / "meetings"
    cache = ParseCache()
    first = load_archive(meetings, Options(), Problems(), cache)
    assert (cache.hits, cache.misses) == (0, 5)
    problems = Problems()
    second = load_archive(meetings, Options(), problems, cache)
    assert (cache.hits, cache.misses) == (5, 5)
    assert [m.id for m in second.meetings] == [m.id for m in first.meetings]
    assert second.guests.keys() == first.guests.keys()  # guests come back from the cache
    assert [str(p) for p in problems.items] == [
        "%s:5: warning: unknown person 'Zed canary7f3a'; kept as guest 'zed-canary7f3a'"
        % (meetings / "board/2022/2022-03-01.md"),
        "%s:3: warning: unknown person 'Grace Hopper'; kept as guest 'grace-hopper'"
        % (meetings / "tcm/2022/2022-01-12.md"),
    ]
    # edit one record: only it is parsed again, and the edit shows
    edited = meetings / "tcm/2021/2021-06-23.md"
    edited.write_text(edited.read_text().replace("No news.", "Fresh news."))
    os.utime(edited, ns=(1, 1))
    third = load_archive(meetings, Options(), Problems(), cache)
    assert (cache.hits, cache.misses) == (9, 6)
    june23 = next(m for m in third.meetings if m.id == "tcm-2021-06-23")
    assert "Fresh news." in june23.body
    # a registry change invalidates everything: names resolve against it
    people = meetings / "people.yml"
    people.write_text(people.read_text() + "grace-hopper:\n  name: Grace Hopper\n")
    fourth = load_archive(meetings, Options(), Problems(), cache)
    assert (cache.hits, cache.misses) == (9, 11)
    assert "grace-hopper" not in fourth.guests


def test_rebuilds_reuse_the_parse_of_unchanged_records(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """As under `mkdocs serve`: each rebuild loads the config (new plugin instances).

    In-process with MkDocs only: ProperDocs answers `mkdocs.*` imports for the whole process
    once loaded (test_engines.py runs it in its own processes)."""
    from minutes.adapters import load_engine, plugin

    engine = load_engine("mkdocs")
    build, load_config = engine.build, engine.load_config

    root = write_fixture(tmp_path)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr(plugin, "_PARSE_CACHES", {})
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    (cache,) = plugin._PARSE_CACHES.values()
    assert (cache.hits, cache.misses) == (0, 5)
    edited = root / "meetings/tcm/2021/2021-06-23.md"
    edited.write_text(edited.read_text().replace("No news.", "Fresh news."))
    os.utime(edited, ns=(2, 2))
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert (cache.hits, cache.misses) == (4, 6)
    assert "Fresh news." in (tmp_path / "site/meetings/tcm/2021-06-23/index.html").read_text()
