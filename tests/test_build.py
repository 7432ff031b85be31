"""Real sites built by `mkdocs build` from a real mkdocs.yml in tmp_path."""

from __future__ import annotations

from pathlib import Path

from .helpers import mkdocs_build, record, write_archive

GOOD = record("date: 2021-06-09\npresent: [Ian Bird]\ntitle: Good meeting", "\n## WP2\n\nFine.\n")
BROKEN = record("date: 2021-06-17\npresent: [Ian Bird]\ntitle: Broken meeting")


def test_strict_build_fails_on_a_broken_record_with_file_and_line(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": GOOD, "tcm/2021/2021-06-16.md": BROKEN})
    result = mkdocs_build(tmp_path, "--strict")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert ("meetings/tcm/2021/2021-06-16.md:2: date 2021-06-17 differs from the file name's "
            "date 2021-06-16") in out
    assert "Traceback" not in out


def test_plain_build_reports_and_leaves_the_broken_record_out(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": GOOD, "tcm/2021/2021-06-16.md": BROKEN})
    result = mkdocs_build(tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "meetings/tcm/2021/2021-06-16.md:2: date 2021-06-17 differs" in out
    assert "Traceback" not in out
    site = tmp_path / "site"
    assert (site / "meetings/tcm/2021-06-09/index.html").exists()
    assert not (site / "meetings/tcm/2021-06-16").exists()
    assert "Broken meeting" not in (site / "meetings/index.html").read_text()


def test_unknown_person_fails_strict_plugin_option(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird, Kay Grf]")}, strict=True)
    result = mkdocs_build(tmp_path)
    out = result.stdout + result.stderr
    assert "meetings/tcm/2021/2021-06-09.md:3: unknown person 'Kay Grf' (did you mean Kay Graf?)" in out
    assert not (tmp_path / "site/meetings/tcm/2021-06-09").exists()


def test_directory_urls_off(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": GOOD})
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(cfg.read_text() + "use_directory_urls: false\n")
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site/meetings/tcm/2021-06-09.html").read_text()
    assert 'href="../../people/ian-bird.html"' in page
    index = (tmp_path / "site/meetings/index.html").read_text()
    assert 'href="tcm/2021-06-09.html"' in index


def test_template_override_from_custom_dir(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": GOOD})
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    (tmp_path / "overrides/minutes").mkdir(parents=True)
    (tmp_path / "overrides/minutes/meeting.md").write_text(
        "# Custom {{ m.title }}\n\n{{ body|safe }}\n")
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site/meetings/tcm/2021-06-09/index.html").read_text()
    assert "Custom Good meeting" in page


def test_search_option_material_keeps_materials_own_search(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": GOOD})
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("      strict: false\n", "      strict: false\n      search: material\n"))
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    assert not (site / "pagefind").exists()
    assert "Good meeting" in (site / "search/search_index.json").read_text()
    page = (site / "meetings/tcm/2021-06-09/index.html").read_text()
    assert 'name="search"' in page and "data-minutes-search" not in page
    # the default: Pagefind's box, Material's index left empty
    cfg.write_text(cfg.read_text().replace("      search: material\n", ""))
    assert mkdocs_build(tmp_path, "--strict").returncode == 0
    assert (site / "pagefind/pagefind.js").exists()
    assert "Good meeting" not in (site / "search/search_index.json").read_text()
    assert "data-minutes-search" in (site / "meetings/tcm/2021-06-09/index.html").read_text()
