"""The credential rules (docs/format.md §8, §8.1): each fires on the invitations Zoom, Webex,
Teams, Vidyo, Jitsi and phone bridges send, at the right line, and not on text that merely
resembles one (code, links to other hosts, numbers, dates, versions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.core import credentials
from minutes.core.archive import Options, load_archive
from minutes.core.credentials import (
    MESSAGE_ADDRESS,
    MESSAGE_LINK,
    MESSAGE_LINK_ID,
    MESSAGE_PHONE,
    find_secrets,
    scan,
    scan_lines,
)
from minutes.core.problems import Problems

from .helpers import record, write_archive

INVITATIONS = Path(__file__).parent / "fixtures" / "invitations"


def _label(name: str) -> str:
    return f"a dial-in credential ('{name}: ...')"


# Every line of each invitation that must be reported, and what for (the others must not be).
EXPECTED: dict[str, dict[int, str]] = {
    "zoom.txt": {
        7: MESSAGE_LINK, 9: _label("Meeting ID"), 10: _label("Passcode"),
        12: MESSAGE_PHONE, 13: MESSAGE_PHONE, 16: MESSAGE_PHONE, 17: MESSAGE_PHONE,
        18: MESSAGE_PHONE, 19: _label("Meeting ID"), 20: _label("Passcode"),
        24: MESSAGE_ADDRESS, 29: _label("Meeting ID"), 30: _label("Passcode"),
    },
    "zoom-de.txt": {
        7: MESSAGE_LINK, 9: _label("Meeting-ID"), 10: _label("Kenncode"), 12: MESSAGE_PHONE,
        15: MESSAGE_PHONE, 16: _label("Meeting-ID"), 17: _label("Kenncode"),
    },
    "zoom-fr.txt": {
        7: MESSAGE_LINK, 9: _label("ID de reunion"), 10: _label("Code secret"),
        12: MESSAGE_PHONE, 15: MESSAGE_PHONE, 16: _label("ID de reunion"),
        17: _label("Code secret"),
    },
    "webex.txt": {
        6: _label("Meeting number"), 7: _label("Meeting password"), 10: MESSAGE_PHONE,
        11: MESSAGE_PHONE, 13: _label("Access code"), 14: _label("meeting password"),
        17: MESSAGE_ADDRESS, 21: MESSAGE_ADDRESS, 23: _label("Host key"),
    },
    "teams.txt": {
        6: _label("Meeting ID"), 7: _label("Passcode"), 12: _label("Video Conference ID"),
        16: MESSAGE_PHONE, 17: _label("Phone Conference ID"),
    },
    "vidyo.txt": {
        7: _label("Extension"), 8: _label("PIN"), 11: MESSAGE_ADDRESS, 12: MESSAGE_ADDRESS,
        15: _label("extension"),
    },
    "jitsi.txt": {8: _label("PIN"), 9: _label("PIN")},
    "phone-bridge.txt": {
        4: MESSAGE_PHONE, 5: MESSAGE_PHONE, 6: MESSAGE_PHONE, 7: MESSAGE_PHONE,
        8: _label("Conference code"), 9: _label("Participant passcode"),
        10: _label("Moderator PIN"), 11: _label("Leader PIN"), 12: _label("Access code"),
        13: MESSAGE_PHONE,
    },
}


def _invitation(name: str) -> str:
    return (INVITATIONS / name).read_text(encoding="utf-8")


def test_every_invitation_has_its_expected_lines() -> None:
    assert sorted(p.name for p in INVITATIONS.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_invitation_is_reported_at_its_lines(name: str) -> None:
    text = _invitation(name)
    assert dict(scan(text)) == EXPECTED[name]
    assert scan(text) == scan_lines(text.split("\n"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_reported_line_is_reported_on_its_own(name: str) -> None:
    """A line reported in an invitation is reported alone too, except where it only gives the
    value of a label on a line before it."""
    lines = _invitation(name).split("\n")
    for number, what in EXPECTED[name].items():
        assert find_secrets(lines[number - 1]) == what, lines[number - 1]


def test_the_check_reports_an_invitation_with_its_file_and_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "\n## Notes\n\n" + _invitation("zoom.txt")
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: []",
                                                              body)})
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    load_archive(tmp_path / "meetings", Options(), problems)
    found = [str(p) for p in problems.sorted() if "must never be published" in p.message]
    # the record: 4 lines of front-matter, a blank line, "## Notes", a blank line
    shift = 7
    path = "meetings/tcm/2021/2021-06-09.md"
    assert found == [
        f"{path}:{line + shift}: {what} must never be published: remove it from the record"
        for line, what in sorted(EXPECTED["zoom.txt"].items())
    ]


# --- each rule, and what merely resembles it ---------------------------------------------

# rule -> (lines it reports, lines that resemble them and that it must not report)
RULES: dict[str, tuple[list[str], list[str]]] = {
    "a password or passcode": (
        ["Passcode: 4Xy9Qz", "Password: hunter2", "Meeting password: aBc123XyZ",
         "Password: hepix", "The passcode is 590317", "Passcode 590317", "Kenncode: 590317",
         "Mot de passe : 590317", "| Passcode | 590317 |", "<b>Password:</b> hepix",
         "Participant passcode: 765432", "Password: aBcXyZqW"],
        ["Password hashing API was discussed", "Password: 12 characters minimum",
         "Password: [REDACTED]", "Password: ********", "Passcode: optional",
         "Password: none needed", "password: String,", "password: Option<String>,",
         "password: str", "config.password = load();", "PASSWORD_MIN_LENGTH = 12",
         "Password-protected pad", "pwd: /home/ian", "$ pwd", "password: OAuth",
         "Passcode: see the calendar invite", "The passcode policy changes on 2021-07-01."],
    ),
    "a PIN, host key or access code (a number)": (
        ["PIN: 4471", "PIN 590317", "Moderator PIN: 9876", "Leader PIN: 4455#",
         "Host key: 123456", "Access code: 123-456-789", "Conference code: 1234567",
         "- PIN: 1234 5678 90#", "PIN: 4471 (if asked)"],
        ["use core::pin::Pin;", "use std::pin::{pin, Pin};", "::std::pin::Pin::new_unchecked(&mut x),",
         "fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output>",
         "let fut = pin!(async { 1234567 });", "pin: PhantomPinned,", "#[pin] field: T,",
         "const PIN_CODE: u32 = 1234;", "PIN_CODE = 1234", "self.pin = 12345678;",
         "GPIO pin: 13",
         "pin: 1.70.0", "pin: v1.2.3", "Pin: ^0.4", "pin: a3f5c9e", "Pin: 2021-06-09",
         "Pin the toolchain: nightly-2021-05-12", "The PIN is 4 digits long", "Reset PIN",
         "Host key: SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
         "Host key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "access code: see the README",
         "We pin 1500 jobs per site", "PINs and passcodes are never written here."],
    ),
    "a meeting number": (
        ["Meeting ID: 987 6543 2101", "Meeting ID 987 6543 2101", "Meeting-ID: 987 6543 2101",
         "Webinar ID: 123 456 789", "Zoom ID: 987 654 3210", "Extension: 10501234",
         "then the extension 10501234#", "Conference ID: 12345678", "extension 105012345",
         "ID de réunion : 987 6543 2101", "ID da reunião: 987 6543 2101",
         "Meeting ID - 987 6543 2101"],
        ["Meeting number: 42", "meeting number 7 of the series", "Meeting ID: see Indico",
         "The meeting ID is on Indico.", "Webinar ID: TBD", "the extension: .md",
         "Chrome extension: https://chrome.google.com/webstore/detail/abc",
         "Deadline extension: 2021-06-30", "Extension: 2024-2026", "An extension of 2 weeks",
         "Extension: 1559", "const MEETING_ID: u64 = 98765432101;", "Conference ID: ICHEP2022",
         "meeting_id: 98765432101", "matched Kind::Extension 105012345 times",
         "extension 10501234"],
    ),
    "'ID' or 'Code' alone, as a meeting number": (
        ["ID: 987 6543 2101", "Code: 1234#", "| ID | 123 456 789 |"],
        ["code: 200", "Status code: 404", "error code: 0x80070005", "exit code: 3221225477",
         "code: E0308", "id: 1603737", '"id": 123456789012,', '<div id="1234567890">',
         "Chain ID: 11155111", "Discord ID: 123456789012345678",
         "ORCID iD: 0000-0002-1825-0097", "Grant ID: 101057388", "Project code: 101057388",
         "ID: 2021-06-09", "code: 2021-06-09 10:00", "issue_id=123456789"],
    ),
    "a link with a password": (
        ["https://cern.zoom.us/j/98765432101?pwd=bXlwYXNzd29yZA.1",
         "cern.zoom.us/j/954295?pwd=bXlw", "https://cern.zoom.us/j/954?a=1&amp;pwd=bXlw",
         "zoommtg://zoom.us/join?action=join&confno=95429556769&pwd=abc123",
         "https://example.org/mtg?password=s3cr3tValue",
         "https://bluejeans.com/123456789?pin=1234", "https://x.webex.com/x/j.php?tk=AbCd"],
        ["https://cern.zoom.us/j/95429556769",
         "https://cern.webex.com/cern/j.php?MTID=m0123456789abcdef0123456789abcdef",
         "https://meet.jit.si/EscapeWp2WeeklyRoundTable",
         "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc/0?context=%7b%22Tid%22%7d",
         "https://example.org/shell?pwd=/tmp", "https://ci.example.org/results?pass=1&fail=0",
         "https://github.com/foo/bar?pin=1234", "https://example.org/form?tk=abcdef",
         "https://example.org/reset?password=true"],
    ),
    "a conference host's link with a meeting id": (
        ["https://zoom.us/join?id=95429556769"],
        ["- [debugging](https://bugzilla.mozilla.org/show_bug.cgi?id=1603737#c5)",
         "https://bugzilla.mozilla.org/show_bug.cgi?id=1220810#c23",
         "https://code.google.com/p/v8/issues/detail?id=3093#c1",
         "https://bugs.chromium.org/p/chromium/issues/detail?id=1234567890",
         "See show_bug.cgi?id=123456789 for details",
         "https://example.org/oauth/callback?code=1234567890&state=abc",
         "https://tracker.example.org/view.php?issue_id=123456789",
         "https://drive.google.com/open?id=1MHzaHujcYfOhQEOd0PseViTUkqm6Ap5D",
         "https://github.com/rust-lang/rust/issues/12345#issuecomment-987654321"],
    ),
    "a telephone number": (
        ["+41 43 210 71 08 Switzerland", "Dial 0041 43 210 71 08", "Call 0800 123 456",
         "043 210 71 08", "tel:+41227677000", "Dial-in: (712) 775-7031",
         "Toll free: 1-888-555-0147", "Dial-in: +1.512.402.2718"],
        ["+1 to that, +100 lines, +1234 -567", "2021-06-09T10:00:00+02:00",
         "UTC+02:00 and GMT +0100", "00 01 02 03 04 05 06 07 08 09 0a 0b",
         "05 10 15 20 25 30", "09 06 2021 10:00", "Port 8080, localhost:5001, 127.0.0.1:4001",
         "ORCID 0000-0002-1825-0097", "Timestamp 1681338455, slot 6209536, epoch 194048",
         "commit 0010000000000000000000000000000000000000", "+12345678901234567890 bytes",
         "call in 5 minutes, dial 2 for support", "Phone call with 300 participants",
         "dial 173.243.122.168", "Phone: see the staff directory", "tel: see below",
         "Dial-in details are on Indico."],
    ),
    "a dial string": (
        ["+41432107108,,98765432101#", "tel:+41227677000,,1234567#",
         "6699006833,,95429556769#"],
        ["Contact 1234567,,89 from the CSV", "1617181920,,3,4", "a,b,,1234567,,0"],
    ),
    "a SIP or H.323 address": (
        ["98765432101@zoomcrc.com", "Dial 27331234567@cern.webex.com",
         "Dial 27331234567.cern@lync.webex.com", "137.138.248.204##10501234",
         "sip:10501234@vidyoportal.cern.ch"],
        ["1234567890@qq.com wrote to the list", "contact 123456789@example.org",
         "The IP is 137.138.248.204", "162.255.37.11 (US West)"],
    ),
}
_FIRES = [(rule, line) for rule, (fires, _) in RULES.items() for line in fires]
_RESEMBLES = [(rule, line) for rule, (_, resembles) in RULES.items() for line in resembles]


@pytest.mark.parametrize(("rule", "line"), _FIRES)
def test_each_rule_reports_what_it_is_written_for(rule: str, line: str) -> None:
    assert find_secrets(line) is not None


@pytest.mark.parametrize(("rule", "line"), _RESEMBLES)
def test_what_resembles_a_rule_is_not_reported(rule: str, line: str) -> None:
    assert find_secrets(line) is None


def test_the_messages_name_what_was_found() -> None:
    assert find_secrets("https://zoom.us/join?id=95429556769") == MESSAGE_LINK_ID
    assert find_secrets("Dial-in: (712) 775-7031") == MESSAGE_PHONE
    assert find_secrets("137.138.248.204##10501234") == MESSAGE_ADDRESS
    assert find_secrets("Meeting number (access code): 2733 123 4567") == _label(
        "Meeting number")


def test_a_label_waits_for_its_value_on_a_later_line() -> None:
    assert scan("Passcode:\n\n590317\n") == [(3, _label("Passcode"))]
    assert scan("Dial-in numbers:\n  (712) 775-7031\n") == [(2, MESSAGE_PHONE)]
    assert scan("Reset PIN\nLearn More | Meeting options\n") == []
    assert scan("use core::pin::Pin;\n590317\n") == []
    assert scan("https://bugs.example.org/show_bug.cgi?id=\n987 654 321\n") == []
    # a label ends the line only if it is one in the whole line, not just in its end
    text = "apin:" + " " * 116 + "\n590317\n"
    assert scan(text) == scan_lines(text.split("\n")) == []


def test_the_corpus_false_alarms_are_gone() -> None:
    """The lines docs/format.md §8.1 names as read wrongly by the previous release."""
    text = "\n".join([
        "    - [x](https://bugzilla.mozilla.org/show_bug.cgi?id=1603737#c5)",
        "        - https://bugzilla.mozilla.org/show_bug.cgi?id=1220810#c23",
        "use core::pin::Pin;",
        "  = note: required by `Pin::<P>::new`",
        "         ::std::pin::Pin::new_unchecked(&mut pinned),",
    ])
    assert scan(text) == []


# --- property tests ----------------------------------------------------------------------

_VOCABULARY = """the a of and to we on for is was with this that next week release review
    merged meeting minutes agenda notes action item decided discussed proposal issue patch team
    update status blocked done open closed follow up spec test tests client node network API
    build CI docs site data lake storage deadline budget partners slides talk"""
_WORDS = st.sampled_from(_VOCABULARY.split())
_IDENTIFIERS = st.sampled_from([
    "core::pin::Pin", "std::pin::pin!(fut)", "Pin<&mut Self>", "Pin<Box<dyn Future>>",
    "Pin::new(&mut x)", "PIN_CODE", "self.pin", "#[pin]", "MEETING_ID", "issue_id",
    "get_code()", "password_hash", "PASSWORD_MIN_LENGTH", "passcode_len", "pin_project",
    "js-peer-id", "extension.rs", "`code`", "e.code", "id.len()", "Option<String>",
]) | st.from_regex(r"[a-z]{1,8}(?:_[a-z]{1,8}){1,2}", fullmatch=True)
_HOSTS = st.sampled_from([
    "github.com", "bugzilla.mozilla.org", "code.google.com", "bugs.chromium.org",
    "drive.google.com", "example.org", "gitlab.cern.ch", "indico.cern.ch", "hackmd.io",
    "docs.rs", "crates.io", "ethresear.ch",
])
_QUERY_NAME = st.from_regex(r"[a-z_]{1,10}", fullmatch=True).filter(
    lambda n: n not in {"pwd", "passwd", "password", "passcode"})
_QUERY_VALUE = st.from_regex(r"[A-Za-z0-9]{1,12}", fullmatch=True) | st.integers(
    0, 10**12).map(str)
_URLS = st.builds(
    lambda scheme, host, path, query, anchor: f"{scheme}{host}/{path}"
    + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "") + anchor,
    st.sampled_from(["https://", "http://", ""]), _HOSTS,
    st.from_regex(r"[a-z0-9_.\-]{0,12}(?:/[a-z0-9_.\-]{1,12}){0,3}", fullmatch=True),
    st.lists(st.tuples(_QUERY_NAME, _QUERY_VALUE), max_size=3),
    st.sampled_from(["", "#c5", "#issuecomment-123456789", "#L10"]),
)
_NUMBERS = st.one_of(
    st.integers(0, 10**15).map(str),
    st.floats(0, 1e6, allow_nan=False).map(lambda f: f"{f:.3f}"),
    st.tuples(*[st.integers(0, 99)] * 3).map(lambda v: "{}.{}.{}".format(*v)),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.datetimes().map(lambda t: t.isoformat() + "Z"),
    st.from_regex(r"[0-9a-f]{7}|[0-9a-f]{40}|0x[0-9a-f]{8,40}", fullmatch=True),
    st.from_regex(r"#[1-9][0-9]{0,6}", fullmatch=True),
    st.from_regex(r"localhost:[1-9][0-9]{1,4}", fullmatch=True),
    st.just("ORCID 0000-0002-1825-0097"),
    st.from_regex(r"v?[0-9]{1,2}\.[0-9]{1,2}(?:\.[0-9]{1,3})?(?:-rc[0-9])?", fullmatch=True),
)
_SENTENCES = st.sampled_from([
    "The meeting ID was sent by mail.", "PINs and passcodes are never written here.",
    "Password policy: reviewed by WP2.", "Join at https://cern.zoom.us/j/95429556769 today.",
    "the extension: .md", "code: 200", "Meeting ID: see Indico.", "Reset PIN",
    "We pin 1500 jobs per site.", "Pinned issue: #123; PR #4567 merged.",
])
_PIECE = st.one_of(_WORDS, _IDENTIFIERS, _URLS, _NUMBERS, _SENTENCES)


@st.composite
def _prose(draw: st.DrawFn) -> str:
    """Lines of words, code, links to hosts that are not video-conference hosts, numbers,
    dates and versions: a word between any two pieces, so no two numbers run together."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        pieces = draw(st.lists(st.tuples(_WORDS, _PIECE), max_size=10))
        lines.append(" ".join(f"{w} {p}" for w, p in pieces))
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_prose())
def test_prose_without_a_credential_is_never_reported(text: str) -> None:
    assert scan(text) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(EXPECTED)),
    before=_prose(),
    after=_prose(),
    marker=st.sampled_from(["", "    ", "- ", "> ", "* "]),
)
def test_each_invitation_is_found_within_any_prose(
    name: str, before: str, after: str, marker: str
) -> None:
    lines = [marker + line if line else line for line in _invitation(name).split("\n")]
    text = before + "\n" + "\n".join(lines) + "\n" + after
    shift = before.count("\n") + 1
    assert dict(scan(text)) == {line + shift: what for line, what in EXPECTED[name].items()}


def test_the_scan_reads_only_where_a_pattern_matches() -> None:
    """scan() reads the lines where some pattern matches, and a label's value line: the same
    as reading every line (the property tests in test_hostile.py check it on any text)."""
    text = "intro\n" * 50 + "Passcode:\n\n\n590317\n" + "more prose\n" * 50 + "PIN: 4471"
    assert scan(text) == scan_lines(text.split("\n")) == [
        (54, _label("Passcode")), (105, _label("PIN"))]
    assert credentials.may_hold_secrets(text)


def test_a_line_of_tags_after_a_waiting_label_is_read() -> None:
    """A line blank but for its tags, after a label that waits for its value, is read: a
    tag's attribute may hold a credential, and the site would publish it."""
    assert scan('Passcode:\n<a title="PIN 4471#"></a>\nok\n') == [(2, _label("PIN"))]
    assert scan('Meeting ID\n\n<span title="Passcode: 590317">') == [(3, _label("Passcode"))]


_WAITING = st.lists(
    st.lists(st.sampled_from([
        "Passcode:", "PIN", "Meeting ID", "Dial-in:", "Password", " ", "", "590317", "4471#",
        "987 6543 2101", "(712) 775-7031", "<b>", "</b>", '<a title="PIN 4471#">', "</a>",
        "<br>", "<!-- PIN: 4471 -->", "&#10;", "x", "**", "- ", "> ",
    ]), max_size=3).map("".join),
    max_size=10,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_WAITING)
def test_the_scan_reads_what_every_line_read_in_turn_reads(text: str) -> None:
    """Labels that wait for their value over blank lines, lines of tags and values: scan()
    skips lines and finds what scan_lines finds."""
    assert scan(text) == scan_lines(text.split("\n"))


def test_a_reading_lower_cases_to_as_many_characters() -> None:
    """The labels are looked for in the reading in lower case, at the reading's places: no
    character of any reading lower-cases to two (U+0130 does, and is folded to I)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for text in (every, "I\u0307", "\u0130 PIN: 4471"):
        view = credentials.reader_view(text)
        lowered, read = len(credentials._lower(view)), len(view)
        assert lowered == read, text[:20]
    assert find_secrets("\u0130D: 987 6543 2101") == _label("ID")


# --- the benchmark's figure --------------------------------------------------------------


def test_the_benchmark_counts_false_alarms_on_real_prose(tmp_path: Path) -> None:
    from benchmarks.run import bench_real_prose

    write_archive(tmp_path, {
        "tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: []", "\nuse core::pin::Pin;\n"),
        "tcm/2021/2021-06-16.md": record("date: 2021-06-16\npresent: []", "\nPasscode: 590317\n"),
    })
    alarms, speed = bench_real_prose(tmp_path)
    # 2 records of 7 lines each (4 of front-matter, a blank line, a line, the last line end)
    assert alarms == (
        "false alarms on real prose: 1 lines in 1 records of 2 (714.29 per 10,000 lines)")
    assert speed.startswith("the check on real prose: 0.00 MB, ") and speed.endswith(" MB/s")
    assert bench_real_prose(tmp_path / "nowhere") == [
        f"real prose: skipped, no corpus at {tmp_path / 'nowhere'}"]


def test_the_benchmark_reads_a_record_as_the_check_does(tmp_path: Path) -> None:
    """A control character inside a label is dropped as the record is read (docs/format.md
    §9): the check then reports the label, and so does the benchmark's figure."""
    from benchmarks.run import bench_real_prose

    body = "\r\nPass\x07code: 590317\r\n"
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record("date: 2021-06-09", body)})
    problems = Problems()
    load_archive(tmp_path / "meetings", Options(), problems)
    assert [p.line for p in problems.items if "must never be published" in p.message] == [5]
    alarms, _ = bench_real_prose(tmp_path)
    assert alarms.startswith("false alarms on real prose: 1 lines in 1 records of 1 ")
