"""The register's pages in headless Chromium: the schedule picture renders with a mark for each
item, and register/ and an item page pass axe like the other pages (docs/format.md §10)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browser import serve
from .helpers import mkdocs_build, write_archive
from .test_browser_site import AXE, need_axe
from .test_register_pages import RECORDS, REGISTER

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("register")
    # the archive's own stylesheet is the theme's: a record's plain link would be told apart
    # by colour alone (the example site underlines them); the mention links are underlined
    records = {
        k: v.replace(" and [D2.1](https://example.org/d2-1)", "") for k, v in RECORDS.items()
    }
    write_archive(root, records)
    (root / "meetings" / "register.yml").write_text(REGISTER, encoding="utf-8")
    result = mkdocs_build(root, "--strict", env={"SOURCE_DATE_EPOCH": "1625097600"})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as url:
        yield url


def test_the_schedule_renders_its_items(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "register/")
    svg = page.locator("figure.minutes-schedule svg")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 60
    marks = page.eval_on_selector_all(
        "svg g[data-item]",
        "gs => gs.map(g => [g.dataset.item, g.getBBox().width > 0, g.querySelector('title')"
        ".textContent])",
    )
    assert [m[0] for m in marks] == ["MS1", "D2.1", "D2.2", "MS1", "MS2", "D3.1"]
    assert all(drawn for _, drawn, _ in marks)  # each mark has a size on the page
    assert marks[1][2] == "D2.1 Data lake design; due 2021-05-31 (M29); planned, overdue"
    # the marks lie within the picture, on their rows
    inside = page.evaluate(
        "(() => { const s = document.querySelector('figure.minutes-schedule svg')"
        ".getBoundingClientRect(); return [...document.querySelectorAll("
        "'g[data-item]')].every(g => { const b = g.getBoundingClientRect();"
        " return b.left >= s.left && b.right <= s.right + 1 && b.top >= s.top &&"
        " b.bottom <= s.bottom; }); })()"
    )
    assert inside is True
    assert page.errors == []


@pytest.mark.parametrize("path", ["register/", "register/d2-1/", "groups/wp2/"])
def test_no_serious_accessibility_violation(page, base: str, path: str) -> None:  # type: ignore[no-untyped-def]
    need_axe()
    page.goto(base + path)
    page.add_script_tag(path=str(AXE))
    # the content: this archive keeps the theme's stock footer, whose contrast the example
    # site fixes in its own stylesheet (as tests/test_page_weight.py's parts)
    violations = page.evaluate(
        "async () => (await axe.run({include: [['.md-content']]},"
        " {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert violations == []
    assert page.locator("h1").count() == 1
    assert page.errors == []
