"""`minutes compile`: the compiled pages of a built site (a series' year of minutes as one
document, docs/format.md §10) printed to tagged PDF by headless Chromium.

The site is served on a loopback port while Chromium prints it, so that its style sheets,
scripts and images load as a reader's browser loads them. Links that stay on the page are
kept; links to the rest of the site become absolute on the site's `site_url` (marked
`data-minutes-site`, so that the print style sheet does not print their address), or plain
text when it has none (a loopback address in a PDF leads nowhere); links that leave the site stay.
Playwright and pypdf (the `pdf` extra) are imported only when a PDF is printed.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from minutes.site.urls import MEETINGS

T = TypeVar("T")

CHROMIUM_ENV = "MINUTES_CHROMIUM"
# Looked up on PATH in this order when neither MINUTES_CHROMIUM nor Playwright's own download
# names one (GitHub's ubuntu runners have google-chrome).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
TIMEOUT_MS = 300_000  # a weekly series' year is a long page
MEETING_SECTION = "section.minutes-compiled-meeting"

HOW_TO_INSTALL_BROWSER = (
    "install one with `python -m playwright install chromium` or the system's package "
    "(`apt install chromium`), or name one with MINUTES_CHROMIUM=/path/to/chromium"
)


class CompileError(Exception):
    """A PDF could not be printed: the message says why."""


class NoBrowser(CompileError):
    """Playwright or a Chromium is missing: the message says how to install them."""


def _first_line(exc: BaseException) -> str:
    # Playwright's messages go on with the browser's log and the whole command line.
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def missing_package(name: str) -> NoBrowser:
    return NoBrowser(
        f"printing a PDF needs the Python package {name}, which is not installed: "
        f"`pip install 'minutes[pdf]'` installs it; then, if there is no Chromium, "
        f"{HOW_TO_INSTALL_BROWSER}"
    )


def no_chromium() -> NoBrowser:
    names = ", ".join(CHROMIUM_NAMES[:-1]) + " or " + CHROMIUM_NAMES[-1]
    return NoBrowser(
        f"printing a PDF needs Chromium, and none was found ({CHROMIUM_ENV} is not set, "
        f"Playwright has downloaded none and there is no {names} on PATH): "
        f"{HOW_TO_INSTALL_BROWSER}"
    )


def find_chromium(playwright_own: str | None) -> str:
    """The Chromium to print with: `$MINUTES_CHROMIUM`, else Playwright's own download
    (`playwright_own`, when it exists), else the first of `CHROMIUM_NAMES` on PATH."""
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        if not os.access(named, os.X_OK) or not Path(named).is_file():
            raise NoBrowser(
                f"{CHROMIUM_ENV}={named} is not an executable file: {HOW_TO_INSTALL_BROWSER}"
            )
        return named
    if playwright_own and Path(playwright_own).is_file():
        return playwright_own
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise no_chromium()


@dataclass(frozen=True, order=True)
class Compiled:
    """One compiled page of a built site."""

    series: str
    year: int
    html: str  # its file in the site: meetings/tcm/2021/compiled/index.html

    @property
    def url_path(self) -> str:
        """Its address below the site's root: the folder of an index.html."""
        return self.html.removesuffix("index.html")


def compiled_pages(site: Path) -> list[Compiled]:
    """Every compiled page of the site built in `site`, by series and year, whether it was
    built with directory URLs (`compiled/index.html`) or without (`compiled.html`)."""
    found: dict[tuple[str, int], Compiled] = {}
    for pattern in (f"{MEETINGS}/*/*/compiled/index.html", f"{MEETINGS}/*/*/compiled.html"):
        for path in site.glob(pattern):
            rel = path.relative_to(site).as_posix()
            series, year = rel.split("/")[1:3]
            if year.isdigit():
                found.setdefault((series, int(year)), Compiled(series, int(year), rel))
    return sorted(found.values())


@dataclass(frozen=True)
class Printed:
    """A PDF written: where, its number of pages, how long it took."""

    path: Path
    pages: int
    seconds: float
    meetings: int  # the page's meeting sections
    missing_bookmarks: tuple[str, ...] = ()  # meeting headings the PDF's outline lacks


# Run in the page before printing: re-point or drop the links that lead to the served site.
_REWRITE_LINKS = """
siteUrl => {
  const here = new URL(location.href);
  for (const a of document.querySelectorAll('a[href]')) {
    const raw = a.getAttribute('href');
    if (raw.startsWith('#')) continue;
    const url = new URL(raw, here);
    if (url.origin !== here.origin) continue;
    if (url.pathname === here.pathname && url.search === '' && url.hash) {
      a.setAttribute('href', url.hash);
    } else if (siteUrl) {
      a.setAttribute('href', new URL(url.pathname.slice(1) + url.search + url.hash, siteUrl).href);
      a.setAttribute('data-minutes-site', '');  // the print style sheet prints no address
    } else {
      a.removeAttribute('href');
    }
  }
}
"""

# The headings of the meeting sections, without their permalink marks.
_MEETING_TITLES = """
selector => Array.from(document.querySelectorAll(selector), section => {
  const heading = section.querySelector('h1');
  if (!heading) return '';
  const copy = heading.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach(a => a.remove());
  return copy.textContent;
})
"""


def _plain(title: str) -> str:
    return " ".join(title.replace("\u00b6", " ").split())


def _key(title: str) -> str:
    # Chromium's outline drops the space where a long heading wraps ("7February 2024").
    return "".join(_plain(title).split())


def outline_titles(outline: Any) -> list[str]:
    """Every title of a pypdf outline (a nested list of destinations), depth first."""
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(outline_titles(item))
        else:
            titles.append(str(item.title))
    return titles


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser drops connections it no longer needs: no error to print.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve_site(directory: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port, quietly, while the block runs; yields its
    base URL (the printer's, and the browser tests' and benchmarks')."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Printer:
    """Headless Chromium printing the compiled pages of the site built in `site`; a context
    manager (serving the site and running the browser until it exits).

    Raises NoBrowser on entry when Playwright, pypdf or a Chromium is missing, CompileError
    when Chromium does not start or a page does not print.

    Playwright's synchronous API runs an event loop of its own in the thread that starts it,
    and refuses a thread that runs one already (a caller's asyncio, a notebook, another
    Playwright session): every call to it is made in a thread of the printer's own.
    """

    def __init__(self, site: Path, site_url: str | None = None) -> None:
        self.site = site
        self.site_url = (site_url.rstrip("/") + "/") if site_url else None
        self._stack = contextlib.ExitStack()  # what _shut closes, the last opened first
        self._browser: Any = None
        self._base = ""
        self._thread: concurrent.futures.ThreadPoolExecutor | None = None

    def _in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        assert self._thread is not None
        return self._thread.submit(fn, *args).result()

    def __enter__(self) -> Printer:
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="minutes-pdf")
        try:
            self._in_thread(self._start)
        except BaseException:
            self._thread.shutdown()
            self._thread = None
            raise
        return self

    def _start(self) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise missing_package("playwright") from None
        try:
            import pypdf  # noqa: F401
        except ImportError:
            raise missing_package("pypdf") from None
        try:
            playwright = sync_playwright().start()
            self._stack.callback(playwright.stop)
            executable = find_chromium(self._playwright_own(playwright))
            try:
                self._browser = playwright.chromium.launch(
                    executable_path=executable,
                    headless=True,
                    args=list(CHROMIUM_FLAGS),
                    timeout=TIMEOUT_MS,
                )
            except Exception as exc:
                raise CompileError(
                    f"Chromium ({executable}) did not start: {_first_line(exc)}"
                ) from None
            self._stack.callback(self._browser.close)
            self._base = self._stack.enter_context(serve_site(self.site))
        except BaseException:
            self._shut()
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._thread is not None:
            try:
                self._in_thread(self._shut)
            finally:
                self._thread.shutdown()
                self._thread = None

    def _shut(self) -> None:
        self._stack.close()

    @staticmethod
    def _playwright_own(playwright: Any) -> str | None:
        try:
            return str(playwright.chromium.executable_path)
        except Exception:  # Playwright raises when it has no browser of its own
            return None

    def print(self, compiled: Compiled, out: Path) -> Printed:
        """Print one compiled page to the PDF `out` (its folder made if missing)."""
        return self._in_thread(self._print, compiled, out)

    def _print(self, compiled: Compiled, out: Path) -> Printed:
        from pypdf import PdfReader

        start = time.perf_counter()
        out.parent.mkdir(parents=True, exist_ok=True)
        from playwright.sync_api import Error as PlaywrightError

        page = self._browser.new_page()
        try:
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(self._base + compiled.url_path, wait_until="load")
            page.evaluate(_REWRITE_LINKS, self.site_url)
            titles = [_plain(t) for t in page.evaluate(_MEETING_TITLES, MEETING_SECTION)]
            page.pdf(
                path=str(out),
                tagged=True,
                outline=True,
                print_background=True,
                prefer_css_page_size=True,
            )
        except PlaywrightError as exc:
            raise CompileError(f"{compiled.html} did not print: {_first_line(exc)}") from None
        finally:
            page.close()
        reader = PdfReader(out)
        bookmarks = collections.Counter(_key(t) for t in outline_titles(reader.outline))
        missing = []
        for title in titles:
            if bookmarks[_key(title)]:
                bookmarks[_key(title)] -= 1
            else:
                missing.append(title)
        return Printed(
            path=out,
            pages=len(reader.pages),
            seconds=time.perf_counter() - start,
            meetings=len(titles),
            missing_bookmarks=tuple(missing),
        )
