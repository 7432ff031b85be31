"""Every broken case of docs/format.md §9, each with its exact file, line and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems

from .helpers import record, write_archive, write_registries

GOOD_FRONT = """\
date: 2021-06-09
present: [Ian Bird]
"""
P = "meetings/tcm/2021/2021-06-09.md"

CASES: list[tuple[str, dict[str, str], bool, str]] = [
    ("no front-matter", {P: "# Notes\n\nNo front-matter here.\n"}, False,
     f"{P}:1: no front-matter: a record must begin with a line '---'"),
    ("unclosed front-matter", {P: "---\ndate: 2021-06-09\npresent: []\n\n## Notes\n"}, False,
     f"{P}:1: unclosed front-matter: no closing '---' line"),
    ("invalid YAML", {P: "---\ndate: 2021-06-09\npresent: [Ian Bird\ntitle: x\n---\n"}, False,
     f"{P}:4: invalid YAML: …"),  # the wording is the YAML parser's (libyaml or not)
    ("duplicate key", {P: "---\ndate: 2021-06-09\npresent: []\ndate: 2021-06-09\n---\n"}, False,
     f"{P}:4: invalid YAML: duplicate key 'date'"),
    ("missing date", {P: record("present: []\ntitle: x")}, False,
     f"{P}:2: 'date' is required (YYYY-MM-DD)"),
    ("malformed date", {P: record("title: x\ndate: 2021-6-9\npresent: []")}, False,
     f"{P}:3: malformed date '2021-6-9' (expected YYYY-MM-DD)"),
    ("impossible date", {P: record("date: '2021-02-30'\npresent: []")}, False,
     f"{P}:2: malformed date '2021-02-30' (expected YYYY-MM-DD)"),
    ("date differs from file name", {P: record("present: []\ndate: 2021-06-10")}, False,
     f"{P}:3: date 2021-06-10 differs from the file name's date 2021-06-09"),
    ("bad file name", {"meetings/tcm/2021/june-9.md": record(GOOD_FRONT)}, False,
     "meetings/tcm/2021/june-9.md:1: a record belongs at <series>/<YYYY>/<YYYY-MM-DD>.md "
     "(or <YYYY-MM-DD>-<slug>.md for a second meeting on one day)"),
    ("wrong year folder", {"meetings/tcm/2020/2021-06-09.md": record(GOOD_FRONT)}, False,
     "meetings/tcm/2020/2021-06-09.md:1: the record of 2021-06-09 is in folder '2020', not '2021'"),
    ("duplicate meeting id", {P: record(GOOD_FRONT),
                              "meetings/tcm/2022/2021-06-09.md": record(GOOD_FRONT)}, False,
     "meetings/tcm/2022/2021-06-09.md:1: duplicate meeting id 'tcm-2021-06-09' "
     "(also tcm/2021/2021-06-09.md)"),
    ("unknown series id", {"meetings/xyz/2021/2021-06-09.md": record(GOOD_FRONT)}, False,
     "meetings/xyz/2021/2021-06-09.md:1: unknown series id 'xyz'"),
    ("series differs from folder", {P: record("series: board\n" + GOOD_FRONT)}, False,
     f"{P}:2: series 'board' differs from the folder name 'tcm'"),
    ("unknown group id", {P: record(GOOD_FRONT, "\n## Round table\n\n### Data lake { group=wp9 }\n")},
     False, f"{P}:8: unknown group id 'wp9' in heading"),
    ("unknown person under strict", {P: record("date: 2021-06-09\npresent: [Ian Bird, Kay Grf]")},
     True, f"{P}:3: unknown person 'Kay Grf' (did you mean Kay Graf?)"),
    ("unknown speaker under strict",
     {P: record(GOOD_FRONT, "\n## WP2\nSpeaker: Xavier Espinoza (CERN)\n")}, True,
     f"{P}:7: unknown person 'Xavier Espinoza (CERN)' (did you mean Xavier Espinal?)"),
    ("follow-up naming no earlier action",
     {P: record(GOOD_FRONT, "\n- [x] tcm-2021-06-02-1: done\n")}, False,
     f"{P}:6: follow-up names no earlier action 'tcm-2021-06-02-1'"),
    ("non-list present", {P: record("date: 2021-06-09\npresent: Ian Bird")}, False,
     f"{P}:3: 'present' must be a list, not text"),
    ("missing present", {P: record("date: 2021-06-09")}, False,
     f"{P}:2: 'present' is required (a list, may be empty)"),
    ("wrong type", {P: record(GOOD_FRONT + "title: [a, b]")}, False,
     f"{P}:4: 'title' must be text, not a list"),
    ("wrong type of list item", {P: record("date: 2021-06-09\npresent: [Ian Bird, {a: 1}]")}, False,
     f"{P}:3: 'present' must list names as text, not a mapping"),
    ("bad visibility", {P: record(GOOD_FRONT + "visibility: secret")}, False,
     f"{P}:4: 'visibility' must be public or internal, not 'secret'"),
    ("bad start time", {P: record(GOOD_FRONT + "start: '25:00'")}, False,
     f"{P}:4: 'start' must be a 24-hour time HH:MM, not '25:00'"),
    # the reader takes the schema's patterns (core/fields.py): ASCII digits, YYYY-MM-DD only
    ("time in other digits", {P: record(GOOD_FRONT + "end: '٩:30'")}, False,
     f"{P}:4: 'end' must be a 24-hour time HH:MM, not '٩:30'"),
    ("week date", {P: record("date: 2021-W23-3\npresent: []")}, False,
     f"{P}:2: malformed date '2021-W23-3' (expected YYYY-MM-DD)"),
    ("bad link", {P: record(GOOD_FRONT + "links: {indico: ftp://x.org/1}")}, False,
     f"{P}:4: link 'indico' must be an http(s) URL"),
    ("bad time zone", {P: record(GOOD_FRONT + "timezone: Mars/Olympus")}, False,
     f"{P}:4: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Zurich)"),
    ("unknown field", {P: record(GOOD_FRONT + "apologise: [Kay Graf]")}, False,
     f"{P}:4: unknown field 'apologise' (did you mean 'apologies'?)"),
    ("passcode", {P: record(GOOD_FRONT, "\n## Notes\n\nPasscode: 115510\n")}, False,
     f"{P}:8: a dial-in credential ('Passcode: ...') must never be published: remove it from the record"),
    ("meeting id", {P: record(GOOD_FRONT, "\nMeeting ID: 954 2955 6769\n")}, False,
     f"{P}:6: a dial-in credential ('Meeting ID: ...') must never be published: remove it from the record"),
    ("phone number", {P: record(GOOD_FRONT, "\n        +41 43 210 71 08 Switzerland\n")}, False,
     f"{P}:6: a telephone dial-in number must never be published: remove it from the record"),
    ("join link with password",
     {P: record(GOOD_FRONT + 'links: {zoom: "https://cern.zoom.us/j/954?pwd=abc"}')}, False,
     f"{P}:4: a video-conference link with a password must never be published: remove it from the record"),
    ("malformed due date", {P: record(GOOD_FRONT, "\n- [ ] Ian Bird: write (due 2021-13-01)\n")}, False,
     f"{P}:6: malformed due date '2021-13-01' (expected YYYY-MM-DD)"),
    ("person both present and excused",
     {P: record("date: 2021-06-09\npresent: [Ian Bird]\napologies: [ian-bird]")}, False,
     f"{P}:4: 'ian-bird' is listed both present and in apologies"),
]


def matches(expected: str, found: list[str]) -> bool:
    """Exact, or a prefix where the expectation ends with '…'."""
    if expected.endswith("…"):
        return any(f.startswith(expected[:-1]) for f in found)
    return expected in found


def problems_of(root: Path, strict: bool) -> list[str]:
    problems = Problems()
    load_archive(root / "meetings", Options(strict=strict), problems)
    return [str(p) for p in problems.sorted()]


@pytest.mark.parametrize(("name", "files", "strict", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_case_reports_file_line_and_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    name: str, files: dict[str, str], strict: bool, expected: str,
) -> None:
    records = {k.removeprefix("meetings/"): v for k, v in files.items()}
    write_archive(tmp_path, records)
    monkeypatch.chdir(tmp_path)
    found = problems_of(tmp_path, strict)
    assert matches(expected, found), "\n".join(found)
    errors = [f for f in found if ": warning: " not in f]
    assert errors, "a broken case must be an error, not a warning"


def test_all_problems_reported_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(tmp_path, {
        "tcm/2021/2021-06-09.md": record("date: 2021-06-10\npresent: Ian Bird\ntitle: [x]"),
        "tcm/2021/2021-06-16.md": "no front matter\n",
    })
    monkeypatch.chdir(tmp_path)
    found = problems_of(tmp_path, False)
    assert found == [
        f"{P}:2: date 2021-06-10 differs from the file name's date 2021-06-09",
        f"{P}:3: 'present' must be a list, not text",
        f"{P}:4: 'title' must be text, not a list",
        "meetings/tcm/2021/2021-06-16.md:1: no front-matter: a record must begin with a line '---'",
    ]


def test_unknown_person_is_a_warning_and_a_guest_without_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird, Dr Ada Lovelace (Analytical Engines)]")})
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(), problems)
    assert [str(p) for p in problems.items] == [
        f"{P}:3: warning: unknown person 'Dr Ada Lovelace (Analytical Engines)'; "
        "kept as guest 'ada-lovelace'"
    ]
    assert archive.meetings[0].present == ["ian-bird", "ada-lovelace"]
    assert archive.guests["ada-lovelace"].name == "Ada Lovelace"


REGISTRY_CASES = [
    ("people.yml", "Bad_Id:\n  name: X\n", "meetings/people.yml:1: invalid id 'Bad_Id': use lowercase letters, digits and hyphens"),
    ("people.yml", "ada:\n  affiliation: X\n", "meetings/people.yml:1: 'ada': 'name' is required"),
    ("people.yml", "ada:\n  name: Ada\n  aliases: Lovelace\n", "meetings/people.yml:3: 'ada': 'aliases' must be a list of text"),
    ("people.yml", "ada:\n  name: Ada\nbob:\n  name: Bob\n  aliases: [ada]\n", "meetings/people.yml:3: 'bob': name 'ada' is already used by 'ada'"),
    ("groups.yml", "wp2:\n  name: WP2\n  lead: nobody\n", "meetings/groups.yml:3: 'wp2': lead 'nobody' is no person id"),
    ("series.yml", "tcm:\n  name: T\n  standing_groups: [wp2, wp9]\n", "meetings/series.yml:3: 'tcm': unknown group id 'wp9'"),
    ("series.yml", "tcm:\n  name: T\n  members: [ghost]\n", "meetings/series.yml:3: 'tcm': unknown person id 'ghost'"),
    ("series.yml", "tcm: [a]\n", "meetings/series.yml:1: 'tcm' must be a mapping of fields"),
    ("groups.yml", "wp2:\n  name: X\n   kind: y\n", "meetings/groups.yml:3: invalid YAML: mapping values are not allowed …"),
]


@pytest.mark.parametrize(("name", "text", "expected"), REGISTRY_CASES)
def test_broken_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: str
) -> None:
    write_registries(tmp_path, name, text)
    monkeypatch.chdir(tmp_path)
    assert matches(expected, problems_of(tmp_path, False))


def test_a_broken_record_still_has_its_follow_ups_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(tmp_path, {
        "tcm/2021/2021-06-02.md": record("date: 2021-06-02\npresent: []", "\n- [ ] Write it\n"),
        "tcm/2021/2021-06-09.md": record(
            "date: 2021-06-09\npresent: []\ntitle: [x]",
            "\n- [x] tcm-2021-06-02-1: done\n- [x] tcm-2021-06-02-7: no such action\n"),
    })
    monkeypatch.chdir(tmp_path)
    assert problems_of(tmp_path, False) == [
        f"{P}:4: 'title' must be text, not a list",
        f"{P}:8: follow-up names no earlier action 'tcm-2021-06-02-7'",
    ]
    # the broken record is not published: the action it closed stays open
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    assert [m.id for m in archive.meetings] == ["tcm-2021-06-02"]
    assert archive.actions["tcm-2021-06-02-1"].status == "open"
