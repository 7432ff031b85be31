"""Draft and approved minutes on the site (docs/format.md §7.1): the draft mark on the page, in
the feeds and the data; approval links both ways; `publish_drafts: false` leaks nothing."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from .helpers import mkdocs_build, record, site_text, write_archive

CANARY = "canary9d2c"

FIRST = record(
    "date: 2021-06-09\ntitle: First meeting\npresent: [Ian Bird]",
    """
## WP2 { group=wp2 }

Approved first.
""",
)

SECOND = record(
    "date: 2021-06-16\ntitle: Second meeting\npresent: [Ian Bird]\n"
    'approves: [{tcm-2021-06-09: "typo in WP2 fixed"}]',
    """
## WP2 { group=wp2 }

Approves the first.
""",
)

DRAFT = record(
    f"date: 2021-06-23\ntitle: Draft {CANARY} meeting\nstatus: draft\n"
    f"present: [Ian Bird, Zed {CANARY}]",
    f"""
## WP2 {{ group=wp2 }}
Speaker: Ian Bird

Body {CANARY} text.

- [ ] Ian Bird: action {CANARY} item (due 2021-08-01)

Decision: decision {CANARY} made.
""",
)

RECORDS = {
    "tcm/2021/2021-06-09.md": FIRST,
    "tcm/2021/2021-06-16.md": SECOND,
    "tcm/2021/2021-06-23.md": DRAFT,
}


def build(root: Path, publish_drafts: bool = True, internal: bool = False) -> Path:
    write_archive(root, RECORDS)
    if not publish_drafts:
        cfg = root / "mkdocs.yml"
        cfg.write_text(
            cfg.read_text().replace(
                "      timezone: Europe/Zurich\n",
                "      timezone: Europe/Zurich\n      publish_drafts: false\n",
            )
        )
    env = {"SOURCE_DATE_EPOCH": "1640995200"}
    if internal:
        env["MINUTES_INCLUDE_INTERNAL"] = "1"
    result = mkdocs_build(root, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def facts(site: Path, rel: str) -> dict[str, str]:
    soup = BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")
    dl = soup.select_one("dl.minutes-facts")
    assert dl is not None
    return {
        dt.get_text(): " ".join(dd.get_text().split())
        for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"), strict=True)
    }


def test_the_draft_mark_and_approvals_on_page_feed_and_data(tmp_path: Path) -> None:
    site = build(tmp_path)
    assert facts(site, "meetings/tcm/2021-06-23")["Status"] == "Draft: not yet approved"
    first = facts(site, "meetings/tcm/2021-06-09")
    assert "Status" not in first
    assert (
        first["Approved"] == "at Second meeting, 16 June 2021, with corrections: typo in WP2 fixed"
    )
    second = facts(site, "meetings/tcm/2021-06-16")
    assert second["Approves"] == "First meeting, 9 June 2021, with corrections: typo in WP2 fixed"
    page = (site / "meetings/tcm/2021-06-09/index.html").read_text()
    assert 'href="../2021-06-16/"' in page
    assert 'href="../2021-06-09/"' in (site / "meetings/tcm/2021-06-16/index.html").read_text()
    # feeds: the site's and the group's
    titles = [e.title for e in feedparser.parse((site / "feed.xml").read_bytes()).entries]
    assert titles == [
        f"[Draft] Draft {CANARY} meeting, 23 June 2021",
        "Second meeting, 16 June 2021",
        "First meeting, 9 June 2021",
    ]
    group = [e.title for e in feedparser.parse((site / "feed-wp2.xml").read_bytes()).entries]
    assert group[0].startswith("[Draft] WP2: Draft") and not group[1].startswith("[Draft]")
    # data: every entry says its status once there is a draft
    meetings = json.loads((site / "data/meetings.json").read_text())
    assert [(m["id"], m["status"]) for m in meetings] == [
        ("tcm-2021-06-09", "approved"),
        ("tcm-2021-06-16", "approved"),
        ("tcm-2021-06-23", "draft"),
    ]
    assert list(meetings[0])[-2:] == ["status", "groups"]


def test_an_archive_without_drafts_has_no_status_key(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": FIRST})
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    (meeting,) = json.loads((tmp_path / "site/data/meetings.json").read_text())
    assert "status" not in meeting
    assert "Status" not in facts(tmp_path / "site", "meetings/tcm/2021-06-09")


def test_drafts_left_out_reach_no_public_file(tmp_path: Path) -> None:
    site = build(tmp_path / "public", publish_drafts=False)
    files = site_text(site.parent)
    assert "search/search_index.json" in files and "sitemap.xml" in files
    assert any(name.startswith("pagefind/fragment/") for name in files)
    assert not any(name.startswith("calendars/people/") for name in files)
    leaks = [name for name, text in files.items() if CANARY in text.lower()]
    assert leaks == []
    leaks = [name for name, text in files.items() if "2021-06-23" in text or "zed-" in text]
    assert leaks == []
    assert not (site / "meetings/tcm/2021-06-23").exists()
    # the approved meetings are still there, linked to each other
    assert "Approved" in facts(site, "meetings/tcm/2021-06-09")
    # the internal edition keeps the draft, marked
    internal = build(tmp_path / "internal", publish_drafts=False, internal=True)
    with_canary = {n for n, t in site_text(internal.parent).items() if CANARY in t.lower()}
    for name in (
        "meetings/tcm/2021-06-23/index.html",
        "feed.xml",
        "feed-wp2.xml",
        "calendar.ics",
        "calendars/people/ian-bird.ics",
        "data/meetings.json",
        "data/actions.json",
        "data/decisions.json",
    ):
        assert name in with_canary, name
    assert any(name.startswith("pagefind/fragment/") for name in with_canary)
    assert "2021-06-23" in site_text(internal.parent)["sitemap.xml"]
