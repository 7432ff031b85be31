"""What a reader's page view costs, measured in headless Chromium (docs/format.md §10).

A built site is served on loopback by http.server; each page is opened in a fresh browser
context (an empty cache) and every response the browser receives until the page's load event
is counted: the HTML, the theme's CSS and JavaScript, our assets, and anything the scripts
fetch before the load event (Material fetches the whole sitemap.xml for each
`<link rel="alternate">` in the head: none must be there). Also: the heaviest HTML page of
the site, which partitioning keeps from growing with the archive, and the register's page and
heaviest item page (issue 22: within the same budgets at 8,000 meetings and 300 items).

The compiled pages (a series' year of minutes as one document, `meetings/<series>/<YYYY>/
compiled/`) are documents, large by design, outside those budgets: their own is the heaviest
one's bytes (issue 24: at most 1.5 MB for a weekly series' year), its meetings and bytes per
meeting, one view of it, and the time `minutes compile`'s Printer takes to print it to PDF.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from minutes.tools.compile import serve_site

from .search_bytes import FLAGS, chromium


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


def is_compiled(address: str) -> bool:
    """Whether a page's address is a compiled page (`…/compiled/`, or `…/compiled.html` in a
    site built without directory URLs)."""
    return address.endswith(("/compiled/", "/compiled.html"))


def heaviest_page(site_dir: Path, under: str = "") -> tuple[str, int]:
    """The address and size of the largest HTML page (whose address starts with `under`).

    Compiled pages are left out: a year of minutes as one document is large by design and
    has its own budget (`heaviest_compiled`); every other page must stay light however long
    the archive's history, which is what this measures.
    """
    pages = [
        (p, n) for p, n in html_pages(site_dir)
        if p.startswith(under) and p != under and not is_compiled(p)
    ]
    return max(pages, key=lambda pn: (pn[1], pn[0])) if pages else ("", 0)


# The template's meeting sections (site/templates/compiled.md), as Printer counts them.
_MEETING_SECTION = re.compile(rb'<section class="minutes-compiled-meeting"')


@dataclass
class CompiledWeight:
    path: str  # site-relative address: 'meetings/tcm/2025/compiled/'
    bytes: int  # of its HTML
    meetings: int  # its meeting sections

    @property
    def bytes_per_meeting(self) -> float:
        return self.bytes / self.meetings if self.meetings else 0.0


def heaviest_compiled(site_dir: Path) -> CompiledWeight | None:
    """The largest compiled page of a built site, with its number of meetings; None when
    the site has none."""
    pages = [(p, n) for p, n in html_pages(site_dir) if is_compiled(p)]
    if not pages:
        return None
    path, size = max(pages, key=lambda pn: (pn[1], pn[0]))
    html = site_dir / (path + "index.html" if path.endswith("/") else path)
    return CompiledWeight(path, size, len(_MEETING_SECTION.findall(html.read_bytes())))


def site_url(site_dir: Path) -> str | None:
    """The `site_url` of the mkdocs.yml beside a built site (`<root>/site`), if any, read as
    `minutes compile` reads it (the engine's own loader)."""
    from minutes.adapters import read_options

    config = site_dir.parent / "mkdocs.yml"
    return read_options(config)[1] if config.is_file() else None


def print_pdf(site_dir: Path, path: str, url: str | None = None) -> dict[str, Any]:
    """Print the compiled page at `path` of a built site to PDF as `minutes compile` does
    (`minutes.tools.compile.Printer`): {'path', 'seconds' (the page's print, as Printer
    times it), 'total_s' (with the browser's start), 'pages', 'meetings',
    'missing_bookmarks' (meeting headings the outline lacks), 'pdf_bytes'}; {'path',
    'skipped': why} without Playwright, pypdf or a Chromium; {'path', 'error': why} when
    Chromium does not start or the page does not print.

    The bench's Chromium (`chromium()`) is handed to the Printer as MINUTES_CHROMIUM unless
    that is set already, so that the page views and the PDF use the same browser.
    """
    from minutes.tools.compile import (
        CHROMIUM_ENV,
        CompileError,
        NoBrowser,
        Printer,
        compiled_pages,
    )

    html = path + "index.html" if path.endswith("/") else path
    page = next((c for c in compiled_pages(site_dir) if c.html == html), None)
    if page is None:
        raise ValueError(f"no compiled page at {path} in {site_dir}")
    saved = os.environ.get(CHROMIUM_ENV)
    own = chromium()
    if not saved and own:
        os.environ[CHROMIUM_ENV] = own
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp, Printer(site_dir, url) as printer:
            printed = printer.print(page, Path(tmp) / "compiled.pdf")
            pdf_bytes = printed.path.stat().st_size
    except NoBrowser as exc:
        return {"path": path, "skipped": str(exc)}
    except CompileError as exc:
        return {"path": path, "error": str(exc)}
    finally:
        if saved is None:
            os.environ.pop(CHROMIUM_ENV, None)
        else:
            os.environ[CHROMIUM_ENV] = saved
    return {
        "path": path,
        "seconds": printed.seconds,
        "total_s": time.perf_counter() - start,
        "pages": printed.pages,
        "meetings": printed.meetings,
        "missing_bookmarks": list(printed.missing_bookmarks),
        "pdf_bytes": pdf_bytes,
    }


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
        with serve_site(site_dir) as base:
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


COMPILED_VIEW = "compiled page"


def measure(site_dir: Path, pdf: bool = False) -> dict[str, Any]:
    """The figures `make bench` reports for one built site; with `pdf`, the heaviest
    compiled page printed to PDF too (`print_pdf`)."""
    path, size = heaviest_page(site_dir)
    result: dict[str, Any] = {"heaviest": {"path": path, "bytes": size}, "views": {}}
    result["register"] = {
        label: {"path": p, "bytes": n} for label, (p, n) in register_pages(site_dir).items()
    }
    compiled = heaviest_compiled(site_dir)
    result["compiled"] = (
        {**asdict(compiled), "bytes_per_meeting": compiled.bytes_per_meeting} if compiled else {}
    )
    if chromium() is not None:
        paths = pages_to_view(site_dir)
        if compiled:
            paths[COMPILED_VIEW] = compiled.path
        for label, v in page_views(site_dir, paths).items():
            figures = {**asdict(v), "sitemap": v.sitemap, "data_files": v.data_files}
            if label == COMPILED_VIEW:  # a document, not held to the page-view budget
                result["compiled"]["view"] = figures
            else:
                result["views"][label] = figures
    if pdf and compiled:  # the Printer looks for a browser of its own too
        result["pdf"] = print_pdf(site_dir, compiled.path, site_url(site_dir))
    return result
