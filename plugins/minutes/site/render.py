"""A generated page's Markdown from its Jinja template, with the raw HTML set aside.

Every block of raw HTML a template writes is kept out of Markdown and replaced by a marker
(site/fragments.py), to be put back in the rendered page (`restore_html`): Markdown has
nothing to do with it, and parsing large tables as raw HTML is the slowest part of
Python-Markdown. The templates reach the rows and links through the helpers below.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import jinja2
from markupsafe import Markup

from minutes.site import rows as R
from minutes.site import urls as u
from minutes.site.fragments import html_marker, report_placeholder, restore_html
from minutes.site.links import Links
from minutes.site.templating import PACKAGE_TEMPLATES, make_env

_BODY_TOKEN = "\x00minutes-body\x00"


class Renderer:
    """Renders the templates of one build (a site's own from `template_dirs` first) and keeps
    each page's set-aside HTML blocks (`html_blocks`, by page source)."""

    def __init__(self, links: Links, template_dirs: Iterable[Path] = ()) -> None:
        self.links = links
        self.env = make_env(template_dirs)
        self.html_blocks: dict[str, list[str]] = {}
        self._templates: dict[str, jinja2.Template] = {}

    def _helpers(self, src: str) -> dict[str, object]:
        """What the templates call, for page `src`."""
        links = self.links
        today, by_id, rel = links.today, links.meeting_by_id, links.urls.rel
        return {
            "today": today,
            "meeting": by_id.__getitem__,
            "series_name": links.series_name,
            "group_label": links.group_label,
            "group_src": u.group_src,
            "person_src": u.person_src,
            "percent": lambda r: "" if r is None else f"{round(r * 100)}%",
            "age": lambda a: (today - by_id[a.item.meeting].date).days,
            "person": lambda pid, affiliation=False: links.person_link(pid, src, affiliation),
            "meeting_facts": lambda m, absent: Markup(R.meeting_facts(links, m, absent, src)),
            "search_meta": lambda m: Markup(R.search_meta(links, m)),
            # One call for all the rows of a table or list, each row followed by a newline
            # (a call from a template costs more than most rows); then one call per row, for
            # templates a site overrides.
            "timeline_entries": lambda entries: R.each(R.timeline_entry, links, entries, src, ""),
            "meeting_index_rows": lambda ms: R.each(R.meeting_index_row, links, ms, src),
            "attendance_rows": lambda rows: R.each(R.attendance_row, links, rows, src),
            "attendance_head": lambda ms: R.each(R.attendance_head, links, ms, src, ""),
            "meeting_items": lambda ms: R.each(R.meeting_item, links, ms, src),
            "report_items": lambda reps: R.each(R.report_item, links, reps, src),
            "owned_action_rows": lambda acts: R.each(R.owned_action_row, links, acts, src),
            "action_log": lambda acts: R.each(R.action_log_row, links, acts, src),
            "decision_rows": lambda ds: R.each(R.decision_row, links, ds, src),
            "register_rows": lambda entries: R.each(R.register_row, links, entries, src),
            "risk_rows": lambda entries: R.each(R.risk_row, links, entries, src),
            "mention_rows": lambda ms: R.each(R.mention_row, links, ms, src),
            "register_facts": lambda item: Markup(R.register_facts(links, item, src)),
            "register_link": lambda item_id, titled=True: links.register_link(item_id, src, titled),
            "register_status": links.register_status,
            "register_due": lambda item: Markup(R.register_due(item)),
            "timeline_entry": lambda e: Markup(R.timeline_entry(links, e, src)),
            "meeting_index_row": lambda m: Markup(R.meeting_index_row(links, m, src)),
            "attendance_row": lambda row: Markup(R.attendance_row(links, row, src)),
            "meeting_item": lambda m: Markup(R.meeting_item(links, m, src)),
            "report_item": lambda rep: Markup(R.report_item(links, rep, src)),
            "owned_action_row": lambda a: Markup(R.owned_action_row(links, a, src)),
            "action_log_row": lambda a: Markup(R.action_log_row(links, a, src)),
            "action_ref": lambda a: Markup(links.action_link(a, src)),
            "action_owners": lambda a: Markup(links.owners(a, src)),
            "action_status": links.status,
            "parts_links": links.parts_nav,
            "part_head": links.part_heading,
            "group": lambda gid: links.group_link(gid, src),
            "person_name": links.person_name,
            "group_name": links.group_label,
            "meeting_url": lambda m, anchor=None: links.meeting_href(src, m, anchor),
            "link_index": lambda section, anchor=None: rel(src, u.index_src(section), anchor),
            "url": lambda to_src, anchor=None: rel(src, to_src, anchor),
            "compiled": lambda sid, year: rel(src, u.compiled_src(sid, year)),
            "report_placeholder": lambda key: Markup(report_placeholder(key)),
        }

    def render(self, template: str, src: str, **context: object) -> str:
        """Page `src`'s Markdown from `template`, its raw HTML set aside. A `body` in the
        context (a record's own Markdown) is left as it is."""
        body = context.pop("body", None)
        if body is not None:
            context["body"] = _BODY_TOKEN
        text = self._template(template).render(**self._helpers(src), **context)
        text = self.set_aside_html(src, text)
        return text if body is None else text.replace(_BODY_TOKEN, str(body), 1)

    def _template(self, name: str) -> jinja2.Template:
        tpl = self._templates.get(name)
        if tpl is None:  # once a build: asking the environment checks the file each time
            tpl = self._templates[name] = self.env.get_template(name)
        return tpl

    @cached_property
    def packaged_meeting_template(self) -> bool:
        """Whether meeting pages use the package's meeting.md, which site/meeting_page.py's
        `meeting_head` writes without Jinja (the 8,000 pages of an archive spent more in
        Jinja's frame than in their header), rather than a site's own."""
        return self._template("meeting.md").filename == str(PACKAGE_TEMPLATES / "meeting.md")

    def set_aside(self, src: str, html: str) -> str:
        """Keep one block of raw HTML out of Markdown; returns the marker that stands for it."""
        kept = self.html_blocks.setdefault(src, [])
        kept.append(html)
        return html_marker(len(kept) - 1)

    def set_aside_html(self, src: str, text: str) -> str:
        """`text` with each of its blocks of raw HTML set aside (comments stay)."""
        blocks = text.split("\n\n")
        kept = self.html_blocks.setdefault(src, [])
        for i, block in enumerate(blocks):
            # A block is set aside if, without its newlines around, it starts with a tag. Most
            # blocks start with some other character: they are neither copied nor stripped.
            first = block[:1]
            if first == "<":
                body = block.rstrip("\n") if block[-1:] == "\n" else block
            elif first == "\n":
                body = block.strip("\n")
            else:
                continue
            if body.startswith("<") and not body.startswith("<!--"):
                blocks[i] = html_marker(len(kept))
                kept.append(body)
        return "\n\n".join(blocks)

    def restore_html(self, src: str, html: str) -> str:
        """A rendered page's HTML with its set-aside blocks put back."""
        blocks = self.html_blocks.get(src)
        return restore_html(html, blocks) if blocks else html
