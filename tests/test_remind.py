"""`minutes remind` (issue 23): open actions to chase by owner, drafts awaiting approval, as of
a fixed day, in its three formats, byte for byte."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.tools.remind import remind, series_until

from .helpers import PEOPLE, minutes, record, write_archive

TODAY = "2021-06-20"
SITE = "https://minutes.example.org/meetings"

# tcm meets every 14 days (next meeting: 30 June); the board's only meeting is internal.
RECORDS = {
    "tcm/2021/2021-06-02.md": record(
        """
        date: 2021-06-02
        status: draft
        present: [Ian Bird, Jérôme Müller]
        """,
        """
        ## Notes
        - [ ] Ian Bird: Write the plan (due 2021-06-10)
        - [ ] Jérôme Müller, Kay Graf: Book the room (due 2021-06-25)
        - [ ] Kay Graf: Order the hardware (due 2021-09-01)
        - [ ] Xavier Espinal: Send the slides (due 2021-06-05)
        - [ ] Collect the feedback (due 2021-06-18)
        - [ ] Kay Graf: Keep an eye on it
        """,
    ),
    "tcm/2021/2021-06-16.md": record(
        """
        date: 2021-06-16
        status: draft
        approves: [tcm-2021-06-02]
        present: [Ian Bird]
        """,
        """
        ## Notes
        - [x] tcm-2021-06-02-4: sent
        - [ ] Jérôme Müller: Draft the summary (due 2021-06-29)
        """,
    ),
    "board/2021/2021-06-10.md": record(
        """
        date: 2021-06-10
        visibility: internal
        present: [Ian Bird]
        """,
        """
        ## Notes
        - [ ] Ian Bird: Settle the budget canary (due 2021-06-12)
        """,
    ),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    people = PEOPLE + "jerome-muller:\n  name: Jérôme Müller\n"
    return write_archive(tmp_path_factory.mktemp("remind"), RECORDS, people=people)


def run(root: Path, *args: str) -> tuple[int, str]:
    result = minutes(root, "remind", "--today", TODAY, *args)
    assert result.stderr == ""
    return result.returncode, result.stdout


TEXT = f"""\
Open actions overdue or due before the next meeting of their series, as of 2021-06-20

Ian Bird
  tcm-2021-06-02-1 (overdue 2021-06-10): Write the plan
    {SITE}/tcm/2021-06-02/#tcm-2021-06-02-1

Jérôme Müller
  tcm-2021-06-02-2 (due 2021-06-25): Book the room
    {SITE}/tcm/2021-06-02/#tcm-2021-06-02-2
  tcm-2021-06-16-1 (due 2021-06-29): Draft the summary
    {SITE}/tcm/2021-06-16/#tcm-2021-06-16-1

Kay Graf
  tcm-2021-06-02-2 (due 2021-06-25): Book the room
    {SITE}/tcm/2021-06-02/#tcm-2021-06-02-2

(no owner)
  tcm-2021-06-02-5 (overdue 2021-06-18): Collect the feedback
    {SITE}/tcm/2021-06-02/#tcm-2021-06-02-5

Drafts awaiting approval

  tcm-2021-06-16: Technical Coordination Meeting, 2021-06-16
    {SITE}/tcm/2021-06-16/
"""


def test_text_groups_by_owner_up_to_the_series_next_meeting(root: Path) -> None:
    # Default window: tcm's next meeting is 16 June + 14 days; 1 September is beyond it, the
    # action without a due date and the one closed on 16 June are not chased, the internal
    # board record is left out, and the draft approved on 16 June no longer awaits approval.
    assert run(root) == (0, TEXT)


def test_markdown_with_days(root: Path) -> None:
    expected = f"""\
Open actions overdue or due within 3 days of 2021-06-20.

### Ian Bird

- [tcm-2021-06-02-1]({SITE}/tcm/2021-06-02/#tcm-2021-06-02-1) (**overdue** since 2021-06-10): Write the plan

### (no owner)

- [tcm-2021-06-02-5]({SITE}/tcm/2021-06-02/#tcm-2021-06-02-5) (**overdue** since 2021-06-18): Collect the feedback

### Drafts awaiting approval

- [tcm-2021-06-16]({SITE}/tcm/2021-06-16/): Technical Coordination Meeting, 2021-06-16
"""
    assert run(root, "--format", "markdown", "--days", "3") == (0, expected)


def test_json_with_internal_records(root: Path) -> None:
    status, out = run(root, "--format", "json", "--days", "3", "--internal")
    assert status == 0
    canary = {
        "id": "board-2021-06-10-1",
        "text": "Settle the budget canary",
        "due": "2021-06-12",
        "overdue": True,
        "meeting": "board-2021-06-10",
        "series": "board",
        "owners": ["Ian Bird"],
        "url": f"{SITE}/board/2021-06-10/#board-2021-06-10-1",
    }
    data = json.loads(out)
    assert data["today"] == TODAY and data["days"] == 3 and data["overdue"] is True
    assert [(o["name"], [a["id"] for a in o["actions"]]) for o in data["owners"]] == [
        ("Ian Bird", ["tcm-2021-06-02-1", "board-2021-06-10-1"]),
        ("(no owner)", ["tcm-2021-06-02-5"]),
    ]
    assert data["owners"][0]["actions"][1] == canary
    assert data["drafts"] == [
        {
            "id": "tcm-2021-06-16",
            "title": "Technical Coordination Meeting",
            "date": "2021-06-16",
            "url": f"{SITE}/tcm/2021-06-16/",
        }
    ]
    assert out == json.dumps(data, indent=2, ensure_ascii=False) + "\n"  # UTF-8, not \u escapes
    public = run(root, "--format", "json", "--days", "3")[1]
    assert "canary" not in public and "board" not in public


def test_fail_on_overdue_exit_codes(root: Path) -> None:
    assert run(root, "--fail-on-overdue")[0] == 1
    assert run(root)[0] == 0
    # Nothing overdue before 10 June (the first due date): exit 0 even with the flag.
    result = minutes(root, "remind", "--today", "2021-06-03", "--days", "1", "--fail-on-overdue")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No open actions to chase." in result.stdout


def test_same_input_same_output(root: Path) -> None:
    for fmt in ("text", "markdown", "json"):
        assert run(root, "--format", fmt) == run(root, "--format", fmt)


def test_a_draft_awaits_approval_until_a_later_record_approves_it(root: Path) -> None:
    archive = load_archive(root / "meetings", Options(), Problems()).edition(True)
    assert archive.approved_by == {"tcm-2021-06-02": "tcm-2021-06-16"}
    assert [d.id for d in remind(archive, dt.date(2021, 6, 20)).drafts] == ["tcm-2021-06-16"]


def test_default_window_falls_back_to_14_days(root: Path) -> None:
    archive = load_archive(root / "meetings", Options(), Problems()).edition(True)
    today = dt.date(2021, 6, 20)
    assert series_until(archive, "tcm", today) == dt.date(2021, 6, 30)
    # one meeting: no interval to tell; a next meeting already past: 14 days from today
    assert series_until(archive, "board", today) == dt.date(2021, 7, 4)
    assert series_until(archive, "tcm", dt.date(2021, 7, 1)) == dt.date(2021, 7, 15)
