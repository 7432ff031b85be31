"""Register ids written in a record (docs/format.md §6.7): the mentions of registered items,
and the ids in a registered kind's shape that the register does not hold.

One pass over the record: a single pattern, built from the declared id shapes (core/fields.py
`REGISTER_KINDS`), finds the candidates; only the paragraphs that hold one are read further
(code spans, link targets and URLs blanked, so an id there is not read). The pattern runs in
linear time on any line: it can start only at a letter that follows no word character, and
what it then reads (digits, one dot, digits) holds no such letter, so no two tries overlap.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from minutes.core.body import (
    FENCE_RE,
    HEADING_RE,
    LIST_ITEM_RE,
    heading_text,
    split_heading,
    unemphasised,
)
from minutes.core.fields import REGISTER_KINDS
from minutes.core.model import Meeting, Mention, Register

# An id is a whole word: not inside a word, a number, a path or a hyphenated name ("3D",
# "MS12a", "x/D2.3", "R2-D2"); a full stop after it ends a sentence, but "D3.js" and "D2.3.1"
# are other things.
_BEFORE = r"(?<![\w.\-/])"
_AFTER = r"(?![\w\-/]|\.\w)"
_URL_RE = re.compile(r"(?<![\w.\-/])(?:https?://|ftp://|www\.)\S*", re.I)
_BACKTICKS_RE = re.compile(r"`+")
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)")
_MARKER_RE = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)?")
_TAG_RE = re.compile(r"<[^<>\n]{0,200}>")
_SPACES_RE = re.compile(r"\s+")
SENTENCE_MAX = 300  # characters of a mention's sentence
_AROUND = SENTENCE_MAX // 2  # read at most this far on each side of the id
_SUGGEST_MAX = 50  # unknown ids of one record that get a did-you-mean (difflib is slow)


@lru_cache(maxsize=8)
def _pattern(kinds: frozenset[str]) -> re.Pattern[str]:
    """The pattern of the ids of `kinds`; its named group says the kind."""
    shapes = [f"(?P<{k.kind}>{k.id_pattern[1:-1]})" for k in REGISTER_KINDS if k.kind in kinds]
    return re.compile(f"{_BEFORE}(?:{'|'.join(shapes)}){_AFTER}")


Unknown = list[tuple[int, str]]  # (file line, message)


def find_mentions(
    meeting: Meeting, register: Register, title_line: int | None = 1
) -> tuple[list[Mention], Unknown, Unknown]:
    """The register's ids that `meeting` writes, in order (its title first, at `title_line`;
    None: the title is not the record's own and is not read), then (line, message) for each id
    in a registered kind's shape that the register does not hold: the errors, and the notes
    (the kinds whose shape ordinary prose writes too, `ItemKind.unknown`). Only the kinds the
    register declares are read: without a register, nothing is."""
    if not register.items:
        return [], [], []
    finder = _Finder(meeting, register)
    if title_line is not None:
        finder.read(" ".join(meeting.title.split("\n")), [title_line], [0], title=True)
    if finder.pattern.search(meeting.body) is not None:
        finder.read_body()
    return finder.mentions, finder.errors, finder.notes


class _Finder:
    def __init__(self, meeting: Meeting, register: Register) -> None:
        self.meeting, self.register = meeting, register
        self.pattern = _pattern(frozenset(i.kind for i in register.items.values()))
        self.mentions: list[Mention] = []
        self.errors: Unknown = []
        self.notes: Unknown = []
        self.severity = {k.kind: k.unknown for k in REGISTER_KINDS}
        self.hints: dict[str, str] = {}  # unknown id -> what its error adds
        self.section_lines = [s.line for s in meeting.sections]

    def read_body(self) -> None:
        """Each paragraph outside fenced code (a heading is one of its own)."""
        lines = self.meeting.body.split("\n")
        first = self.meeting.body_line
        block: list[str] = []
        block_start = 0
        in_fence: str | None = None

        def flush() -> None:
            if block:
                text = "\n".join(block)
                if self.pattern.search(text) is not None:
                    numbers = [first + block_start + i for i in range(len(block))]
                    offsets = [0]
                    for line in block[:-1]:
                        offsets.append(offsets[-1] + len(line) + 1)
                    self.read(text, numbers, offsets)
                block.clear()

        for idx, line in enumerate(lines):
            fence = FENCE_RE.match(line)
            if in_fence:
                if (
                    fence
                    and fence.group(1)[0] == in_fence[0]
                    and len(fence.group(1)) >= len(in_fence)
                ):
                    in_fence = None
                continue
            if fence or not line.strip() or HEADING_RE.match(line):
                flush()
                if fence:
                    in_fence = fence.group(1)
                elif line.strip():  # a heading
                    block_start = idx
                    block.append(line)
                    flush()
                continue
            if not block:
                block_start = idx
            block.append(line)
        flush()

    def read(
        self,
        text: str,
        numbers: list[int],
        offsets: list[int],
        title: bool = False,
    ) -> None:
        """The ids of one paragraph (or heading, or the title): `numbers` are its lines' file
        lines, `offsets` where each line starts in `text`."""
        seen = _blanked(text)
        starts = [
            o for o, line in zip(offsets, text.split("\n"), strict=True) if _starts_item(line)
        ]
        heading = bool(HEADING_RE.match(text))
        sentences: dict[tuple[int, int], str] = {}  # a sentence's span -> its plain text
        for m in self.pattern.finditer(seen):
            row = bisect.bisect_right(offsets, m.start()) - 1
            lineno = numbers[row]
            item_id, kind = m.group(), m.lastgroup or ""
            if item_id not in self.register.items:
                unknown = self.errors if self.severity[kind] == "error" else self.notes
                unknown.append((lineno, self._unknown(item_id, kind)))
                continue
            if title:
                lo, hi = 0, len(text)
                if (lo, hi) not in sentences:
                    sentences[lo, hi] = _clean(text[: 2 * SENTENCE_MAX])
                sentence = sentences[lo, hi]
            else:
                # the sentence stays within its list item or paragraph
                at = bisect.bisect_right(starts, m.start()) - 1
                lo = starts[at] if at >= 0 else 0
                nxt = at + 1
                hi = starts[nxt] - 1 if nxt < len(starts) else len(text)
                lo, hi = _bounds(text, m.start(), m.end(), lo, hi)
                if (lo, hi) not in sentences:
                    sentences[lo, hi] = _clean(text[lo:hi], heading and lo == 0)
                sentence = sentences[lo, hi]
            section = None if title else self._section(lineno)
            self.mentions.append(Mention(item_id, self.meeting.id, lineno, section, sentence))

    def _section(self, lineno: int) -> int | None:
        """The index of the innermost section the file line `lineno` is in."""
        sections = self.meeting.sections
        i = bisect.bisect_right(self.section_lines, lineno) - 1
        while i >= 0:
            if lineno < self.meeting.body_line + sections[i].end:
                return i
            i -= 1
        return None

    def _unknown(self, item_id: str, kind: str) -> str:
        if item_id not in self.hints:
            hint = ""
            if len(self.hints) < _SUGGEST_MAX:
                same = (i.id for i in self.register.items.values() if i.kind == kind)
                close = [i for i in same if _one_edit(item_id, i)][:2]
                if close:
                    hint = f"; did you mean {' or '.join(close)}?"
            self.hints[item_id] = hint
        return f"unknown {kind} '{item_id}' (not in register.yml{self.hints[item_id]})"


def _one_edit(a: str, b: str) -> bool:
    """Whether one character changed, added or left out, or two swapped, make `a` into `b`
    (D2.4 or D3.3 for D2.3, MS3 for MS13, D3.2 for D2.3)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _starts_item(line: str) -> bool:
    return bool(LIST_ITEM_RE.match(line) or HEADING_RE.match(line))


def _blanked(text: str) -> str:
    """`text` with what is not prose replaced by blanks (line ends kept): code spans, link
    targets `](...)` and URLs."""
    chars: list[str] | None = None

    def blank(start: int, end: int) -> None:
        nonlocal chars
        if chars is None:
            chars = list(text)
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    if "`" in text:
        # A run of n backticks opens a code span that the next run of exactly n closes; with
        # none, it is literal (CommonMark). Each run's closer is found in one pass.
        runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text)]
        following: list[int | None] = [None] * len(runs)
        last: dict[int, int] = {}
        for i in range(len(runs) - 1, -1, -1):
            n = runs[i][1] - runs[i][0]
            following[i] = last.get(n)
            last[n] = i
        i = 0
        while i < len(runs):
            j = following[i]
            if j is None:
                i += 1
                continue
            blank(runs[i][0], runs[j][1])
            i = j + 1
    start = text.find("](")
    while start >= 0:
        end = text.find(")", start + 2)
        if end < 0:
            break
        blank(start, end + 1)
        start = text.find("](", end + 1)
    for m in _URL_RE.finditer(text):
        blank(m.start(), m.end())
    return text if chars is None else "".join(chars)


def _bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around text[start:end], within text[lo:hi] and about SENTENCE_MAX long."""
    lo, hi = max(lo, start - _AROUND), min(hi, end + _AROUND)
    before = None
    for m in _SENTENCE_END_RE.finditer(text, lo, start):
        before = m
    if before is not None:
        lo = before.end()
    after = _SENTENCE_END_RE.search(text, end, hi)
    if after is not None:
        hi = after.end()
    return lo, hi


def _clean(text: str, heading: bool = False) -> str:
    """Plain text: Markdown markers, link targets, tags and emphasis removed, blanks folded."""
    h = HEADING_RE.match(text) if heading else None
    if h:
        text = split_heading(heading_text(text[h.end() :])).text
    else:
        text = _MARKER_RE.sub("", text, count=1)
    start = text.find("](")
    while start >= 0:  # `[label](target)` -> `label`
        end = text.find(")", start + 2)
        if end < 0:
            break
        text = text[:start] + text[end + 1 :]
        start = text.find("](", start)
    text = _TAG_RE.sub(" ", text)
    for mark in ("`", "[", "]"):
        text = text.replace(mark, "")
    text = _SPACES_RE.sub(" ", unemphasised(text))
    if len(text) > SENTENCE_MAX:
        text = text[: SENTENCE_MAX - 1].rstrip() + "…"
    return text
