"""The search index: Pagefind over lean copies of the searchable pages (docs/format.md §10)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from markupsafe import escape


class SearchIndexError(Exception):
    """Pagefind failed; the message is its own."""


def search_copy(html: str, title: str, language: str) -> str:
    """A lean copy of a page (its content only) for Pagefind to index."""
    return (
        f'<!doctype html><html lang="{escape(language)}">'
        f"<head><title>{escape(title)}</title></head>"
        f"<body><main data-pagefind-body>{html}</main></body></html>"
    )


def start_search_index(
    pages: Path, output: Path, background: bool = False
) -> subprocess.Popen[str]:
    """Start Pagefind over the lean page copies; it writes its chunked index into `output`.

    It runs beside the engine, which renders the theme around the pages meanwhile: the index
    is made on the other core. In the `background` (while serving) it runs at the lowest
    priority, so that the next rebuild, which a contributor waits for, goes first.
    """
    from pagefind_bin import get_executable

    command = [
        str(get_executable()),
        "--site",
        str(pages),
        "--output-path",
        str(output),
        "--exclude-selectors",
        ".headerlink",
        "--silent",
    ]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_lowest_priority if background and hasattr(os, "nice") else None,
    )


def _lowest_priority() -> None:
    os.nice(19)


def finish_search_index(indexer: subprocess.Popen[str]) -> None:
    """Wait for Pagefind; raises SearchIndexError when it failed."""
    _, stderr = indexer.communicate()
    if indexer.returncode != 0:
        raise SearchIndexError(f"the search index failed: {stderr.strip()}")
