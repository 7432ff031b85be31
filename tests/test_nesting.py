"""Markdown nested too deep for the converter: the check's limit and the build's safety net
(docs/format.md §9.1)."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from minutes.adapters.plugin import _render_problem
from minutes.core import nesting
from minutes.core.model import Meeting
from minutes.core.nesting import MAX_NESTING, MESSAGE, block_depth, deepest, line_depths

from .helpers import minutes, mkdocs_build, record, site_text, write_archive

# The example archive's extensions (mkdocs.yml), and those the plugin adds.
EXTENSIONS = [
    "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.highlight",
    "pymdownx.superfences", "pymdownx.tasklist",
]


def deep_list(levels: int) -> str:
    return "\n".join("    " * i + "- item" for i in range(levels)) + "\n"


def deep_quote(levels: int) -> str:
    return "> " * levels + "deep\n"


# The naive reference: the rule of docs/format.md §9.1 read character by character, pairs of
# emphasis marks and of HTML tags as explicit intervals, counted line by line. -------------
def _fence_of(line: str) -> tuple[str, int, bool] | None:
    i = 0
    while i < len(line) and line[i] == " ":
        i += 1
    if i > 3 or i == len(line) or line[i] not in "`~":
        return None
    char, j = line[i], i
    while j < len(line) and line[j] == char:
        j += 1
    if j - i < 3:
        return None
    rest = line[j:]
    if char == "`" and "`" in rest:
        return None
    return char, j - i, rest.strip() == ""


def _naive_fenced(lines: list[str]) -> list[bool]:
    fenced = [False] * len(lines)
    i = 0
    while i < len(lines):
        opening = _fence_of(lines[i])
        if opening is not None:
            for j in range(i + 1, len(lines)):
                closing = _fence_of(lines[j])
                if closing and closing[0] == opening[0] and closing[1] >= opening[1] and closing[2]:
                    for k in range(i, j + 1):
                        fenced[k] = True
                    i = j
                    break
        i += 1
    return fenced


def _is_rule(rest: str, mark: str) -> bool:
    rest = rest.rstrip(" \r\n")
    if any(c not in (mark, " ") for c in rest) or rest.count(mark) < 3:
        return False
    return "   " not in rest


def _naive_block(line: str) -> int:
    depth, pos = 0, 0
    while True:
        columns = 0
        while pos < len(line) and line[pos] in " \t":
            columns += 4 if line[pos] == "\t" else 1
            pos += 1
        rest = line[pos:]
        if rest.startswith(">"):
            depth += columns // 4 + 1
            pos += 1
            continue
        digits = len(rest) - len(rest.lstrip("0123456789"))
        if rest[:1] in ("-", "*", "+") and rest[1:2] in (" ", "\t"):
            if rest[0] in "-*" and _is_rule(rest, rest[0]):
                return depth + columns // 4
            depth += columns // 4 + 1
            pos += 1
            continue
        if digits and rest[digits : digits + 1] in (".", ")") and rest[digits + 1 : digits + 2] in (
            " ", "\t",
        ):
            depth += columns // 4 + 1
            pos += digits + 1
            continue
        for marker in ("!!!", "???+", "???", "===!", "===+", "==="):
            after = rest[len(marker) : len(marker) + 1]
            if rest.startswith(marker) and (after == "" or after.isspace()):
                return depth + columns // 4 + 1
        if not rest.strip():
            return depth
        return depth + columns // 4


def _count_open(pairs: list[tuple[float, float]], moment: float) -> int:
    return sum(1 for o, c in pairs if o <= moment <= c)


def _line_maxima(
    lines: list[str], starts: list[int], pairs: list[tuple[float, float]], moments: list[int]
) -> list[int]:
    """Each line's most pairs open at once: at its start, or at a moment on it."""
    out = []
    for i, line in enumerate(lines):
        here = [starts[i] - 0.5] + [m for m in moments if starts[i] <= m <= starts[i] + len(line)]
        out.append(max(_count_open(pairs, m) for m in here))
    return out


def _naive_emphasis(lines: list[str], starts: list[int]) -> tuple[list[int], list[int]]:
    pairs: list[tuple[float, float]] = []
    moments: list[int] = []
    stacks: dict[str, list[int]] = {"*": [], "_": []}
    for i, line in enumerate(lines):
        if not line or line.isspace():
            stacks = {"*": [], "_": []}
            continue
        j = 0
        while j < len(line):
            if line[j] not in "*_":
                j += 1
                continue
            mark, k = line[j], j
            while k < len(line) and line[k] == mark:
                k += 1
            before = line[j - 1] if j else " "
            after = line[k] if k < len(line) else " "
            wordy = lambda c: c.isalnum() or c == "_"  # noqa: E731
            can_open = not after.isspace() and not (mark == "_" and wordy(before))
            can_close = not before.isspace() and not (mark == "_" and wordy(after))
            chars = [starts[i] + p for p in range(j, k)]
            moments.extend(chars)
            closes = min(len(chars), len(stacks[mark])) if can_close else 0
            for p in chars[:closes]:
                pairs.append((stacks[mark].pop(), p))
            if can_open:
                stacks[mark].extend(chars[closes:])
            j = k
    return _line_maxima(lines, starts, pairs, moments), moments


def _naive_html(lines: list[str], starts: list[int]) -> list[int]:
    text = "\n".join(lines)
    names = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    tags: list[tuple[int, str, bool]] = []  # position, name, closing
    pos = 0
    while pos < len(text):
        if text[pos] != "<":
            pos += 1
            continue
        j = pos + 1
        closing = text[j : j + 1] == "/"
        j += closing
        if text[j : j + 1] == "" or text[j] not in names:
            pos += 1
            continue
        k = j
        while k < len(text) and text[k] in names + "0123456789-":
            k += 1
        if k == len(text) or not (text[k].isspace() or text[k] in "/>"):
            pos += 1
            continue
        end = k
        while end < len(text) and text[end] not in "<>":
            end += 1
        if end == len(text) or text[end] == "<":
            pos += 1
            continue
        name = text[j:k].lower()
        if closing or not (name in nesting.VOID_ELEMENTS or text[end - 1] == "/"):
            tags.append((pos, name, closing))
        pos = end + 1
    pairs: list[tuple[float, float]] = []
    stack: list[tuple[str, int]] = []
    for at, name, closing in tags:
        if not closing:
            stack.append((name, at))
        elif any(n == name for n, _ in stack):
            while True:
                opened, start = stack.pop()
                if opened == name:
                    pairs.append((start, at))
                    break
    return _line_maxima(lines, starts, pairs, [t[0] for t in tags])


def naive_depths(lines: list[str]) -> list[int]:
    fenced = _naive_fenced(lines)
    shown = ["" if fenced[i] else line for i, line in enumerate(lines)]
    starts, offset = [], 0
    for line in shown:
        starts.append(offset)
        offset += len(line) + 1
    emphasis, _ = _naive_emphasis(shown, starts)
    html = _naive_html(shown, starts)
    return [
        0 if fenced[i] else _naive_block(line) + emphasis[i] + html[i]
        for i, line in enumerate(lines)
    ]


PIECES = [
    "", " ", "  ", "    ", "\t", "> ", ">", "- ", "* ", "+ ", "1. ", "22) ", "3.", "!!! ", "???+ ",
    "=== ", "- - -", "* * *", "-   -", "---", "***", "```", "~~~", "````", "```py", "`", "*", "**",
    "_", "__", "a", "b_c", " x ", "x", ".", "<div>", "</div>", "<span>", "</span>", "<br>",
    "<img/>", "<p ", "\r", "\u00a0", "é",
]
LINES = st.lists(st.sampled_from(PIECES), max_size=7).map("".join)


@settings(max_examples=400)
@given(st.lists(LINES, max_size=16))
def test_the_measure_equals_the_naive_reference(lines: list[str]) -> None:
    assert line_depths(lines) == naive_depths(lines)


@given(st.lists(LINES, max_size=16), st.integers(min_value=0, max_value=12))
@example(["> > x"], 1)  # a deep first line, with no line end before it
@example(["text", "", "- - - x"], 2)
def test_the_quick_bound_never_passes_a_body_deeper_than_the_limit(
    lines: list[str], limit: int
) -> None:
    if not nesting.may_exceed("\n".join(lines), limit):
        assert max(line_depths(lines), default=0) <= limit


@given(st.text())
def test_the_check_never_raises_and_reports_only_what_is_too_deep(text: str) -> None:
    lines = text.split("\n")
    found: list[tuple[int, str]] = []
    nesting.check(text, 5, lambda line, message: found.append((line, message)))
    deep = deepest(lines)
    assert found == ([(5 + deep.index, MESSAGE)] if deep.depth > MAX_NESTING else [])


@pytest.mark.parametrize(("line", "depth"), [
    ("text", 0), ("   text", 0), ("    code or a continuation", 1), ("- item", 1),
    ("    - item", 2), ("\t- item", 2), ("  - two spaces are not a level", 1), ("> quote", 1),
    ("> > > x", 3), (">>>x", 3), ("> - > - x", 4), ("- - - x", 3), ("1. 2) x", 2),
    ("10. item", 1), ("1.5 million", 0), ("- - -", 0), ("* * *", 0), ("- * * *", 1),
    ("-   -   -", 2), ("---", 0), ("**bold** is no marker", 0), ("!!! note", 1),
    ('    ??? tip "Title"', 2), ("=== \"Tab\"", 1), ("> ", 1), ("   ", 0),
])
def test_block_depth(line: str, depth: int) -> None:
    assert block_depth(line) == depth


def test_emphasis_and_html_count_what_is_open_at_once() -> None:
    assert line_depths(["*a *a *a x***"]) == [3]
    assert line_depths(["**bold** and *it* and __this__", "snake_case_name"]) == [2, 0]
    assert line_depths(["*a", "*b", "c* d*"]) == [1, 2, 2]  # across the lines of a paragraph
    assert line_depths(["*a", "*b", "", "c* d*"]) == [0, 0, 0, 0]  # not past a blank line
    assert line_depths(["<div>", "<div><br>", "x", "</div></div>", "<p>unclosed"]) == [
        1, 2, 2, 2, 0]
    assert line_depths(["Vec<Vec<String>> and <Box<T>>"]) == [0]


def test_fenced_code_does_not_count_unless_nothing_closes_it() -> None:
    body = ["```", "- " * 200 + "<b>" * 50 + "x" + "</b>" * 50, "```"]
    assert deepest(body).depth == 0
    assert deepest(body[:2]).depth == 200 + 50  # no closing fence: Markdown, not code
    assert line_depths(["<div>", "```", "- - - x", "```", "</div>"]) == [1, 0, 0, 0, 1]


def _convert_with_frames_to_spare(text: str, frames: int) -> str:
    """Python-Markdown's conversion, `frames` deeper in the stack than here."""
    if frames:
        return _convert_with_frames_to_spare(text, frames - 1)
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


@pytest.mark.parametrize("kind", ["list", "same-line list", "ordered", "quote", "admonition",
                                  "html", "emphasis"])
def test_the_converter_survives_what_the_check_accepts_with_room_to_spare(kind: str) -> None:
    n = MAX_NESTING
    body = {
        "list": deep_list(n),
        "same-line list": "- " * n + "x",
        "ordered": "\n".join("    " * i + "1. item" for i in range(n)),
        "quote": deep_quote(n),
        "admonition": "\n".join("    " * i + "!!! note" for i in range(n)) + "\n" + "    " * n + "x",
        "html": '<div markdown="1">\n' * n + "x\n" + "</div>\n" * n,
        "emphasis": "*a " * n + "x" + "*" * n,
    }[kind]
    assert deepest(body.split("\n")).depth == MAX_NESTING  # the check accepts it, just
    # MkDocs and the plugin call the converter some 100 frames deep: twice that, to spare.
    html = _convert_with_frames_to_spare(body, 200)
    assert "x" in html or "item" in html or "deep" in html
    assert sys.getrecursionlimit() == 1000


# Check and build, on real sites --------------------------------------------------------------
LIST_RECORD = "meetings/tcm/2021/2021-06-09.md"
QUOTE_RECORD = "meetings/tcm/2021/2021-06-16.md"
FINE_RECORD = "meetings/tcm/2021/2021-06-23.md"
FRONT = "date: {}\npresent: [Ian Bird]"


def _deep_archive(root: Path, strict: bool) -> None:
    write_archive(root, {
        LIST_RECORD.removeprefix("meetings/"): record(
            FRONT.format("2021-06-09"), "\n## Deep list\n\n" + deep_list(300)),
        QUOTE_RECORD.removeprefix("meetings/"): record(
            FRONT.format("2021-06-16"), "\n## Deep quote\n\nText.\n\n" + deep_quote(300)),
        FINE_RECORD.removeprefix("meetings/"): record(
            FRONT.format("2021-06-23"), "\n## Just deep enough\n\n" + deep_list(MAX_NESTING)),
    }, strict=strict)


# The records' first item is on line 8 (---, 2 fields, ---, blank, heading, blank): the
# list's 300th level is on line 307.
EXPECTED = [
    f"{LIST_RECORD}:307: {MESSAGE}",
    f"{QUOTE_RECORD}:10: {MESSAGE}",
]


def test_the_check_reports_deep_lists_and_quotes_at_their_deepest_line(tmp_path: Path) -> None:
    _deep_archive(tmp_path, strict=True)
    result = minutes(tmp_path, "check")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if "nested" in line] == EXPECTED
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("strict", [False, True])
def test_the_build_reports_them_and_leaves_them_out(tmp_path: Path, strict: bool) -> None:
    _deep_archive(tmp_path, strict=False)
    result = mkdocs_build(tmp_path, *(["--strict"] if strict else []))
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "RecursionError" not in output
    for expected in EXPECTED:
        assert f"ERROR   -  minutes: {expected}" in output
    assert result.returncode == (1 if strict else 0), output
    site = site_text(tmp_path)
    assert "meetings/tcm/2021-06-23/index.html" in site  # just below the limit: built
    assert site["meetings/tcm/2021-06-23/index.html"].count("<li>item") == MAX_NESTING
    assert "meetings/tcm/2021-06-09/index.html" not in site
    assert "meetings/tcm/2021-06-16/index.html" not in site


# The safety net: a page the converter fails on though the check passed it. A hook lowers the
# recursion limit (before the worker forks: both processes have it), so that a list 95 levels
# deep, which the check accepts, is too deep for the converter.
LOW_LIMIT_HOOK = """\
import sys


def on_config(config):
    sys.setrecursionlimit(250)
    return config
"""


@pytest.mark.parametrize("parallel", [True, False])
def test_a_converter_failure_is_reported_with_file_and_line_never_a_traceback(
    tmp_path: Path, parallel: bool
) -> None:
    write_archive(tmp_path, {
        LIST_RECORD.removeprefix("meetings/"): record(
            FRONT.format("2021-06-09"), "\n## Deep list\n\n" + deep_list(95)),
        FINE_RECORD.removeprefix("meetings/"): record(FRONT.format("2021-06-23"), "\n## Fine\n"),
    })
    (tmp_path / "hooks.py").write_text(LOW_LIMIT_HOOK)
    config = tmp_path / "mkdocs.yml"
    text = config.read_text().replace(
        "      strict: false\n", f"      strict: false\n      parallel: {str(parallel).lower()}\n")
    config.write_text(text + "hooks:\n  - hooks.py\n")
    assert minutes(tmp_path, "check").returncode == 0

    expected = (
        f"{LIST_RECORD}:102: the Markdown converter ran out of recursion on this record (its "
        "deepest line nests 95 levels): the page shows an error instead"
    )
    for strict in (False, True):
        result = mkdocs_build(tmp_path, *(["--strict"] if strict else []))
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "RecursionError" not in output, output
        assert output.count(f"ERROR   -  minutes: {expected}") == 1, output
        assert result.returncode == (1 if strict else 0), output
    page = site_text(tmp_path)["meetings/tcm/2021-06-09/index.html"]
    assert f'<p class="minutes-error">This meeting\'s page could not be made: {expected}</p>' in page
    assert "<li>item" not in page
    assert "Fine" in site_text(tmp_path)["meetings/tcm/2021-06-23/index.html"]


def test_any_other_converter_failure_is_reported_at_the_record_s_first_line() -> None:
    import datetime as dt

    meeting = Meeting(
        id="tcm-2021-06-09", series="tcm", date=dt.date(2021, 6, 9), slug=None, title="T",
        path=Path("meetings/tcm/2021/2021-06-09.md"), body="text", body_line=5,
    )
    problem = _render_problem(meeting, ValueError("an extension's bug"))
    assert str(problem) == (
        "meetings/tcm/2021/2021-06-09.md:1: the Markdown converter failed on this record "
        "(ValueError: an extension's bug): the page shows an error instead"
    )
