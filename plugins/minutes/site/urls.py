"""Where each generated page lives (docs/format.md §10) and links between them."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

from minutes.core.model import Meeting, RegisterItem

MEETINGS, GROUPS, PEOPLE = "meetings", "groups", "people"
ATTENDANCE, ACTIONS, DECISIONS = "attendance", "actions", "decisions"
REGISTER = "register"


def meeting_src(m: Meeting) -> str:
    return f"{MEETINGS}/{m.series}/{m.date.isoformat()}{'-' + m.slug if m.slug else ''}.md"


def record_src(rel: str) -> str | None:
    """Where the page of the record at `rel` (<series>/<YYYY>/<file>.md) goes, if it can."""
    parts = rel.split("/")
    if len(parts) != 3 or not parts[2].endswith(".md"):
        return None
    return f"{MEETINGS}/{parts[0]}/{parts[2]}"


def compiled_src(sid: str, year: int) -> str:
    """A series' year of minutes as one document: `meetings/tcm/2021/compiled.md`
    (docs/format.md §10)."""
    return f"{MEETINGS}/{sid}/{year}/compiled.md"


def compiled_pdf(sid: str, year: int) -> str:
    """Where the PDF of a compiled page goes when the site offers it as a download (the
    option `compiled_pdf`): `meetings/tcm/2021/tcm-2021.pdf`."""
    return f"{MEETINGS}/{sid}/{year}/{compiled_pdf_name(sid, year)}"


def compiled_pdf_name(sid: str, year: int) -> str:
    """The name of a compiled page's PDF, in the site and where `minutes compile` writes it:
    `tcm-2021.pdf`."""
    return f"{sid}-{year}.pdf"


def group_src(gid: str) -> str:
    return f"{GROUPS}/{gid}.md"


def person_src(pid: str) -> str:
    return f"{PEOPLE}/{pid}.md"


def person_calendar(pid: str) -> str:
    """The calendar of a person's open actions with a due date (one all-day event each)."""
    return f"calendars/people/{pid}.ics"


def register_item_src(item: RegisterItem) -> str:
    """One item of the register: `register/d2-3.md` for D2.3 (docs/format.md §10)."""
    return f"{REGISTER}/{item.slug}.md"


def group_feed(gid: str) -> str:
    """A group's Atom feed, at the site's root: Material fetches sitemap.xml beside every
    <link rel="alternate">, and only the root has one."""
    return f"feed-{gid}.xml"


def index_src(section: str) -> str:
    return f"{section}/index.md"


def part_src(section: str, year: int, within: str | None = None) -> str:
    """One year of a long page: `actions/2019.md`, or of one series or group of it:
    `attendance/tcm/2019.md`, `groups/wp2/2019.md` (docs/format.md §10)."""
    return f"{section}/{within}/{year}.md" if within else f"{section}/{year}.md"


def filter_index(section: str, key: str, value: str) -> str:
    """The small JSON file that says in which year parts a filter value has rows:
    `actions/owner/ian-bird.json` holds {"2021": 3, "2019": 1}."""
    return f"{section}/{key}/{value}.json"


@dataclass(frozen=True)
class Urls:
    """Turns page sources into site addresses, as MkDocs does with `use_directory_urls`."""

    directory_urls: bool = True

    def url(self, src: str) -> str:
        """The site-relative address of a page source: 'meetings/tcm/2021-06-09/'."""
        return address(src, self.directory_urls)

    def rel(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """A relative link from one page to another (or to an anchor of it)."""
        target = self.url(to_src)
        here = self.url(from_src)
        link = relative(here, target)
        return f"{link}#{anchor}" if anchor else link


@functools.lru_cache(maxsize=1 << 17)
def address(src: str, directory_urls: bool = True) -> str:
    """`Urls.url`, kept for sources seen before: every link of every page asks for two."""
    stem = src.removesuffix(".md")
    if directory_urls:
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"
    return stem + ".html"


def relative(from_url: str, to_url: str) -> str:
    """A link from page address `from_url` to address `to_url`, both site-relative.

    It runs for every link of every generated page. A link to another top folder only climbs
    to the root, so its one cost is the page's way up, kept per page; other links are plain
    segment arithmetic, kept for pairs seen before.
    """
    return relative_from(from_url, *way_up(from_url), to_url)


def relative_from(from_url: str, top: str, up: str, to_url: str) -> str:
    """`relative`, for a page whose `way_up` is known already."""
    if not top or not to_url.startswith(top):
        return up + to_url or "./"
    return _relative(from_url, to_url)


@functools.lru_cache(maxsize=1 << 17)
def way_up(from_url: str) -> tuple[str, str]:
    """A page's top folder ('meetings/', or '' at the root) and the way up to the root."""
    dirs = _folders(from_url)
    return (dirs[0] + "/" if dirs else ""), "../" * len(dirs)


def _folders(from_url: str) -> list[str]:
    """The folders a page's address is in."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    return [p for p in base.split("/") if p]


def relative_many(from_url: str, to_urls: list[str]) -> list[str]:
    """`relative` from one page to each of `to_urls` (a page that links to all the parts of
    its family: its folders are split once)."""
    top, up = way_up(from_url)
    from_dirs = _folders(from_url)
    return [
        _relative_in(from_dirs, to) if top and to.startswith(top) else up + to or "./"
        for to in to_urls
    ]


@functools.lru_cache(maxsize=1 << 16)
def _relative(from_url: str, to_url: str) -> str:
    return _relative_in(_folders(from_url), to_url)


def _relative_in(from_dirs: list[str], to_url: str) -> str:
    """A link to address `to_url` from a page in folders `from_dirs`."""
    *to_dirs, leaf = to_url.split("/")
    common = 0
    for a, b in zip(from_dirs, to_dirs, strict=False):
        if a != b:
            break
        common += 1
    link = "../" * (len(from_dirs) - common) + "/".join([*to_dirs[common:], leaf])
    return link or "./"


def rebase(href: str, from_url: str, to_url: str) -> str:
    """Re-point a relative link written for page `from_url` so it works on page `to_url`."""
    if not href or href.startswith(("#", "/", "data:", "mailto:")) or "://" in href:
        return href
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    path, _, frag = href.partition("#")
    absolute = posixpath.normpath(posixpath.join(base, path)) if path else from_url.rstrip("/")
    if path.endswith("/") or not path:
        absolute = absolute.rstrip("/") + "/" if absolute not in (".", "") else ""
    if absolute == ".":
        absolute = ""
    out = relative(to_url, absolute)
    return f"{out}#{frag}" if frag else out
