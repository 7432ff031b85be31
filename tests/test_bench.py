"""The benchmark (`make bench`) on small sizes: its generator and its runner."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from benchmarks import generate, run
from benchmarks.generate import generate_pair

from minutes.core.archive import Options, load_archive
from minutes.core.model import ActionItem, FollowUp
from minutes.core.problems import Problems

from .helpers import minutes

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
