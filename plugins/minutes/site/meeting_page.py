"""The Markdown of one meeting's page: a header of facts, then the record's body, annotated."""

from __future__ import annotations

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
