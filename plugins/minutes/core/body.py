"""Reading a record's Markdown body: headings, group sections, speakers, actions, decisions.

Pure line scanning: it knows Markdown only as far as the format needs (ATX headings, fenced
code, task-list items, paragraphs), and reports positions as record-file lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from minutes.core.model import ActionItem, Decision, FollowUp, Section
from minutes.core.names import split_names

# Every pattern here reads record text and must run in linear time on any line (docs/format.md
# §9, limits): no pattern ends in `(.*?)\s*$` or repeats overlapping quantifiers. What follows
# a fixed prefix is trimmed with str methods instead.
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+")  # the text is heading_text(line[m.end():])
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATTRS_RE = re.compile(r"\{:?([^{}]*)\}[ \t]*$")
GROUP_ATTR_RE = re.compile(r"(?:^|\s)group=(\"[^\"]*\"|'[^']*'|[^\s}]+)")
SLOT_RE = re.compile(
    r"^(\d{1,2})[:.h](\d{2})(?:\s*(?:[-–—]|to)\s*(\d{1,2})[:.h](\d{2}))?\s+(?=\S)", re.I
)
# `Speaker: A`, as people write it: `**Speaker:** A`, `**Speaker: A**`, `*Speakers:* A, B`
# (docs/format.md §6.3); the emphasis marks left in the value are removed by speaker_names.
SPEAKER_RE = re.compile(r"^\s*[*_]{0,3}Speakers?[*_]{0,3}\s*:(.*)$", re.I)
UNDERSCORES_RE = re.compile(r"_+")
TASK_RE = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*)$")  # group 3: rstrip it
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
DECISION_RE = re.compile(
    r"^(\s*(?:[-*+]\s+|\d+[.)]\s+)?)(?:\*\*|__)?Decision(?:\*\*|__)?\s*:(?:\*\*|__)?(.*)$"
)
DUE_RE = re.compile(r"\(\s*due\s+(\d{4}-\d{2}-\d{2})\s*\)", re.I)
ACTION_ID_RE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}(?:-[a-z0-9-]+)?-\d+):\s")
# ACTION_ID_RE backtracks on long runs of "-2021-06-09": it only ever reads this many characters.
ACTION_ID_MAX = 200

ProblemSink = Callable[[int, str], None]  # (file line, message)


def heading_text(rest: str) -> str:
    """A heading's text from what follows `## `: trailing blanks and a closing `###` removed."""
    text = rest.rstrip(" \t")
    if text.endswith("#"):
        bare = text.rstrip("#")
        if bare.endswith((" ", "\t")):
            text = bare.rstrip(" \t")
    return text


@dataclass
class HeadingParts:
    text: str  # what the page shows, attribute list removed
    group_attr: str | None
    rest_attrs: str  # other attributes, to keep on the page
    slot: tuple[str, str | None] | None


def split_heading(raw: str) -> HeadingParts:
    """Separate the `{ group=... }` attribute and a leading time slot from a heading's text."""
    text, group_attr, rest = raw, None, ""
    m = ATTRS_RE.search(raw)
    if m and _is_attr_list(m.group(1)):
        attrs = m.group(1)
        g = GROUP_ATTR_RE.search(attrs)
        if g:
            group_attr = g.group(1).strip("\"'")
            attrs = (attrs[: g.start()] + attrs[g.end() :]).strip()
        text = raw[: m.start()].rstrip()
        rest = attrs.strip()
    slot = None
    s = SLOT_RE.match(text)
    if s:
        h1, m1, h2, m2 = s.group(1), s.group(2), s.group(3), s.group(4)
        if int(h1) < 24 and int(m1) < 60:
            start = f"{int(h1):02d}:{m1}"
            end = f"{int(h2):02d}:{m2}" if h2 else None
            slot = (start, end)
            text = text[s.end() :]
    return HeadingParts(text=text.strip(), group_attr=group_attr, rest_attrs=rest, slot=slot)


@dataclass
class ScannedBody:
    sections: list[Section] = field(default_factory=list)
    items: list[ActionItem | FollowUp] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    speaker_lines: set[int] = field(default_factory=set)  # body-line indexes of Speaker lines


class GroupMatcher:
    """Callbacks the scanner needs from the registries (kept abstract for tests)."""

    def group_of_heading(self, text: str) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def group_id(self, text: str) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def person(self, name: str, line: int) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def owner(self, name: str) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError


def scan_body(
    lines: list[str], first_line: int, meeting_id: str, names: GroupMatcher, report: ProblemSink
) -> ScannedBody:
    """Scan body lines (first_line: file line of lines[0]) into sections, actions, decisions."""
    out = ScannedBody()
    open_sections: list[Section] = []  # the stack of headings enclosing the current line
    in_fence: str | None = None
    prev_blank = True
    expect_speaker: Section | None = None
    count = 0

    def current_group() -> str | None:
        for s in reversed(open_sections):
            if s.group:
                return s.group
        return None

    def text_here() -> None:  # a line of text: every enclosing section has some
        for s in reversed(open_sections):
            if s.has_text:
                break  # and so have the ones around it
            s.has_text = True

    for idx, line in enumerate(lines):
        lineno = first_line + idx
        fence = FENCE_RE.match(line)
        if in_fence:  # its opening line was text already
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = None
            continue
        if fence:
            text_here()
            in_fence = fence.group(1)
            expect_speaker = None
            continue
        stripped = line.strip()
        if expect_speaker is not None and stripped:
            sp = SPEAKER_RE.match(line)
            given = speaker_names(sp.group(1)) if sp else []
            # A label that names nobody (`**Speaker: 13**` in a transcript) stays on the page.
            if sp and (given or not unemphasised(sp.group(1))):
                seen: dict[str, None] = {}
                for name in given:
                    seen.setdefault(names.person(name, lineno))
                expect_speaker.speakers = list(seen)
                out.speaker_lines.add(idx)
                expect_speaker = None
                prev_blank = False
                continue
            expect_speaker = None

        h = HEADING_RE.match(line)
        if h:
            level = len(h.group(1))
            parts = split_heading(heading_text(line[h.end() :]))
            while open_sections and open_sections[-1].level >= level:
                open_sections.pop().end = idx
            text_here()
            group: str | None
            if parts.group_attr is not None:
                group = names.group_id(parts.group_attr)
                if group is None:
                    report(lineno, f"unknown group id '{parts.group_attr}' in heading")
            else:
                group = names.group_of_heading(parts.text)
            section = Section(
                level=level,
                title=parts.text,
                attrs=parts.rest_attrs,
                line=lineno,
                slot=parts.slot,
                group=group,
                start=idx + 1,
                end=len(lines),
            )
            out.sections.append(section)
            open_sections.append(section)
            expect_speaker = section
            prev_blank = True
            continue

        if stripped:
            text_here()
        task = TASK_RE.match(line)
        if task:
            checked = task.group(2) in "xX"
            text = task.group(3).rstrip()
            ref = ACTION_ID_RE.match(text[:ACTION_ID_MAX])
            if ref:
                out.items.append(
                    FollowUp(
                        target=ref.group(1),
                        meeting=meeting_id,
                        group=current_group(),
                        checked=checked,
                        text=text[ref.end() :].strip(),
                        line=lineno,
                    )
                )
            else:
                count += 1
                owners, rest = _owners(text, names)
                due = None
                d = DUE_RE.search(rest)
                if d:
                    try:
                        due = dt.date.fromisoformat(d.group(1))
                    except ValueError:
                        report(lineno, f"malformed due date '{d.group(1)}' (expected YYYY-MM-DD)")
                    rest = (rest[: d.start()] + rest[d.end() :]).strip()
                    rest = re.sub(r"\s{2,}", " ", rest)
                out.items.append(
                    ActionItem(
                        id=f"{meeting_id}-{count}",
                        meeting=meeting_id,
                        group=current_group(),
                        owners=owners,
                        text=rest,
                        due=due,
                        checked=checked,
                        line=lineno,
                    )
                )
            prev_blank = False
            continue

        dec = DECISION_RE.match(line)
        if dec and (dec.group(1).strip() or prev_blank):
            text = dec.group(2).strip()
            # A paragraph runs on over its following lines.
            j = idx + 1
            while j < len(lines) and lines[j].strip() and not _starts_block(lines[j]):
                text += " " + lines[j].strip()
                j += 1
            out.decisions.append(
                Decision(meeting=meeting_id, group=current_group(), text=text.strip(), line=lineno)
            )
        prev_blank = not stripped
    for s in open_sections:
        s.end = len(lines)
    return out


def speaker_names(value: str) -> list[str]:
    """The names a Speaker line's value gives (docs/format.md §6.3): emphasis marks removed
    (`**Jane Doe**`, the `**` that closes `**Speaker: Jane Doe**`), and parts with no letter
    left out: `13` or `-` name nobody."""
    # what is left of `_` is inside words: splitting cannot bare one at a name's end
    return [n for n in split_names(unemphasised(value)) if any(c.isalpha() for c in n)]


def unemphasised(text: str) -> str:
    """Text without Markdown emphasis marks, stripped: every `*`, and every run of `_` but
    those inside a word (`jane_doe`)."""
    text = text.replace("*", "")
    if "_" in text:
        text = UNDERSCORES_RE.sub(_inside_a_word, text)
    return text.strip()


def _inside_a_word(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    inside = start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    return m.group() if inside else ""


def _is_attr_list(inner: str) -> bool:
    tokens = inner.split()
    return bool(tokens) and all(t[0] in "#." or "=" in t for t in tokens)


def _starts_block(line: str) -> bool:
    return bool(HEADING_RE.match(line) or LIST_ITEM_RE.match(line) or FENCE_RE.match(line))


def _owners(text: str, names: GroupMatcher) -> tuple[list[str], str]:
    """Owners are the text before the first ': ' when every part of it names a person."""
    head, sep, rest = text.partition(": ")
    if not sep:
        return [], text
    parts = split_names(head)
    owners: list[str] = []
    for part in parts:
        pid = names.owner(part)
        if pid is None:
            return [], text
        if pid not in owners:
            owners.append(pid)
    return (owners, rest.strip()) if owners else ([], text)
