"""Draft and approved minutes (docs/format.md §7.1): `status`, `approves`, the archive's
`approved_by`, the lifecycle checks at the `approves` line and the drafts-out edition."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutes.core.archive import Archive, Options, ParseCache, load_archive
from minutes.core.problems import Problems

from .helpers import record, write_archive

FRONT = "date: {date}\npresent: [Ian Bird]\n"


def rec(date: str, extra: str = "") -> tuple[str, str]:
    """A record of the `tcm` series on `date`, its front-matter ending with `extra`."""
    return f"tcm/{date[:4]}/{date}.md", record(FRONT.format(date=date) + extra)


def load(root: Path, *records: tuple[str, str], **options: object) -> tuple[Archive, list[str]]:
    write_archive(root, dict(records))
    problems = Problems()
    archive = load_archive(root / "meetings", Options(**options), problems)  # type: ignore[arg-type]
    return archive, [str(p).removeprefix(str(root) + "/") for p in problems.sorted()]


def at(date: str) -> str:
    return f"meetings/tcm/{date[:4]}/{date}.md"


# Each case: the records, and the one error (the `approves` line is line 4 of its record).
LIFECYCLE = {
    "unknown": (
        [rec("2021-06-09"), rec("2021-06-23", "approves: [tcm-2021-06-10]")],
        f"{at('2021-06-23')}:4: approves no known meeting 'tcm-2021-06-10'",
    ),
    "later": (
        [rec("2021-06-09", "approves: [tcm-2021-06-23]"), rec("2021-06-23")],
        f"{at('2021-06-09')}:4: approves the later meeting 'tcm-2021-06-23'",
    ),
    "itself": (
        [rec("2021-06-09"), rec("2021-06-23", "approves: [tcm-2021-06-23]")],
        f"{at('2021-06-23')}:4: a meeting cannot approve itself ('tcm-2021-06-23')",
    ),
    "approved already": (
        [
            rec("2021-06-09"),
            rec("2021-06-16", "approves: [tcm-2021-06-09]"),
            rec("2021-06-23", "title: Next\napproves:\n  - tcm-2021-06-09"),
        ],
        f"{at('2021-06-23')}:5: 'tcm-2021-06-09' was approved already by 'tcm-2021-06-16'",
    ),
}


@pytest.mark.parametrize("case", list(LIFECYCLE))
def test_a_wrong_approval_is_an_error_at_its_line(case: str, tmp_path: Path) -> None:
    records, error = LIFECYCLE[case]
    archive, problems = load(tmp_path, *records)
    assert problems == [error]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("tcm-2021-06-09", "'approves' must be a list of meeting ids, not text"),
        ("[Tcm]", "'approves' must list meeting ids or {id: corrections}, not 'Tcm'"),
        ("[tcm-2021-06-09, tcm-2021-06-09]", "'approves' lists 'tcm-2021-06-09' twice"),
        ("[{tcm-2021-06-09: [a]}]", "the corrections to 'tcm-2021-06-09' must be text, not a list"),
    ],
)
def test_a_malformed_approves_is_an_error_at_its_line(
    value: str, error: str, tmp_path: Path
) -> None:
    _, problems = load(tmp_path, rec("2021-06-09"), rec("2021-06-23", f"approves: {value}"))
    assert [p.split(": ", 1)[0] for p in problems] == [f"{at('2021-06-23')}:4"]
    assert error in problems[0]


def test_a_bad_status_is_an_error(tmp_path: Path) -> None:
    _, problems = load(tmp_path, rec("2021-06-09", "status: final"))
    assert len(problems) == 1
    assert problems[0].startswith(f"{at('2021-06-09')}:4: ")
    assert "'status' must be approved or draft, not 'final'" in problems[0]


def test_the_default_status_is_the_archives(tmp_path: Path) -> None:
    records = [rec("2021-06-09"), rec("2021-06-16", "status: approved"), rec("2021-06-23")]
    approved, problems = load(tmp_path / "a", *records)
    assert problems == []
    assert [m.status for m in approved.meetings] == ["approved", "approved", "approved"]
    drafts, problems = load(tmp_path / "d", *records, default_status="draft")
    assert problems == []
    assert [m.status for m in drafts.meetings] == ["draft", "approved", "draft"]
    assert [m.id for m in drafts.awaiting_approval()] == ["tcm-2021-06-09", "tcm-2021-06-23"]


def test_an_approval_with_corrections_approves_the_draft(tmp_path: Path) -> None:
    archive, problems = load(
        tmp_path,
        rec("2021-06-02", "status: draft"),
        rec("2021-06-09", "status: draft"),
        rec(
            "2021-06-23",
            'approves:\n  - tcm-2021-06-02\n  - tcm-2021-06-09: " Kay Graf was present. "',
        ),
        default_status="draft",
    )
    assert problems == []
    first, second, third = archive.meetings
    assert third.approves == {"tcm-2021-06-02": None, "tcm-2021-06-09": "Kay Graf was present."}
    assert archive.approved_by == {
        "tcm-2021-06-02": "tcm-2021-06-23",
        "tcm-2021-06-09": "tcm-2021-06-23",
    }
    # approved from then on; the approving meeting itself waits for the next one
    assert [m.status for m in archive.meetings] == ["approved", "approved", "draft"]
    assert [m.id for m in archive.awaiting_approval()] == ["tcm-2021-06-23"]


def test_the_parse_cache_keeps_the_record_as_written(tmp_path: Path) -> None:
    """An approval makes a copy: once the approving record is gone, the draft is a draft."""
    root = write_archive(
        tmp_path,
        dict([rec("2021-06-09", "status: draft"), rec("2021-06-23", "approves: [tcm-2021-06-09]")]),
    )
    cache = ParseCache()
    first = load_archive(root / "meetings", Options(), Problems(), cache)
    assert [m.status for m in first.meetings] == ["approved", "approved"]
    (root / "meetings/tcm/2021/2021-06-23.md").unlink()
    again = load_archive(root / "meetings", Options(), Problems(), cache)
    assert cache.hits == 1
    assert [(m.id, m.status) for m in again.meetings] == [("tcm-2021-06-09", "draft")]
    assert again.approved_by == {}


def test_publish_drafts_false_leaves_drafts_out_of_the_public_edition(tmp_path: Path) -> None:
    archive, problems = load(
        tmp_path,
        rec("2021-06-02"),
        rec("2021-06-09", "status: draft"),
        rec("2021-06-16", "approves: [tcm-2021-06-02]"),  # a draft too, by default
        rec("2021-06-23", "status: approved\nvisibility: internal\napproves: [tcm-2021-06-16]"),
        rec("2021-06-30", "status: approved\napproves: [tcm-2021-06-09]"),
        default_status="draft",
    )
    assert problems == []
    everything = [m.id for m in archive.meetings]

    def ids(edition: Archive) -> list[str]:
        return [m.id for m in edition.meetings]

    public = archive.edition(False, publish_drafts=False)
    # 06-16 was approved by an internal meeting: still approved, but that approval is not shown
    assert ids(public) == ["tcm-2021-06-02", "tcm-2021-06-09", "tcm-2021-06-16", "tcm-2021-06-30"]
    assert public.approved_by == {
        "tcm-2021-06-02": "tcm-2021-06-16",
        "tcm-2021-06-09": "tcm-2021-06-30",
    }
    assert ids(archive.edition(True, publish_drafts=False)) == everything
    assert ids(archive.edition(False)) == [i for i in everything if i != "tcm-2021-06-23"]


def test_drafts_out_leave_no_trace_in_approvals_and_actions(tmp_path: Path) -> None:
    archive, problems = load(
        tmp_path,
        rec("2021-06-02", "visibility: internal"),
        rec("2021-06-09", "approves: [tcm-2021-06-02]"),
        rec("2021-06-23", "status: draft"),
    )
    assert problems == []
    assert archive.meetings[2].status == "draft"
    public = archive.edition(False, publish_drafts=False)
    assert [m.id for m in public.meetings] == ["tcm-2021-06-09"]
    (kept,) = public.meetings
    assert kept.approves == {}  # the internal meeting it approved is not named
    assert archive.meetings[1].approves == {"tcm-2021-06-02": None}  # the archive keeps it
    assert public.approved_by == {}
    assert public.record_files == 1


def test_an_archive_without_status_is_unchanged(tmp_path: Path) -> None:
    archive, problems = load(tmp_path, rec("2021-06-09"), rec("2021-06-23"))
    assert problems == []
    assert [(m.status, m.approves, m.approves_line) for m in archive.meetings] == [
        ("approved", {}, 0),
        ("approved", {}, 0),
    ]
    assert archive.approved_by == {}
    for internal in (False, True):
        plain, drafts_out = archive.edition(internal), archive.edition(internal, False)
        assert [m.id for m in drafts_out.meetings] == [m.id for m in plain.meetings]
        assert all(a is b for a, b in zip(drafts_out.meetings, plain.meetings, strict=True))
