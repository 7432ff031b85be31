"""Hostile and careless input (docs/format.md §8, §9): a message with its line, never a
traceback, a hang or a leak."""

from __future__ import annotations

import datetime as dt
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from benchmarks.adversarial import hostile_lines
from benchmarks.generate import generate_archive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.core import credentials, yamlload
from minutes.core.archive import Options, load_archive
from minutes.core.body import GroupMatcher, scan_body
from minutes.core.problems import Problems
from minutes.core.records import Context, parse_record, valid_timezone
from minutes.core.registry import Registry, load_registry
from minutes.outputs.feeds import Entry, atom

from .helpers import REPO, minutes, mkdocs_build, record, write_archive, write_registries

P = "meetings/tcm/2021/2021-06-09.md"
GOOD = "date: 2021-06-09\npresent: [Ian Bird]\n"
FROM_RECORD = "must never be published: remove it from the record"


def _bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdef"):
        prev = "abcde"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines)


# (name, record text, expected exact messages)
ADVERSARIAL: list[tuple[str, str, list[str]]] = [
    ("impossible month", "---\ndate: 2021-13-45\npresent: []\n---\n",
     [f"{P}:2: malformed date '2021-13-45' (expected YYYY-MM-DD)"]),
    ("impossible hour", "---\ndate: 2021-06-09T25:00:00\npresent: []\n---\n",
     [f"{P}:2: malformed date '2021-06-09T25:00:00' (expected YYYY-MM-DD)"]),
    ("impossible date and other problems",
     "---\ndate: 2021-02-30\npresent: Ian Bird\ntitle: [x]\n---\n",
     [f"{P}:2: malformed date '2021-02-30' (expected YYYY-MM-DD)",
      f"{P}:3: 'present' must be a list, not text",
      f"{P}:4: 'title' must be text, not a list"]),
    ("binary integer with no digits", record(GOOD + "title: 0b_"), []),
    ("alias bomb", "---\n" + GOOD + _bomb() + "\n---\n",
     [f"{P}:8: invalid YAML: aliases expand to more than 10000 values; "
      "write the values out instead"]),
    ("deep nesting", "---\n" + GOOD + "title: " + "[" * 400 + "]" * 400 + "\n---\n",
     [f"{P}:4: invalid YAML: nested more than 32 levels deep"]),
    ("region as time zone", record(GOOD + "timezone: America/Argentina"),
     [f"{P}:4: unknown time zone 'America/Argentina' (use an IANA name such as Europe/Zurich)"]),
    ("continent as time zone", record(GOOD + "timezone: Europe"),
     [f"{P}:4: unknown time zone 'Europe' (use an IANA name such as Europe/Zurich)"]),
    ("path as time zone", record(GOOD + "timezone: ../../../etc/passwd"),
     [f"{P}:4: unknown time zone '../../../etc/passwd' (use an IANA name such as Europe/Zurich)"]),
    ("control character in the title", record(GOOD + "title: Bell\x07"),
     [f"{P}:4: note: a control character (U+0007) is dropped from the site"]),
    ("control character hiding a passcode", record(GOOD, "\nPass\x08code: 590317\n"),
     [f"{P}:6: note: a control character (U+0008) is dropped from the site",
      f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("emphasised passcode", record(GOOD, "\n*Passcode*: 590317\n"),
     [f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("passcode in code", record(GOOD, "\n`Passcode: 590317`\n"),
     [f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("passcode on the next line", record(GOOD, "\nPasscode:\n\n590317\n"),
     [f"{P}:8: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("German meeting id", record(GOOD, "\nMeeting-ID: 987 6543 2101\n"),
     [f"{P}:6: a dial-in credential ('Meeting-ID: ...') {FROM_RECORD}"]),
    ("German passcode", record(GOOD, "\nKenncode: 590317\n"),
     [f"{P}:6: a dial-in credential ('Kenncode: ...') {FROM_RECORD}"]),
    ("French invitation", record(GOOD, "\nID de réunion : 987 6543 2101\n"),
     [f"{P}:6: a dial-in credential ('ID de reunion: ...') {FROM_RECORD}"]),
    ("French code", record(GOOD, "\nCode secret : 590317\n"),
     [f"{P}:6: a dial-in credential ('Code secret: ...') {FROM_RECORD}"]),
    ("Italian invitation", record(GOOD, "\nID riunione: 987 6543 2101\n"),
     [f"{P}:6: a dial-in credential ('ID riunione: ...') {FROM_RECORD}"]),
    ("Spanish invitation", record(GOOD, "\nContraseña: 590317\n"),
     [f"{P}:6: a dial-in credential ('Contrasena: ...') {FROM_RECORD}"]),
    ("00 dial-in number", record(GOOD, "\nDial 0041 43 210 71 08\n"),
     [f"{P}:6: a telephone dial-in number {FROM_RECORD}"]),
    ("national dial-in number and PIN", record(GOOD, "\n043 210 71 08 , PIN 4471#\n"),
     [f"{P}:6: a dial-in credential ('PIN: ...') {FROM_RECORD}"]),
    ("zoom link without a scheme", record(GOOD, "\ncern.zoom.us/j/954295?pwd=bXlw\n"),
     [f"{P}:6: a video-conference link with a password {FROM_RECORD}"]),
    ("zoom link with an entity", record(GOOD, "\nhttps://cern.zoom.us/j/954?a=1&amp;pwd=bXlw\n"),
     [f"{P}:6: a video-conference link with a password {FROM_RECORD}"]),
    ("passcode in a link title", record(GOOD, '\n[join](https://x.org "Passcode: 590317")\n'),
     [f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("multi-line HTML comment", record(GOOD, "\n<!--\nMeeting ID:\n987 6543 2101\n-->\n"),
     [f"{P}:8: a dial-in credential ('Meeting ID: ...') {FROM_RECORD}"]),
    ("passcode in an attribute", record(GOOD, '\n<span title="Passcode: 590317">x</span>\n'),
     [f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("zero-width character", record(GOOD, "\nPass\u200bcode: 590317\n"),
     [f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("full-width forms", record(GOOD, "\nＰａｓｓｃｏｄｅ：５９０３１７\n"),
     [f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("entity for the colon", record(GOOD, "\nPasscode&#58; 590317\n"),
     [f"{P}:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("quoted location", record(GOOD + 'location: "Zoom, Passcode: 590317"'),
     [f"{P}:4: a dial-in credential ('Passcode: ...') {FROM_RECORD}"]),
    ("folded location", record(GOOD + "location: >\n  Zoom meeting, passcode\n  590317"),
     [f"{P}:6: a dial-in credential ('passcode: ...') {FROM_RECORD}"]),
    ("single-quoted location over lines", record(GOOD + "location: 'Zoom, pass\n  code: 590317'"),
     [f"{P}:4: a dial-in credential ('pass code: ...') {FROM_RECORD}"]),
]


def _problems(root: Path, strict: bool = False) -> list[str]:
    problems = Problems()
    load_archive(root / "meetings", Options(strict=strict), problems)
    return [str(p) for p in problems.sorted()]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("name", "text", "expected"), ADVERSARIAL, ids=[c[0] for c in ADVERSARIAL])
def test_adversarial_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: list[str]
) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": text})
    monkeypatch.chdir(tmp_path)
    found = [p for p in _problems(tmp_path) if ": warning: " not in p]
    assert found == expected


def test_extreme_dates_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(tmp_path, {
        "tcm/0001/0001-01-01.md": record("date: 0001-01-01\npresent: []\ntimezone: Asia/Tokyo"),
        "tcm/9999/9999-12-31.md": record("date: 9999-12-31\npresent: []\nstart: '23:00'\n"
                                         "timezone: America/Los_Angeles"),
    })
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(), problems)
    assert [str(p) for p in problems.items] == []
    assert [m.date for m in archive.meetings] == [dt.date(1, 1, 1), dt.date(9999, 12, 31)]


def _sparse(path: Path, size: int) -> None:
    """A record of `size` bytes that takes no room on the disk (its tail is a hole)."""
    path.write_text("---\n" + GOOD + "---\n")
    os.truncate(path, size)


FILE_CASES = [
    ("dangling link", lambda d: (d / "2021-06-09.md").symlink_to(d / "nowhere.md"),
     f"{P}:1: a broken symbolic link (its target does not exist): a record must be a regular file"),
    ("self-looping link", lambda d: (d / "2021-06-09.md").symlink_to(d / "2021-06-09.md"),
     f"{P}:1: a symbolic link that loops: a record must be a regular file"),
    ("link out of the archive", lambda d: (d / "2021-06-09.md").symlink_to(REPO / "README.md"),
     f"{P}:1: a symbolic link to a file outside the archive: a record must be a file inside "
     "the archive"),
    ("folder named like a record", lambda d: (d / "2021-06-09.md").mkdir(),
     f"{P}:1: a folder where a record file is expected"),
    ("FIFO named like a record", lambda d: os.mkfifo(d / "2021-06-09.md"),
     f"{P}:1: not a regular file: a record must be a regular file"),
    ("oversized record", lambda d: _sparse(d / "2021-06-09.md", 64 * 1024 * 1024 + 1),
     f"{P}:1: the record is larger than 64 MiB (plugin option max_record_mib): split it, or "
     "raise the option in mkdocs.yml"),
]


@pytest.mark.parametrize(("name", "make", "expected"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_records_are_regular_files_inside_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, make: object, expected: str
) -> None:
    write_archive(tmp_path, {})
    folder = tmp_path / "meetings/tcm/2021"
    folder.mkdir(parents=True)
    make(folder)  # type: ignore[operator]
    monkeypatch.chdir(tmp_path)
    assert _problems(tmp_path) == [expected]


def test_a_link_inside_the_archive_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(GOOD)})
    (tmp_path / "meetings/tcm/2021/2021-06-16.md").symlink_to("2021-06-09.md")
    monkeypatch.chdir(tmp_path)
    assert _problems(tmp_path) == [
        "meetings/tcm/2021/2021-06-16.md:2: date 2021-06-09 differs from the file name's "
        "date 2021-06-16"]


REGISTRY_CASES = [
    ("people.yml", "ada:\n  name: ''\n", "meetings/people.yml:2: 'ada': 'name' must not be empty"),
    ("people.yml", "index:\n  name: Index Person\n",
     "meetings/people.yml:1: the id 'index' is reserved: its page would replace the index page"),
    ("groups.yml", "index:\n  name: Index Group\n",
     "meetings/groups.yml:1: the id 'index' is reserved: its page would replace the index page"),
    ("people.yml", "ada:\n  name: Ada\n  affiliation: 2021-02-30\n", None),
    ("people.yml", "ada:\n  name: Ada\n  affiliation: 'Zoom Passcode: 590317'\n",
     "meetings/people.yml:3: a dial-in credential ('Passcode: ...') must never be published: "
     "remove it"),
    ("groups.yml", "wp2:\n  name: >\n    WP2, Meeting ID\n    987 6543 2101\n",
     "meetings/groups.yml:4: a dial-in credential ('Meeting ID: ...') must never be published: "
     "remove it"),
    ("series.yml", "tcm:\n  name: TCM, dial +41 43 210 71 08\n",
     "meetings/series.yml:2: a telephone dial-in number must never be published: remove it"),
    ("people.yml", "ada:\n  name: Ada\x1b\n",
     "meetings/people.yml:2: note: a control character (U+001B) is dropped from the site"),
]


@pytest.mark.parametrize(("name", "text", "expected"), REGISTRY_CASES)
def test_hostile_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: str | None
) -> None:
    write_registries(tmp_path, name, text)
    monkeypatch.chdir(tmp_path)
    assert _problems(tmp_path) == ([expected] if expected else [])


def test_people_yml_as_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_archive(tmp_path, {})
    (tmp_path / "meetings/people.yml").unlink()
    (tmp_path / "meetings/people.yml").mkdir()
    monkeypatch.chdir(tmp_path)
    assert "meetings/people.yml:1: a folder where a registry file is expected" in _problems(
        tmp_path)


def test_a_guest_named_index_gets_no_index_page_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Index]")})
    monkeypatch.chdir(tmp_path)
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    assert archive.meetings[0].present == ["index-guest"]


@pytest.mark.parametrize("name", ["Europe", "America/Argentina", "", "a\0b", "/etc/passwd",
                                  "Europe/../../etc", "x" * 300])
def test_regions_and_paths_are_no_time_zones(name: str) -> None:
    assert valid_timezone(name) is False


def test_valid_zones_are_valid() -> None:
    assert valid_timezone("Europe/Zurich") and valid_timezone("America/Argentina/Salta")


# --- hangs -------------------------------------------------------------------------------


class _Names(GroupMatcher):
    def group_of_heading(self, text: str) -> str | None:
        return None

    def group_id(self, text: str) -> str | None:
        return None

    def person(self, name: str, line: int) -> str:
        return "someone"

    def owner(self, name: str) -> str | None:
        return None


HOSTILE = hostile_lines(200_000)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("family", sorted(HOSTILE))
def test_hostile_lines_are_read_in_linear_time(family: str) -> None:
    """200 000 characters of each family once took minutes; now well under a second each."""
    body = HOSTILE[family]
    credentials.scan(body)
    scan_body(body.split("\n"), 1, "tcm-2021-06-09", _Names(), lambda line, msg: None)


@pytest.mark.timeout(60)
def test_hostile_records_through_the_whole_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = {
        f"tcm/2021/2021-06-{i + 10:02d}.md": f"---\ndate: 2021-06-{i + 10:02d}\npresent: []\n---\n"
        + body
        for i, body in enumerate(hostile_lines(100_000).values())
    }
    write_archive(tmp_path, records)
    monkeypatch.chdir(tmp_path)
    found = _problems(tmp_path)
    assert all(":" in p.split(" ")[0] for p in found)
    assert (f"meetings/tcm/2021/2021-06-{sorted(HOSTILE).index('label runs') + 10:02d}.md"
            not in found)


# --- property tests ----------------------------------------------------------------------

YAMLISH = st.lists(st.sampled_from(list("ab01:-[]{}&*!|>'\"#,. \n\t?%@`~\\") + [
    "2021-13-45", "date: ", "\n  - ", "&a ", "*a", "!!binary ", "!!timestamp ", "<<: ",
    "0b_", "9999-12-31T23:59:59-05:00", "\x07", "\u200b", "Passcode:", "\n  ", "? "]),
    max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_yaml_reader_raises_only_yaml_errors_with_a_line(text: str) -> None:
    try:
        yamlload.load(text)
    except yamlload.YamlError as exc:
        assert exc.line >= 1 and exc.message


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(front=YAMLISH, body=st.text(max_size=300))
def test_front_matter_and_body_reader_never_raise(tmp_path: Path, front: str, body: str) -> None:
    meetings = tmp_path / "meetings"
    path = meetings / "tcm/2021/2021-06-09.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + front + "\n---\n" + body, encoding="utf-8")
    problems = Problems()
    registry = load_registry(REPO / "meetings", Problems())
    parse_record(path, meetings, Context(registry), problems)
    assert all(p.line >= 1 and p.message for p in problems.items)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(people=YAMLISH, groups=YAMLISH)
def test_registry_reader_never_raises(tmp_path: Path, people: str, groups: str) -> None:
    (tmp_path / "people.yml").write_text(people, encoding="utf-8")
    (tmp_path / "groups.yml").write_text(groups, encoding="utf-8")
    (tmp_path / "series.yml").write_text("tcm:\n  name: T\n", encoding="utf-8")
    problems = Problems()
    assert isinstance(load_registry(tmp_path, problems), Registry)
    assert all(p.line >= 1 and p.message for p in problems.items)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_body_scanner_and_credentials_never_raise(text: str) -> None:
    lines = text.split("\n")
    reported: list[int] = []
    scan_body(lines, 6, "tcm-2021-06-09", _Names(), lambda line, msg: reported.append(line))
    found = credentials.scan(text, 6)
    assert all(line >= 6 for line in reported)
    assert all(6 <= line < 6 + len(lines) for line, _ in found)


# --- false alarms ------------------------------------------------------------------------


def _credential_problems(meetings: Path) -> list[str]:
    problems = Problems()
    load_archive(meetings, Options(), problems)
    return [str(p) for p in problems.items if "must never be published" in p.message]


def test_no_false_alarm_on_the_example_archive() -> None:
    assert _credential_problems(REPO / "meetings") == []


def test_no_false_alarm_on_a_synthetic_archive(tmp_path: Path) -> None:
    generate_archive(tmp_path, 300)
    assert _credential_problems(tmp_path / "meetings") == []


def test_no_false_alarm_on_realistic_prose() -> None:
    text = (Path(__file__).parent / "fixtures/prose/minutes.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) >= 40
    assert credentials.scan(text) == []


# --- outputs -----------------------------------------------------------------------------


def test_feed_stays_well_formed_xml_with_control_characters() -> None:
    moment = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    entry = Entry("urn:x", "Bell\x07 \x1b title", "https://x.org/", moment, "sum\x00mary")
    text = atom("urn:feed", "Feed\x0c", "https://x.org/feed.xml", "https://x.org/", [entry])
    root = ET.fromstring(text.encode())
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert titles == ["Feed", "Bell  title"]
    updated = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}updated")]
    assert updated == ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"]


def test_example_hook_escapes_the_title() -> None:
    sys.path.insert(0, str(REPO))
    try:
        import hooks
    finally:
        sys.path.remove(str(REPO))
    meeting = SimpleNamespace(
        date=dt.date(2021, 6, 9), slug=None, series="tcm",
        title="<script>alert(1)</script> [x](javascript:y)")
    plugin = SimpleNamespace(archive=SimpleNamespace(meetings=[meeting]))
    config = SimpleNamespace(plugins={"minutes": plugin})
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    out = hooks.on_page_markdown("<!-- latest-meeting -->", page, config, None)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\\[x\\]\\(javascript:y\\)" in out


# --- the check and the build, together ---------------------------------------------------


def test_check_and_strict_build_report_hostile_input_with_lines(tmp_path: Path) -> None:
    write_archive(tmp_path, {
        "tcm/2021/2021-06-09.md": "---\ndate: 2021-13-45\npresent: []\n---\n",
        "tcm/2021/2021-06-16.md": record("date: 2021-06-16\npresent: []",
                                         "\n*Passcode*: 590317\n"),
        "tcm/2021/2021-06-23.md": "---\ndate: 2021-06-23\npresent: []\ntitle: "
                                  + "[" * 300 + "]" * 300 + "\n---\n",
        "tcm/2021/2021-06-30.md": record("date: 2021-06-30\npresent: []\ntimezone: Europe"),
        "tcm/2021/2021-07-07.md": record("date: 2021-07-07\npresent: []", "\n## Notes\n"),
    }, people="ada:\n  name: ''\nindex:\n  name: Index\n")
    (tmp_path / "meetings/tcm/2021/2021-07-14.md").symlink_to("/nonexistent.md")
    expected = [
        "meetings/people.yml:2: 'ada': 'name' must not be empty",
        "meetings/people.yml:3: the id 'index' is reserved: its page would replace the index page",
        "meetings/tcm/2021/2021-06-09.md:2: malformed date '2021-13-45' (expected YYYY-MM-DD)",
        f"meetings/tcm/2021/2021-06-16.md:6: a dial-in credential ('Passcode: ...') {FROM_RECORD}",
        "meetings/tcm/2021/2021-06-23.md:4: invalid YAML: nested more than 32 levels deep",
        "meetings/tcm/2021/2021-06-30.md:4: unknown time zone 'Europe' (use an IANA name such as "
        "Europe/Zurich)",
        "meetings/tcm/2021/2021-07-14.md:1: a broken symbolic link (its target does not exist): "
        "a record must be a regular file",
    ]
    check = minutes(tmp_path, "check")
    assert check.returncode != 0
    assert "Traceback" not in check.stdout + check.stderr
    for line in expected:
        assert line in check.stdout, check.stdout
    build = mkdocs_build(tmp_path, "--strict")
    assert build.returncode != 0
    assert "Traceback" not in build.stdout + build.stderr
    for line in expected:
        assert line in build.stderr + build.stdout, build.stderr
    site = tmp_path / "site"
    published = [f.read_bytes() for f in site.rglob("*") if f.is_file()] if site.exists() else []
    assert not any(b"590317" in data for data in published)


_PIECES = st.sampled_from(
    [
        "Passcode", "Kenncode", "Meeting ID", "PIN", "code", "id", ":", "=", " ", "\n", "#",
        "590317", "987 6543 2101", "+41 43 210 71 08", "0041 43 210 71 08", "043 210 71 08",
        "zoom.us/j/1?pwd=abc", "&amp;pwd=x", "&#10;", "&#x50;asscode", "<b>", "</b>",
        "<a title=\"PIN 4471#\">", "\u200b", "ｐａｓｓｃｏｄｅ", "Gonzá", "2021-06-09", "10:00",
        "tel:+3312345678", "123456,,987654#", "**", "`", "é", "x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_whole_text_pre_check_never_hides_a_line(text: str) -> None:
    """scan() skips texts where no pattern matches anywhere: it finds what the line-by-line
    reading finds, on any mix of labels, numbers, entities, tags and wide forms."""
    from minutes.core.credentials import scan, scan_lines

    assert scan(text) == scan_lines(text.split("\n"))


# The patterns as first written, look-behind first (credentials.py now puts the literal
# first, for speed): the rewritten ones must find exactly the same.
_REFERENCE = {
    "_PLUS_PHONE": r"(?<![\w+])\+[ ]?\(?\d[\d \-.()/]{6,24}\d",
    "_INTL_PHONE": r"(?<![\w.\-/:])00[1-9][\d \-()/]{6,24}\d",
    "_NATIONAL_PHONE": r"(?<![\w.\-/:+])0\d{1,4}(?:[ \-]\d{2,4}){2,4}(?![\w:.\-/])",
    "_DIAL_STRING": r"\d{6},,[\d*#]|,,\d{6,}#",
    "_TEL": r"(?i)\btel:[ ]?\+?\d",
}
_NUMBERISH = st.sampled_from(
    [
        "+", "00", "0", "41", "43 210 71 08", "1", "2", "-", ".", "/", ":", "(", ")", " ", ",,",
        "123456", "#", "*", "tel:", "TEL:", "hotel:", "x", "_", "\n", "ı", "İ", "ſ", "\u212a",
        "passcode", "PASSCODE", "Meeting ID", "id", "code", "pin", "kenncode", "é",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_NUMBERISH, max_size=40).map("".join))
def test_the_rewritten_patterns_find_what_the_first_ones_found(text: str) -> None:
    import re

    from minutes.core import credentials as c

    for name, pattern in _REFERENCE.items():
        old, new = re.compile(pattern), getattr(c, name)
        if name in ("_DIAL_STRING", "_TEL"):  # only asked whether they match
            assert bool(old.search(text)) == bool(new.search(text)), name
        else:
            assert [m.span() for m in old.finditer(text)] == [
                m.span() for m in new.finditer(text)
            ], name
    view = c.reader_view(text)
    views = [view, c._TAG.sub("", view)] if "<" in view else [view]
    first = [re.compile(p) for p in _REFERENCE.values()] + [c._URL_SECRET, c._LABEL]
    assert c.may_hold_secrets(text) == any(rx.search(v) for v in views for rx in first)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=8).map("".join), max_size=8))
def test_values_read_together_never_hide_one(values: list[str]) -> None:
    """check_values skips a record's values when none of their joined reading matches: any
    value scan_value would report makes that reading match."""
    from minutes.core.credentials import may_hold_secrets, scan_value, value_text

    if any(scan_value(v) for v in values):
        assert may_hold_secrets("\n".join(value_text(v) for v in values))
