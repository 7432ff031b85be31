"""The plugin attaches its own sections to the nav (adapters/nav.py): a site whose mkdocs.yml
names only its own pages is the very site whose `nav:` names the sections after them; naming a
section places or renames it (docs/format.md §12)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from benchmarks.generate import generate_pair

from .helpers import engine_build, site_files

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
SECTIONS = [
    ("Meetings", "meetings/index.md"),
    ("Groups", "groups/index.md"),
    ("People", "people/index.md"),
    ("Attendance", "attendance/index.md"),
    ("Actions", "actions/index.md"),
    ("Decisions", "decisions/index.md"),
]
MISSING = 'are not included in the "nav" configuration'


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated archive (year parts, groups, people) whose nav names only Home."""
    full, _, _ = generate_pair(tmp_path_factory.mktemp("nav"), 60)
    assert (full / "mkdocs.yml").read_text(encoding="utf-8").endswith("nav:\n  - Home: index.md\n")
    return full


def _with_nav(archive: Path, into: Path, nav: list[tuple[str, str]] | None) -> Path:
    """A copy of `archive` whose mkdocs.yml has this `nav:` (None: none at all)."""
    root = into / "site-src"
    shutil.copytree(archive, root, ignore=shutil.ignore_patterns("site"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").split("nav:\n", 1)[0]
    if nav is not None:
        text += "nav:\n" + "".join(f"  - {title}: {src}\n" for title, src in nav)
    config.write_text(text, encoding="utf-8")
    return root


def _build(engine: str, root: Path) -> tuple[dict[str, bytes], str]:
    result = engine_build(engine, root, "--strict", env=EPOCH)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return site_files(root / "site"), output


def _same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert sorted(a) == sorted(b)
    assert [rel for rel in a if a[rel] != b[rel]] == []


def _nav_titles(html: str) -> list[str]:
    """The titles of the items of the primary nav in a page, in order."""
    primary = html.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', primary)


def _prev_next(html: str) -> list[str]:
    """The page's links to the previous and next page, as the theme writes them."""
    return re.findall(r'<link rel="(?:prev|next)" href="[^"]*">', html)


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_nav_that_names_only_home_gets_the_sections_as_if_it_named_them(
    archive: Path, tmp_path: Path, engine: str
) -> None:
    home_only = _with_nav(archive, tmp_path / "home", [("Home", "index.md")])
    named = _with_nav(archive, tmp_path / "named", [("Home", "index.md"), *SECTIONS])
    (ours, log), (theirs, _) = _build(engine, home_only), _build(engine, named)
    _same(ours, theirs)
    assert MISSING not in log  # the engine does not list the sections as left out
    titles = _nav_titles(ours["index.html"].decode())
    assert titles == ["Home", "Meetings", "Groups", "People", "Attendance", "Actions", "Decisions"]
    # the last page the nav names leads to the first section, and the sections to each other
    assert _prev_next(ours["index.html"].decode()) == ['<link rel="next" href="meetings/">']
    assert _prev_next(ours["meetings/index.html"].decode()) == [
        '<link rel="prev" href="..">',
        '<link rel="next" href="../groups/">',
    ]
    assert _prev_next(ours["decisions/index.html"].decode()) == [
        '<link rel="prev" href="../actions/">'
    ]


def test_a_nav_that_names_a_section_places_and_renames_it(archive: Path, tmp_path: Path) -> None:
    placed = [("Home", "index.md"), ("Minutes", "meetings/index.md"), ("About", "about.md")]
    ours_root = _with_nav(archive, tmp_path / "placed", placed)
    (ours_root / "docs" / "about.md").write_text("# About\n\nThis archive.\n", encoding="utf-8")
    theirs_nav = [placed[0], placed[1], placed[2], *SECTIONS[1:]]
    theirs_root = _with_nav(archive, tmp_path / "all", theirs_nav)
    (theirs_root / "docs" / "about.md").write_text("# About\n\nThis archive.\n", encoding="utf-8")
    (ours, log), (theirs, _) = _build("mkdocs", ours_root), _build("mkdocs", theirs_root)
    _same(ours, theirs)
    assert MISSING not in log
    titles = _nav_titles(ours["index.html"].decode())
    # renamed where it is named, no second "Meetings"; the others after the named pages
    assert titles == [
        "Home",
        "Minutes",
        "About",
        "Groups",
        "People",
        "Attendance",
        "Actions",
        "Decisions",
    ]


def test_without_a_nav_the_engine_s_own_nav_holds_the_sections(
    archive: Path, tmp_path: Path
) -> None:
    ours, log = _build("mkdocs", _with_nav(archive, tmp_path / "none", None))
    assert MISSING not in log
    titles = _nav_titles(ours["index.html"].decode())
    assert titles[0] == "Synthetic minutes"  # the home page, titled by its heading
    for title, _ in SECTIONS:  # the engine's sections of the folders, in its own order
        assert title in ours["index.html"].decode()
