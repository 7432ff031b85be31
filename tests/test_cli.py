"""The `minutes` command line: check and new (with and without a register)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from minutes.core.archive import Options, load_archive
from minutes.core.model import Meeting
from minutes.core.problems import Problems
from minutes.tools.newrecord import next_meeting

from .helpers import minutes, record, write_archive

P = "meetings/tcm/2021/2021-06-09.md"


def test_check_ok_prints_counts_and_exits_zero(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Ian Bird]")})
    result = minutes(tmp_path, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "checked 1 record, 2 series, 4 groups, 5 people: no errors\n"


def test_check_reports_every_problem_and_exits_one(tmp_path: Path) -> None:
    write_archive(tmp_path, {
        "tcm/2021/2021-06-09.md": record("date: 2021-06-10\npresent: [Ian Bird]"),
        "tcm/2021/2021-06-16.md": record("date: 2021-06-16\npresent: Ian Bird", "\nPasscode: 590317\n"),
    })
    result = minutes(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{P}:2: date 2021-06-10 differs from the file name's date 2021-06-09",
        "meetings/tcm/2021/2021-06-16.md:3: 'present' must be a list, not text",
        "meetings/tcm/2021/2021-06-16.md:6: a dial-in credential ('Passcode: ...') must never "
        "be published: remove it from the record",
    ]
    assert "3 errors in 2 records" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_check_path_argument_and_strict_from_mkdocs_yml(tmp_path: Path) -> None:
    root = write_archive(tmp_path / "archive", {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird, Kay Grf]")}, strict=True)
    # from elsewhere, naming the meetings folder: the options of the archive's mkdocs.yml apply
    result = minutes(tmp_path, "check", str(root / "meetings"))
    assert result.returncode == 1
    assert "unknown person 'Kay Grf' (did you mean Kay Graf?)" in result.stdout
    # the same archive without strict: a warning, exit 0
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace("strict: true", "strict: false"))
    result = minutes(root, "check")
    assert result.returncode == 0
    assert "warning: unknown person 'Kay Grf'" in result.stdout
    assert result.stdout.endswith("no errors, 1 warning\n")


def test_check_github_annotations(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record("date: 2021-06-10\npresent: []")})
    result = minutes(tmp_path, "check", env={"GITHUB_ACTIONS": "true"})
    assert (
        f"::error file={P},line=2::date 2021-06-10 differs from the file name's date 2021-06-09"
        in result.stdout.splitlines()
    )


def test_new_fills_front_matter_from_series_and_refuses_to_overwrite(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird]",
        "\n## WP2\n\n- [ ] Kay Graf: write the report (due 2021-06-30)\n- [x] Ian Bird: done already\n")})
    result = minutes(tmp_path, "new", "tcm", "--date", "2021-06-23")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "meetings/tcm/2021/2021-06-23.md"
    assert result.stdout.strip() == "meetings/tcm/2021/2021-06-23.md"
    text = path.read_text()
    assert text.startswith("---\nseries: tcm\ndate: 2021-06-23\ntitle: Technical Coordination Meeting\n")
    assert "chair: Ian Bird\n" in text
    assert "present:\n- Ian Bird\n- Xavier Espinal\n- Kay Graf\n" in text
    assert "- [ ] tcm-2021-06-09-1: write the report (Kay Graf) (due 2021-06-30)" in text
    assert "tcm-2021-06-09-2" not in text  # done actions are not carried over
    assert "## Round table\n\n### WP2\n" in text and "### WP3\n" in text and "### CTA\n" in text
    assert "Deliverables and milestones" not in text  # no register, no section
    # the new record is valid and its follow-up links the carried action
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(strict=True), problems)
    assert problems.errors == []
    new = archive.meetings[-1]
    assert new.id == "tcm-2021-06-23" and [s.group for s in new.sections if s.group] == ["wp2", "wp3", "cta"]
    assert [f.target for f in new.followups] == ["tcm-2021-06-09-1"]
    # never overwrite
    path.write_text(text + "\nmy notes\n")
    again = minutes(tmp_path, "new", "tcm", "--date", "2021-06-23")
    assert again.returncode == 1
    assert "exists already" in again.stderr
    assert path.read_text().endswith("my notes\n")


def test_new_defaults_to_today_and_rejects_unknown_series(tmp_path: Path) -> None:
    write_archive(tmp_path, {})
    result = minutes(tmp_path, "new", "board")
    assert result.returncode == 0, result.stderr
    today = dt.date.today()
    assert (tmp_path / f"meetings/board/{today.year}/{today.isoformat()}.md").exists()
    bad = minutes(tmp_path, "new", "nope")
    assert bad.returncode == 2
    assert "unknown series 'nope' (known: board, tcm)" in bad.stderr


REGISTER_YML = Path(__file__).parent / "fixtures" / "outputs" / "register.yml"


def test_new_lists_the_register_items_due_before_the_next_meeting(tmp_path: Path) -> None:
    write_archive(tmp_path, {
        "tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Ian Bird]"),
        "tcm/2021/2021-06-23.md": record("date: 2021-06-23\npresent: [Ian Bird]"),
    })
    (tmp_path / "meetings/register.yml").write_text(REGISTER_YML.read_text(encoding="utf-8"))
    result = minutes(tmp_path, "new", "tcm", "--date", "2021-07-07")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "meetings/tcm/2021/2021-07-07.md").read_text()
    # every two weeks: the next meeting is about 21 July. D2.3 is submitted and MS4 reached
    # (nothing more is owed); MS5 was due on 30 June; R3, a risk, has no due date.
    assert (
        "## Deliverables and milestones\n\n"
        "Overdue, or due before the next meeting (about 2021-07-21):\n\n"
        "- MS5: Repository open to the ESFRIs (WP3; due 2021-06-30; overdue)\n"
        "- D3.1: Software repository design (WP3; due 2021-07-15)\n\n"
        "## Round table\n"
    ) in text
    # the section is Markdown of the record: valid, and its ids are mentions
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(strict=True), problems)
    assert problems.errors == []
    assert [m.item for m in archive.meetings[-1].mentions] == ["MS5", "D3.1"]


def test_new_after_every_item_is_done_adds_no_section(tmp_path: Path) -> None:
    write_archive(tmp_path, {})
    register = REGISTER_YML.read_text(encoding="utf-8")
    (tmp_path / "meetings/register.yml").write_text(register)
    # on 1 March 2021, the next meeting 28 days later: nothing is due before 29 March
    result = minutes(tmp_path, "new", "tcm", "--date", "2021-03-01")
    assert result.returncode == 0, result.stderr
    assert "Deliverables" not in (tmp_path / "meetings/tcm/2021/2021-03-01.md").read_text()


def _meetings(series: str, *dates: str) -> list[Meeting]:
    return [
        Meeting(f"{series}-{d}", series, dt.date.fromisoformat(d), None, "T", Path(d), "", 1)
        for d in dates
    ]


def test_next_meeting_is_the_median_gap_of_the_series_last_meetings() -> None:
    day = dt.date(2021, 9, 1)
    assert next_meeting([], "tcm", day) == dt.date(2021, 9, 29)  # unknown: 28 days
    assert next_meeting(_meetings("tcm", "2021-08-25"), "tcm", day) == dt.date(2021, 9, 29)
    # gaps 7, 14, 14: 14 days; another series' meetings and later ones do not count
    weekly = _meetings("tcm", "2021-07-21", "2021-07-28", "2021-08-11", "2021-08-25", "2021-09-08")
    board = _meetings("board", "2021-08-30", "2021-08-31")
    assert next_meeting(weekly + board, "tcm", day) == dt.date(2021, 9, 15)
    # gaps 7 and 14: the lower middle
    three = _meetings("tcm", "2021-08-11", "2021-08-18", "2021-09-01")
    assert next_meeting(three, "tcm", day) == dt.date(2021, 9, 8)
    # monthly, then weekly: only the last six meetings (five gaps) count
    dates = [dt.date(2021, 1, 1) + dt.timedelta(days=30 * i) for i in range(7)]
    dates += [dates[-1] + dt.timedelta(days=7 * i) for i in range(1, 6)]
    both = _meetings("tcm", *(d.isoformat() for d in dates))
    after = dates[-1] + dt.timedelta(days=1)
    assert next_meeting(both, "tcm", after) == after + dt.timedelta(days=7)
