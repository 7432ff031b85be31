"""The Markdown of one meeting's page: a header of facts, then the record's body, annotated."""

from __future__ import annotations

import re
from collections.abc import Callable

from minutes.core.body import TASK_RE
from minutes.core.model import ActionItem, FollowUp, Meeting, Section, section_anchors
from minutes.site import rows as R
from minutes.site.fragments import report_end
from minutes.site.links import Links
from minutes.site.templating import esc, long_date, markdown_text, yaml_html


def meeting_head(links: Links, m: Meeting, absent: list[str], src: str) -> str:
    """What the package's templates/meeting.md renders before the body: front matter, the
    heading, the facts and the search filters (tests/test_fragments.py compares the two)."""
    day = long_date(m.date)
    return (
        f"---\ntitle: {yaml_html(m.title + ', ' + day)}\n---\n"
        f"# {markdown_text(m.title)}, {day}\n\n"
        f"{R.meeting_facts(links, m, absent, src)}\n{R.search_meta(links, m)}\n\n"
    )


def render_body(
    links: Links, meeting: Meeting, src: str, set_aside: Callable[[str, str], str]
) -> str:
    """The record's body with headings, speakers, actions and follow-ups made into links;
    `set_aside(src, html)` keeps the raw HTML of a heading's speakers out of Markdown and
    returns the marker that stands for it (site/render.py)."""
    lines = meeting.body.split("\n")
    out = list(lines)
    anchors = section_anchors(meeting)
    first = meeting.body_line
    by_line: dict[int, ActionItem | FollowUp] = {i.line - first: i for i in meeting.items}
    closers: dict[int, list[str]] = {}  # body index -> markers to insert before it

    for i, section in enumerate(meeting.sections):
        idx = section.line - first
        attrs = section.attrs
        anchor = anchors.get(i)
        if anchor:
            attrs = f"#{anchor} {attrs}".strip()
            closers.setdefault(section.end, []).append(report_end(meeting.id, anchor))
        heading = "#" * section.level + f" {section.title}" + (f" {{ {attrs} }}" if attrs else "")
        meta = _item_meta(links, section, src)
        out[idx] = heading + ("\n\n" + set_aside(src, meta) + "\n" if meta else "")

    for idx in meeting.speaker_lines:
        out[idx] = ""

    for idx, item in by_line.items():
        m = TASK_RE.match(lines[idx])
        assert m is not None
        head = lines[idx][: m.start(3)]
        if isinstance(item, ActionItem):
            action = links.archive.actions.get(item.id)
            badge = ""
            if action is not None and action.status == "done" and action.closed_in != meeting.id:
                closed = links.meeting_by_id.get(action.closed_in or "")
                if closed is not None:
                    badge = (
                        f' <span class="minutes-status minutes-done">done '
                        f'<a href="{esc(links.meeting_href(src, closed))}">'
                        f"{esc(closed.date.isoformat())}</a></span>"
                    )
            anchor = (
                f'<a class="minutes-action-id" id="{esc(item.id)}" '
                f'href="#{esc(item.id)}">{esc(item.id)}</a> '
            )
            out[idx] = head + anchor + m.group(3).rstrip() + badge
        else:
            target = links.archive.actions.get(item.target)
            if target is not None:
                origin = links.meeting_by_id[target.item.meeting]
                href = links.meeting_href(src, origin, item.target)
                text = m.group(3).rstrip()
                rest = text[len(item.target) :]
                out[idx] = (
                    head + f'<a class="minutes-followup" href="{esc(href)}">'
                    f"{esc(item.target)}</a>{rest}"
                )

    if meeting.mentions:
        _link_mentions(links, meeting, src, out)

    for idx, markers in sorted(closers.items(), reverse=True):
        block = "\n\n" + "\n".join(markers) + "\n"
        if idx >= len(out):
            out.append(block)
        else:
            out[idx] = block + "\n" + out[idx]
    return "\n".join(out)


def _item_meta(links: Links, section: Section, src: str) -> str:
    bits: list[str] = []
    if section.slot:
        start, end = section.slot
        bits.append(
            f'<span class="minutes-slot">{esc(start)}{"–" + esc(end) if end else ""}</span>'
        )
    if section.speakers:
        label = "Speakers" if len(section.speakers) > 1 else "Speaker"
        names = links.people_links(section.speakers, src, affiliation=True)
        bits.append(f'<span class="minutes-speakers">{label}: {names}</span>')
    if not bits:
        return ""
    return '<p class="minutes-item-meta">' + " · ".join(bits) + "</p>"


# What a mention on a line is never linked inside, besides code spans: HTML tags, links (their
# text and address), bare addresses and attribute lists. Each alternative stops at the next
# bracket of its kind, so the scan of a line is linear whatever it holds.
_PROTECTED_RE = re.compile(
    r"<[^<>\n]*>|!?\[[^\[\]\n]*\](?:\([^()\n]*\)|\[[^\[\]\n]*\])?"
    r"|(?:https?|ftp)://\S+|www\.\S+|\{[^{}\n]*\}"
)
_BACKTICKS_RE = re.compile(r"`+")


def _link_mentions(links: Links, meeting: Meeting, src: str, out: list[str]) -> None:
    """Each register id the record mentions, linked to its page at the lines that mention it
    (docs/format.md §3.4); the title is the page's heading and stays as it is."""
    items = links.archive.registry.register.items
    first, by_line = meeting.body_line, dict[int, set[str]]()
    for mention in meeting.mentions:
        idx = mention.line - first
        if mention.item in items and 0 <= idx < len(out):
            by_line.setdefault(idx, set()).add(mention.item)
    for idx, ids in by_line.items():
        out[idx] = link_ids(out[idx], ids, lambda item_id: links.register_link(item_id, src))


def link_ids(line: str, ids: set[str], link: Callable[[str], str]) -> str:
    """`line` with each whole-word occurrence of `ids` outside code, HTML, links and attribute
    lists replaced by `link(id)` (inline HTML: Markdown keeps it as it is)."""
    word = re.compile(
        r"(?<![\w.\-/])("
        + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
        + r")(?![\w\-/]|\.\w)"
    )
    spans = _code_spans(line)
    pieces, at = [], 0
    for start, end in spans:  # blanked, so that no other pattern reads into code
        pieces += [line[at:start], " " * (end - start)]
        at = end
    prose = "".join([*pieces, line[at:]])
    spans += [m.span() for m in _PROTECTED_RE.finditer(prose)]
    spans.sort()
    parts: list[str] = []
    at, k = 0, 0
    for m in word.finditer(prose):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] < m.end():
            continue  # inside code, a tag, a link…
        parts += [line[at : m.start()], link(m.group(1))]
        at = m.end()
    parts.append(line[at:])
    return "".join(parts)


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Where the code spans of a line are: a run of n backticks opens one that the next run of
    exactly n closes; with none, it is literal (CommonMark). One pass over the runs."""
    if "`" not in line:
        return []
    runs = [m.span() for m in _BACKTICKS_RE.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        n = runs[i][1] - runs[i][0]
        following[i], last[n] = last.get(n), i
    spans, i = [], 0
    while i < len(runs):
        j = following[i]
        if j is None:
            i += 1
            continue
        spans.append((runs[i][0], runs[j][1]))
        i = j + 1
    return spans
