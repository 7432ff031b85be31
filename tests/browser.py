"""Headless Chromium for browser tests: Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from minutes.tools import compile as compile_tool

REQUIRED = os.environ.get("MINUTES_REQUIRE_BROWSER", "") == "1"
CHROMIUM_FLAGS = list(compile_tool.CHROMIUM_FLAGS)
serve = compile_tool.serve_site  # a built site on a free loopback port; yields its base URL


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


def search(page, base: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The result links the header's search box shows for `query` on the page at `base`."""
    page.goto(base)
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    page.wait_for_selector(".md-search-result__item")
    return page.eval_on_selector_all(
        ".md-search-result__link", "links => links.map(a => a.getAttribute('href'))"
    )
