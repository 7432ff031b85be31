"""The rows that pages repeat by the thousand, made in Python rather than in Jinja.

A group's timeline holds every meeting that had the group on its agenda, and actions/ holds
every action: at 8,000 meetings the templates' loops over them were most of the time a build
spends making pages. Each function here writes exactly what its template loop wrote, as HTML
in a plain string; the templates still give each page its layout, and call `each` through
their helpers once per table or list (`timeline_entries`, `action_log`, `attendance_rows`…: a call
from a template costs more than most rows), or, on the 8,000 meeting pages, these functions
for their list of facts and their search filters (`meeting_facts`, `search_meta`).
Every value from a record or a registry is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from markupsafe import Markup

from minutes.aggregates import AttendanceRow, Report, TimelineEntry
from minutes.core.model import (
    Action,
    Attendance,
    Decision,
    Meeting,
    Mention,
    RegisterItem,
    section_anchors,
)
from minutes.site import urls as u
from minutes.site.fragments import (
    meeting_placeholder,
    meeting_prefix,
    report_key,
    report_placeholder,
)
from minutes.site.links import Links
from minutes.site.templating import esc, iso, long_date

T = TypeVar("T")


def each(
    row: Callable[[Links, T, str], str],
    links: Links,
    items: Iterable[T],
    src: str,
    end: str = "\n",
) -> Markup:
    """The rows of `items` on page `src`, each followed by `end`: one block of HTML."""
    return Markup("".join([row(links, item, src) + end for item in items]))


_NO_REPORT = '<p class="minutes-none"><em>No report recorded.</em></p>\n\n'
_ACTIONS_HEAD = (
    '<div class="minutes-scroll">\n<table class="minutes-table minutes-actions">\n'
    "<thead><tr><th>Action</th><th>Owners</th><th>Due</th><th>Status</th></tr></thead>\n"
    "<tbody>\n"
)
_ACTIONS_END = "</tbody>\n</table>\n</div>\n\n"


def timeline_entry(links: Links, e: TimelineEntry, src: str) -> str:
    """One meeting on a group's page: its heading, its reports, its actions and decisions."""
    m = e.meeting
    href = links.meeting_href(src, m, e.reports[0].anchor)
    speakers = ""
    if e.speakers:
        label = "Speakers" if len(e.speakers) > 1 else "Speaker"
        speakers = f" · {label}: {links.people_links(e.speakers, src)}"
    head = links.meeting_heads.get(m.id)
    if head is None:  # a meeting is on the timeline of each group on its agenda
        head = links.meeting_heads[m.id] = (
            f'<h3 id="{esc(m.id)}">{esc(m.title)}, {esc(long_date(m.date))}</h3>\n'
            '<p class="minutes-item-meta"><a href="',
            f'">{esc(links.series_name(m.series))}, {m.date.isoformat()}</a>',
        )
    out = [f"{head[0]}{esc(href)}{head[1]}{speakers}</p>\n\n"]
    for r in e.reports:
        if r.has_text:
            placeholder = report_placeholder(report_key(m.id, r.anchor))
            out.append(f'<div class="minutes-report">\n{placeholder}\n</div>\n\n')
        else:
            out.append(_NO_REPORT)
    if e.actions:
        out.append(_ACTIONS_HEAD)
        for a in e.actions:
            out.append(_action_row(links, a, src, links.owners(a, src)) + "\n")
        out.append(_ACTIONS_END)
    if e.decisions:
        out.append('<ul class="minutes-decisions">\n')
        for d in e.decisions:
            out.append(f"<li><strong>Decision:</strong> {esc(d.text)}</li>\n")
        out.append("</ul>\n\n")
    return "".join(out)


def action_log_row(links: Links, a: Action, src: str) -> str:
    """One action's row in the tables of actions/."""
    item = a.item
    overdue = a.overdue(links.today)
    state = "done" if a.status == "done" else ("overdue open" if overdue else "open")
    raised = links.meeting_by_id[item.meeting]
    group = links.group_link(item.group, src) if item.group else ""
    cells = [
        f'<tr id="{esc(a.id)}" data-owner="{esc(" ".join(item.owners) or "-")}" '
        f'data-group="{esc(item.group or "-")}" data-status="{state}">'
        f"<td>{links.action_link(a, src)}</td><td>{esc(item.text)}</td>"
        f"<td>{links.owners(a, src)}</td><td>{group}</td>"
        f"<td>{_meeting_date_link(links, raised.id, src)}</td>"
    ]
    if a.status == "open":
        follow = ""
        if a.followups:
            f = a.followups[-1]
            follow = f"{_meeting_date_link(links, f.meeting, src)}: {esc(f.text)}"
        age = (links.today - raised.date).days
        cells.append(
            f"<td>{iso(item.due)}</td><td>{age}</td><td>{links.status(a)}</td><td>{follow}</td>"
        )
    else:
        closed = _meeting_date_link(links, a.closed_in, src) if a.closed_in else ""
        cells.append(f"<td>{iso(item.due)}</td><td>{links.status(a)}</td><td>{closed}</td>")
    cells.append("</tr>")
    return "".join(cells)


def _meeting_date_link(links: Links, meeting_id: str, src: str) -> str:
    m = links.meeting_by_id[meeting_id]
    href = links.meeting_href(src, m)
    return f'<a href="{esc(href)}">{m.date.isoformat()}</a>'


def meeting_facts(links: Links, m: Meeting, absent: list[str], src: str) -> str:
    """The facts at the top of a meeting's page: date, time, series, people, groups…"""
    day = m.date.isoformat()
    out = [
        '<dl class="minutes-facts">\n'
        f'<dt>Date</dt><dd><time datetime="{day}">{m.date.strftime("%A")} '
        f"{long_date(m.date)}</time></dd>\n"
    ]
    if m.start:
        end = f"–{esc(m.end)}" if m.end else ""
        out.append(
            f"<dt>Time</dt><dd>{esc(m.start)}{end} "
            f'<span class="minutes-tz">({esc(m.timezone)})</span></dd>\n'
        )
    series = links.urls.rel(src, u.index_src(u.MEETINGS), m.series)
    out.append(
        f'<dt>Series</dt><dd><a href="{esc(series)}">{esc(links.series_name(m.series))}</a></dd>\n'
    )
    if m.chair:
        out.append(f"<dt>Chair</dt><dd>{links.person_link(m.chair, src)}</dd>\n")
    if m.location:
        out.append(f"<dt>Location</dt><dd>{esc(m.location)}</dd>\n")
    present = links.people_links(m.present, src) or "none recorded"
    out.append(f'<dt>Present ({len(m.present)})</dt><dd class="minutes-present">{present}</dd>\n')
    if m.apologies:
        out.append(
            f"<dt>Apologies ({len(m.apologies)})</dt>"
            f'<dd class="minutes-apologies">{links.people_links(m.apologies, src)}</dd>\n'
        )
    if absent:
        out.append(
            f"<dt>Absent ({len(absent)})</dt>"
            f'<dd class="minutes-absent">{links.people_links(absent, src)}</dd>\n'
        )
    if m.groups:
        groups = links.group_links(m.groups, src)
        out.append(f'<dt>On the agenda</dt><dd class="minutes-groups">{groups}</dd>\n')
    if m.links:
        named = ", ".join(f'<a href="{esc(url)}">{esc(name)}</a>' for name, url in m.links.items())
        out.append(f"<dt>Links</dt><dd>{named}</dd>\n")
    if m.tags:
        tags = " ".join(f'<span class="minutes-tag">{esc(tag)}</span>' for tag in m.tags)
        out.append(f"<dt>Tags</dt><dd>{tags}</dd>\n")
    if m.visibility == "internal":
        out.append(
            "<dt>Visibility</dt><dd><strong>internal</strong>: not in the public edition</dd>\n"
        )
    out.append(_approval_facts(links, m, src))
    out.append("</dl>")
    return "".join(out)


def _approval_facts(links: Links, m: Meeting, src: str) -> str:
    """A draft's mark, the meeting that approved these minutes (with its note of corrections)
    and the minutes this meeting approved (docs/format.md §7.1); empty for none of them."""
    out = []
    if m.status == "draft":
        out.append(
            '<dt>Status</dt><dd><strong class="minutes-draft">Draft</strong>: '
            "not yet approved</dd>\n"
        )
    approver = links.archive.approved_by.get(m.id)
    if approver is not None and approver in links.meeting_by_id:
        by = links.meeting_by_id[approver]
        note = by.approves.get(m.id)
        out.append(
            f"<dt>Approved</dt><dd>at {_meeting_title_link(links, by, src)}"
            + (f", with corrections: {esc(note)}" if note else "")
            + "</dd>\n"
        )
    approved = [
        (links.meeting_by_id[mid], note)
        for mid, note in m.approves.items()
        if mid in links.meeting_by_id
    ]
    if approved:
        items = "".join(
            f"<li>{_meeting_title_link(links, a, src)}"
            + (f", with corrections: {esc(note)}" if note else "")
            + "</li>"
            for a, note in approved
        )
        out.append(f'<dt>Approves</dt><dd><ul class="minutes-approves">{items}</ul></dd>\n')
    return "".join(out)


def _meeting_title_link(links: Links, m: Meeting, src: str) -> str:
    """A link to a meeting's page, named by its title and date."""
    href = links.meeting_href(src, m)
    return f'<a href="{esc(href)}">{esc(m.title)}, {long_date(m.date)}</a>'


def meeting_index_row(links: Links, m: Meeting, src: str) -> str:
    """One meeting's row in the tables of meetings/."""
    day = m.date.isoformat()
    href = links.meeting_href(src, m)
    chair = esc(links.person_name(m.chair)) if m.chair else ""
    groups = ", ".join(esc(links.group_label(g)) for g in m.groups)
    return (
        f'<tr><td><time datetime="{day}">{day}</time></td>'
        f'<td><a href="{esc(href)}">{esc(m.title)}</a></td><td>{chair}</td>'
        f"<td>{len(m.present)}</td><td>{groups}</td></tr>"
    )


_CELLS = {
    "present": '<td class="minutes-present" title="present">P</td>',
    "apologies": '<td class="minutes-apologies" title="apologies">A</td>',
    "absent": '<td class="minutes-absent" title="absent without apology">X</td>',
}


def attendance_head(links: Links, m: Meeting, src: str) -> str:
    """One meeting's column heading in a series' attendance matrix: its day, linked."""
    return (
        f'<th scope="col"><a href="{esc(links.meeting_href(src, m))}" '
        f'title="{esc(m.title)}, {long_date(m.date)}">{m.date.strftime("%d %b")}</a></th>'
    )


def attendance_row(links: Links, row: AttendanceRow, src: str) -> str:
    """One person's row of a series' attendance matrix for one year."""
    href = links.urls.rel(src, u.person_src(row.person))
    guest = "" if row.member else ' <span class="minutes-none">(guest)</span>'
    cells = "".join([_CELLS.get(c, "<td></td>") for c in row.cells])
    rate = "" if row.rate is None else f"{round(row.rate * 100)}%"
    return (
        f'<tr><th scope="row"><a href="{esc(href)}">{esc(links.person_name(row.person))}'
        f"</a>{guest}</th>{cells}<td>{rate}</td></tr>"
    )


def meeting_item(links: Links, m: Meeting, src: str) -> str:
    """A meeting in a list of meetings (a person's page): its title and date, linked."""
    href = links.meeting_href(src, m)
    return f'<li><a href="{esc(href)}">{esc(m.title)}, {long_date(m.date)}</a></li>'


def report_item(links: Links, rep: Report, src: str) -> str:
    """A report in a person's list of reports given: group, meeting and date, linked."""
    m = rep.meeting
    href = links.meeting_href(src, m, rep.anchor)
    group = links.group_label(rep.section.group or "")
    return f'<li><a href="{esc(href)}">{esc(group)}, {esc(m.title)}, {long_date(m.date)}</a></li>'


def owned_action_row(links: Links, a: Action, src: str) -> str:
    """An action in the table of a person's actions."""
    group = links.group_link(a.item.group, src) if a.item.group else ""
    return _action_row(links, a, src, group)


def _action_row(links: Links, a: Action, src: str, middle: str) -> str:
    """An action's row in the short tables (a group's timeline, a person's page): its id and
    text, `middle` (its owners, or its group), when it is due, its status."""
    return (
        f"<tr><td>{links.action_link(a, src)} {esc(a.item.text)}</td><td>{middle}</td>"
        f"<td>{iso(a.item.due)}</td><td>{links.status(a)}</td></tr>"
    )


def search_meta(links: Links, m: Meeting) -> str:
    """The hidden filters and sort key a meeting's page gives the search index."""
    day = m.date.isoformat()
    groups = "".join(
        f'<span data-pagefind-filter="group">{esc(links.group_label(g))}</span>\n' for g in m.groups
    )
    return (
        '<div class="minutes-search-meta" hidden data-pagefind-ignore>\n'
        f'<span data-pagefind-filter="series">{esc(links.series_name(m.series))}</span>\n'
        f'<span data-pagefind-filter="year">{m.date.year}</span>\n'
        f"{groups}"
        f'<span data-pagefind-meta="date">{day}</span>\n'
        f'<span data-pagefind-sort="date">{day}</span>\n'
        "</div>"
    )


def decision_row(links: Links, d: Decision, src: str) -> str:
    """One decision's row in the table of decisions/."""
    m = links.meeting_by_id[d.meeting]
    group = links.group_link(d.group, src) if d.group else ""
    return (
        f'<tr data-group="{esc(d.group or "-")}"><td>{m.date.isoformat()}</td>'
        f'<td><a href="{esc(links.meeting_href(src, m))}">{esc(m.title)}</a></td>'
        f"<td>{group}</td><td>{esc(d.text)}</td></tr>"
    )


# The register (docs/format.md §3.4, §10) ------------------------------------------------------

KIND_NAMES = {"deliverable": "Deliverable", "milestone": "Milestone", "risk": "Risk"}
# The fields of an item's page, in order, with their labels (other fields follow, as written).
ITEM_FIELDS = (
    ("lead", "Lead beneficiary"),
    ("responsible", "Responsible"),
    ("type", "Type"),
    ("dissemination", "Dissemination"),
    ("verification", "Means of verification"),
    ("likelihood", "Likelihood"),
    ("severity", "Severity"),
    ("mitigation", "Mitigation"),
    ("submitted", "Submitted"),
    ("reached", "Reached"),
    ("link", "Link"),
)


def _date(d: dt.date) -> str:
    day = d.isoformat()
    return f'<time datetime="{day}">{day}</time>'


def register_due(item: RegisterItem) -> str:
    """When an item is due now, and from when it was rescheduled."""
    if item.current_due is None:
        return ""
    if item.rescheduled is not None and item.due is not None:
        return f"{item.current_due.isoformat()} (rescheduled from {item.due.isoformat()})"
    return item.current_due.isoformat()


def register_row(links: Links, entry: tuple[RegisterItem, Mention | None], src: str) -> str:
    """A deliverable's or milestone's row in the register's tables: its id, linked, its title,
    when it is due, its status and when a meeting last mentioned it."""
    item, last = entry
    return (
        f"<tr><td>{links.register_link(item.id, src, titled=False)}</td>"
        f"<td>{esc(item.title)}</td><td>{register_due(item)}</td>"
        f"<td>{links.register_status(item)}</td><td>{_last_mention(links, last, src)}</td></tr>"
    )


def risk_row(links: Links, entry: tuple[RegisterItem, Mention | None], src: str) -> str:
    """A risk's row in the register: its id, title, work packages, likelihood, severity,
    status and when a meeting last mentioned it."""
    item, last = entry
    f = item.fields
    return (
        f"<tr><td>{links.register_link(item.id, src, titled=False)}</td>"
        f"<td>{esc(item.title)}</td><td>{links.group_links(item.wp, src)}</td>"
        f"<td>{esc(str(f.get('likelihood', '')))}</td>"
        f"<td>{esc(str(f.get('severity', '')))}</td><td>{links.register_status(item)}</td>"
        f"<td>{_last_mention(links, last, src)}</td></tr>"
    )


def _last_mention(links: Links, mention: Mention | None, src: str) -> str:
    if mention is None:
        return ""
    m = links.meeting_by_id[mention.meeting]
    anchor = section_anchors(m).get(mention.section) if mention.section is not None else None
    return f'<a href="{esc(links.meeting_href(src, m, anchor))}">{m.date.isoformat()}</a>'


def mention_row(links: Links, mention: Mention, src: str) -> str:
    """Where a meeting mentioned an item: the date, linked to its section when that is a
    group's, the series, the group or section, and the sentence."""
    m = links.meeting_by_id[mention.meeting]
    anchor, where = None, ""
    if mention.section is not None and mention.section < len(m.sections):
        section = m.sections[mention.section]
        if section.group:
            anchor = section_anchors(m).get(mention.section)
            where = links.group_link(section.group, src)
        else:
            where = esc(section.title)
    elif mention.section is None and mention.line < m.body_line:
        where = '<span class="minutes-none">title</span>'
    href = links.meeting_href(src, m, anchor)
    return (
        f'<tr><td><a href="{esc(href)}">{_date(m.date)}</a></td>'
        f"<td>{esc(links.series_name(m.series))}</td><td>{where}</td>"
        f"<td>{esc(mention.sentence)}</td></tr>"
    )


def register_facts(links: Links, item: RegisterItem, src: str) -> str:
    """The facts at the top of an item's page: its kind, work packages, due date as written
    and as computed, reschedule, status and every other field it has."""
    out = [f"<dt>Kind</dt><dd>{KIND_NAMES.get(item.kind, item.kind)}</dd>\n"]
    if item.wp:
        label = "Work packages" if len(item.wp) > 1 else "Work package"
        out.append(f"<dt>{label}</dt><dd>{links.group_links(item.wp, src)}</dd>\n")
    if item.due is not None:
        written = item.due_text if item.due_text and item.due_text != item.due.isoformat() else ""
        out.append(
            f"<dt>Due</dt><dd>{esc(written) + ': ' if written else ''}{_date(item.due)}</dd>\n"
        )
    if item.rescheduled is not None:
        r = item.rescheduled
        written = r.due_text if r.due_text != r.due.isoformat() else ""
        reason = f": {esc(r.reason)}" if r.reason else ""
        out.append(
            f"<dt>Rescheduled</dt><dd>to {esc(written) + ', ' if written else ''}"
            f"{_date(r.due)}{reason}</dd>\n"
        )
    out.append(f"<dt>Status</dt><dd>{links.register_status(item)}</dd>\n")
    labels = dict(ITEM_FIELDS)
    keys = [k for k, _ in ITEM_FIELDS if k in item.fields]
    keys += [k for k in item.fields if k not in labels]
    for key in keys:
        value = item.fields[key]
        if value is None or value == "":
            continue
        out.append(f"<dt>{esc(labels.get(key, key.capitalize()))}</dt><dd>")
        out.append(_field_value(links, key, value, src))
        out.append("</dd>\n")
    return '<dl class="minutes-facts">\n' + "".join(out) + "</dl>"


def _field_value(links: Links, key: str, value: object, src: str) -> str:
    if key == "responsible" and isinstance(value, str):
        return str(links.person_link(value, src))
    if isinstance(value, dt.date):
        return _date(value)
    if key == "link" and isinstance(value, str) and value.startswith(("https://", "http://")):
        return f'<a href="{esc(value)}">{esc(value)}</a>'  # a DOI is read as its resolver's
    if isinstance(value, list):
        return esc(", ".join(str(v) for v in value))
    return esc(str(value))


# compiled minutes (docs/format.md §10) ---------------------------------------------------------


def compiled_contents_item(links: Links, m: Meeting, src: str) -> str:
    """A meeting in the contents of compiled minutes, linked to its section."""
    return f'<li><a href="#{esc(m.id)}">{esc(m.title)}, {long_date(m.date)}</a></li>'


def compiled_meeting(links: Links, m: Meeting, src: str) -> str:
    """A meeting's section of compiled minutes: its heading, a link to its page and the
    placeholder its rendered page fills in (site/fragments.py)."""
    mid = esc(m.id)
    return (
        f'<section class="minutes-compiled-meeting" id="{mid}" aria-labelledby="{mid}--title">\n'
        f'<h1 id="{mid}--title">{esc(m.title)}, {long_date(m.date)}</h1>\n'
        f'<p class="minutes-compiled-source"><a href="{esc(links.meeting_href(src, m))}">'
        f"This meeting's page</a></p>\n{meeting_placeholder(m.id)}\n</section>"
    )


def compiled_attendance_row(links: Links, row: AttendanceRow, src: str) -> str:
    """One person's row of the attendance summary of compiled minutes: present, apologies,
    absent, rate."""
    guest = "" if row.member else ' <span class="minutes-none">(guest)</span>'
    rate = "" if row.rate is None else f"{round(row.rate * 100)}%"
    return (
        f'<tr><th scope="row">{links.person_link(row.person, src)}{guest}</th>'
        f"<td>{row.attended}</td><td>{row.cells.count(Attendance.APOLOGIES)}</td>"
        f"<td>{row.cells.count(Attendance.ABSENT)}</td><td>{rate}</td></tr>"
    )


def compiled_decision_row(links: Links, d: Decision, src: str) -> str:
    """One decision of a year's compiled minutes, its date linked to its meeting there."""
    m = links.meeting_by_id[d.meeting]
    group = links.group_link(d.group, src) if d.group else ""
    return (
        f'<tr><td><a href="#{esc(m.id)}">{m.date.isoformat()}</a></td><td>{group}</td>'
        f"<td>{esc(d.text)}</td></tr>"
    )


def compiled_action_row(links: Links, a: Action, src: str, here: frozenset[str]) -> str:
    """One action open at the end of a year of compiled minutes: its id linked to where it was
    raised, inside the document when it was raised there (`here`: the document's meetings)."""
    item = a.item
    raised = links.meeting_by_id[item.meeting]
    if item.meeting in here:
        href = f"#{meeting_prefix(item.meeting)}{a.id}"
    else:
        href = links.meeting_href(src, raised, a.id)
    return (
        f'<tr><td><a href="{esc(href)}">{esc(a.id)}</a></td><td>{raised.date.isoformat()}</td>'
        f"<td>{links.owners(a, src)}</td><td>{iso(item.due)}</td><td>{esc(item.text)}</td></tr>\n"
    )
