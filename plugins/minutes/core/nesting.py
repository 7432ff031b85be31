"""How deep a record's Markdown nests: the limit of docs/format.md §9.1.

Python-Markdown converts nested blocks and inline elements by recursion, so Markdown nested a
few hundred levels deep (a list in a list in a list…) makes it fail with a RecursionError.
The check measures, in one linear pass over the body, how deep each line nests and refuses a
record nested deeper than `MAX_NESTING`, well below what the converter survives (about 245
levels of lists, 330 of admonitions or `markdown="1"` HTML blocks, 990 of emphasis, at
Python's default recursion limit), so that what the check accepts, the build converts.

A line's depth is the sum of three counts (docs/format.md §9.1):

- **blocks**: its prefix: each `>`, each list marker (`-`, `*`, `+` or digits with `.` or `)`,
  followed by a blank) and each admonition or tab marker (`!!!`, `???`, `===`) counts one
  level, and every 4 columns of blanks before or between them (a tab counts 4) one more;
  a list marker that starts a horizontal rule (`- - -`) does not count;
- **emphasis**: in each paragraph, runs of `*` (and of `_`) are paired, each mark with the
  nearest open one, as the converter pairs them: a run preceded by a blank cannot close, one
  followed by a blank cannot open (`_` also not inside a word), one that can do both closes
  what it can and opens the rest; the line counts the most pairs open at once on it;
- **HTML elements**: a start tag is closed by the next end tag of its name (elements opened
  since and still open are dropped); void elements and `<x/>` open nothing; the line counts
  the most elements open at once on it.

Lines inside a closed fenced code block do not count (a fence no later line closes is not
code for the converter). Every pattern here runs in linear time on any line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from minutes.core.body import FENCE_RE

MAX_NESTING = 100
MESSAGE = (
    f"Markdown nested more than {MAX_NESTING} levels deep (lists, quotes, emphasis, HTML): "
    "the site could not show it"
)

# Each step of a line's prefix: blanks, then one marker.
_STEP_RE = re.compile(r"([ \t]*)(?:(>)|([-*+]|\d+[.)])(?=[ \t])|(!!!|\?\?\?\+?|===[!+]?)(?=\s|$))")
# The common lines, at once: text, or one list item's text, a few spaces in.
_SHALLOW_RE = re.compile(
    r" {0,3}(?:([-*+]|\d+[.)]) {1,3})?(?![-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|[-* ]*$)[^\s>]"
)
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n")
# A line's prefix is no deeper than its length in these characters (may_exceed).
_PREFIX_CLASS = r"[ \t>*+\-!?=0-9.)]"
# Runs of `*` or `_` that can open or close emphasis (a whole run each: the look-behinds
# fail inside a run, the look-aheads on a shorter one); `(?=[*_])` lets the engine skip ahead.
_MARKS_RE = re.compile(
    r"(?=[*_])(?:(?<=[^\s*])\*+|(?<!\S)\*+(?=[^\s*])|(?<=[^\s_])_+(?!\w)|(?<!\w)_+(?=[^\s_]))"
)
# A tag: its name must end at a blank, `/` or `>`, which keeps the name's match unambiguous;
# `[^<>]*` stops at the next `<`, so each character is read by one attempt at most.
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>")
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link"}
    | {"meta", "param", "source", "track", "wbr"}
)
_PREFIX_CHARS = frozenset(" \t>-*+!?=0123456789")


@dataclass(frozen=True)
class Deepest:
    """The depth of the deepest line, and the index of the first line that deep."""

    depth: int
    index: int


def check(body: str, first_line: int, report: Callable[[int, str], None]) -> None:
    """Report the deepest line of a body (its lines joined with `\\n`) nested deeper than
    `MAX_NESTING` (first_line: the file line of the body's first line)."""
    if not may_exceed(body, MAX_NESTING):
        return  # nearly every record ends here (all but 5 of the 868 of the shared corpus)
    deep = deepest(body.split("\n"))
    if deep.depth > MAX_NESTING:
        report(first_line + deep.index, MESSAGE)


def may_exceed(body: str, limit: int) -> bool:
    """False when no line of the body can be deeper than `limit`: a quick upper bound.

    A line's blocks are no more than the characters of its prefix, the emphasis pairs open
    on it no more than half the marks of its paragraph, its HTML elements no more than the
    end tags of the body.
    """
    html = body.count("</")
    emphasis = (body.count("*") + body.count("_")) // 2
    if emphasis + html > limit // 2:
        emphasis = max(
            (p.count("*") + p.count("_")) // 2 for p in _PARAGRAPH_BREAK_RE.split(body)
        )
    room = limit - emphasis - html  # a prefix this long could be too deep
    # `\n` first, not `^` with re.M: the engine then jumps from line end to line end
    return room <= 0 or re.search(rf"\n{_PREFIX_CLASS}{{{room}}}", "\n" + body) is not None


def deepest(lines: list[str]) -> Deepest:
    """The deepest line of a body (depth 0 at index 0 for a body of no lines)."""
    depths = line_depths(lines)
    if not depths:
        return Deepest(0, 0)
    top = max(depths)
    return Deepest(top, depths.index(top))


def line_depths(lines: list[str]) -> list[int]:
    """Each line's depth: blocks, emphasis and HTML elements (the module's docstring)."""
    fenced = fenced_lines(lines)
    shown = _Shown.of(["" if f else line for line, f in zip(lines, fenced, strict=True)])
    depths = [block_depth(line) for line in shown.lines]
    for counts in (_emphasis_depths(shown), _html_depths(shown)):
        if counts is not None:
            depths = [a + b for a, b in zip(depths, counts, strict=True)]
    if any(fenced):  # elements open around a fenced block do not make its lines deep
        depths = [0 if f else d for d, f in zip(depths, fenced, strict=True)]
    return depths


@dataclass(frozen=True)
class _Shown:
    """The body outside fenced code (fenced lines left empty), as lines and as one string."""

    lines: list[str]
    text: str
    starts: list[int]  # where each line starts in `text`

    @classmethod
    def of(cls, lines: list[str]) -> _Shown:
        starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        return cls(lines, "\n".join(lines), starts)

    def line_of(self, pos: int) -> int:
        """The line that holds position `pos` of `text`."""
        return bisect_right(self.starts, pos) - 1


def _running_depths(count: int, changes: list[tuple[int, int, int]]) -> list[int]:
    """Each of `count` lines' most pairs open at once, from the changes of pairs open in
    order: (line, pairs closed, pairs opened), the closed ones counted open before it."""
    depths = [0] * count
    running = 0
    done = 0  # the lines before it have their depth
    for i, closes, opens in changes:
        if i >= done:
            depths[done:i] = [running] * (i - done)  # lines without a change: what is open
            depths[i] = running
            done = i + 1
        running += opens - closes
        depths[i] = max(depths[i], running)
    depths[done:] = [running] * (count - done)
    return depths


def fenced_lines(lines: list[str]) -> list[bool]:
    """Which lines belong to a closed fenced code block, its fences included.

    A fence (three or more backticks or tildes, at most 3 spaces in) is closed by the first
    later line of the same character, at least as long, with nothing else on it.
    """
    fences: list[tuple[int, str, int, bool]] = []  # line, character, length, could close
    for i, line in enumerate(lines):
        if line[:1] in (" ", "`", "~"):
            m = FENCE_RE.match(line)
            if m:
                fence = m.group(1)
                rest = line[m.end() :]
                if fence[0] == "`" and "`" in rest:
                    continue  # a backtick fence's info string holds no backtick
                fences.append((i, fence[0], len(fence), not rest.strip()))
    # Whether any later fence could close each one, from the longest closing fence of each
    # character after it: one pass back, where looking ahead from each fence is quadratic.
    closed = [False] * len(fences)
    longest = {"`": 0, "~": 0}
    for k in range(len(fences) - 1, -1, -1):
        _, char, length, closes = fences[k]
        closed[k] = longest[char] >= length
        if closes:
            longest[char] = max(longest[char], length)
    fenced = [False] * len(lines)
    k = 0
    while k < len(fences):
        start, char, length, _ = fences[k]
        k += 1
        if not closed[k - 1]:
            continue  # never closed: not a fence
        while not (fences[k][1] == char and fences[k][2] >= length and fences[k][3]):
            k += 1
        end = fences[k][0] + 1
        fenced[start:end] = [True] * (end - start)
        k += 1
    return fenced


def block_depth(line: str) -> int:
    """The levels of a line's prefix: quotes, list items, admonitions and indentation."""
    if not line or line[0] not in _PREFIX_CHARS:
        return 0
    shallow = _SHALLOW_RE.match(line)
    if shallow:
        return 1 if shallow.group(1) else 0
    depth = pos = 0
    rule: tuple[int, str] | None = None  # where a horizontal rule could start, and its mark
    while True:
        m = _STEP_RE.match(line, pos)
        if m is None:
            rest = line[pos:]
            content = rest.lstrip(" \t")
            if not content.strip():
                return depth  # blanks to the end of the line (all of a blank line) add nothing
            return depth + _columns(rest[: len(rest) - len(content)]) // 4
        depth += _columns(m.group(1)) // 4
        marker = m.group(3)
        if marker is not None and marker in "-*":
            if rule is None:
                rule = _rule_start(line)
            at = m.start(3)
            if rule[1] == marker and at >= rule[0] and line.count(marker, at) >= 3:
                return depth  # the rest of the line is a horizontal rule
        depth += 1
        if m.group(4) is not None:
            return depth  # an admonition's or a tab's title follows
        pos = m.end()


def _columns(blanks: str) -> int:
    return len(blanks) + 3 * blanks.count("\t")


def _rule_start(line: str) -> tuple[int, str]:
    """Where the line's longest tail that could be a horizontal rule starts, and its mark:
    one of `-`, `*` and spaces, no more than two spaces between marks."""
    end = len(line.rstrip(" \r\n"))
    if end == 0 or line[end - 1] not in "-*":
        return (len(line) + 1, "")
    mark = line[end - 1]
    start = end
    spaces = 0
    for i in range(end - 1, -1, -1):
        c = line[i]
        if c == mark:
            start, spaces = i, 0
        elif c == " " and spaces < 2:
            spaces += 1
        else:
            break
    return (start, mark)


def _emphasis_depths(body: _Shown) -> list[int] | None:
    """Each line's most emphasis pairs open at once; None when no line has a mark."""
    text = body.text
    if "*" not in text and "_" not in text:
        return None
    breaks = list(accumulate(not line or line.isspace() for line in body.lines))
    paragraph = -1
    # each run's line, the marks it closes, and those it opens that a later run closes
    lines: list[int] = []
    closes: list[int] = []
    opens: list[int] = []
    stacks: dict[str, list[list[int]]] = {"*": [], "_": []}  # open runs: [run, marks left]
    for m in _MARKS_RE.finditer(text):  # only runs that can open or close
        start, end = m.span()
        mark = text[start]
        can_open = end < len(text) and not text[end].isspace()
        can_close = start > 0 and not text[start - 1].isspace()
        if mark == "_":
            can_open = can_open and not (start > 0 and _wordy(text[start - 1]))
            can_close = can_close and not (end < len(text) and _wordy(text[end]))
        line = body.line_of(start)
        if breaks[line] != paragraph:  # a blank line since: a new paragraph
            paragraph = breaks[line]
            stacks["*"].clear()
            stacks["_"].clear()
        run = len(lines)
        lines.append(line)
        closes.append(0)
        opens.append(0)
        left = end - start
        stack = stacks[mark]
        while can_close and left and stack:
            opener = stack[-1]
            n = min(left, opener[1])
            opener[1] -= n
            opens[opener[0]] += n
            closes[run] += n
            left -= n
            if opener[1] == 0:
                stack.pop()
        if can_open and left:
            stack.append([run, left])
    return _running_depths(len(body.lines), list(zip(lines, closes, opens, strict=True)))


def _wordy(c: str) -> bool:
    return c.isalnum() or c == "_"


def _html_depths(body: _Shown) -> list[int] | None:
    """Each line's most HTML elements open at once; None when no line has a `<`."""
    text = body.text
    if "<" not in text:
        return None
    # each tag's line, whether it closed an element, whether a later tag closed the one it opened
    lines: list[int] = []
    closes: list[int] = []
    opens: list[int] = []
    stack: list[tuple[str, int]] = []  # open elements: name, tag
    open_count: dict[str, int] = {}
    for m in _TAG_RE.finditer(text):
        closing, name = m.groups()
        name = name.lower()
        if not closing and (name in VOID_ELEMENTS or text[m.end() - 2] == "/"):
            continue
        tag = len(lines)
        lines.append(body.line_of(m.start()))
        closes.append(0)
        opens.append(0)
        if not closing:
            stack.append((name, tag))
            open_count[name] = open_count.get(name, 0) + 1
        elif open_count.get(name, 0):
            while True:
                opened, at = stack.pop()
                open_count[opened] -= 1
                if opened == name:
                    opens[at] = 1
                    closes[tag] = 1
                    break
    return _running_depths(len(body.lines), list(zip(lines, closes, opens, strict=True)))
