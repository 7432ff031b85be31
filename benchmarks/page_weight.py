"""What a reader's page view costs, measured in headless Chromium (docs/format.md §10).

A built site is served on loopback by http.server; each page is opened in a fresh browser
context (an empty cache) and every response the browser receives until the page's load event
is counted: the HTML, the theme's CSS and JavaScript, our assets, and anything the scripts
fetch before the load event (Material fetches the whole sitemap.xml for each
`<link rel="alternate">` in the head: none must be there). Also: the heaviest HTML page of
the site, which partitioning keeps from growing with the archive, and the register's page and
heaviest item page (issue 22: within the same budgets at 8,000 meetings and 300 items).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .search_bytes import FLAGS, QuietServer, _Quiet, chromium


@dataclass
class PageView:
    path: str  # site-relative address, as a reader opens it ('attendance/')
    bytes: int  # every response body received until the load event
    requests: int
    load_s: float  # from navigation start to the end of the load event
    fetched: list[str] = field(default_factory=list)  # site-relative paths of the requests

    @property
    def sitemap(self) -> bool:
        return any(p.split("?")[0].endswith("sitemap.xml") for p in self.fetched)

    @property
    def data_files(self) -> list[str]:
        return [p for p in self.fetched if p.startswith("data/")]


def html_pages(site_dir: Path) -> Iterator[tuple[str, int]]:
    """(address, bytes) of every HTML page of a built site."""
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        yield rel.removesuffix("index.html"), path.stat().st_size


def heaviest_page(site_dir: Path, under: str = "") -> tuple[str, int]:
    """The address and size of the largest HTML page (whose address starts with `under`)."""
    pages = [(p, n) for p, n in html_pages(site_dir) if p.startswith(under) and p != under]
    return max(pages, key=lambda pn: (pn[1], pn[0])) if pages else ("", 0)


def a_meeting_page(site_dir: Path) -> str:
    """The newest meeting page of the first series (by name): a typical reader's landing."""
    pages = sorted(
        p for p, _ in html_pages(site_dir)
        if p.startswith("meetings/") and p.count("/") == 3 and p.split("/")[2][:4].isdigit()
        and "-" in p.split("/")[2]
    )
    return pages[-1] if pages else ""


def register_pages(site_dir: Path) -> dict[str, tuple[str, int]]:
    """{label: (address, bytes)} of the register page and its heaviest item page (the one
    with the most mentions, as a rule); empty when the site has no register."""
    page = site_dir / "register" / "index.html"
    if not page.is_file():
        return {}
    return {
        "register page": ("register/", page.stat().st_size),
        "heaviest item page": heaviest_page(site_dir, "register/"),
    }


def pages_to_view(site_dir: Path) -> dict[str, str]:
    """The pages the benchmark opens: {label: address}."""
    return {
        "meeting page": a_meeting_page(site_dir),
        "attendance": "attendance/",
        "actions": "actions/",
        "heaviest group page": heaviest_page(site_dir, "groups/")[0],
        **{label: path for label, (path, _) in register_pages(site_dir).items()},
    }


@contextmanager
def served(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def view(browser: Any, base: str, path: str, timeout_ms: int = 180_000) -> PageView:
    """Open `path` with an empty cache; count what arrives until the load event."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    fetched: list[str] = []
    counting = True

    def on_finished(request: Any) -> None:
        if counting and request.url.startswith(base):
            response = request.response()
            sizes.append(len(response.body()) if response is not None else 0)
            fetched.append(request.url[len(base):])

    page.on("requestfinished", on_finished)
    start = time.perf_counter()
    page.goto(base + path, wait_until="load", timeout=timeout_ms)
    wall = time.perf_counter() - start
    counting = False
    timing = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? n.loadEventEnd - n.startTime : 0; }"
    )
    context.close()
    load_s = float(timing) / 1000 if timing else wall
    return PageView(path, sum(sizes), len(sizes), load_s, fetched)


def page_views(
    site_dir: Path, paths: dict[str, str], browser: Any = None
) -> dict[str, PageView]:
    """{label: PageView} for each page, in `browser` (a Playwright Chromium) or in a headless
    Chromium of its own (Debian's chromium, through Playwright)."""
    if browser is not None:
        with served(site_dir) as base:
            return {label: view(browser, base, path) for label, path in paths.items()}
    executable = chromium()
    if executable is None:
        raise RuntimeError("headless Chromium is needed to measure page views")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        own = p.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            return page_views(site_dir, paths, own)
        finally:
            own.close()


def measure(site_dir: Path) -> dict[str, Any]:
    """The figures `make bench` reports for one built site."""
    path, size = heaviest_page(site_dir)
    result: dict[str, Any] = {"heaviest": {"path": path, "bytes": size}, "views": {}}
    result["register"] = {
        label: {"path": p, "bytes": n} for label, (p, n) in register_pages(site_dir).items()
    }
    if chromium() is None:
        return result
    for label, v in page_views(site_dir, pages_to_view(site_dir)).items():
        result["views"][label] = {
            **asdict(v), "sitemap": v.sitemap, "data_files": v.data_files,
        }
    return result
