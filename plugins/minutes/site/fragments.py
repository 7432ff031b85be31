"""Marked fragments of pages: the one owner of the markers the site writes into pages.

- Raw HTML that the generated pages hold is set aside before Markdown and put back after it
  (`html_marker`, `restore_html`): Markdown has nothing to do with it, and parsing large
  tables as raw HTML is the slowest part of Python-Markdown.
- Each group report on a meeting page ends with `report_end`; `capture_reports` lifts the
  rendered reports out of the meeting page's HTML, and `fill_reports` puts them into the
  pages that show them again (`report_placeholder`), links re-pointed (`rebase_links`).
- A whole meeting, as its page rendered it after the heading (`capture_meeting`), is put into
  the compiled minutes of its year where `meeting_placeholder` stands (`fill_meetings`): its
  ids made unique in the document, its links re-pointed, and those to another meeting of the
  document turned into links within it (`embed_meeting`).

All of these are plain string functions: they know nothing of the engine.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from minutes.site.urls import rebase, relative

_HTML_MARKER_RE = re.compile(r"<!-- minutes:html (\d+) -->")
_PLACEHOLDER_RE = re.compile(r"<!-- minutes:report (\S+) -->")
_PLACEHOLDER_START = "<!-- minutes:report "
_MEETING_START = "<!-- minutes:meeting "
_MEETING_RE = re.compile(r"<!-- minutes:meeting (\S+) -->")
# What embed_meeting rewrites: the attributes that hold an address or an id; on its careful
# path, only inside tags (text never holds a bare "<": Markdown escapes it).
_EMBED_RE = re.compile(r'(?<![\w-])(href|src|id)="([^"]*)"')
_TAG_RE = re.compile(r"<[^<>]*>")
# A relative link that does not climb: embed_meeting's quick path does not re-point it.
_OTHER_LINK_RE = re.compile(r' (?:href|src)="(?!\.\./|#|[a-zA-Z][a-zA-Z0-9+.-]*:)')
# A link, after the quick path, to a page in the folder of the meetings: maybe one of them.
_SIBLING_RE = re.compile(r' href="(\.\./\.\./[^"/#.][^"/#]*/)(#[^"]*)?"')
_ATTRIBUTE_LIKE_RE = re.compile(r"(?i)\b(?:href|src|id)\s*=")
_SEARCH_META = '<div class="minutes-search-meta"'
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
    """Whether a page's text holds a report or a meeting filled in from a meeting page."""
    return _PLACEHOLDER_START in text or _MEETING_START in text


def meeting_placeholder(meeting_id: str) -> str:
    """The comment a compiled page writes where a whole meeting, as rendered, belongs."""
    return f"{_MEETING_START}{meeting_id} -->"


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


def capture_meeting(html: str) -> str:
    """A rendered meeting page's HTML after its heading (its facts and minutes), without the
    hidden filters it gives the search index."""
    start = html.find("</h1>")
    out = html[start + 5 :] if start >= 0 else html
    meta = out.find(_SEARCH_META)
    if meta >= 0:
        end = out.find("</div>", meta)
        if end >= 0:
            out = out[:meta] + out[end + 6 :]
    return out.strip()


def meeting_prefix(meeting_id: str) -> str:
    """What the ids of a meeting's HTML start with in a compiled document."""
    return f"{meeting_id}--"


def attribute_like(text: str) -> bool:
    """Whether a record's text holds something that reads like an address or id attribute
    (`href=`, `src=`, `id=`): in its rendered HTML, such text could pass for markup, so
    `embed_meeting` rewrites that meeting tag by tag."""
    return _ATTRIBUTE_LIKE_RE.search(text) is not None


def embed_meeting(
    html: str,
    meeting_id: str,
    from_url: str,
    to_url: str,
    local: dict[str, str],
    tag_by_tag: bool = False,
) -> str:
    """A meeting's HTML (`capture_meeting`, rendered for the page at `from_url`) for the
    compiled page at `to_url`: ids prefixed with `meeting_prefix`, links within it following
    them, relative links re-pointed, and a link to a meeting the document holds (`local`: its
    re-pointed address, without anchor, -> its id) made a link within the document. Headings
    keep their level: the meeting's own heading there is an h1, as on its page.

    A compiled page sits one folder below its meetings' pages, so the usual meeting needs no
    parsing: its relative links all climb (`../`) and climb one step more, and every
    `href="`, `src="` and ` id="` in it is an attribute (`tag_by_tag` is false: its record has
    no attribute-like text, see `attribute_like`). Any other meeting is rewritten tag by tag.
    """
    prefix = meeting_prefix(meeting_id)
    if not tag_by_tag and _one_below(from_url, to_url) and not _OTHER_LINK_RE.search(html):
        out = (
            html.replace(' href="../', ' href="../../')
            .replace(' src="../', ' src="../../')
            .replace(' href="#', f' href="#{prefix}')
            .replace(' id="', f' id="{prefix}')
        )
        if not local:
            return out

        def inside(m: re.Match[str]) -> str:
            other = local.get(m.group(1))
            if other is None:
                return m.group(0)
            return f' href="{_inside(other, (m.group(2) or "#")[1:])}"'

        return _SIBLING_RE.sub(inside, out)
    return _TAG_RE.sub(lambda m: _embed_tag(m.group(0), prefix, from_url, to_url, local), html)


def _inside(meeting_id: str, anchor: str) -> str:
    """A link within the compiled document to a meeting it holds, or to an anchor of it."""
    return f"#{meeting_prefix(meeting_id)}{anchor}" if anchor else f"#{meeting_id}"


def _one_below(from_url: str, to_url: str) -> bool:
    """Whether the page at `to_url` is in a folder one level below the folder of `from_url`'s
    parent: a link that climbs from one climbs one step more from the other."""
    here, there = _base(from_url), _base(to_url)
    return bool(there) and posixpath.dirname(posixpath.dirname(there)) == posixpath.dirname(here)


def _base(url: str) -> str:
    """The folder a relative link on the page at `url` starts from, without a final slash."""
    return url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)


def _embed_tag(tag: str, prefix: str, from_url: str, to_url: str, local: dict[str, str]) -> str:
    """One tag of `embed_meeting`'s careful path."""

    def sub(m: re.Match[str]) -> str:
        attr, value = m.group(1), m.group(2)
        if attr == "id":
            return f'id="{prefix}{value}"'
        if value.startswith("#"):
            return f'{attr}="#{prefix}{value[1:]}"' if len(value) > 1 else m.group(0)
        out = rebase(value, from_url, to_url)
        path, _, frag = out.partition("#")
        other = local.get(path)
        return f'{attr}="{out if other is None else _inside(other, frag)}"'

    return _EMBED_RE.sub(sub, tag)


def fill_meetings(
    html: str,
    to_url: str,
    meetings: dict[str, str],
    urls: dict[str, str],
    tag_by_tag: Callable[[str], bool] = lambda mid: False,
) -> str:
    """Replace every meeting placeholder of the page at `to_url` with the meeting's HTML
    (`meetings`: id -> captured HTML, `urls`: id -> its page's address), embedded
    (`tag_by_tag`: whether a meeting's record has attribute-like text)."""
    if _MEETING_START not in html:
        return html
    ids = [m.group(1) for m in _MEETING_RE.finditer(html)]
    local = {relative(to_url, urls[mid]): mid for mid in ids if mid in urls}

    def fill(m: re.Match[str]) -> str:
        mid = m.group(1)
        captured = meetings.get(mid)
        if captured is None:
            return ""
        return embed_meeting(captured, mid, urls[mid], to_url, local, tag_by_tag(mid))

    return _MEETING_RE.sub(fill, html)


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
