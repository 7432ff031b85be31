"""What the reporting commands (diff, remind, announce) share: absolute links to meeting pages
and Markdown-safe record text."""

from __future__ import annotations

from urllib.parse import quote

from minutes.core.model import Meeting
from minutes.site.urls import address, meeting_src


def meeting_url(site: str | None, meeting: Meeting, anchor: str | None = None) -> str | None:
    """The absolute address of a meeting's page (or of an anchor on it) on the site at `site`
    (with or without its trailing slash), percent-encoded; None without a site."""
    if not site:
        return None
    url = site.rstrip("/") + "/" + address(meeting_src(meeting))
    return quote(url + (f"#{anchor}" if anchor else ""), safe=":/#?&=%~-._+,@")


def md_text(text: str) -> str:
    """Record text as Markdown list content: no raw HTML, no accidental emphasis or links."""
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text
