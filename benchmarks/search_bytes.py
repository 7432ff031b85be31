"""The bytes a search query transfers, measured in headless Chromium.

The built site is served on loopback; the header's search box is given a query exactly as a
reader types it, and every response the browser receives from then until the first results
show is counted (index included): Material's whole search_index.json for a vanilla site,
Pagefind's entry file, WebAssembly, index and filter chunks and result fragments for ours.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from minutes.tools.compile import CHROMIUM_FLAGS, serve_site

FLAGS = list(CHROMIUM_FLAGS)


def chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def query_bytes(site_dir: Path, query: str = "tokens", timeout_ms: int = 120_000) -> dict[str, int]:
    """{'bytes': transferred for the query, 'requests': how many, 'results': items shown}.

    For a site searched with Pagefind (the minutes plugin). A vanilla Material site needs no
    browser to know its figure: its worker downloads the whole search_index.json first.
    """
    executable = chromium()
    if executable is None:
        raise RuntimeError("headless Chromium is needed to measure search transfers")
    from playwright.sync_api import sync_playwright

    sizes: list[int] = []
    with serve_site(site_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        page = browser.new_page()
        page.goto(base, wait_until="networkidle")
        counting = True

        def on_finished(request) -> None:  # type: ignore[no-untyped-def]
            if counting and request.url.startswith(base):
                response = request.response()
                body = response.body() if response is not None else b""
                sizes.append(len(body))

        page.on("requestfinished", on_finished)
        page.click("input.md-search__input")
        page.fill("input.md-search__input", query)
        page.wait_for_selector(".md-search-result__item", timeout=timeout_ms)
        page.wait_for_load_state("networkidle")
        results = page.locator(".md-search-result__item").count()
        counting = False
        browser.close()
    return {"bytes": sum(sizes), "requests": len(sizes), "results": results}
