"""`minutes diff`: the archive compared at two git revisions (tools/diff.py, tools/gitrev.py).

Each test builds a small git repository in tmp_path, commits a change and asserts the exact
items reported, in text and JSON. The renumbering hazard is docs/format.md §6.4.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.cli import main
from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.tools.diff import Report, compare, md_escape, render_markdown
from minutes.tools.gitrev import Side, blob_sha, read_blobs, tree_files

from .helpers import GROUPS, PEOPLE, record, write_archive

SITE = "https://minutes.example.org/meetings"

JUNE_9 = record(
    """
    date: 2021-06-09
    present: [Ian Bird, Xavier Espinal]
    apologies: [Kay Graf]
    """,
    """
    ## Notes

    - [ ] Ian Bird: write the plan (due 2021-07-01)
    - [ ] Xavier Espinal: book the room

    ### WP2

    Decision: the data lake pilot starts in July.
    """,
)
JUNE_16 = record(
    """
    date: 2021-06-16
    present: [Ian Bird, Kay Graf]
    """,
    """
    ## Review of actions

    - [ ] tcm-2021-06-09-2: still looking for a room
    """,
)
BOARD = record(
    """
    date: 2021-06-10
    present: [Ian Bird]
    visibility: internal
    """,
    """
    - [ ] Mohammad Al-Turany: draft the budget

    Decision: the budget stays confidential.
    """,
)
RECORDS = {
    "tcm/2021/2021-06-09.md": JUNE_9,
    "tcm/2021/2021-06-16.md": JUNE_16,
    "board/2021/2021-06-10.md": BOARD,
}


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root, capture_output=True, text=True, check=True,
    )
    return result.stdout.strip()


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An archive on branch main (one commit), checked out on a new branch `pr`."""
    root = write_archive(tmp_path / "archive", RECORDS)
    git(root, "init", "-q", "-b", "main")
    commit(root, "the archive")
    git(root, "checkout", "-q", "-b", "pr")
    monkeypatch.chdir(root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "meetings" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / "meetings" / rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def diff(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def items(out: str) -> list[str]:
    """The item lines of the text format: between the heading line and the count."""
    lines = out.splitlines()
    return lines[1:-1]


def kinds(out: str) -> list[tuple[str, str]]:
    return [(c["kind"], c["subject"]) for c in json.loads(out)["changes"]]


def test_add_a_meeting(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "main")
    (repo / "meetings" / "tcm" / "2021" / "2021-06-23.md").write_text(record(
        "date: 2021-06-23\npresent: [ian-bird, Mohammed Al-Turany, Xavier Espinal]\n"
        "apologies: [kay graf]",
        "\n## Review of actions\n\n- [x] tcm-2021-06-09-1: the plan is written\n\n"
        "## Next steps\n\n- [ ] Kay Graf: test the pilot (due 2021-07-15)\n\n"
        "Decision: the pilot is extended.\n",
    ))
    head = commit(repo, "add a meeting")
    expected = [
        # who came and who sent apologies, by their registered names (an id, an alias and a
        # lowercase spelling in the record)
        'meeting added: tcm-2021-06-23 "Technical Coordination Meeting": present (3): Ian Bird, '
        "Mohammad Al-Turany, Xavier Espinal; apologies (1): Kay Graf; 1 new action, 1 decision  "
        f"<{SITE}/tcm/2021-06-23/>",
        f'action closed: tcm-2021-06-09-1 "write the plan": done in tcm-2021-06-23  '
        f"<{SITE}/tcm/2021-06-23/>",
        f'action raised: tcm-2021-06-23-1 "test the pilot" (Kay Graf; due 2021-07-15)  '
        f"<{SITE}/tcm/2021-06-23/#tcm-2021-06-23-1>",
        f'decision added: tcm-2021-06-23 "the pilot is extended."  <{SITE}/tcm/2021-06-23/>',
    ]
    # default: the merge base with main against the working tree
    code, out, err = diff(capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        f"minutes diff (public edition): {base[:9]}, merge base with main → working tree"
    )
    assert items(out) == expected
    assert out.splitlines()[-1] == "4 changes"
    # two revisions named: the same items
    code, out, _ = diff(capsys, "main", "pr")
    assert code == 0
    assert out.splitlines()[0] == (
        f"minutes diff (public edition): main ({base[:9]}) → pr ({head[:9]})"
    )
    assert items(out) == expected
    code, out, _ = diff(capsys, "main", "pr", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["base"] == {"label": "main", "commit": base, "note": None}
    assert data["head"] == {"label": "pr", "commit": head, "note": None}
    assert data["edition"] == "public" and data["warnings"] == 0
    assert data["changes"] == [
        {
            "kind": "meeting-added", "subject": "tcm-2021-06-23", "warning": False,
            "message": '"Technical Coordination Meeting": present (3): Ian Bird, Mohammad Al-Turany, '
            "Xavier Espinal; apologies (1): Kay Graf; 1 new action, 1 decision",
            "meeting": "tcm-2021-06-23", "url": f"{SITE}/tcm/2021-06-23/",
            "title": "Technical Coordination Meeting", "date": "2021-06-23", "visibility": "public",
            "present": ["ian-bird", "mohammad-al-turany", "xavier-espinal"],
            "apologies": ["kay-graf"],
            "names": {
                "ian-bird": "Ian Bird", "mohammad-al-turany": "Mohammad Al-Turany",
                "xavier-espinal": "Xavier Espinal", "kay-graf": "Kay Graf",
            },
        },
        {
            "kind": "action-closed", "subject": "tcm-2021-06-09-1", "warning": False,
            "message": '"write the plan": done in tcm-2021-06-23',
            "meeting": "tcm-2021-06-23", "url": f"{SITE}/tcm/2021-06-23/",
            "closed_in": "tcm-2021-06-23",
        },
        {
            "kind": "action-raised", "subject": "tcm-2021-06-23-1", "warning": False,
            "message": '"test the pilot" (Kay Graf; due 2021-07-15)',
            "meeting": "tcm-2021-06-23", "url": f"{SITE}/tcm/2021-06-23/#tcm-2021-06-23-1",
            "text": "test the pilot", "owners": ["kay-graf"], "due": "2021-07-15",
            "group": None, "status": "open", "closed_in": None,
        },
        {
            "kind": "decision-added", "subject": "tcm-2021-06-23", "warning": False,
            "message": '"the pilot is extended."', "meeting": "tcm-2021-06-23",
            "url": f"{SITE}/tcm/2021-06-23/", "text": "the pilot is extended.", "group": None,
        },
    ]
    code, out, _ = diff(capsys, "main", "pr", "--format", "markdown")
    assert code == 0
    assert out.split("#### Meetings\n\n")[1].splitlines()[0] == (
        f"- **meeting added** [tcm-2021-06-23]({SITE}/tcm/2021-06-23/): \"Technical Coordination "
        "Meeting\": present (3): Ian Bird, Mohammad Al-Turany, Xavier Espinal; apologies (1): "
        "Kay Graf; 1 new action, 1 decision"
    )


def test_tick_an_action(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "tcm/2021/2021-06-16.md", "- [ ] tcm-2021-06-09-2: still looking for a room",
         "- [x] tcm-2021-06-09-2: room 4-S-030 is booked")
    commit(repo, "tick an action")
    code, out, err = diff(capsys, "main", "HEAD", "--site-url", "https://other.example.org")
    assert (code, err) == (0, "")
    assert items(out) == [
        "meeting changed: tcm-2021-06-16 other text  "
        "<https://other.example.org/meetings/tcm/2021-06-16/>",
        'action closed: tcm-2021-06-09-2 "book the room": done in tcm-2021-06-16  '
        "<https://other.example.org/meetings/tcm/2021-06-16/>",
    ]
    code, out, _ = diff(capsys, "main", "--format", "json")
    assert code == 0
    assert kinds(out) == [
        ("meeting-changed", "tcm-2021-06-16"), ("action-closed", "tcm-2021-06-09-2")
    ]
    changed = json.loads(out)["changes"][0]
    assert changed["fields"] == [] and changed["other_text"] is True
    assert changed["sections"] == {"added": [], "changed": [], "removed": []}
    # untick it again in the working tree: against HEAD it is open again
    edit(repo, "tcm/2021/2021-06-16.md", "- [x] tcm-2021-06-09-2", "- [ ] tcm-2021-06-09-2")
    code, out, _ = diff(capsys, "HEAD")
    assert code == 0
    assert items(out)[1] == (
        'action reopened: tcm-2021-06-09-2 "book the room": open again (in tcm-2021-06-16)  '
        f"<{SITE}/tcm/2021-06-16/>"
    )


def test_insert_an_item_into_an_old_record(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "tcm/2021/2021-06-09.md", "- [ ] Xavier Espinal: book the room",
         "- [ ] Kay Graf: order the disks\n- [ ] Xavier Espinal: book the room")
    commit(repo, "insert an action into an old record")
    followup = line_of(repo, "tcm/2021/2021-06-16.md", "tcm-2021-06-09-2:")
    expected = [
        'warning: action text changed: tcm-2021-06-09-2 now reads "order the disks" '
        '(was "book the room"); its old text is now tcm-2021-06-09-3  '
        f"<{SITE}/tcm/2021-06-09/#tcm-2021-06-09-2>",
        f"warning: follow-up target changed: tcm-2021-06-09-2 the follow-up in tcm-2021-06-16 "
        f'(line {followup}) now points at "order the disks" (was "book the room")  '
        f"<{SITE}/tcm/2021-06-16/>",
        f"meeting changed: tcm-2021-06-09 other text  <{SITE}/tcm/2021-06-09/>",
        'action reassigned: tcm-2021-06-09-2 "order the disks": Xavier Espinal → Kay Graf  '
        f"<{SITE}/tcm/2021-06-09/#tcm-2021-06-09-2>",
        'action raised: tcm-2021-06-09-3 "book the room" (Xavier Espinal)  '
        f"<{SITE}/tcm/2021-06-09/#tcm-2021-06-09-3>",
    ]
    code, out, err = diff(capsys, "main")
    assert (code, err) == (0, "")
    assert items(out) == expected
    assert out.splitlines()[-1] == "5 changes, 2 warnings"
    code, out, _ = diff(capsys, "main", "--strict")
    assert code == 1
    assert items(out) == expected
    code, out, _ = diff(capsys, "main", "--format", "json", "--strict")
    assert code == 1
    data = json.loads(out)
    assert data["warnings"] == 2
    assert [(c["kind"], c["subject"], c["warning"]) for c in data["changes"]] == [
        ("action-text-changed", "tcm-2021-06-09-2", True),
        ("follow-up-target-changed", "tcm-2021-06-09-2", True),
        ("meeting-changed", "tcm-2021-06-09", False),
        ("action-reassigned", "tcm-2021-06-09-2", False),
        ("action-raised", "tcm-2021-06-09-3", False),
    ]
    assert data["changes"][0]["before"] == "book the room"
    assert data["changes"][0]["after"] == "order the disks"
    assert data["changes"][0]["now"] == "tcm-2021-06-09-3"
    assert data["changes"][1]["followup"] == "tcm-2021-06-16"
    assert data["changes"][1]["line"] == followup
    code, out, _ = diff(capsys, "main", "--format", "markdown", "--strict")
    assert code == 1
    assert "#### Warnings" in out
    assert (
        f"- ⚠️ **action text changed** [tcm-2021-06-09-2]({SITE}/tcm/2021-06-09/#tcm-2021-06-09-2)"
        ': now reads "order the disks" (was "book the room"); its old text is now tcm-2021-06-09-3'
    ) in out.splitlines()


def test_rename_a_person_in_the_registry(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = repo / "meetings" / "people.yml"
    people.write_text(
        PEOPLE.replace("  name: Kay Graf\n", "  name: Kay Graf-Schmidt\n  aliases: [Kay Graf]\n"),
        encoding="utf-8",
    )
    commit(repo, "rename a person")
    code, out, err = diff(capsys, "main", "HEAD")
    assert (code, err) == (0, "")
    assert items(out) == [
        'person changed: kay-graf name "Kay Graf" → "Kay Graf-Schmidt"; aliases none → [Kay Graf]'
    ]
    code, out, _ = diff(capsys, "main", "HEAD", "--format", "json")
    assert json.loads(out)["changes"] == [{
        "kind": "person-changed", "subject": "kay-graf", "warning": False,
        "message": 'name "Kay Graf" → "Kay Graf-Schmidt"; aliases none → [Kay Graf]',
        "meeting": None, "url": None,
        "name": {"before": "Kay Graf", "after": "Kay Graf-Schmidt"},
        "aliases": {"before": [], "after": ["Kay Graf"]},
    }]


def test_change_an_internal_record(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "board/2021/2021-06-10.md", "present: [Ian Bird]",
         "present: [Ian Bird, Mohammad Al-Turany]")
    edit(repo, "board/2021/2021-06-10.md", "- [ ] Mohammad Al-Turany: draft the budget",
         "- [ ] Mohammad Al-Turany: draft the budget\n- [ ] Ian Bird: sign the secret contract")
    (repo / "meetings" / "board" / "2021" / "2021-06-24.md").write_text(record(
        "date: 2021-06-24\npresent: [Ian Bird]\napologies: [Nazaret Bello Gonzalez]\n"
        "visibility: internal",
    ))
    commit(repo, "change an internal record, add another")
    code, out, err = diff(capsys, "main")
    assert (code, err) == (0, "")
    assert items(out) == []
    assert out.splitlines()[-1] == "no changes to the archive"
    for fmt in ("json", "markdown"):
        code, out, _ = diff(capsys, "main", "--format", fmt)
        assert code == 0
        assert "board" not in out and "contract" not in out and "Al-Turany" not in out
        assert "Bello" not in out and "bello" not in out
    assert json.loads(diff(capsys, "main", "--format", "json")[1])["changes"] == []
    code, out, _ = diff(capsys, "main", "--internal")
    assert code == 0
    assert out.splitlines()[0].startswith("minutes diff (internal edition): ")
    assert items(out) == [
        f"meeting changed: board-2021-06-10 other text  <{SITE}/board/2021-06-10/>",
        'meeting added: board-2021-06-24 "Executive Board": present (1): Ian Bird; apologies (1): '
        f"Nazaret Bello González; 0 new actions, 0 decisions  <{SITE}/board/2021-06-24/>",
        'action raised: board-2021-06-10-2 "sign the secret contract" (Ian Bird)  '
        f"<{SITE}/board/2021-06-10/#board-2021-06-10-2>",
        f"attendance changed: board-2021-06-10 added to present (1): Mohammad Al-Turany  "
        f"<{SITE}/board/2021-06-10/>",
    ]
    code, out, _ = diff(capsys, "main", "--internal", "--format", "json")
    assert kinds(out) == [
        ("meeting-changed", "board-2021-06-10"),
        ("meeting-added", "board-2021-06-24"),
        ("action-raised", "board-2021-06-10-2"),
        ("attendance-changed", "board-2021-06-10"),
    ]
    assert json.loads(out)["changes"][3] | {"message": "", "url": ""} == {
        "kind": "attendance-changed", "subject": "board-2021-06-10", "warning": False,
        "message": "", "meeting": "board-2021-06-10", "url": "",
        "present_added": ["mohammad-al-turany"], "present_removed": [],
        "apologies_added": [], "apologies_removed": [],
        "names": {"mohammad-al-turany": "Mohammad Al-Turany"},
    }


def test_who_came_and_who_sent_apologies_in_a_changed_meeting(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One added to present, one moved from present to apologies, one removed: by name."""
    edit(repo, "tcm/2021/2021-06-09.md", "present: [Ian Bird, Xavier Espinal]\napologies: [Kay Graf]",
         "present: [Nazaret Bello Gonzalez, ian-bird]\napologies: [Kay Graf, Xavier Espinal]")
    edit(repo, "tcm/2021/2021-06-16.md", "present: [Ian Bird, Kay Graf]", "present: [Ian Bird]")
    commit(repo, "attendance corrected")
    june_9 = (
        "added to present (1): Nazaret Bello González; moved from present to apologies (1): "
        "Xavier Espinal"
    )
    june_16 = "removed from present (1): Kay Graf"
    code, out, err = diff(capsys, "main", "HEAD")
    assert (code, err) == (0, "")
    assert items(out) == [
        f"attendance changed: tcm-2021-06-09 {june_9}  <{SITE}/tcm/2021-06-09/>",
        f"attendance changed: tcm-2021-06-16 {june_16}  <{SITE}/tcm/2021-06-16/>",
    ]
    code, out, _ = diff(capsys, "main", "HEAD", "--format", "markdown")
    assert code == 0
    assert out.split("#### Attendance\n\n")[1].splitlines() == [
        f"- **attendance changed** [tcm-2021-06-09]({SITE}/tcm/2021-06-09/): {june_9}",
        f"- **attendance changed** [tcm-2021-06-16]({SITE}/tcm/2021-06-16/): {june_16}",
    ]
    code, out, _ = diff(capsys, "main", "HEAD", "--format", "json")
    assert code == 0
    assert json.loads(out)["changes"] == [
        {
            "kind": "attendance-changed", "subject": "tcm-2021-06-09", "warning": False,
            "message": june_9, "meeting": "tcm-2021-06-09", "url": f"{SITE}/tcm/2021-06-09/",
            "present_added": ["nazaret-bello-gonzalez"], "present_removed": ["xavier-espinal"],
            "apologies_added": ["xavier-espinal"], "apologies_removed": [],
            "names": {
                "nazaret-bello-gonzalez": "Nazaret Bello González",
                "xavier-espinal": "Xavier Espinal",
            },
        },
        {
            "kind": "attendance-changed", "subject": "tcm-2021-06-16", "warning": False,
            "message": june_16, "meeting": "tcm-2021-06-16", "url": f"{SITE}/tcm/2021-06-16/",
            "present_added": [], "present_removed": ["kay-graf"],
            "apologies_added": [], "apologies_removed": [], "names": {"kay-graf": "Kay Graf"},
        },
    ]


def test_a_large_meeting_names_everyone(tmp_path: Path) -> None:
    """Every name of a big meeting is listed, with the count first: none is cut off."""
    people = "".join(f"person-{i:02}:\n  name: Person {i:02} of a very long name\n" for i in range(40))
    everyone = ", ".join(f"person-{i:02}" for i in range(40))
    old = write_archive(tmp_path / "old", {}, people=PEOPLE + people)
    new = write_archive(
        tmp_path / "new",
        {"tcm/2021/2021-06-09.md": JUNE_9.replace(
            "present: [Ian Bird, Xavier Espinal]\napologies: [Kay Graf]",
            f"present: [{everyone}]\napologies: []"),
         "tcm/2021/2021-06-16.md": JUNE_16.replace("present: [Ian Bird, Kay Graf]", "present: []")},
        people=PEOPLE + people,
    )
    problems = Problems()
    a = load_archive(old / "meetings", Options(), problems)
    b = load_archive(new / "meetings", Options(), problems)
    assert not problems.errors
    added, nobody, *_ = compare(a.edition(False), b.edition(False))
    names = ", ".join(f"Person {i:02} of a very long name" for i in range(40))
    assert added.line() == (
        f'meeting added: tcm-2021-06-09 "Technical Coordination Meeting": present (40): {names}; '
        "2 new actions, 1 decision"
    )
    assert added.details["present"] == [f"person-{i:02}" for i in range(40)]
    assert added.details["apologies"] == []
    assert nobody.line() == (
        'meeting added: tcm-2021-06-16 "Technical Coordination Meeting": nobody present; '
        "0 new actions, 0 decisions"
    )


def test_from_another_folder_with_dir(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "tcm/2021/2021-06-16.md", "present: [Ian Bird, Kay Graf]",
         "present: [Ian Bird]\napologies: [Kay Graf]")
    monkeypatch.chdir(repo.parent)
    code, out, err = diff(capsys, "--dir", "archive/meetings", "main", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["changes"] == [{
        "kind": "attendance-changed", "subject": "tcm-2021-06-16", "warning": False,
        "message": "moved from present to apologies (1): Kay Graf", "meeting": "tcm-2021-06-16",
        "url": f"{SITE}/tcm/2021-06-16/", "present_added": [], "present_removed": ["kay-graf"],
        "apologies_added": ["kay-graf"], "apologies_removed": [], "names": {"kay-graf": "Kay Graf"},
    }]


def test_a_revision_that_does_not_exist(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["nope"], ["main", "nope"], ["--", "-x"]):
        code, out, err = diff(capsys, *argv)
        assert code == 2, argv
        assert out == ""
        bad = argv[-1]
        assert err == f"minutes diff: unknown revision '{bad}' (no such branch, tag or commit)\n"


def test_a_broken_archive_at_either_side(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "meetings" / "tcm" / "2021" / "2021-06-30.md").write_text(
        record("date: 2021-06-29\npresent: [Ian Bird]")
    )
    head = commit(repo, "a broken record")
    code, out, err = diff(capsys, "main", "HEAD")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"minutes diff: the archive at HEAD ({head[:9]}) fails its check (1 error):",
        "meetings/tcm/2021/2021-06-30.md:2: date 2021-06-29 differs from the file name's date "
        "2021-06-30",
    ]
    # the same break in the working tree: the path as `minutes check` prints it
    code, out, err = diff(capsys, "main")
    assert code == 2
    assert err.splitlines() == [
        "minutes diff: the archive at working tree fails its check (1 error):",
        "meetings/tcm/2021/2021-06-30.md:2: date 2021-06-29 differs from the file name's date "
        "2021-06-30",
    ]
    # broken at the base: fixed in the working tree, compared with the broken commit
    edit(repo, "tcm/2021/2021-06-30.md", "date: 2021-06-29", "date: 2021-06-30")
    code, _, err = diff(capsys, "HEAD")
    assert code == 2
    assert err.splitlines()[0] == (
        f"minutes diff: the archive at HEAD ({head[:9]}) fails its check (1 error):"
    )
    assert "Traceback" not in err


def test_no_repository_and_no_default_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_archive(tmp_path / "plain", RECORDS)
    monkeypatch.chdir(root)
    code, out, err = diff(capsys)
    assert (code, out) == (2, "")
    assert err == "minutes diff: meetings is not inside a git repository\n"
    git(root, "init", "-q", "-b", "work")
    commit(root, "first")
    code, _, err = diff(capsys)
    assert code == 2
    assert err == (
        "minutes diff: no default branch to compare with (looked for origin/HEAD, origin/main, "
        "main, master); name a BASE revision\n"
    )
    # a remote's default branch is preferred to a local one
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    code, out, err = diff(capsys)
    assert (code, err) == (0, "")
    assert ", merge base with origin/main → working tree" in out.splitlines()[0]


def test_changes_of_every_kind_between_two_folders(tmp_path: Path) -> None:
    """compare() itself, on two archives read from folders (no git)."""
    old = write_archive(tmp_path / "old", RECORDS)
    new = write_archive(
        tmp_path / "new",
        {
            "tcm/2021/2021-06-09.md": JUNE_9.replace("present: [Ian Bird, Xavier Espinal]",
                      "present: [Ian Bird]\nlocation: Zoom").replace(
                "(due 2021-07-01)", "(due 2021-07-08)").replace(
                "Ian Bird: write the plan", "Ian Bird, Kay Graf: write the plan").replace(
                "Decision: the data lake pilot starts in July.",
                "Decision: the data lake pilot starts in August."),
            "tcm/2021/2021-06-16.md": JUNE_16 + "\n## WP3\n\nNo news.\n",
        },
        people=PEOPLE + "mark-allen:\n  name: Mark Allen\n",
        groups=GROUPS.replace("  name: KM3NeT\n", "  name: KM3NeT Collaboration\n"),
    )
    problems = Problems()
    a = load_archive(old / "meetings", Options(), problems)
    b = load_archive(new / "meetings", Options(), problems)
    assert not problems.errors
    changes = compare(a.edition(True), b.edition(True))
    assert [c.line() for c in changes] == [
        "meeting changed: tcm-2021-06-09 fields location; group reports wp2; other text",
        "meeting removed: board-2021-06-10 \"Executive Board\"",
        "meeting changed: tcm-2021-06-16 group reports wp3 (added)",
        'action reassigned: tcm-2021-06-09-1 "write the plan": Ian Bird → Ian Bird, Kay Graf',
        'action due changed: tcm-2021-06-09-1 "write the plan": due 2021-07-01 → 2021-07-08',
        'action removed: board-2021-06-10-1 "draft the budget"',
        'decision added: tcm-2021-06-09 "the data lake pilot starts in August." (wp2)',
        'decision removed: tcm-2021-06-09 "the data lake pilot starts in July." (wp2)',
        'decision removed: board-2021-06-10 "the budget stays confidential."',
        "attendance changed: tcm-2021-06-09 removed from present (1): Xavier Espinal",
        'person added: mark-allen "Mark Allen"',
        'group changed: km3net name "KM3NeT" → "KM3NeT Collaboration"',
    ]
    assert all(c.url is None for c in changes)  # no site URL, no links


def test_markdown_escapes_record_text() -> None:
    assert md_escape("a *b* [c](d) <img src=x> `e` | f & g_h ~i~") == (
        "a \\*b\\* \\[c\\](d) \\<img src=x\\> \\`e\\` \\| f \\& g\\_h \\~i\\~"
    )
    side = Side("main", "0" * 40)
    report = Report(side, Side("working tree", None), [])
    assert render_markdown(report) == (
        "### What this changes in the archive\n\n"
        "main (000000000) → working tree, public edition: no changes to the archive.\n"
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=6))
def test_blobs_read_back_byte_for_byte(tmp_path_factory: Any, contents: list[bytes]) -> None:
    root = tmp_path_factory.mktemp("blobs")
    git(root, "init", "-q")
    shas = []
    for data in contents:
        sha = subprocess.run(
            ["git", "hash-object", "-w", "--stdin"], cwd=root, input=data,
            capture_output=True, check=True,
        ).stdout.decode().strip()
        assert sha == blob_sha(data)
        shas.append(sha)
    blobs = read_blobs(root, shas)
    assert [blobs[s] for s in shas] == contents


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\")
    | st.sampled_from(["\t", "\n", " ", '"']),
    min_size=1, max_size=12,
).filter(lambda n: n not in (".", "..") and n.strip() == n and n.rstrip(".") == n)


@settings(max_examples=10, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=5, unique_by=lambda n: n.casefold()))
def test_tree_files_reads_any_file_name(tmp_path_factory: Any, names: list[str]) -> None:
    root = tmp_path_factory.mktemp("names")
    git(root, "init", "-q")
    folder = root / "meetings" / "odd"
    folder.mkdir(parents=True)
    for i, name in enumerate(names):
        (folder / name).write_bytes(b"%d" % i)
    (root / "outside.md").write_text("not below meetings/")
    head = commit(root, "odd names")
    files = tree_files(root, head, "meetings")
    assert sorted(files) == sorted(f"meetings/odd/{n}" for n in names)
    assert [files[f"meetings/odd/{n}"] for n in names] == [blob_sha(b"%d" % i) for i in range(len(names))]


# --- the register (docs/format.md §3.4): its changes and new mentions --------------------------

REGISTER_YML = (Path(__file__).parent / "fixtures" / "outputs" / "register.yml").read_text(
    encoding="utf-8"
)
# A later register: D2.3 accepted, MS5 moved a month, D3.1 (CO) has a new link, D2.4 is new,
# the risk R3 is gone.
REGISTER_LATER = (
    REGISTER_YML.replace("    status: submitted\n", "    status: accepted\n")
    .replace("    due: M10\n", "    due: M11\n")
    .replace("d3.1.pdf", "d3.1-v2.pdf")
    .replace(
        "milestones:\n",
        "  D2.4:\n    title: Token pilot\n    wp: wp2\n    due: M12\nmilestones:\n",
    )
    .split("risks:\n")[0]
)
MENTIONING = "\n### WP2\n\nD2.3 is accepted; MS5 moves to M11.\n"


def test_register_changes_and_new_mentions(tmp_path: Path) -> None:
    old = write_archive(tmp_path / "old", RECORDS)
    (old / "meetings" / "register.yml").write_text(REGISTER_YML)
    new = write_archive(
        tmp_path / "new", {**RECORDS, "tcm/2021/2021-06-16.md": JUNE_16 + MENTIONING}
    )
    (new / "meetings" / "register.yml").write_text(REGISTER_LATER)
    problems = Problems()
    a = load_archive(old / "meetings", Options(), problems)
    b = load_archive(new / "meetings", Options(), problems)
    assert not problems.errors
    register = [
        'item status changed: D2.3 "Data Lake pilot report": submitted → accepted',
        'item added: D2.4 deliverable "Token pilot", due 2021-08-31 (M12)',
        'item due changed: MS5 "Repository open to the ESFRIs": due 2021-06-30 (M10) → '
        "2021-07-31 (M11)",
        'item removed: R3 risk "Computing resources arrive late"',
        'item mentioned: D2.3 in tcm-2021-06-16 (wp2): "D2.3 is accepted; MS5 moves to M11."',
        'item mentioned: MS5 in tcm-2021-06-16 (wp2): "D2.3 is accepted; MS5 moves to M11."',
    ]
    public = compare(a.edition(False), b.edition(False), SITE.removesuffix("meetings"))
    assert [c.line() for c in public] == [
        "meeting changed: tcm-2021-06-16 group reports wp2 (added)",
        *register,
    ]
    # the link of a deliverable that is not public changes in the internal edition only
    internal = [c.line() for c in compare(a.edition(True), b.edition(True))]
    assert internal[1:] == [
        register[0],
        'item changed: D3.1 link "https://example.org/d3.1.pdf" → '
        '"https://example.org/d3.1-v2.pdf"',
        *register[1:],
    ]
    mention = public[-2]
    assert (mention.meeting, mention.url) == ("tcm-2021-06-16", f"{SITE}/tcm/2021-06-16/#wp2")
    assert mention.as_json() == {
        "kind": "item-mentioned", "subject": "D2.3", "warning": False,
        "message": 'in tcm-2021-06-16 (wp2): "D2.3 is accepted; MS5 moves to M11."',
        "meeting": "tcm-2021-06-16", "url": f"{SITE}/tcm/2021-06-16/#wp2",
        "sentence": "D2.3 is accepted; MS5 moves to M11.",
        "line": line_of(new, "tcm/2021/2021-06-16.md", "D2.3 is accepted"), "section": "wp2",
    }  # fmt: skip
    # the same mentions again, on other lines, are not new
    moved = JUNE_16.replace("## Review", "A line above.\n\n## Review") + MENTIONING
    (new / "meetings" / "tcm" / "2021" / "2021-06-16.md").write_text(moved)
    c = load_archive(new / "meetings", Options(), problems)
    assert [x.kind for x in compare(b.edition(False), c.edition(False))] == ["meeting-changed"]


def test_register_changes_in_every_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "meetings" / "register.yml").write_text(REGISTER_YML)
    commit(repo, "the register")
    edit(repo, "register.yml", "    status: submitted\n", "    status: accepted\n")
    edit(repo, "tcm/2021/2021-06-16.md", "still looking for a room",
         "still looking for a room\n\nD2.3 is accepted.")
    code, out, err = diff(capsys, "HEAD")
    assert (code, err) == (0, "")
    assert items(out) == [
        f"meeting changed: tcm-2021-06-16 other text  <{SITE}/tcm/2021-06-16/>",
        'item status changed: D2.3 "Data Lake pilot report": submitted → accepted',
        f'item mentioned: D2.3 in tcm-2021-06-16: "D2.3 is accepted."  <{SITE}/tcm/2021-06-16/>',
    ]
    code, out, _ = diff(capsys, "HEAD", "--format", "markdown")
    assert code == 0
    assert out.split("#### Register\n\n")[1].splitlines() == [
        '- **item status changed** `D2.3`: "Data Lake pilot report": submitted → accepted',
        f'- **item mentioned** [D2.3]({SITE}/tcm/2021-06-16/): in tcm-2021-06-16: '
        '"D2.3 is accepted."',
    ]
    code, out, _ = diff(capsys, "HEAD", "--format", "json")
    assert code == 0
    status = json.loads(out)["changes"][1]
    assert status == {
        "kind": "item-status-changed", "subject": "D2.3", "warning": False,
        "message": '"Data Lake pilot report": submitted → accepted', "meeting": None, "url": None,
        "before": "submitted", "after": "accepted",
    }  # fmt: skip


JUNE_23_APPROVES = record(
    """
    date: 2021-06-23
    present: [Ian Bird]
    approves:
      - tcm-2021-06-09: "Kay Graf sent apologies."
    """,
)


def test_approvals_and_status_changes_in_every_format(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/format.md §7.1: an approval is named with the approving meeting and its
    corrections; a status edited by hand is a change of its own."""
    (repo / "meetings" / "tcm" / "2021" / "2021-06-23.md").write_text(JUNE_23_APPROVES)
    edit(repo, "tcm/2021/2021-06-16.md", "date: 2021-06-16\n", "date: 2021-06-16\nstatus: draft\n")
    code, out, err = diff(capsys, "HEAD")
    assert (code, err) == (0, "")
    approved = 'meeting approved: tcm-2021-06-09 by tcm-2021-06-23, with corrections: "Kay Graf'
    assert [line for line in items(out) if line.startswith("meeting ")] == [
        f"meeting added: tcm-2021-06-23 \"Technical Coordination Meeting\": present (1): Ian Bird; "
        f"0 new actions, 0 decisions  <{SITE}/tcm/2021-06-23/>",
        f'{approved} sent apologies."  <{SITE}/tcm/2021-06-09/>',
        f"meeting status changed: tcm-2021-06-16 approved → draft  <{SITE}/tcm/2021-06-16/>",
    ]
    code, out, _ = diff(capsys, "HEAD", "--format", "json")
    changes = {c["kind"]: c for c in json.loads(out)["changes"]}
    assert changes["meeting-approved"] == {
        "kind": "meeting-approved", "subject": "tcm-2021-06-09", "warning": False,
        "message": 'by tcm-2021-06-23, with corrections: "Kay Graf sent apologies."',
        "meeting": "tcm-2021-06-09", "url": f"{SITE}/tcm/2021-06-09/",
        "by": "tcm-2021-06-23", "corrections": "Kay Graf sent apologies.",
    }  # fmt: skip
    assert changes["meeting-status-changed"]["before"] == "approved"
    assert changes["meeting-status-changed"]["after"] == "draft"
    code, out, _ = diff(capsys, "HEAD", "--format", "markdown")
    meetings = out[out.index("#### Meetings") :].split("\n\n")[1].splitlines()
    assert meetings[1:] == [
        f"- **meeting approved** [tcm-2021-06-09]({SITE}/tcm/2021-06-09/): by tcm-2021-06-23, "
        'with corrections: "Kay Graf sent apologies."',
        f"- **meeting status changed** [tcm-2021-06-16]({SITE}/tcm/2021-06-16/): approved → draft",
    ]


def test_an_approved_draft_is_one_approval_not_a_status_change(tmp_path: Path) -> None:
    base = write_archive(tmp_path / "base", {"tcm/2021/2021-06-09.md": JUNE_9})
    head = write_archive(
        tmp_path / "head",
        {"tcm/2021/2021-06-09.md": JUNE_9, "tcm/2021/2021-06-23.md": JUNE_23_APPROVES},
    )
    options = Options(default_status="draft")
    a, b = (load_archive(r / "meetings", options, Problems()) for r in (base, head))
    assert [m.status for m in a.meetings] == ["draft"]
    assert [m.status for m in b.meetings] == ["approved", "draft"]
    lines = [c.line() for c in compare(a.edition(True), b.edition(True))]
    assert [x for x in lines if "approved" in x or "status" in x] == [
        'meeting approved: tcm-2021-06-09 by tcm-2021-06-23, with corrections: '
        '"Kay Graf sent apologies."'
    ]
    # with drafts out of the public edition, the approved meeting appears in it (with its
    # actions and decision) and the approving one, a draft, does not
    public = compare(a.edition(False, False), b.edition(False, False))
    assert [(c.kind, c.subject) for c in public if c.kind.startswith("meeting-")] == [
        ("meeting-added", "tcm-2021-06-09")
    ]
    assert {c.meeting for c in public} == {"tcm-2021-06-09"}
