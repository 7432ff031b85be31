"""What a dirty build (`mkdocs serve --dirty`, `make serve`) keeps from one build to the next.

The engine reloads its config and makes new plugin instances for every rebuild; the session
outlives them, in this process (`session_of`). The plugin hands the session the edition it
reads (`begin`), which answers with the keys a change touched; the builder then makes again
only the pages and files whose inputs those keys meet (`reuser`, site/pages.py); after the
pages are made, `carry_over` tells the engine which to render, deletes the outputs of what was
removed and keeps this build for the next.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutes.core.archive import Archive, build_date
from minutes.core.options import Options
from minutes.core.problems import Problem
from minutes.core.registry import REGISTRY_FILES
from minutes.outputs.search import start_search_index
from minutes.site.fragments import has_placeholders
from minutes.site.pages import Page, affected, touched_between
from minutes.site.urls import record_src

_SESSIONS: dict[str, Session] = {}

Reuse = Callable[[str, frozenset[str]], Page | None]  # the builder's `reuse`


def session_of(config_file: str) -> Session:
    """The session of the site configured in `config_file` (made at its first build)."""
    return _SESSIONS.setdefault(config_file, Session())


def close_sessions() -> None:
    """End every session (the server stops)."""
    for session in _SESSIONS.values():
        session.close()
    _SESSIONS.clear()


def fingerprint(
    options: Options, search: str, config_file: Path, meetings_dir: Path, theme_dirs: Iterable[str]
) -> tuple[object, ...]:
    """What, when it changes, makes every page again: options, registries, the day, the
    config file (nav, theme, site name), the theme's folders."""

    def stamp(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    return (
        options,
        search,
        build_date(),
        stamp(config_file),
        *(stamp(meetings_dir / name) for name in REGISTRY_FILES),
        tuple(str(d) for d in theme_dirs),
    )


@dataclass(frozen=True)
class Build:
    """What one build made, as the session keeps it for the next."""

    archive: Archive
    pages: Mapping[str, Page]  # src -> page
    blocks: Mapping[str, list[str]]  # src -> set-aside HTML (SiteBuilder.html_blocks)
    layouts: Mapping[str, object]  # SiteBuilder.layout_values
    written: set[str]  # the other files the plugin wrote


@dataclass
class Session:
    """The previous build of one site: its edition, pages, files and rendered reports."""

    fingerprint: tuple[object, ...] = ()
    archive: Archive | None = None
    layouts: dict[str, object] = field(default_factory=dict)  # SiteBuilder.layout_values
    memo: dict[str, Any] = field(default_factory=dict)  # BuildContext.memo
    pages: dict[str, Page] = field(default_factory=dict)  # src -> page
    blocks: dict[str, list[str] | None] = field(default_factory=dict)  # src -> set-aside HTML
    dests: dict[str, str] = field(default_factory=dict)  # src -> written file, site-relative
    files: set[str] = field(default_factory=set)  # other files the plugin wrote
    reports: dict[str, str] = field(default_factory=dict)
    report_urls: dict[str, str] = field(default_factory=dict)
    search_pages: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="minutes-")))
    indexer: subprocess.Popen[str] | None = None
    index_lock: threading.Lock = field(default_factory=threading.Lock)
    index_generation: int = 0  # the latest build's: an older index is not put in place
    index_thread: threading.Thread | None = None

    def begin(self, fingerprint: tuple[object, ...], archive: Archive) -> frozenset[str] | None:
        """Start a build of `archive`: the keys its changes touched since the previous build,
        or None when everything is made again (the first build, or a new `fingerprint`)."""
        if self.fingerprint == fingerprint and self.archive is not None:
            return touched_between(self.archive, archive)
        self.reset(fingerprint)
        return None

    def reset(self, fingerprint: tuple[object, ...]) -> None:
        """Forget the previous build (a registry, an option or the config changed). What it
        wrote (`pages`, `dests`, `files`) stays known, so that what is gone is deleted."""
        self.fingerprint, self.archive, self.layouts, self.memo = fingerprint, None, {}, {}
        self.blocks, self.reports, self.report_urls = {}, {}, {}

    def reuser(self, touched: frozenset[str], layouts: Mapping[str, object]) -> Reuse:
        """The builder's `reuse`: the previous build's page, unless a change touched one of
        its inputs or the layout it shares with its family of parts changed (`layouts`: the
        builder's, read as it makes the pages)."""
        kept, before = self.pages, self.layouts

        def reuse(src: str, inputs: frozenset[str]) -> Page | None:
            if affected(inputs, touched):
                return None
            for key in inputs:
                if key.startswith("layout:") and layouts.get(key) != before.get(key):
                    return None
            return kept.get(src)

        return reuse

    def wrote(self, src: str, dest: str) -> None:
        """The page of `src` goes to `dest` (what to delete when the page is gone)."""
        self.dests[src] = dest

    def broken_records(
        self, problems: Iterable[Problem], meetings_dir: Path, made: Mapping[str, Page]
    ) -> list[tuple[str, Path, str, list[Problem]]]:
        """The records whose errors leave them without a page in this build: (page source,
        record, its path in the archive, its errors). While serving, such a page shows its
        problems, not a stale version."""
        by_record: dict[Path, list[Problem]] = {}
        for p in problems:
            path = Path(p.path)
            path = path if path.is_absolute() else Path.cwd() / path
            if p.severity == "error" and path.suffix == ".md":
                by_record.setdefault(path.resolve(), []).append(p)
        broken: list[tuple[str, Path, str, list[Problem]]] = []
        for record, found in by_record.items():
            try:
                rel = record.relative_to(meetings_dir).as_posix()
            except ValueError:
                continue
            src = record_src(rel)
            if src is not None and src not in made:
                broken.append((src, record, rel, found))
        return broken

    def carry_over(
        self,
        files: Any,
        touched: frozenset[str] | None,
        build: Build,
        site_dir: Path,
    ) -> None:
        """Tell the engine which of `files` to render again, delete what is gone, and keep
        `build` for the next one."""
        pages, blocks = build.pages, build.blocks
        for file in files.documentation_pages():
            src = file.src_uri
            page, before = pages.get(src), self.pages.get(src)
            if touched is None:  # everything is made and rendered again
                file.is_modified = lambda: True
            elif (
                page is not None
                and before is not None
                and (
                    before is page
                    or _renders_alike(before, page, self.blocks.get(src), blocks.get(src))
                )
            ):
                file.is_modified = lambda: False  # as the previous build rendered it
            elif page is None and touched:
                # Hand-written pages may show the archive too (the example site's hook).
                file.is_modified = lambda: True
        gone_pages = set(self.pages) - set(pages)
        self.drop_outputs(site_dir, gone_pages, self.files - build.written)
        ids = {m.id for m in build.archive.meetings}
        for key in [k for k in self.reports if k.split("#", 1)[0] not in ids]:
            del self.reports[key], self.report_urls[key]
        for src, page in pages.items():
            if self.pages.get(src) is not page:
                self.blocks[src] = blocks.get(src)
        for src in gone_pages:
            self.blocks.pop(src, None)
        self.pages, self.files, self.archive = dict(pages), set(build.written), build.archive
        self.layouts = dict(build.layouts)

    def drop_outputs(self, site_dir: Path, srcs: set[str], files: set[str]) -> None:
        """Delete what the previous build wrote for pages and files that are gone now."""
        for src in srcs:
            dest = self.dests.pop(src, None)
            if dest is None:
                continue
            for base in (site_dir, self.search_pages):
                _remove(base, dest)
        for path in files:
            _remove(site_dir, path)

    def stop_index(self) -> None:
        """A build begins: the index being made is stale already. Stop it, so that it neither
        slows the build down nor replaces the index after the build's own."""
        with self.index_lock:
            self.index_generation += 1
            if self.indexer is not None and self.indexer.poll() is None:
                self.indexer.kill()
                self.indexer.wait()

    def reindex(self, site_dir: Path) -> None:
        """Index the searchable pages again, beside the server, in a thread of its own (the
        build that asks for it ends at once): the new index replaces the old one at once when
        it is complete, so a search never reads half an index, and only if no later build
        asked for one since."""
        with self.index_lock:
            self.index_generation += 1
            generation = self.index_generation
        self.index_thread = threading.Thread(
            target=self._index, args=(site_dir, generation), daemon=True
        )
        self.index_thread.start()

    def wait_for_index(self) -> None:
        """Until the index the latest build asked for is in place (or given up)."""
        if self.index_thread is not None:
            self.index_thread.join()

    def _index(self, site_dir: Path, generation: int) -> None:
        staging = site_dir / ".pagefind-next"
        with self.index_lock:
            if generation != self.index_generation:
                return
            if self.indexer is not None and self.indexer.poll() is None:
                self.indexer.kill()
                self.indexer.wait()
            shutil.rmtree(staging, ignore_errors=True)
            self.indexer = indexer = start_search_index(self.search_pages, staging, background=True)
        indexer.communicate()
        live, old = site_dir / "pagefind", site_dir / f".pagefind-old-{generation}"
        with self.index_lock:
            if generation != self.index_generation or indexer.returncode != 0:
                return
            if not staging.is_dir():
                return
            if live.exists():
                os.replace(live, old)
            os.replace(staging, live)
        shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        if self.indexer is not None and self.indexer.poll() is None:
            self.indexer.kill()
        shutil.rmtree(self.search_pages, ignore_errors=True)


def _renders_alike(
    before: Page, page: Page, old_blocks: list[str] | None, new_blocks: list[str] | None
) -> bool:
    """Whether a page made again would render as before: the same Markdown and the same
    set-aside HTML, and no report filled in from a meeting page (which may have changed).
    Pages in the nav are rendered again all the same: the engine reads their titles for the
    nav and the links to the previous and next page of every other page."""
    if page.in_nav or before.markdown != page.markdown or (old_blocks or []) != (new_blocks or []):
        return False
    return not has_placeholders(page.markdown) and not any(map(has_placeholders, new_blocks or []))


def _remove(base: Path, rel: str) -> None:
    """Delete base/rel and the folders it leaves empty, up to `base`."""
    path = base / rel
    try:
        path.unlink()
    except FileNotFoundError:
        return
    parent = path.parent
    while parent != base and base in parent.parents and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
