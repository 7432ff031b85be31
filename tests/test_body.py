"""Parsing a record's body: sections, speakers, actions, follow-ups, decisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minutes.core.archive import Options, load_archive
from minutes.core.body import SPEAKER_RE, GroupMatcher, scan_body, speaker_names, split_heading
from minutes.core.credentials import find_secrets
from minutes.core.problems import Problems

from .helpers import record, write_archive

BODY = """
## 10:00–10:05 Introduction
Speaker: Dr Ian Bird (LAPP)

- [ ] Ian Bird, Xavier Espinal: prepare the FENIX letter of intent (due 2021-07-09)
- [x] Kay Graf and Ian Bird: circulate the slides

## 10:15-10:45 Round table

### WP2
Speakers: Xavier Espinal (CERN), xavier espinal (CERN-IT)

- Tokens progressing.
    * [ ] Somebody unknown: look into this
- **Decision:** EGI-ACE is included as a resource provider.

#### Details

Still WP2 text.

### Data lake news { group=wp2 .news }

Decision: a second
WP2 decision on two lines.

### CTA – status

```
### WP3 inside a code block is not a heading
- [ ] nor is this an action
```

### KM3NeT

## AOB

- [ ] tcm-2021-06-09-1: reviewed, stays open
- [x] tcm-2021-06-09-2: closed in its own record
"""


@pytest.fixture
def meeting(tmp_path: Path):  # type: ignore[no-untyped-def]
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird]", BODY)})
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(), problems)
    assert problems.errors == []
    return archive, archive.meetings[0]


def test_sections_groups_slots_and_speakers(meeting) -> None:  # type: ignore[no-untyped-def]
    _, m = meeting
    got = [(s.level, s.title, s.slot, s.group, s.speakers) for s in m.sections]
    assert got == [
        (2, "Introduction", ("10:00", "10:05"), None, ["ian-bird"]),
        (2, "Round table", ("10:15", "10:45"), None, []),
        (3, "WP2", None, "wp2", ["xavier-espinal"]),
        (4, "Details", None, None, []),
        (3, "Data lake news", None, "wp2", []),
        (3, "CTA – status", None, "cta", []),
        (3, "KM3NeT", None, "km3net", []),
        (2, "AOB", None, None, []),
    ]
    assert m.groups == ["wp2", "cta", "km3net"]
    # the first line of a record's body is line 4 here (3 front-matter lines + 2 fences)
    assert [s.line for s in m.sections][:3] == [6, 12, 14]


def test_actions_owners_due_and_groups(meeting) -> None:  # type: ignore[no-untyped-def]
    _, m = meeting
    got = [(a.id, a.owners, a.text, a.due, a.checked, a.group) for a in m.actions]
    assert got == [
        ("tcm-2021-06-09-1", ["ian-bird", "xavier-espinal"], "prepare the FENIX letter of intent",
         dt.date(2021, 7, 9), False, None),
        ("tcm-2021-06-09-2", ["kay-graf", "ian-bird"], "circulate the slides", None, True, None),
        ("tcm-2021-06-09-3", [], "Somebody unknown: look into this", None, False, "wp2"),
    ]


def test_decisions_bold_plain_and_multiline(meeting) -> None:  # type: ignore[no-untyped-def]
    _, m = meeting
    assert [(d.text, d.group) for d in m.decisions] == [
        ("EGI-ACE is included as a resource provider.", "wp2"),
        ("a second WP2 decision on two lines.", "wp2"),
    ]


def test_followups_update_status(meeting) -> None:  # type: ignore[no-untyped-def]
    archive, m = meeting
    assert [(f.target, f.checked) for f in m.followups] == [
        ("tcm-2021-06-09-1", False), ("tcm-2021-06-09-2", True),
    ]
    a1, a2, a3 = (archive.actions[f"tcm-2021-06-09-{n}"] for n in (1, 2, 3))
    assert (a1.status, a1.closed_in) == ("open", None)
    assert (a2.status, a2.closed_in) == ("done", "tcm-2021-06-09")
    assert a3.overdue(dt.date(2030, 1, 1)) is False  # no due date
    assert a1.overdue(dt.date(2021, 7, 10)) is True
    assert a1.overdue(dt.date(2021, 7, 9)) is False


def test_split_heading() -> None:
    h = split_heading("10:00 – 10:05 Introduction { #intro group=wp2 }")
    assert (h.text, h.group_attr, h.rest_attrs, h.slot) == (
        "Introduction", "wp2", "#intro", ("10:00", "10:05"))
    h = split_heading("Costs {not attrs}")
    assert (h.text, h.group_attr, h.slot) == ("Costs {not attrs}", None, None)
    assert split_heading("9.30 Coffee").slot == ("09:30", None)


@pytest.mark.parametrize("line", [
    "Passcode: 115510", "Meeting ID: 954 2955 6769", "- PIN: 1234", "**Password:** hunter2",
    "+41 43 210 71 08 Switzerland", "+41432107108,,95429556769# Switzerland",
    "Join: https://cern.zoom.us/j/95429556769?pwd=bXlwYXNz", "Webinar ID: 123 456 789",
])
def test_credentials_are_found(line: str) -> None:
    assert find_secrets(line) is not None


@pytest.mark.parametrize("line", [
    "Password hashing API was discussed", "Join at https://cern.zoom.us/j/95429556769",
    "The meeting ID was sent by mail", "PINs and passcodes are never written here.",
    "Deadline 2021-07-09, 300 online (and 2000 offline) participants", "Pinned issue: #123",
    "Password policy: reviewed by WP2",
])
def test_ordinary_prose_is_not_flagged(line: str) -> None:
    assert find_secrets(line) is None


class _AnyGroup(GroupMatcher):
    def group_of_heading(self, text: str) -> str | None:
        return "wp2"

    def group_id(self, text: str) -> str | None:
        return "wp2"

    def person(self, name: str, line: int) -> str:
        return "someone"

    def owner(self, name: str) -> str | None:
        return None


_BODY_LINE = st.sampled_from(
    ["# A", "## B", "### C", "", "  ", "Speaker: Ian", "text", "```", "~~~", "````", "- [ ] x"]
)


@given(st.lists(_BODY_LINE, max_size=30))
def test_a_section_has_text_when_a_line_under_it_is_not_blank_nor_its_speaker(
    lines: list[str],
) -> None:
    scanned = scan_body(lines, 1, "m", _AnyGroup(), lambda line, message: None)
    for s in scanned.sections:
        expected = any(
            lines[j].strip() and j not in scanned.speaker_lines for j in range(s.start, s.end)
        )
        assert s.has_text == expected, (s, lines)


# Speaker lines as people write them (docs/format.md §6.3) ------------------------------------
@pytest.mark.parametrize(("line", "names"), [
    ("Speaker: Ian Bird", ["Ian Bird"]),
    ("**Speaker: Ian Bird**", ["Ian Bird"]),
    ("**Speaker:** Ian Bird", ["Ian Bird"]),
    ("**Speaker**: Ian Bird", ["Ian Bird"]),
    ("**Speaker: **Ian Bird", ["Ian Bird"]),
    ("*Speaker:* Ian Bird", ["Ian Bird"]),
    ("***Speaker:*** Ian Bird", ["Ian Bird"]),
    ("__Speakers:__ Ian Bird, Kay Graf", ["Ian Bird", "Kay Graf"]),
    ("Speaker: **Ian Bird**", ["Ian Bird"]),
    ("Speakers: **Ian Bird** and _Kay Graf_", ["Ian Bird", "Kay Graf"]),
    ("**Speakers: Ian Bird (LAPP), Kay Graf**", ["Ian Bird (LAPP)", "Kay Graf"]),
    ("Speaker: ian_bird", ["ian_bird"]),  # an underscore inside a word is no emphasis
    ("Speakers: Ian Bird, 2", ["Ian Bird"]),
    ("Speaker:", []),
    ("**Speaker:**", []),
])
def test_speaker_lines_as_people_write_them(line: str, names: list[str]) -> None:
    m = SPEAKER_RE.match(line)
    assert m is not None
    assert speaker_names(m.group(1)) == names


@pytest.mark.parametrize("line", ["* Speaker: a list item", "The Speaker: not at the start"])
def test_lines_that_are_no_speaker_lines(line: str) -> None:
    assert SPEAKER_RE.match(line) is None


class _People(_AnyGroup):
    def __init__(self) -> None:
        self.named: list[tuple[str, int]] = []

    def person(self, name: str, line: int) -> str:
        self.named.append((name, line))
        return name.lower().replace(" ", "-")


def test_a_speaker_label_that_names_nobody_stays_on_the_page() -> None:
    lines = ["## Item", "**Speaker: 13**", "* Yes.", "## Other", "**Speaker: Kay Graf**", "",
             "## Third", "Speaker:", "## Fourth", "Speaker: ?"]
    people = _People()
    problems: list[tuple[int, str]] = []
    scanned = scan_body(lines, 10, "m", people, lambda line, msg: problems.append((line, msg)))
    assert people.named == [("Kay Graf", 14)]
    assert [s.speakers for s in scanned.sections] == [[], ["kay-graf"], [], []]
    assert scanned.speaker_lines == {4, 7}  # `Speaker: 13` and `Speaker: ?` are text
    assert [s.has_text for s in scanned.sections] == [True, False, False, True]
    assert problems == []


def test_the_transcript_label_of_the_shared_corpus_warns_about_nobody(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # acd-cl/2023/2023-05-18.md:293 of the shared corpus: `**Speaker: 13**` under a heading
    body = "\n## Remove merge conditionals\n**Speaker: 13**\n* Yes. So, in the tx...\n"
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird]", body)})
    monkeypatch.chdir(tmp_path)
    for strict in (False, True):
        problems = Problems()
        archive = load_archive(tmp_path / "meetings", Options(strict=strict), problems)
        assert [str(p) for p in problems.items] == []
        m = archive.meetings[0]
        assert m.sections[0].speakers == []
        assert "**Speaker: 13**" in m.body and m.speaker_lines == set()


_MARKED = st.lists(st.sampled_from([*"*_ ,Aaé1-()", " and ", "**", "__"]), max_size=20).map("".join)


@given(_MARKED)
def test_speaker_names_never_keep_emphasis_marks_at_their_ends(value: str) -> None:
    for name in speaker_names(value):
        assert name == name.strip() and name
        assert not name.startswith(("*", "_")) and not name.endswith(("*", "_")), name
        assert "*" not in name
        assert any(c.isalpha() for c in name)


@given(_MARKED)
def test_a_bold_speaker_line_names_whom_the_plain_one_names(value: str) -> None:
    plain = SPEAKER_RE.match("Speaker: " + value)
    bold = SPEAKER_RE.match("**Speaker: " + value + "**")
    assert plain is not None and bold is not None
    assert speaker_names(bold.group(1)) == speaker_names(plain.group(1))
