"""What a dirty build (`mkdocs serve --dirty`, `make serve`) keeps from one build to the next.

The engine reloads its config and makes new plugin instances for every rebuild; the session
outlives them, in this process. The plugin compares the edition it reads with the session's
and makes again only the pages and files whose inputs a change touched (site/pages.py); the
engine renders only those, and the session deletes the outputs of what was removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutes.core.archive import Archive
from minutes.outputs.search import start_search_index
from minutes.site.pages import Page


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

    def reset(self, fingerprint: tuple[object, ...]) -> None:
        """Forget the previous build (a registry, an option or the config changed). What it
        wrote (`pages`, `dests`, `files`) stays known, so that what is gone is deleted."""
        self.fingerprint, self.archive, self.layouts, self.memo = fingerprint, None, {}, {}
        self.blocks, self.reports, self.report_urls = {}, {}, {}

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

    def reindex(self, site_dir: Path) -> None:
        """Index the searchable pages again, beside the server: the new index replaces the
        old one at once when it is complete, so a search never reads half an index."""
        with self.index_lock:
            if self.indexer is not None and self.indexer.poll() is None:
                self.indexer.kill()
                self.indexer.wait()
            staging = site_dir / ".pagefind-next"
            shutil.rmtree(staging, ignore_errors=True)
            self.indexer = indexer = start_search_index(self.search_pages, staging, background=True)
        threading.Thread(
            target=_swap_when_done, args=(indexer, staging, site_dir), daemon=True
        ).start()

    def close(self) -> None:
        if self.indexer is not None and self.indexer.poll() is None:
            self.indexer.kill()
        shutil.rmtree(self.search_pages, ignore_errors=True)


def _swap_when_done(indexer: subprocess.Popen[str], staging: Path, site_dir: Path) -> None:
    indexer.communicate()
    if indexer.returncode != 0 or not staging.is_dir():
        return
    live, old = site_dir / "pagefind", site_dir / ".pagefind-old"
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        os.replace(live, old)
    os.replace(staging, live)
    shutil.rmtree(old, ignore_errors=True)


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
