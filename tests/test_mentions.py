"""Register ids written in a record (docs/format.md §6.7): whole words only, code not read,
unknown ids reported with a did-you-mean, only the kinds the register declares, linear time."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.core.archive import Options, load_archive
from minutes.core.mentions import SENTENCE_MAX, find_mentions
from minutes.core.model import Meeting, Register, RegisterItem, Section
from minutes.core.problems import Problems

from .helpers import record, write_archive


def _register(*ids: str) -> Register:
    kinds = {"D": "deliverable", "M": "milestone", "R": "risk"}
    return Register(
        dt.date(2015, 9, 1),
        {i: RegisterItem(i, kinds[i[0]], f"Item {i}", 1) for i in ids},  # type: ignore[arg-type]
    )


FULL = _register("D2.3", "D2.4", "D3.1", "MS12", "MS3", "R3")


def _meeting(body: str, title: str = "Technical Coordination Meeting") -> Meeting:
    return Meeting(
        "tcm-2016-09-14", "tcm", dt.date(2016, 9, 14), None, title, Path("x.md"), body, 10
    )


def _found(body: str, register: Register = FULL) -> list[str]:
    mentions, _, _ = find_mentions(_meeting(body), register, None)
    return [m.item for m in mentions]


def _errors(body: str, register: Register = FULL) -> list[tuple[int, str]]:
    return find_mentions(_meeting(body), register, None)[1]


def _notes(body: str, register: Register = FULL) -> list[tuple[int, str]]:
    return find_mentions(_meeting(body), register, None)[2]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("D2.3 is late", ["D2.3"]),
        ("(D2.3)", ["D2.3"]),
        ("We submitted D2.3.", ["D2.3"]),  # a full stop after it ends the sentence
        ("D2.3, D2.4 and MS12; R3!", ["D2.3", "D2.4", "MS12", "R3"]),
        ("**D2.3** and *MS12*, but _R3_", ["D2.3", "MS12"]),  # `_` joins words
        ("[D2.3](https://example.org/report) is out", ["D2.3"]),
        ("D2.3's review", ["D2.3"]),
        ("3D printing", []),
        ("D3.js charts", []),  # not a deliverable's shape, and `.js` continues it
        ("D2.3.1 is a part", []),
        ("D2.3.js", []),
        ("MS-Word files", []),
        ("MS12a and xMS12", []),
        ("AD2.3 and D2.3b", []),
        ("R2-D2 and x/R3 and R3-like", []),
        ("2.D2.3", []),
        ("d2.3 and ms12 and r3", []),  # ids are upper case
        ("D２.３", []),  # digits of another script are no id's
        ("`D2.3` in a code span", []),
        ("``a ` D2.3`` in a double one", []),
        ("a `D2.3\nacross` lines", []),
        ("an unclosed ` D2.3", ["D2.3"]),  # a literal backtick: the id is read
        ("see https://example.org/D2.3 and www.x.org/?d=MS12", []),
        ("see [the report](https://example.org/?id=D2.3)", []),
    ],
)
def test_whole_words_outside_code(text: str, found: list[str]) -> None:
    assert _found(text) == found


def test_fenced_code_is_not_read() -> None:
    body = "Before D2.3\n\n```\nD2.4 in a fence\n```\n\n~~~~ yaml\nMS12\n~~~~\nAfter R3\n"
    assert _found(body) == ["D2.3", "R3"]


def test_lines_sections_and_sentences() -> None:
    body = (
        "Intro on D2.3. Another sentence.\n"  # line 10
        "\n"
        "## WP2\n"  # line 12
        "\n"
        "- Kay Graf: **D2.4** was [submitted](https://x.org/). Next is MS12.\n"  # line 14
        "- [x] tcm-2016-09-01-1: closed\n"
        "\n"
        "### D3.1 status { group=wp3 }\n"  # line 17
        "Long text R3\n"
        "continues here.\n"
    )
    m = _meeting(body)
    m.sections = [
        Section(2, "WP2", 12, start=3, end=7),
        Section(3, "D3.1 status", 17, start=8, end=10),
    ]
    mentions, errors, _ = find_mentions(m, FULL, None)
    assert errors == []
    assert [(x.item, x.line, x.section, x.sentence) for x in mentions] == [
        ("D2.3", 10, None, "Intro on D2.3."),
        ("D2.4", 14, 0, "Kay Graf: D2.4 was submitted."),
        ("MS12", 14, 0, "Next is MS12."),
        ("D3.1", 17, 1, "D3.1 status"),
        ("R3", 18, 1, "Long text R3 continues here."),
    ]
    assert {x.meeting for x in mentions} == {"tcm-2016-09-14"}


def test_a_long_sentence_is_cut() -> None:
    (mention,), _, _ = find_mentions(_meeting("word " * 400 + "D2.3 " + "word " * 400), FULL, None)
    assert len(mention.sentence) <= SENTENCE_MAX
    assert "D2.3" in mention.sentence


def test_the_title_counts() -> None:
    mentions, errors, _ = find_mentions(
        _meeting("Body on MS12.", "Review of D2.3 and D9.9"), FULL, 4
    )
    assert [(m.item, m.line, m.section, m.sentence) for m in mentions] == [
        ("D2.3", 4, None, "Review of D2.3 and D9.9"),
        ("MS12", 10, None, "Body on MS12."),
    ]
    assert errors == [(4, "unknown deliverable 'D9.9' (not in register.yml)")]
    # a title the record does not give (the series' name) is not read
    assert [m.item for m in find_mentions(_meeting("", "D2.3"), FULL, None)[0]] == []


def test_unknown_ids_with_did_you_mean() -> None:
    body = "D2.5 is late\nMS13 too\nR4 and D9.9\nD1.3 and D3.2\n"
    assert _errors(body) == [
        (10, "unknown deliverable 'D2.5' (not in register.yml; did you mean D2.3 or D2.4?)"),
        (11, "unknown milestone 'MS13' (not in register.yml; did you mean MS12 or MS3?)"),
        (12, "unknown deliverable 'D9.9' (not in register.yml)"),
        (13, "unknown deliverable 'D1.3' (not in register.yml; did you mean D2.3 or D3.1?)"),
        (13, "unknown deliverable 'D3.2' (not in register.yml; did you mean D2.3 or D3.1?)"),
    ]
    # ordinary prose writes R4 too (a release, a runtime): a note, not an error
    assert _notes(body) == [(12, "unknown risk 'R4' (not in register.yml; did you mean R3?)")]


def test_only_the_declared_kinds_are_checked() -> None:
    deliverables = _register("D2.3")
    body = "D2.3 and R3 and MS12 and R2 and D2.9"
    assert _found(body, deliverables) == ["D2.3"]
    assert [message for _, message in _errors(body, deliverables)] == [
        "unknown deliverable 'D2.9' (not in register.yml; did you mean D2.3?)"
    ]
    risks = _register("R1")
    assert _errors(body, risks) == []
    assert [message for _, message in _notes(body, risks)] == [
        "unknown risk 'R3' (not in register.yml; did you mean R1?)",
        "unknown risk 'R2' (not in register.yml; did you mean R1?)",
    ]


def test_no_register_nothing_is_read() -> None:
    assert find_mentions(_meeting("D2.3 and D9.9 and MS1 and R2", "D1.1"), Register(), 4) == (
        [],
        [],
        [],
    )


def test_an_unknown_risk_is_a_note_and_the_record_is_published(tmp_path: Path) -> None:
    """Real minutes write R2 for a release or a runtime (docs/format.md §6.7): never refused."""
    write_archive(
        tmp_path,
        {
            "tcm/2016/2016-09-14.md": record(
                "date: 2016-09-14\npresent: []",
                "Intro.\n\n## WP2\n\nR1 is mitigated; the R2 runtime is faster.\n",
            )
        },
    )
    (tmp_path / "meetings" / "register.yml").write_text(
        "start: 2015-09-01\nrisks:\n  R1: {title: Staff, wp: wp2}\n"
    )
    problems = Problems()
    (meeting,) = load_archive(tmp_path / "meetings", Options(), problems).meetings
    assert [(p.severity, p.line, p.message) for p in problems.sorted()] == [
        ("note", 9, "unknown risk 'R2' (not in register.yml; did you mean R1?)")
    ]
    assert [m.item for m in meeting.mentions] == ["R1"]


def test_the_check_reports_unknown_ids_at_their_line(tmp_path: Path) -> None:
    write_archive(
        tmp_path,
        {
            "tcm/2016/2016-09-14.md": record(
                "date: 2016-09-14\ntitle: On D2.3\npresent: []",
                "Intro.\n\n## WP2\n\nD2.3 is out, D2.4 is not.\n",
            )
        },
    )
    (tmp_path / "meetings" / "register.yml").write_text(
        "start: 2015-09-01\ndeliverables:\n  D2.3: {title: Report, wp: wp2, due: M12}\n"
    )
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(), problems)
    assert [(p.line, p.message) for p in problems.sorted()] == [
        (10, "unknown deliverable 'D2.4' (not in register.yml; did you mean D2.3?)")
    ]
    assert archive.meetings == []  # an error keeps the record out
    (tmp_path / "meetings" / "register.yml").write_text(
        "start: 2015-09-01\ndeliverables:\n"
        "  D2.3: {title: Report, wp: wp2, due: M12}\n  D2.4: {title: Data, wp: wp2, due: M12}\n"
    )
    problems = Problems()
    (meeting,) = load_archive(tmp_path / "meetings", Options(), problems).meetings
    assert problems.sorted() == []
    assert [(m.item, m.line, m.section) for m in meeting.mentions] == [
        ("D2.3", 3, None),
        ("D2.3", 10, 0),
        ("D2.4", 10, 0),
    ]


def test_an_archive_without_a_register_is_unaffected(tmp_path: Path) -> None:
    write_archive(
        tmp_path,
        {"tcm/2016/2016-09-14.md": record("date: 2016-09-14\npresent: []", "D2.3 and MS1, R2\n")},
    )
    problems = Problems()
    (meeting,) = load_archive(tmp_path / "meetings", Options(), problems).meetings
    assert problems.sorted() == []
    assert meeting.mentions == []


# --- properties --------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "D",
        "MS",
        "R",
        "2",
        "3",
        "12",
        ".",
        "-",
        "/",
        "_",
        "a",
        "x",
        " ",
        "\n",
        "`",
        "``",
        "(",
        ")",
        "](",
        "[",
        "https://",
        "D2.3",
        "MS12",
        "R3",
        "D2.3.",
        "```\n",
        "é",
        "３",
    ]
)
TEXT = st.lists(PIECES, max_size=60).map("".join)
WORD = re.compile(r"[\w.\-/]")


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_a_mention_is_a_registered_whole_word(text: str) -> None:
    """Each mention is an id of the register that stands alone on its line: no word character,
    dot, hyphen or slash before it; none but a sentence's full stop after it."""
    mentions, errors, _ = find_mentions(_meeting(text), FULL, None)
    lines = text.split("\n")
    for m in mentions:
        assert m.item in FULL.items
        line = lines[m.line - 10]
        spots = [
            i
            for i in range(len(line))
            if line.startswith(m.item, i)
            and not (i and WORD.match(line[i - 1]))
            and not WORD.match(line[i + len(m.item) : i + len(m.item) + 1] or " ")
            or line.startswith(m.item + ".", i)
            and not (i and WORD.match(line[i - 1]))
            and not re.match(r"\w", line[i + len(m.item) + 1 : i + len(m.item) + 2] or " ")
        ]
        assert spots, (m.item, line)
    for line, message in errors:
        assert message.startswith("unknown ")
        assert 10 <= line < 10 + len(lines)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_code_is_never_read(text: str) -> None:
    """Whatever is around it, an id inside a code span or a fence is not a mention."""
    for wrapped in (f"{text}\n\n`D9.9 MS99 R99`\n", f"{text}\n\n```\nD9.9 MS99 R99\n```\n"):
        mentions, errors, notes = find_mentions(_meeting(wrapped), FULL, None)
        if "`" not in text:
            unknown = errors + notes
            assert not any("9.9" in message or "99" in message for _, message in unknown), wrapped


# Lines built to make a careless pattern backtrack: long runs of what an id is made of.
HOSTILE = {
    "digits": "D" + "1" * 100_000,
    "dotted digits": "D" + "1." * 50_000,
    "ids glued": "D1.1" * 25_000,
    "ids spaced": "D2.3 " * 20_000,
    "unknown ids": "".join(f"D{i}.{i} " for i in range(12_000)),
    "milestone letters": "MS" * 50_000,
    "risks dashed": "R1-" * 33_000,
    "backticks": "`` ` D2.3 " * 10_000,
    "links": "](" * 50_000,
    "urls": "https://x/D2.3 " * 7_000,
    "one long sentence": "word D2.3 " * 10_000,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("family", sorted(HOSTILE))
def test_hostile_lines_take_linear_time(family: str) -> None:
    """Four times the text takes about four times as long (well under eight), and 100 000
    characters take well under a second."""
    text = HOSTILE[family]
    small = _meeting(text[: len(text) // 4])
    big = _meeting(text)

    def took(m: Meeting) -> float:
        start = time.perf_counter()
        find_mentions(m, FULL, 1)
        return time.perf_counter() - start

    took(small)
    t_small, t_big = min(took(small) for _ in range(3)), min(took(big) for _ in range(3))
    assert t_big < 2.0, t_big
    assert t_big < 8 * t_small + 0.05, (t_small, t_big)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_repeated_piece_takes_linear_time(piece: str) -> None:
    text = (piece or "D") * (50_000 // max(1, len(piece)))
    start = time.perf_counter()
    find_mentions(_meeting(text, text), FULL, 1)
    assert time.perf_counter() - start < 2.0
