"""A reader on the example site in headless Chromium: search, navigate, read on a phone, print."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import REQUIRED, search, serve
from .helpers import REPO

pytestmark = pytest.mark.browser
MEETING = "/meetings/tcm/2021-06-09/"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def need_axe() -> None:
    if not AXE.exists():
        message = "axe-core is missing: `make test` installs it with npm (package.json)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def base(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


@pytest.mark.parametrize(("query", "section"), [
    ("FENIX", "#wp2"), ("DAC21", "#wp2"), ("binderhub", "#ska"), ("Rosie Bolton", "#ska"),
])
def test_search_finds_the_meeting_and_lands_on_the_section(page, base: str, query: str, section: str) -> None:  # type: ignore[no-untyped-def]
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    links = search(page, base, query)
    assert MEETING in links, links
    assert MEETING + section in links, links
    page.click(f'.md-search-result__link[href="{MEETING}{section}"]')
    page.wait_for_url("**" + MEETING + section)
    assert page.evaluate("location.hash") == section
    heading = page.locator(section)
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    # the chunked index only: Material's whole-site index is never downloaded
    assert not any("search_index.json" in url for url in requested)
    assert any("/pagefind/" in url for url in requested)
    assert page.errors == []


def test_search_facets_series_year_group(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, "tokens")
    page.select_option("select[name=search-group]", "WP2")
    page.select_option("select[name=search-year]", "2021")
    page.select_option("select[name=search-series]", "Technical Coordination Meeting")
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.includes('1 matching')")
    links = page.eval_on_selector_all(".md-search-result__link", "ls => ls.map(a => a.getAttribute('href'))")
    assert MEETING + "#wp2" in links
    page.select_option("select[name=search-group]", "SKA")
    # The count read '1 matching' already: each query waits until its own result is shown.
    for query in ("FENIX", "HARPS"):
        page.fill("input.md-search__input", query)
        page.wait_for_function(_ONE_RESULT_SHOWING, arg=query.lower())
        links = page.eval_on_selector_all(".md-search-result__link", "ls => ls.map(a => a.getAttribute('href'))")
        assert links[0] == MEETING, (query, links)
    page.select_option("select[name=search-year]", "")
    assert page.errors == []


_ONE_RESULT_SHOWING = """q => {
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  return meta.textContent.includes('1 matching') && list.textContent.toLowerCase().includes(q);
}"""


PATHS = ["", "meetings/", MEETING.lstrip("/"), "groups/", "groups/wp2/", "people/",
         "people/ian-bird/", "attendance/", "actions/", "decisions/", "contributing/", "format/"]


@pytest.mark.parametrize("path", PATHS)
def test_main_paths_have_a_title_one_h1_and_no_console_error(page, base: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(base + path)
    assert response is not None and response.status == 200
    assert page.title().strip() != ""
    assert page.locator("article h1").count() == 1
    assert page.locator("h1").count() == 1
    page.wait_for_load_state("networkidle")
    assert page.errors == []


def test_navigation_a_reader_takes(page, base: str) -> None:  # type: ignore[no-untyped-def]
    # A click's navigation is committed (page.url changes) before the new page's head is
    # parsed, so each step waits for the page to load before it reads the title.
    def arrive(suffix: str) -> None:
        page.wait_for_url(lambda url: url.endswith(suffix), wait_until="load")

    page.goto(base)
    page.click(".md-tabs__link:text-is('Meetings')")
    page.click("a:text-is('Technical Coordination Meeting') >> nth=-1")
    arrive(MEETING)
    assert page.title().startswith("Technical Coordination Meeting, 9 June 2021")
    page.click("dd.minutes-groups a:text-is('WP2')")
    arrive("/groups/wp2/")
    page.click("p.minutes-item-meta a:text-is('Xavier Espinal')")
    arrive("/people/xavier-espinal/")
    assert page.title().startswith("Xavier Espinal")
    page.click(".md-tabs__link:text-is('Actions')")
    page.click("a.minutes-action-id:text-is('tcm-2021-06-09-5')")
    arrive(MEETING + "#tcm-2021-06-09-5")
    assert page.errors == []


# The compiled minutes hold several h1s: one per meeting, as each meeting's page has.
COMPILED = "meetings/tcm/2021/compiled/"


@pytest.mark.parametrize("path", [*PATHS, COMPILED])
def test_no_serious_accessibility_violation(page, base: str, path: str) -> None:  # type: ignore[no-untyped-def]
    need_axe()
    page.goto(base + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
    assert violations == []


def test_dark_mode_is_readable(page, base: str) -> None:  # type: ignore[no-untyped-def]
    need_axe()
    page.goto(base + MEETING.lstrip("/"))
    page.click("label[for='__palette_1']")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)")
    assert violations == []


@pytest.mark.parametrize("path", ["attendance/", "actions/", "people/", MEETING.lstrip("/"), COMPILED])
def test_phone_width_tables_scroll_in_their_own_box(browser, fixture_site: Path, example_site: Path, path: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    site = example_site if path == MEETING.lstrip("/") else fixture_site
    with serve(site) as url:
        page.goto(url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        wide = page.evaluate(
            "[...document.querySelectorAll('.minutes-scroll')]"
            ".filter(b => b.scrollWidth > b.clientWidth).length")
        if path in ("actions/", "people/"):
            assert wide >= 1  # the table is wider than the phone: it scrolls inside its box
    context.close()


def test_meeting_page_prints_without_navigation(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + MEETING.lstrip("/"))
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']"
        ".map(s => document.querySelector(s)).filter(Boolean)"
        ".map(e => getComputedStyle(e).display)")
    assert hidden and all(d == "none" for d in hidden)
    assert page.locator("article h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
