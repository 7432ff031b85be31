"""Every page stays light, whatever the size of the archive (docs/format.md §10).

Two generated archives (benchmarks.generate) of 300 and 1,200 meetings are built once for the
module: the heaviest page may not grow by more than 1.25 times, every part of a long page is
linked from its first page, and a page view (in headless Chromium, empty cache) fetches
neither sitemap.xml nor a whole data file, nor more at 1,200 meetings than at 300. The
compiled pages (a series' year as one document) are held to a budget of their own: at most
1.5 MB, and no more than 1.25 times larger at 1,200 meetings than at 300.
`make bench` measures the same at 1,000 and 8,000 meetings.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from benchmarks.generate import BUILD_EPOCH, generate_archive
from benchmarks.page_weight import (
    heaviest_compiled,
    heaviest_page,
    html_pages,
    is_compiled,
    page_views,
    pages_to_view,
)
from bs4 import BeautifulSoup

from .helpers import mkdocs_build

SIZES = (300, 1200)
MAX_PAGE = 400_000  # bytes of any HTML page (the target holds at 8,000 meetings)
GROWTH = 1.25
MAX_COMPILED = 1_500_000  # bytes of a compiled page: a weekly series' year (issue 24)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for n in SIZES:
        root = tmp_path_factory.mktemp(f"generated-{n}")
        generate_archive(root, n)
        result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
        assert result.returncode == 0, result.stdout + result.stderr
        out[n] = root / "site"
    return out


def test_the_heaviest_page_does_not_grow_with_the_archive(sites: dict[int, Path]) -> None:
    small, large = (heaviest_page(sites[n]) for n in SIZES)
    # compiled pages have a budget of their own (below), and are left out here
    assert not is_compiled(large[0]), large
    assert large[1] <= GROWTH * small[1], (small, large)
    assert large[1] <= MAX_PAGE, large
    # the long pages were cut: the larger archive has more years, each its own part
    parts = [p for p, _ in html_pages(sites[SIZES[1]]) if re.fullmatch(r"actions/\d{4}/", p)]
    assert len(parts) >= 5


def test_a_compiled_page_stays_within_its_budget(sites: dict[int, Path]) -> None:
    small, large = (heaviest_compiled(sites[n]) for n in SIZES)
    assert small is not None and large is not None
    assert re.fullmatch(r"meetings/[a-z0-9]+/\d{4}/compiled/", large.path), large
    # a weekly series' whole year: about 50 meetings (the generator skips a few weeks)
    assert 40 <= large.meetings <= 53, large
    assert large.bytes <= MAX_COMPILED, large
    assert large.bytes <= GROWTH * small.bytes, (small, large)
    # it is the largest page of the site, yet no page counted as a page of the site's budget
    assert large.bytes > heaviest_page(sites[SIZES[1]])[1]


def test_every_compiled_page_is_linked_from_the_meetings_or_their_year(
    sites: dict[int, Path],
) -> None:
    site = sites[SIZES[1]]
    compiled = sorted(p for p, _ in html_pages(site) if is_compiled(p))
    years = {p.split("/")[2] for p in compiled}
    assert len(compiled) >= 5 * 5 and len(years) >= 5, compiled  # five series, years back
    first = _links(site, "meetings/", "p.minutes-compiled-link a")
    for path in compiled:
        series, year = path.split("/")[1:3]
        linked = set(first)
        part = f"meetings/{series}/{year}/"
        if (site / part / "index.html").is_file():
            linked |= _links(site, part, "p.minutes-compiled-link a")
        assert path in linked, path


def _links(site: Path, address: str, selector: str = "a") -> set[str]:
    soup = BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    article = soup.select_one("article")
    assert article is not None
    out = set()
    for a in article.select(selector):
        if not a.has_attr("href"):
            continue
        href = str(a["href"]).split("#")[0].split("?")[0]
        if href and "://" not in href:
            out.add(posixpath.normpath(posixpath.join(address, href)) + "/")
    return out


def test_every_part_is_linked_from_its_first_page(sites: dict[int, Path]) -> None:
    site = sites[SIZES[1]]
    pages = {p for p, _ in html_pages(site)}
    firsts = {
        "actions/": r"actions/\d{4}/",
        "decisions/": r"decisions/\d{4}/",
        "attendance/": r"attendance/[a-z0-9-]+/\d{4}/",
        "meetings/": r"meetings/[a-z0-9-]+/\d{4}/",
        "groups/cta/": r"groups/cta/\d{4}/",
    }
    for first, pattern in firsts.items():
        parts = {p for p in pages if re.fullmatch(pattern, p)}
        assert parts, f"{first} has no parts"
        assert parts <= _links(site, first), (first, sorted(parts - _links(site, first)))


def test_filter_indexes_count_the_actions_of_every_year(sites: dict[int, Path]) -> None:
    import json

    site = sites[SIZES[1]]
    data = json.loads((site / "data/actions.json").read_text(encoding="utf-8"))
    actions = data
    owner = next(a["owners"][0] for a in actions if a["owners"])
    expected: dict[str, int] = {}
    for a in actions:
        if owner in a["owners"]:
            year = re.search(r"\d{4}-\d\d-\d\d", a["meeting"]).group(0)[:4]  # type: ignore[union-attr]
            expected[year] = expected.get(year, 0) + 1
    index = json.loads((site / f"actions/owner/{owner}.json").read_text(encoding="utf-8"))
    assert index == expected
    assert len(index) > 1 and list(index) == sorted(index, reverse=True)


@pytest.mark.browser
def test_no_page_view_fetches_the_sitemap_or_a_data_file_or_grows(
    browser, sites: dict[int, Path]  # type: ignore[no-untyped-def]
) -> None:
    views = {n: page_views(sites[n], pages_to_view(sites[n]), browser) for n in SIZES}
    for n in SIZES:
        for label, v in views[n].items():
            assert v.requests >= 5, (n, label, v.fetched)  # the page, the theme, our assets
            assert not v.sitemap, (n, label, v.fetched)
            assert v.data_files == [], (n, label, v.fetched)
            assert not any(p.endswith(".json") for p in v.fetched), (n, label, v.fetched)
    for label, v in views[SIZES[1]].items():
        assert v.bytes <= GROWTH * views[SIZES[0]][label].bytes, (label, v.bytes)


@pytest.mark.browser
def test_an_owner_filter_finds_their_actions_in_other_years(page, sites: dict[int, Path]) -> None:  # type: ignore[no-untyped-def]
    from .browser import serve

    site = sites[SIZES[1]]
    with serve(site) as base:
        page.goto(base + "actions/")
        owner = page.eval_on_selector(
            "table[data-minutes-rows] tbody tr[data-owner]:not([data-owner='-'])",
            "r => r.getAttribute('data-owner').split(' ')[0]")
        page.select_option("select[name=owner]", owner)
        page.wait_for_selector(".minutes-elsewhere a")
        link = page.locator(".minutes-elsewhere a").first
        year = link.inner_text()
        count = int(re.search(r"\((\d+)\)", page.inner_text(".minutes-elsewhere")).group(1))  # type: ignore[union-attr]
        link.click()
        page.wait_for_url(f"**/actions/{year}/?owner={owner}")
        shown = page.eval_on_selector_all(
            "table[data-minutes-rows] tbody tr",
            "rows => rows.filter(r => !r.hidden).map(r => r.getAttribute('data-owner'))")
        assert len(shown) == count
        assert all(owner in o.split(" ") for o in shown)
        # the part links keep the filter
        href = page.get_attribute(".minutes-parts a[data-years]", "href")
        assert href is not None and href.endswith(f"?owner={owner}")
        assert page.errors == []


PART_PAGES = ["actions/{y}/", "decisions/{y}/", "attendance/tcm/{y}/", "meetings/tcm/{y}/",
              "groups/cta/{y}/"]


@pytest.mark.browser
@pytest.mark.parametrize("pattern", PART_PAGES)
def test_a_part_reads_well(page, sites: dict[int, Path], pattern: str) -> None:  # type: ignore[no-untyped-def]
    from .browser import serve
    from .test_browser_site import AXE, need_axe

    need_axe()
    site = sites[SIZES[1]]
    path = pattern.format(y=2020)
    assert (site / path / "index.html").is_file()
    with serve(site) as base:
        response = page.goto(base + path)
        assert response is not None and response.status == 200
        assert page.locator("h1").count() == 1
        assert "2020" in page.inner_text("h1")
        # back to the first page, and on to the other parts
        assert page.locator("p.minutes-up a").count() == 1
        assert page.locator(".minutes-parts a[data-years]").count() >= 3
        page.add_script_tag(path=str(AXE))
        # the content: the generated archive keeps the theme's stock footer, whose contrast the
        # example site fixes in its own stylesheet
        violations = page.evaluate(
            "async () => (await axe.run({include: [['.md-content']]},"
            " {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
        assert violations == []
        assert page.errors == []


@pytest.mark.browser
def test_the_decisions_group_filter_reaches_other_years(page, sites: dict[int, Path]) -> None:  # type: ignore[no-untyped-def]
    from .browser import serve

    with serve(sites[SIZES[1]]) as base:
        page.goto(base + "decisions/?group=cta")
        page.wait_for_selector(".minutes-elsewhere a")
        years = page.locator(".minutes-elsewhere a").all_inner_texts()
        assert len(years) >= 3 and years == sorted(years, reverse=True)
        shown = page.eval_on_selector_all(
            "table[data-minutes-rows] tbody tr",
            "rows => rows.filter(r => !r.hidden).map(r => r.getAttribute('data-group'))")
        assert shown and set(shown) == {"cta"}
        assert page.errors == []


def test_bench_reports_page_weight_against_the_targets() -> None:
    from benchmarks.run import page_weight_report

    def entry(n: int, heaviest: int, view: int, sitemap: bool) -> dict[str, object]:
        return {"n": n, "builds": [{"variant": "full", "search_bytes": 400_000}],
                "page_weight": {"heaviest": {"path": "actions/", "bytes": heaviest},
                                "views": {"actions": {"path": "actions/", "bytes": view,
                                                      "requests": 6, "load_s": 0.5,
                                                      "sitemap": sitemap, "data_files": []}}}}

    good = page_weight_report([entry(1000, 300_000, 600_000, False),
                               entry(8000, 330_000, 630_000, False)])
    assert "heaviest page 8000/1000: 1.10  (target <= 1.25: met)" in good
    assert "heaviest HTML page at N=8000: 330000 bytes  (target <= 400000: met)" in good
    assert "actions view at N=8000: 630000 bytes, sitemap.xml not fetched" in good
    assert "[8000/1000: bytes 1.05, load time 1.00]" in good
    assert "search, first results at N=8000: 400000 bytes  (target < 600000: met)" in good
    assert "MISSED" not in good
    bad = page_weight_report([entry(1000, 300_000, 600_000, False),
                              entry(8000, 420_000, 900_000, True)])
    assert "heaviest page 8000/1000: 1.40  (target <= 1.25: MISSED)" in bad
    assert "sitemap.xml fetched" in bad and "actions SITEMAP" in bad
    assert bad.count("MISSED") == 3
    assert page_weight_report([{"n": 1, "builds": []}]) == "Page weight: not measured."
