"""The bytes a search query transfers, measured in headless Chromium.

The built site is served on loopback; the header's search box is given a query exactly as a
reader types it, and every response the browser receives from then until the first results
show is counted (index included): Material's whole search_index.json for a vanilla site,
Pagefind's entry file, WebAssembly, index and filter chunks and result fragments for ours.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """The local server the browser reads: a connection it drops early is no error to print."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


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

    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes: list[int] = []
    try:
        with sync_playwright() as p:
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
    finally:
        server.shutdown()
        server.server_close()
    return {"bytes": sum(sizes), "requests": len(sizes), "results": results}
