"""A record's link to no page of the site is a note, not a warning (docs/format.md §9)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from minutes.adapters.record_links import RecordLinkNotes, line_of, link_of
from minutes.core.model import Meeting

from .helpers import engine_build, record, write_archive

NOT_FOUND = (
    "Doc file 'meetings/ipfs/2016-09-12.md' contains a link '../admin/x.md', but the target "
    "'meetings/admin/x.md' is not found among documentation files."
)
UNRECOGNIZED = (
    "Doc file 'meetings/ipfs/2019-12-10.md' contains an unrecognized relative link 'gohugo.io', "
    "it was left as is."
)


def test_link_of_reads_both_warnings_and_nothing_else() -> None:
    assert link_of(NOT_FOUND) == ("meetings/ipfs/2016-09-12.md", "../admin/x.md")
    assert link_of(UNRECOGNIZED) == ("meetings/ipfs/2019-12-10.md", "gohugo.io")
    # a link whose text holds the engine's own words still ends where the message says
    tricky = NOT_FOUND.replace("../admin/x.md'", "a', but the target b.md'", 1)
    assert link_of(tricky) == ("meetings/ipfs/2016-09-12.md", "a', but the target b.md")
    anchor = "Doc file 'a.md' contains a link '#x', but there is no such anchor on this page."
    assert link_of(anchor) is None
    assert link_of("Doc file 'a.md' contains an absolute link '/x', it was left as is.") is None
    assert link_of("Something else entirely") is None


def _meeting(tmp_path: Path, body: str, body_line: int = 4) -> Meeting:
    """A meeting whose record at tmp_path/r.md has `body` from line `body_line` on."""
    return Meeting(
        id="tcm-2021-06-09", series="tcm", date=dt.date(2021, 6, 9), slug=None, title="TCM",
        path=tmp_path / "r.md", body=body, body_line=body_line,
    )


def test_line_of_finds_the_link(tmp_path: Path) -> None:
    meeting = _meeting(tmp_path, "text\nsee [it](../admin/x.md)\n")
    assert line_of(meeting, "../admin/x.md") == 5
    assert line_of(meeting, "nowhere.md") == 1
    assert line_of(meeting, "") == 1


def _record(message: str, level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord("mkdocs.structure.pages", level, __file__, 1, message, None, None)


def test_the_filter_lowers_only_record_pages(tmp_path: Path) -> None:
    meeting = _meeting(tmp_path, "a\nb [x](../admin/x.md)\n", body_line=1)
    notes = RecordLinkNotes(lambda src: meeting if src == "meetings/ipfs/2016-09-12.md" else None)
    mine = _record(NOT_FOUND)
    assert notes.filter(mine)
    assert mine.levelno == logging.INFO
    assert mine.getMessage().endswith(
        "r.md:2: note: the link '../admin/x.md' leads to no page of this site: "
        "it is kept as written"
    )
    hand_written = _record(NOT_FOUND.replace("meetings/ipfs/2016-09-12.md", "guide.md"))
    assert notes.filter(hand_written) and hand_written.levelno == logging.WARNING
    # already a note (replayed from the second process): left as it is
    again = mine.getMessage()
    assert notes.filter(mine) and mine.getMessage() == again


@pytest.mark.parametrize(
    ("engine", "parallel"), [("mkdocs", True), ("mkdocs", False), ("properdocs", True)]
)
def test_strict_build_keeps_a_record_with_dead_links_and_names_them(
    tmp_path: Path, engine: str, parallel: bool
) -> None:
    body = (
        "\n## Notes\n\n- see [the roll call](../admin-guides/timezone-rollcall.md)\n"
        "- preview at [gohugo.io](gohugo.io)\n"
    )
    write_archive(
        tmp_path,
        {
            "tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Ian Bird]", body),
            "tcm/2021/2021-06-16.md": record("date: 2021-06-16\npresent: [Ian Bird]"),
        },
    )
    if not parallel:
        yml = tmp_path / "mkdocs.yml"
        yml.write_text(yml.read_text().replace("      strict:", "      parallel: false\n      strict:", 1))
        assert "parallel: false" in yml.read_text()
    result = engine_build(engine, tmp_path, "--strict")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    path = "meetings/tcm/2021/2021-06-09.md"
    assert (f"{path}:8: note: the link '../admin-guides/timezone-rollcall.md' leads to no page "
            "of this site") in out
    assert f"{path}:9: note: the link 'gohugo.io' leads to no page" in out
    page = (tmp_path / "site/meetings/tcm/2021-06-09/index.html").read_text(encoding="utf-8")
    assert 'href="../admin-guides/timezone-rollcall.md"' in page


def test_a_hand_written_page_with_a_dead_link_still_fails_strict(tmp_path: Path) -> None:
    write_archive(
        tmp_path,
        {"tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Ian Bird]")},
        docs={"index.md": "# Home\n\nSee [the guide](missing-guide.md).\n"},
    )
    result = engine_build("mkdocs", tmp_path, "--strict")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "missing-guide.md" in out and "leads to no page" not in out
