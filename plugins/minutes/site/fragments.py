"""Marked fragments of pages: the one owner of the markers the site writes into pages.

- Raw HTML that the generated pages hold is set aside before Markdown and put back after it
  (`html_marker`, `restore_html`): Markdown has nothing to do with it, and parsing large
  tables as raw HTML is the slowest part of Python-Markdown.
- Each group report on a meeting page ends with `report_end`; `capture_reports` lifts the
  rendered reports out of the meeting page's HTML, and `fill_reports` puts them into the
  pages that show them again (`report_placeholder`), links re-pointed (`rebase_links`).

All of these are plain string functions: they know nothing of the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from minutes.site.urls import rebase

_HTML_MARKER_RE = re.compile(r"<!-- minutes:html (\d+) -->")
_PLACEHOLDER_RE = re.compile(r"<!-- minutes:report (\S+) -->")
_PLACEHOLDER_START = "<!-- minutes:report "
_LINK_RE = re.compile(r'\b(href|src)="([^"]*)"')
# Task-list checkboxes carry no text of their own: name them for screen readers.
_TASK_BOX_RE = re.compile(r'<input type="checkbox" disabled(?P<checked> checked)?\s*/?>')
_ITEM_META = '<p class="minutes-item-meta">'


def html_marker(index: int) -> str:
    """The comment that stands for set-aside HTML block `index` of a page."""
    return f"<!-- minutes:html {index} -->"


def restore_html(html: str, blocks: list[str]) -> str:
    """Put the set-aside blocks back in place of their markers."""
    return _HTML_MARKER_RE.sub(lambda m: blocks[int(m.group(1))], html)


def report_key(meeting_id: str, anchor: str) -> str:
    """How a report is named across pages: '<meeting id>#<anchor>'."""
    return f"{meeting_id}#{anchor}"


def report_end(meeting_id: str, anchor: str) -> str:
    """The comment that closes a group report on a meeting page, to cut it out again."""
    return f"<!-- minutes:end {report_key(meeting_id, anchor)} -->"


def report_placeholder(key: str) -> str:
    """The comment a page writes where a report rendered on its meeting page belongs."""
    return f"{_PLACEHOLDER_START}{key} -->"


def has_placeholders(text: str) -> bool:
    """Whether a page's text holds a report filled in from a meeting page."""
    return _PLACEHOLDER_START in text


def capture_reports(html: str, meeting_id: str) -> dict[str, str]:
    """The rendered reports of a meeting page: key -> the HTML between heading and end mark.

    The speaker line (`minutes-item-meta`) under the heading stays behind: pages that repeat
    a report show its speakers their own way.
    """
    out: dict[str, str] = {}
    prefix = f"<!-- minutes:end {meeting_id}#"
    pos = html.find(prefix)
    while pos >= 0:
        stop = html.find(" -->", pos)
        if stop < 0:
            break
        anchor = html[pos + len(prefix) : stop]
        start = _heading_end(html, anchor, pos)
        if start >= 0:
            report = html[start:pos].strip()
            if report.startswith(_ITEM_META):
                report = report[report.index("</p>") + 4 :].lstrip()
            out[report_key(meeting_id, anchor)] = report
        pos = html.find(prefix, stop)
    return out


def _heading_end(html: str, anchor: str, before: int) -> int:
    """The index just past the heading with id `anchor` that precedes `before`, or -1."""
    at = html.rfind(f' id="{anchor}"', 0, before)
    if at < 0:
        return -1
    tag = html.rfind("<h", 0, at)
    if tag < 0 or not html[tag + 2 : tag + 3].isdigit():
        return -1
    close = html.find(f"</h{html[tag + 2]}>", at)
    return -1 if close < 0 or close > before else close + 5


def rebase_links(html: str, from_url: str, to_url: str) -> str:
    """HTML written for the page at `from_url`, its relative links re-pointed for `to_url`."""
    return _LINK_RE.sub(lambda m: f'{m.group(1)}="{rebase(m.group(2), from_url, to_url)}"', html)


def fill_reports(html: str, report: Callable[[str], str | None]) -> str:
    """Replace every report placeholder with `report(key)` (nothing when it is unknown)."""
    if _PLACEHOLDER_START not in html:
        return html
    return _PLACEHOLDER_RE.sub(lambda m: report(m.group(1)) or "", html)


def label_task_boxes(html: str) -> str:
    """Give each task-list checkbox an accessible name: 'done' or 'open'."""

    def label(m: re.Match[str]) -> str:
        state = "done" if m.group("checked") else "open"
        return f'<input type="checkbox" disabled{m.group("checked") or ""} aria-label="{state}"/>'

    return _TASK_BOX_RE.sub(label, html)
