"""Hooks of the ESCAPE example site only (nothing here is part of the minutes tool)."""

from __future__ import annotations

import html
import re
from typing import Any

# Markdown's own syntax in a title (links, emphasis, code) must show as text, not act.
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def _text(value: str) -> str:
    """A record value as literal text in Markdown: HTML escaped, Markdown syntax neutralised."""
    return _MD_SPECIALS.sub(r"\\\1", html.escape(value, quote=True))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the home page's 'latest meeting' line from the archive the plugin read."""
    if page.file.src_uri != "index.md" or "<!-- latest-meeting -->" not in markdown:
        return markdown
    plugin = config.plugins.get("minutes")
    archive = getattr(plugin, "archive", None)
    if archive is None or not archive.meetings:
        return markdown.replace("<!-- latest-meeting -->", "No meeting has been recorded yet.")
    m = archive.meetings[-1]
    name = m.date.isoformat() + ("-" + m.slug if m.slug else "")
    when = f"{m.date.day} {m.date:%B %Y}"
    line = f"The latest meeting: [{_text(m.title)}, {when}](meetings/{m.series}/{name}.md)."
    return markdown.replace("<!-- latest-meeting -->", line)
