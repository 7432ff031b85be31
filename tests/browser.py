"""Headless Chromium for browser tests: Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REQUIRED = os.environ.get("MINUTES_REQUIRE_BROWSER", "") == "1"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MINUTES_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def need_chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "headless Chromium not found (install Debian's chromium)"
        if REQUIRED:
            pytest.fail(message + "; MINUTES_REQUIRE_BROWSER=1 makes browser tests mandatory")
        pytest.skip(message)
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search(page, base: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The result links the header's search box shows for `query` on the page at `base`."""
    page.goto(base)
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    page.wait_for_selector(".md-search-result__item")
    return page.eval_on_selector_all(
        ".md-search-result__link", "links => links.map(a => a.getAttribute('href'))"
    )
