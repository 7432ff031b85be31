"""The benchmark (`make bench`) on small sizes: its generator and its runner."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from benchmarks import generate, page_weight, run
from benchmarks.generate import BUILD_EPOCH, generate_archive, generate_pair

from minutes.core.archive import Options, load_archive
from minutes.core.model import ActionItem, FollowUp
from minutes.core.problems import Problems

from .helpers import minutes, mkdocs_build

FOLLOW_UP = re.compile(r"^\s*- \[[ x]\] ([a-z0-9]+)-\d{4}-\d{2}-\d{2}-\d+: ", re.M)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_generated_archive_is_deterministic_valid_and_as_intended(tmp_path: Path) -> None:
    full, vanilla, summary = generate_pair(tmp_path / "a", 60)
    generate_pair(tmp_path / "b", 60)
    first = _tree(tmp_path / "a")
    assert first == _tree(tmp_path / "b")
    assert len(first) > 120

    result = minutes(full, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 60 records, 5 series, 20 groups, 300 people: no errors" in result.stdout
    assert "warning" not in result.stdout

    records = sorted((full / "meetings").rglob("*.md"))
    assert len(records) == summary.records == 60
    texts = {p: p.read_text(encoding="utf-8") for p in records}
    internal = [p for p, t in texts.items() if "\nvisibility: internal\n" in t]
    assert 0 < len(internal) == summary.internal < 10
    follow_ups = [(p, m.group(1)) for p, t in texts.items() for m in FOLLOW_UP.finditer(t)]
    assert len(follow_ups) == summary.followups > 0
    assert all(p.parent.parent.name == series for p, series in follow_ups)  # same series
    sizes = [len(t.split("\n---\n", 1)[1].encode()) for t in texts.values()]
    assert 3000 < sum(sizes) / len(sizes) < 4200

    # The plugin reads it as the generator meant it.
    problems = Problems()
    archive = load_archive(full / "meetings", Options(strict=True), problems)
    assert not problems.errors and not problems.warnings
    items = [i for m in archive.meetings for i in m.items]
    assert sum(isinstance(i, ActionItem) for i in items) == summary.actions
    assert sum(isinstance(i, FollowUp) for i in items) == summary.followups
    assert sum(len(m.decisions) for m in archive.meetings) == summary.decisions
    assert sum(1 for m in archive.meetings for s in m.sections if s.group) == summary.group_sections
    assert sum(1 for m in archive.meetings for s in m.sections if s.speakers) > 60
    assert any(a.status == "done" for a in archive.actions.values())
    assert len({m.series for m in archive.meetings}) == 5

    # The baseline: the published records' bodies under a title, meetings out of the nav.
    pages = sorted((vanilla / "docs" / "meetings").rglob("*.md"))
    assert len(pages) == summary.public
    for p, text in texts.items():
        page = vanilla / "docs" / "meetings" / p.parent.parent.name / p.name
        assert page.exists() == (p not in internal)
        if page.exists():
            assert page.read_text(encoding="utf-8").split("\n---\n", 1)[1] == text.split("\n---\n", 1)[1]
    config = (vanilla / "mkdocs.yml").read_text()
    assert "minutes" not in config.split("plugins:")[1].split("nav:")[0]
    assert "not_in_nav: |\n  /meetings/\n" in config
    assert "  - decisions/index.md" not in config
    # the full site's nav names the home page; the plugin adds its sections after it
    assert (full / "mkdocs.yml").read_text().endswith("nav:\n  - Home: index.md\n")


MENTION = re.compile(r"- .*\b(?:D\d+\.\d+|MS\d+|R\d+)\b.*\.")


def test_generated_register_is_valid_and_its_ids_are_mentioned(tmp_path: Path) -> None:
    """The bench's register (docs/format.md §3.4): 300 items the check accepts, mentioned in
    the records; the bodies are those of the archive without a register, mentions aside."""
    full, _, summary = generate_pair(tmp_path / "a", 60, register=True)
    generate_pair(tmp_path / "b", 60, register=True)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    plain, _, plain_summary = generate_pair(tmp_path / "plain", 60)
    assert not (plain / "meetings" / "register.yml").exists()

    result = minutes(full, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 60 records, 5 series, 20 groups, 300 people: no errors" in result.stdout
    assert "warning" not in result.stdout

    problems = Problems()
    archive = load_archive(full / "meetings", Options(strict=True), problems)
    assert not problems.errors and not problems.warnings
    register = archive.registry.register
    assert len(register.items) == summary.register_items == generate.REGISTER_ITEMS
    kinds = [i.kind for i in register.items.values()]
    assert (kinds.count("deliverable"), kinds.count("milestone"), kinds.count("risk")) == (
        180, 60, 60)
    assert {g for i in register.items.values() for g in i.wp} == set(generate.WORK_PACKAGES)
    today = dt.date(2026, 1, 1)  # the bench's SOURCE_DATE_EPOCH
    assert 0 < sum(i.overdue(today) for i in register.items.values()) < 100
    assert any(i.rescheduled for i in register.items.values())
    mentions = [x for m in archive.meetings for x in m.mentions]
    assert len(mentions) == summary.mentions > 20
    assert {x.item for x in mentions} <= set(register.items)

    for path in sorted((full / "meetings").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        original = (plain / path.relative_to(full)).read_text(encoding="utf-8")
        kept = [line for line in text.split("\n") if not MENTION.fullmatch(line)]
        assert kept == original.split("\n")
    assert summary.body_bytes > plain_summary.body_bytes


def test_runner_measures_both_variants_and_writes_the_ratios(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    assert run.main(["--sizes", "30,60", "--out", str(out)]) == 0
    data = json.loads((out / "results.json").read_text())
    assert [e["n"] for e in data["sizes"]] == [30, 60]
    for entry in data["sizes"]:
        assert {b["variant"] for b in entry["builds"]} == {"vanilla", "full"}
        for b in entry["builds"]:
            assert b["wall_s"] > 0 and b["peak_mib"] > 0
            assert b["pages"] > 0 and b["site_bytes"] > 0 and b["search_bytes"] > 0
        full = next(b for b in entry["builds"] if b["variant"] == "full")
        vanilla = next(b for b in entry["builds"] if b["variant"] == "vanilla")
        assert full["pages"] > vanilla["pages"] >= entry["archive"]["public"]
        phases = entry["phases"]
        assert phases["total_s"] > 0 and phases["parse_s"] > 0 and phases["generate_s"] > 0
        assert phases["render_write_s"] > 0
        assert entry["archive"]["register_items"] == 300 and entry["archive"]["mentions"] > 0
        register = entry["page_weight"]["register"]  # HTML bytes of the register's pages
        assert register["register page"]["path"] == "register/"
        assert register["heaviest item page"]["path"].startswith("register/")
        assert 0 < register["heaviest item page"]["bytes"] < register["register page"]["bytes"]
        if entry["page_weight"]["views"]:  # with Chromium: the page views too
            assert entry["page_weight"]["views"]["register page"]["bytes"] > 0
        compiled = entry["page_weight"]["compiled"]  # the heaviest compiled page, apart
        assert re.fullmatch(r"meetings/[a-z0-9]+/2025/compiled/", compiled["path"]), compiled
        assert compiled["meetings"] > 0 and compiled["bytes"] > 0
        assert compiled["bytes_per_meeting"] == compiled["bytes"] / compiled["meetings"]
        assert entry["page_weight"]["heaviest"]["path"] != compiled["path"]
        if entry["page_weight"]["views"]:
            assert compiled["view"]["bytes"] > compiled["bytes"]  # the page and its assets
        # the PDF at the largest size only: printed, or skipped for want of a browser
        assert ("pdf" in entry["page_weight"]) == (entry["n"] == 60)
        if entry["n"] == 60 and entry["page_weight"]["views"]:  # with Chromium: printed
            pdf = entry["page_weight"]["pdf"]
            assert pdf["meetings"] == compiled["meetings"] and pdf["pages"] >= pdf["meetings"]
            assert pdf["missing_bookmarks"] == [] and pdf["seconds"] > 0
        serve = entry["serve"]  # make serve: an edit, an addition, a deletion, each served
        assert serve["first_build"] > 0
        assert 0 < serve["edit"] < 300 and 0 < serve["add"] < 300 and 0 < serve["delete"] < 300
        assert not (out / str(entry["n"])).exists()  # cleaned up without --keep
    ratios = data["ratios"]
    assert set(ratios["full_over_vanilla"]) == {"30", "60"}
    assert ratios["full_over_vanilla_target"] == 1.5
    scaling = ratios["scaling"]
    assert scaling["size_ratio"] == 2.0
    assert abs(scaling["time_target"] - 2.2) < 1e-9
    for key in ("time_ratio", "peak_ratio", "vanilla_time_ratio", "vanilla_peak_ratio"):
        assert scaling[key] > 0
    # the check's time per MB with and without the register, and on records dense with mentions
    mentions = data["mentions"]
    assert mentions["register_items"] == 300
    for name in ("with register", "without register", "dense mentions"):
        assert mentions[name]["mb"] > 1 and mentions[name]["s_per_mb"] > 0
    # minutes diff on a git repository of each archive: one record changed, 3 changes found
    assert [(d["n"], d["changes"]) for d in data["diff"]] == [(30, 3), (60, 3)]
    assert all(d["commits_s"] > 0 and d["worktree_s"] > 0 for d in data["diff"])
    assert not list(out.glob("diff-*"))


def test_search_transfer_bytes_is_the_material_index(tmp_path: Path) -> None:
    assert run.search_transfer_bytes(tmp_path) == 0
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": []}')
    assert run.search_transfer_bytes(tmp_path) == 12


SECTION = '<section class="minutes-compiled-meeting" id="m"><h2>M</h2></section>\n'  # 70 bytes


def _page(site: Path, rel: str, meetings: int, filler: int) -> None:
    """A page of 13 + 70 x meetings + filler bytes."""
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<html>" + SECTION * meetings + "x" * filler + "</html>", encoding="utf-8")


def test_compiled_pages_are_measured_apart_from_the_rest(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _page(site, "actions/index.html", 0, 5_000)
    _page(site, "meetings/tcm/2025/compiled/index.html", 3, 20_000)
    _page(site, "meetings/tcm/2024/compiled/index.html", 2, 1_000)
    assert page_weight.heaviest_page(site) == ("actions/", 5_013)
    heaviest = page_weight.heaviest_compiled(site)
    assert heaviest == page_weight.CompiledWeight("meetings/tcm/2025/compiled/", 20_223, 3)
    assert heaviest is not None and heaviest.bytes_per_meeting == 20_223 / 3
    # a site built without directory URLs
    flat = tmp_path / "flat"
    _page(flat, "actions.html", 0, 10)
    _page(flat, "meetings/wp2/2023/compiled.html", 4, 30_000)
    assert page_weight.heaviest_page(flat) == ("actions.html", 23)
    assert page_weight.heaviest_compiled(flat) == page_weight.CompiledWeight(
        "meetings/wp2/2023/compiled.html", 30_293, 4)
    assert page_weight.heaviest_compiled(tmp_path / "none") is None
    assert page_weight.is_compiled("meetings/tcm/2025/compiled/")
    assert not page_weight.is_compiled("meetings/tcm/2025/notcompiled/")
    assert not page_weight.is_compiled("groups/compiled-things/")
    # the site's address, from the mkdocs.yml beside it
    assert page_weight.site_url(site) is None
    (tmp_path / "docs").mkdir()  # a config the engine's loader accepts
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: 'https://m.example.org/a/'\n")
    assert page_weight.site_url(site) == "https://m.example.org/a/"


def _weight(n: int, compiled: int, pdf: dict[str, object] | None = None) -> dict[str, object]:
    weight: dict[str, object] = {
        "heaviest": {"path": "actions/", "bytes": 300_000},
        "views": {},
        "compiled": {"path": "meetings/tcm/2025/compiled/", "bytes": compiled, "meetings": 50,
                     "bytes_per_meeting": compiled / 50,
                     "view": {"path": "meetings/tcm/2025/compiled/", "bytes": compiled + 250_000,
                              "requests": 6, "load_s": 1.25}},
    }
    if pdf is not None:
        weight["pdf"] = pdf
    return {"n": n, "builds": [], "page_weight": weight}


PRINTED = {"path": "meetings/tcm/2025/compiled/", "seconds": 12.34, "total_s": 13.5,
           "pages": 180, "meetings": 50, "missing_bookmarks": [], "pdf_bytes": 4_000_000}


def test_bench_reports_the_compiled_page_and_its_pdf_against_the_targets() -> None:
    good = run.page_weight_report([_weight(1000, 700_000), _weight(8000, 735_000, PRINTED)])
    assert ("heaviest compiled page (50 meetings, 14700 B each)  meetings/tcm/2025/compiled/"
            "  735000") in good
    assert "compiled page view  meetings/tcm/2025/compiled/  985000         6    1.25" in good
    assert ("heaviest compiled page at N=8000 (meetings/tcm/2025/compiled/, 50 meetings, "
            "14700 bytes each): 735000 bytes  (target <= 1500000: met)   [52 meetings at that "
            "rate: 764400 bytes]") in good
    assert "heaviest compiled page 8000/1000: 1.05  (target <= 1.25: met)" in good
    assert ("compiled page PDF at N=8000 (meetings/tcm/2025/compiled/): 12.3 s (13.5 s with "
            "the browser's start), 180 pages, 50 meetings, 0 bookmarks missing, 4000000 bytes  "
            "(target < 30 s, a bookmark per meeting: met)") in good
    assert "MISSED" not in good

    slow = {**PRINTED, "seconds": 31.0, "missing_bookmarks": ["Meeting of 2025-01-08"]}
    bad = run.page_weight_report([_weight(1000, 700_000), _weight(8000, 1_600_000, slow)])
    assert "735000" not in bad
    assert "1600000 bytes  (target <= 1500000: MISSED)" in bad
    assert "heaviest compiled page 8000/1000: 2.29  (target <= 1.25: MISSED)" in bad
    assert "31.0 s" in bad and "1 bookmarks missing" in bad
    assert bad.count("MISSED") == 3

    skipped = run.page_weight_report([_weight(60, 9_000, {"path": "p/", "skipped": "no browser"})])
    assert "compiled page PDF at N=60: skipped: no browser" in skipped
    assert "compiled page" in skipped and "/1000" not in skipped and "MISSED" not in skipped
    failed = run.page_weight_report([_weight(60, 9_000, {"path": "p/", "error": "timed out"})])
    assert "compiled page PDF at N=60 (p/): MISSED: timed out" in failed


def test_the_pdf_is_skipped_with_its_reason_without_a_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _page(site, "meetings/tcm/2025/compiled/index.html", 2, 10)
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("MINUTES_CHROMIUM", str(missing))
    result = page_weight.print_pdf(site, "meetings/tcm/2025/compiled/")
    assert result["path"] == "meetings/tcm/2025/compiled/"
    assert "install" in result["skipped"], result  # the Printer's message: how to get one
    assert set(result) == {"path", "skipped"}
    with pytest.raises(ValueError, match="no compiled page at meetings/x/"):
        page_weight.print_pdf(site, "meetings/x/2025/compiled/")


@pytest.mark.browser
def test_the_compiled_page_of_a_small_site_is_viewed_and_printed(tmp_path: Path) -> None:
    from .browser import need_chromium

    need_chromium()
    generate_archive(tmp_path, 40)
    result = mkdocs_build(tmp_path, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    figures = page_weight.measure(tmp_path / "site", pdf=True)
    compiled = figures["compiled"]
    assert compiled["path"] == "meetings/tcm/2025/compiled/"
    assert compiled["view"]["path"] == compiled["path"] and compiled["view"]["load_s"] > 0
    assert not compiled["view"]["sitemap"] and compiled["view"]["data_files"] == []
    assert page_weight.COMPILED_VIEW not in figures["views"]  # not held to a page's budget
    pdf = figures["pdf"]
    assert pdf["path"] == compiled["path"], pdf
    assert pdf["meetings"] == compiled["meetings"] >= 5
    assert pdf["pages"] >= pdf["meetings"]  # each meeting starts a page
    assert pdf["missing_bookmarks"] == []
    assert 0 < pdf["seconds"] < pdf["total_s"] and pdf["pdf_bytes"] > 10_000
