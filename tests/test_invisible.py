"""Characters no reader sees (docs/format.md §9): named in a note, dropped from every output,
never a reason to refuse a record or fail a build."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes.core import files
from minutes.core.archive import Archive, Options, load_archive
from minutes.core.problems import Problem, Problems
from minutes.outputs.calendars import _text, calendar
from minutes.outputs.feeds import xml_text

from .helpers import (
    GROUPS,
    PEOPLE,
    SERIES,
    minutes,
    mkdocs_build,
    record,
    site_files,
    write_archive,
)

P = "meetings/tcm/2021/2021-06-09.md"
BS, DEL, C1 = "\x08", "\x7f", "\x80"  # the backspace, DEL and mojibake of real minutes


def _note(line: int, *codes: str, path: str = P) -> str:
    if len(codes) == 1:
        return f"{path}:{line}: note: a control character ({codes[0]}) is dropped from the site"
    return f"{path}:{line}: note: control characters ({', '.join(codes)}) are dropped from the site"


def _check(root: Path, options: Options | None = None) -> tuple[list[str], Problems, Archive]:
    problems = Problems()
    archive = load_archive(root / "meetings", options or Options(), problems)
    return [str(p) for p in problems.sorted()], problems, archive


# --- the note ------------------------------------------------------------------------------


def test_a_note_prints_as_a_note_and_counts_as_neither_error_nor_warning() -> None:
    problems = Problems()
    problems.note("a.md", 3, "a control character (U+0008) is dropped from the site")
    assert str(problems.items[0]) == "a.md:3: note: a control character (U+0008) is dropped from the site"
    assert problems.items[0] == Problem("a.md", 3, problems.items[0].message, "note")
    assert (len(problems.notes), problems.errors, problems.warnings) == (1, [], [])


# --- reading -------------------------------------------------------------------------------


def test_front_matter_and_body_keep_their_lines_and_lose_the_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = record(
        f"date: 2021-06-09\ntitle: Bell{BS} and{DEL} whistle{C1}\npresent: [Ian{BS} Bird]",
        f"\n## Round{DEL} table\n\ndon\u00e2{C1}\x99t\r\n\n- [ ] Ian Bird: do it (due 2021-02-30)\n",
    )
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": text})
    monkeypatch.chdir(tmp_path)
    found, problems, _ = _check(tmp_path)
    assert found == [
        _note(3, "U+0008", "U+007F", "U+0080"),
        _note(4, "U+0008"),
        _note(7, "U+007F"),
        _note(9, "U+0080", "U+0099"),
        # a real error after them is still at its own line
        f"{P}:11: malformed due date '2021-02-30' (expected YYYY-MM-DD)",
    ]


def test_a_record_with_invisible_characters_is_published_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        f"date: 2021-06-09\ntitle: Bell{BS} whistle\nlocation: Room{C1} 1\npresent: [Ian Bird]",
        f"\n## Round table{DEL}\n\ndon\u00e2{C1}\x99t\n\nDecision: we{BS} agree.\n",
    )})
    monkeypatch.chdir(tmp_path)
    found, problems, archive = _check(tmp_path)
    assert problems.errors == [] and len(problems.notes) == 5
    (meeting,) = archive.meetings
    assert (meeting.title, meeting.location) == ("Bell whistle", "Room 1")
    assert meeting.body == "\n## Round table\n\ndon\u00e2t\n\nDecision: we agree.\n"
    assert [s.title for s in meeting.sections] == ["Round table"]
    assert [d.text for d in meeting.decisions] == ["we agree."]


def test_nul_and_non_characters_are_dropped_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: []\ntitle: A\x00B\ufffe", "\nC\U0010ffff\x85D\n")})
    monkeypatch.chdir(tmp_path)
    found, _, archive = _check(tmp_path)
    assert found == [
        f"{P}:4: note: invisible characters (U+0000, U+FFFE) are dropped from the site",
        f"{P}:7: note: invisible characters (U+10FFFF, U+0085) are dropped from the site",
    ]
    (meeting,) = archive.meetings
    assert (meeting.title, meeting.body) == ("AB", "\nCD\n")


def test_registries_lose_the_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(
        tmp_path,
        {"tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Ian Bird]")},
        people=PEOPLE.replace("name: Ian Bird", f"name: Ian{BS} Bird").replace(
            "affiliation: LAPP", f"affiliation: LA{DEL}PP{C1}"),
        groups=GROUPS.replace("name: KM3NeT", f"name: KM3{C1}NeT"),
        series=SERIES.replace("name: Executive Board", f"name: Executive{DEL} Board"),
    )
    monkeypatch.chdir(tmp_path)
    found, problems, archive = _check(tmp_path, Options(strict=True))
    assert found == [
        _note(15, "U+0080", path="meetings/groups.yml"),
        _note(2, "U+0008", path="meetings/people.yml"),
        _note(3, "U+007F", "U+0080", path="meetings/people.yml"),
        _note(7, "U+007F", path="meetings/series.yml"),
    ]
    reg = archive.registry
    assert (reg.people["ian-bird"].name, reg.people["ian-bird"].affiliation) == ("Ian Bird", "LAPP")
    assert (reg.groups["km3net"].name, reg.series["board"].name) == ("KM3NeT", "Executive Board")
    assert archive.meetings[0].present == ["ian-bird"]


INVISIBLE_OR_NOT = st.lists(
    st.sampled_from(["a", " ", "\n", "\r\n", "\t", "\r", "é", "\u200b", "\ufeff", BS, DEL, C1,
                     "\x00", "\x1b", "\x85", "\x9f", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe"]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(INVISIBLE_OR_NOT)
def test_every_invisible_character_is_noted_at_its_line_and_dropped(text: str) -> None:
    problems = Problems()
    clean = files.drop_invisible(Path("x.md"), text, problems)
    assert not files.INVISIBLE.search(clean)
    assert clean.split("\n") == [files.INVISIBLE.sub("", line) for line in text.split("\n")]
    noted = [p.line for p in problems.items]
    assert noted == [i + 1 for i, line in enumerate(text.split("\n")) if files.INVISIBLE.search(line)]
    assert all(p.severity == "note" for p in problems.items)


@pytest.mark.parametrize(("line", "note"), [
    (f"a{BS}b", "a control character (U+0008) is dropped from the site"),
    ("a\ufffeb", "a non-character (U+FFFE) is dropped from the site"),
    ("\U0010ffffa\ufdd0b\U0010ffff", "non-characters (U+10FFFF, U+FDD0) are dropped from the site"),
    (f"{C1}a{DEL}b{C1}", "control characters (U+0080, U+007F) are dropped from the site"),
    (f"\ufffea{BS}b", "invisible characters (U+FFFE, U+0008) are dropped from the site"),
])
def test_a_note_names_each_character_once_and_their_kind(line: str, note: str) -> None:
    problems = Problems()
    assert files.drop_invisible(Path("x.md"), f"ok\n{line}\n", problems) == "ok\nab\n"
    assert [str(p) for p in problems.items] == [f"x.md:2: note: {note}"]


def test_the_characters_dropped_are_those_no_reader_sees() -> None:
    dropped = {chr(c) for c in range(0x110000) if c < 0xD800 or c > 0xDFFF
               if files.INVISIBLE.fullmatch(chr(c))}
    expected = (
        {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"}
        | {chr(c) for c in range(0x7F, 0xA0)}
        | {chr(c) for c in range(0xFDD0, 0xFDF0)}
        | {chr(p << 16 | low) for p in range(17) for low in (0xFFFE, 0xFFFF)}
    )
    assert dropped == expected


# --- outputs, on their own ------------------------------------------------------------------


def test_feed_and_calendar_text_hold_no_invisible_character() -> None:
    assert xml_text(f"a{BS}b{DEL}c{C1}d\x85e\ufffef\tg\nh") == "abcdef\tg\nh"
    line = _text("summary", f"Bell{BS} and{DEL} whistle{C1}")
    assert line == "SUMMARY:Bell and whistle"
    event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{line}\r\nEND:VEVENT\r\n")
    assert event["summary"] == "Bell and whistle"


def test_a_calendar_name_from_the_site_name_holds_no_invisible_character() -> None:
    # the site's name comes from mkdocs.yml, where YAML writes "\a" for a bell
    written = calendar(f"Test{BS} minutes{C1}", [])
    assert b"X-WR-CALNAME:Test minutes\r\n" in written
    assert icalendar.Calendar.from_ical(written)["x-wr-calname"] == "Test minutes"


# --- the check and the build, together ------------------------------------------------------

MARKED = {BS: "zqb", DEL: "zqd", C1: "zqc"}  # each character beside a word found nowhere else


def _marked(c: str) -> str:
    return f"{MARKED[c]}{c}x"


def _archive_with_every_kind(root: Path) -> None:
    b, d, c = _marked(BS), _marked(DEL), _marked(C1)
    write_archive(
        root,
        {"tcm/2021/2021-06-09.md": record(
            f"date: 2021-06-09\ntitle: Bell {b} {d} {c}\nlocation: Room {b} {c}\n"
            f"present: [Ian Bird, Kay{DEL} Graf]\ntags: [t{c}]",
            f"\n## Round table {b}\n\n### KM3NeT\nSpeaker: Kay Graf\n\n"
            f"The don\u00e2{C1}\x99t of {d} and {c}.\n\n"
            f"- [ ] Kay Graf: do {b} now (due 2021-07-01)\n\nDecision: we agree {d}.\n",
        )},
        people=PEOPLE.replace("name: Ian Bird", f"name: Ian{BS} Bird").replace(
            "affiliation: LAPP", f"affiliation: LAPP {d} {c}"),
        groups=GROUPS.replace("name: KM3NeT", f"name: KM3NeT {c} {b}").replace(
            "kind: infrastructure\n", f"kind: infra{DEL}structure\n", 1),
        series=SERIES.replace("name: Technical Coordination Meeting",
                              f"name: Technical Coordination Meeting {c} {d} {b}"),
        strict=True,
    )


NOTES = [
    _note(12, "U+007F", path="meetings/groups.yml"),
    _note(15, "U+0080", "U+0008", path="meetings/groups.yml"),
    _note(2, "U+0008", path="meetings/people.yml"),
    _note(3, "U+007F", "U+0080", path="meetings/people.yml"),
    _note(2, "U+0080", "U+007F", "U+0008", path="meetings/series.yml"),
    _note(3, "U+0008", "U+007F", "U+0080"),
    _note(4, "U+0008", "U+0080"),
    _note(5, "U+007F"),
    _note(6, "U+0080"),
    _note(9, "U+0008"),
    _note(14, "U+0080", "U+0099", "U+007F"),
    _note(16, "U+0008"),
    _note(18, "U+007F"),
]


def test_check_prints_the_notes_and_passes(tmp_path: Path) -> None:
    _archive_with_every_kind(tmp_path)
    result = minutes(tmp_path, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        *NOTES, "checked 1 record, 2 series, 4 groups, 5 people: no errors, 13 notes"]
    github = minutes(tmp_path, "check", env={"GITHUB_ACTIONS": "true"})
    assert github.returncode == 0
    assert ("::notice file=meetings/people.yml,line=2::a control character (U+0008) is dropped "
            "from the site") in github.stdout.splitlines()


def test_a_strict_build_passes_and_no_built_file_holds_the_characters(tmp_path: Path) -> None:
    _archive_with_every_kind(tmp_path)
    build = mkdocs_build(tmp_path, "--strict")
    assert build.returncode == 0, build.stderr
    for note in NOTES:
        assert note in build.stderr
    built = site_files(tmp_path / "site", pagefind=True)
    assert "meetings/tcm/2021-06-09/index.html" in built  # the record is published
    assert any(name.startswith("pagefind/fragment/") for name in built)
    for name, data in built.items():
        for c, word in MARKED.items():
            assert f"{word}{c}".encode() not in data, (name, c)
        if name.endswith((".js", ".css")):
            continue  # the theme's and Pagefind's own code (some of it holds a \x01)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # images, fonts, Pagefind's binary index: their marked words checked above
        assert not files.INVISIBLE.search(text), name
    page = built["meetings/tcm/2021-06-09/index.html"].decode()
    assert "zqbx" in page and "zqdx" in page and "zqcx" in page and "don\u00e2t" in page
    people = json.loads(built["data/people.json"])
    assert {p["id"]: p["affiliation"] for p in people}["ian-bird"] == "LAPP zqdx zqcx"
    for feed in ("feed.xml", "feed-km3net.xml"):
        ET.fromstring(built[feed])  # well-formed XML 1.0
    calendar = icalendar.Calendar.from_ical(built["calendar.ics"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Bell zqbx zqdx zqcx"
    assert str(event["location"]) == "Room zqbx zqcx"
