"""Indico's HTML notes as Markdown: markdownify, with the bullets, headings and blank lines a
record writes, and without the address of any link that would let someone join a call.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString
from markdownify import ATX, MarkdownConverter

from minutes.tools.indico.dialin import joins_a_call

_LEADING_BULLET = re.compile(r"^(?:[-•–·*]|&bull;)\s+")
_HEADING_TAG = re.compile(r"^h([1-6])$")


class _Converter(MarkdownConverter):
    """markdownify with '-' bullets nested by four spaces, as Python-Markdown needs.

    The signatures take *args so that they work with markdownify 0.13 and 1.x alike.
    """

    def convert_li(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
        content = _LEADING_BULLET.sub("", (text or "").strip())
        if not content:
            return ""
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            first = int(start) if start.isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        head, *rest = content.split("\n")
        lines = [f"{bullet} {head}"] + [f"    {line}" if line.strip() else "" for line in rest]
        return "\n".join(lines) + "\n"

    def convert_ul(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
        body = text.strip("\n")
        if not body.strip():
            return ""
        if any(p.name == "li" for p in el.parents):
            return "\n" + body + "\n"
        return "\n\n" + body + "\n\n"

    convert_ol = convert_ul


def _strip_links(soup: BeautifulSoup) -> int:
    """Leave out the address of every link that would let someone join a call."""
    count = 0
    for a in soup.find_all("a"):
        if not isinstance(a, Tag):
            continue
        href = str(a.get("href") or "")
        if href and joins_a_call(href):
            del a["href"]
            count += 1
    return count


# markdownify converts recursively: deeper HTML is flattened first, its text kept (the record
# would be refused as deeper than Markdown can nest anyway: docs/format.md §9.1).
MAX_HTML_DEPTH = 60


def _flatten_deep(root: Tag) -> None:
    """Replace each element nested deeper than MAX_HTML_DEPTH by its text, without recursion."""
    deep: list[Tag] = []
    stack: list[tuple[Tag, int]] = [(root, 0)]
    while stack:
        tag, depth = stack.pop()
        for child in tag.children:
            if isinstance(child, Tag):
                if depth + 1 > MAX_HTML_DEPTH:
                    deep.append(child)  # its own descendants are not visited: linear in all
                else:
                    stack.append((child, depth + 1))
    for tag in deep:
        tag.replace_with(NavigableString(" ".join(tag.get_text(" ").split())))


def html_to_markdown(html: str, top_level: int = 3) -> tuple[str, int]:
    """Markdown of an Indico note, its headings demoted to start at `top_level`.

    Returns the text and the number of video-conference links whose address was left out.
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "head", "title", "meta", "link"]):
        if isinstance(tag, Tag):
            tag.decompose()
    unlinked = _strip_links(soup)
    headings = [t for t in soup.find_all(_HEADING_TAG) if isinstance(t, Tag)]
    if headings:
        shift = top_level - min(int(t.name[1]) for t in headings)
        for t in headings:
            t.name = f"h{max(1, min(6, int(t.name[1]) + shift))}"
    root = soup.body or soup
    _flatten_deep(root)
    text = _Converter(heading_style=ATX, bullets="-", escape_misc=False).convert(str(root))
    return tidy_markdown(text), unlinked


def tidy_markdown(text: str) -> str:
    """No-break spaces, trailing blanks and runs of empty lines out; hard breaks kept."""
    lines = text.replace("\xa0", " ").replace("\r\n", "\n").split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        clean = line.rstrip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if clean and line.endswith("  ") and following:
            clean += "  "
        if not clean and (not out or not out[-1]):
            continue
        out.append(clean)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
