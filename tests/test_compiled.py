"""Compiled minutes (docs/format.md §10): a series' year as one document on the site, built from
the fixture archive (tests/fixture_archive.py) in its public and internal editions; the print
style sheet in headless Chromium."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from minutes.site.fragments import attribute_like, capture_meeting, embed_meeting, fill_meetings
from minutes.site.urls import compiled_pdf

from .browser import serve
from .fixture_archive import CANARY, TODAY_EPOCH, write_fixture
from .helpers import config_variant, mkdocs_build, search_fragments

TCM_2021 = "meetings/tcm/2021/compiled/index.html"


def _soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def _article(site: Path, rel: str) -> Tag:
    article = _soup(site, rel).select_one("article")
    assert article is not None
    return article


def _facts(article: Tag) -> dict[str, str]:
    cover = article.select_one(".minutes-compiled-cover dl")
    assert cover is not None
    return {
        dt.get_text(): dd.get_text(" ", strip=True)
        for dt, dd in zip(cover.find_all("dt"), cover.find_all("dd"), strict=True)
    }


def _rows(section: Tag) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in section.select("tbody tr")
    ]


def test_one_compiled_page_per_series_and_year(fixture_site: Path, internal_site: Path) -> None:
    def compiled(site: Path) -> list[str]:
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("compiled/index.html"))

    public = [
        "meetings/board/2021/compiled/index.html",
        "meetings/tcm/2021/compiled/index.html",
        "meetings/tcm/2022/compiled/index.html",
    ]
    assert compiled(fixture_site) == public
    # the board's only meeting of 2022 is internal: its year exists in the internal edition only
    assert compiled(internal_site) == sorted([*public, "meetings/board/2022/compiled/index.html"])


def test_the_meetings_in_date_order_with_their_facts_and_minutes(fixture_site: Path) -> None:
    article = _article(fixture_site, TCM_2021)
    sections = article.select("section.minutes-compiled-meeting")
    assert [s["id"] for s in sections] == ["tcm-2021-06-09", "tcm-2021-06-23"]
    headings = [s.find("h1").get_text(strip=True) for s in sections]  # type: ignore[union-attr]
    assert headings == [
        "Technical Coordination Meeting, 9 June 2021",
        "Technical Coordination Meeting, 23 June 2021",
    ]
    first = sections[0]
    facts = first.select_one("dl.minutes-facts")
    assert facts is not None
    text = facts.get_text(" ", strip=True)
    assert "Wednesday 9 June 2021" in text and "10:00–11:00" in text
    assert "Present (2) Ian Bird , Xavier Espinal" in text
    assert "Apologies (1) Kay Graf" in text
    # the minutes below the meeting's heading, as on its page; the actions with their ids
    assert [h.name for h in first.find_all(re.compile("^h[1-6]$"))] == [
        "h1",
        "h2",
        "h3",
        "h3",
        "h2",
    ]
    assert "Tokens are progressing on" in first.get_text()
    action = first.select_one("#tcm-2021-06-09--tcm-2021-06-09-1")
    assert action is not None and "deploy the token daemons" in action.parent.get_text()  # type: ignore[union-attr]
    # the page's hidden search filters stay behind
    assert article.select(".minutes-search-meta") == []
    # the contents link every meeting, then the year's decisions and open actions, in order
    contents = [a["href"] for a in article.select(".minutes-compiled-contents a")]
    assert contents == ["#tcm-2021-06-09", "#tcm-2021-06-23", "#decisions", "#open-actions"]
    # each meeting links its own page
    source = sections[1].select_one(".minutes-compiled-source a")
    assert source is not None and source["href"] == "../../2021-06-23/"


def test_the_cover_counts(fixture_site: Path) -> None:
    article = _article(fixture_site, TCM_2021)
    facts = _facts(article)
    assert facts["Series"] == "Technical Coordination Meeting"
    assert facts["Year"] == "2021"
    assert facts["Meetings"] == "2, from 9 June 2021 to 23 June 2021"
    assert facts["Chair"] == "Ian Bird (2 meetings)"
    assert facts["Decisions"] == "1"
    assert facts["Open actions"] == "2 at the end of 2021"
    attendance = article.select_one("#attendance")
    assert attendance is not None
    assert _rows(attendance) == [
        ["Ian Bird", "2", "0", "0", "100%"],
        ["Kay Graf", "1", "1", "0", "50%"],
        ["Xavier Espinal", "1", "0", "1", "50%"],
    ]


def test_the_years_decisions_and_the_actions_open_at_its_end(fixture_site: Path) -> None:
    article = _article(fixture_site, TCM_2021)
    decisions, open_actions = article.select_one("#decisions"), article.select_one("#open-actions")
    assert decisions is not None and open_actions is not None
    assert _rows(decisions) == [["2021-06-09", "WP2", "DAC21 starts in the autumn."]]
    # -1 was closed on 23 June; -3, followed up still open then, was closed in January 2022
    assert _rows(open_actions) == [
        [
            "tcm-2021-06-09-2",
            "2021-06-09",
            "Ian Bird , Kay Graf",
            "2099-01-01",
            "draft the FENIX letter",
        ],
        ["tcm-2021-06-09-3", "2021-06-09", "no owner", "", "Check the room booking"],
    ]
    # 2022 closed -3 in January; -2, raised in 2021 and not followed up in 2022, is counted
    # by the year it was raised and linked to that year of actions/, not listed again
    later = _article(fixture_site, "meetings/tcm/2022/compiled/index.html")
    assert _facts(later)["Open actions"] == "1 at the end of 2022"
    assert later.select("#open-actions tbody tr") == []
    older = later.select_one("#open-actions .minutes-compiled-older")
    assert older is not None
    assert older.get_text(" ", strip=True) == (
        "Open, neither raised nor followed up in 2022: 1 raised in 2021 ."
    )
    # actions/ lists 2021 on its first page (a larger archive gives the year a part)
    assert [a["href"] for a in older.find_all("a")] == ["../../../../actions/"]
    assert "tcm-2021-06-09-2" in (fixture_site / "actions/index.html").read_text()


def test_an_older_action_followed_up_in_the_year_is_listed(fixture_site: Path) -> None:
    """tcm-2021-06-09-3, raised in June 2021, was followed up (still open) on 23 June: listed in
    2021 and linked to its place in the document; an action of an earlier year followed up in
    the year links its meeting's page (the board's 2021 page has none)."""
    article = _article(fixture_site, TCM_2021)
    links = {a.get_text(): a["href"] for a in article.select("#open-actions tbody a")}
    assert links["tcm-2021-06-09-3"] == "#tcm-2021-06-09--tcm-2021-06-09-3"


def test_ids_are_unique_and_links_within_the_document_land(fixture_site: Path) -> None:
    article = _article(fixture_site, TCM_2021)
    ids = Counter(str(tag["id"]) for tag in article.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    inside = [str(a["href"]) for a in article.find_all("a", href=True) if a["href"].startswith("#")]
    assert len(inside) > 10
    assert [h for h in inside if h[1:] not in ids] == []
    # the follow-up of 23 June points at the action inside the document, not at its page
    followup = article.select_one("#tcm-2021-06-23 a.minutes-followup")
    assert followup is not None and followup["href"] == "#tcm-2021-06-09--tcm-2021-06-09-1"
    # links out of the document were re-pointed for its address, one folder deeper
    person = article.select_one("#tcm-2021-06-09 dd.minutes-present a")
    assert person is not None and person["href"] == "../../../../people/ian-bird/"
    assert (
        fixture_site / "meetings/tcm/2021/compiled" / str(person["href"]) / "index.html"
    ).is_file()


def test_linked_from_each_year_of_the_series(fixture_site: Path) -> None:
    index = _article(fixture_site, "meetings/index.html")
    links = sorted(str(a["href"]) for a in index.select(".minutes-compiled-link a"))
    assert links == ["board/2021/compiled/", "tcm/2021/compiled/", "tcm/2022/compiled/"]
    for href in links:
        assert (fixture_site / "meetings" / href / "index.html").is_file()


def test_no_internal_record_in_the_public_edition(fixture_site: Path, internal_site: Path) -> None:
    for path in fixture_site.rglob("compiled/index.html"):
        assert CANARY not in path.read_text(encoding="utf-8"), path
    internal = (internal_site / "meetings/board/2022/compiled/index.html").read_text()
    assert CANARY in internal
    # the internal meeting closed tcm-2021-06-09-2: open at the end of 2022 only in public
    public_2022 = _article(fixture_site, "meetings/tcm/2022/compiled/index.html")
    internal_2022 = _article(internal_site, "meetings/tcm/2022/compiled/index.html")
    assert _facts(public_2022)["Open actions"] == "1 at the end of 2022"
    assert _facts(internal_2022)["Open actions"] == "0 at the end of 2022"
    assert "No action was open at the end of 2022." in internal_2022.get_text()


def test_not_searched(fixture_site: Path) -> None:
    """The search index holds the meetings once, from their pages: no compiled page."""
    fragments = search_fragments(fixture_site)
    assert any(b"/meetings/tcm/2021-06-09/" in f for f in fragments)  # what an entry holds
    assert not any(b"compiled" in f for f in fragments)


def test_the_option_compiled_pdf_links_the_pdf(tmp_path: Path) -> None:
    """With `compiled_pdf: true` each compiled page links its PDF where `minutes compile
    --downloads` writes it (urls.compiled_pdf); without it, no page links one."""
    root = write_fixture(tmp_path)
    config = config_variant(root, "mkdocs.yml", "strict: false", "strict: false\n      compiled_pdf: true")
    assert config == root / "mkdocs.yml"
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    for sid, year in (("tcm", 2021), ("tcm", 2022), ("board", 2021)):
        page = f"meetings/{sid}/{year}/compiled/index.html"
        links = _article(root / "site", page).select(".minutes-compiled-links a[download]")
        assert [a.get_text() for a in links] == ["This document as PDF"]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), str(links[0]["href"])))
        assert target == compiled_pdf(sid, year)


def test_no_pdf_link_without_the_option(fixture_site: Path) -> None:
    assert _article(fixture_site, TCM_2021).select("a[download]") == []


# the pieces, on plain strings ------------------------------------------------------------------

MEETING_HTML = (
    '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>\n'
    '<dl class="minutes-facts"><dt>Series</dt><dd><a href="../#tcm">TCM</a></dd></dl>\n'
    '<div class="minutes-search-meta" hidden data-pagefind-ignore>\n'
    '<span data-pagefind-filter="year">2021</span>\n</div>\n'
    '<h2 id="wp2">WP2<a class="headerlink" href="#wp2">¶</a></h2>\n'
    '<p><a href="../../people/ian-bird/">Ian</a> <a href="https://fts.example.org/">FTS</a> '
    '<a href="../2021-05-05/#tcm-2021-05-05-1">tcm-2021-05-05-1</a> '
    '<a href="../2020-01-08/">older</a> <img src="../../img/x.png" alt=""></p>\n'
    '<h6 id="deep" data-id="kept">Deep</h6>'
)


@pytest.mark.parametrize("tag_by_tag", [False, True], ids=["quick", "tag by tag"])
def test_capture_and_embed_a_meeting(tag_by_tag: bool) -> None:
    captured = capture_meeting(MEETING_HTML)
    assert captured.startswith('<dl class="minutes-facts">')
    assert "pagefind" not in captured and "<h1" not in captured
    local = {"../../2021-05-05/": "tcm-2021-05-05"}
    out = embed_meeting(
        captured,
        "tcm-2021-06-09",
        "meetings/tcm/2021-06-09/",
        "meetings/tcm/2021/compiled/",
        local,
        tag_by_tag,
    )
    assert out == (
        '<dl class="minutes-facts"><dt>Series</dt><dd><a href="../../#tcm">TCM</a></dd></dl>\n\n'
        '<h2 id="tcm-2021-06-09--wp2">WP2<a class="headerlink" href="#tcm-2021-06-09--wp2">¶</a>'
        "</h2>\n"
        '<p><a href="../../../people/ian-bird/">Ian</a> <a href="https://fts.example.org/">FTS</a> '
        '<a href="#tcm-2021-05-05--tcm-2021-05-05-1">tcm-2021-05-05-1</a> '
        '<a href="../../2020-01-08/">older</a> <img src="../../../img/x.png" alt=""></p>\n'
        '<h6 id="tcm-2021-06-09--deep" data-id="kept">Deep</h6>'
    )


def test_text_that_reads_like_markup_is_left_as_written() -> None:
    """A record that writes `id="x"` or `href="../x"` as text (in code, say) is embedded tag by
    tag: its text stays as written, its tags are rewritten."""
    body = 'Set `id="main"` and `href="../up"` in the template.'
    assert (
        attribute_like(body)
        and attribute_like("<a HREF = 'x'>")
        and not attribute_like("The ids and the hrefs were discussed; identity = 3.")
    )
    html = (
        '<p id="p1">Set <code>id="main"</code> and <code>href="../up"</code> in the '
        '<a href="../../people/x/">template</a>.</p>'
    )
    out = embed_meeting(html, "m", "meetings/tcm/m/", "meetings/tcm/2021/compiled/", {}, True)
    assert out == (
        '<p id="m--p1">Set <code>id="main"</code> and <code>href="../up"</code> in the '
        '<a href="../../../people/x/">template</a>.</p>'
    )


def test_a_link_that_does_not_climb_is_re_pointed_all_the_same() -> None:
    """Without directory URLs a meeting's links to its neighbours do not climb: the quick path
    does not apply, and the result is the careful one's."""
    html = '<p><a href="2021-05-05.html#a">previous</a> <a href="../people/x.html">x</a></p>'
    local = {"../2021-05-05.html": "tcm-2021-05-05"}
    args = ("meetings/tcm/2021-06-09.html", "meetings/tcm/2021/compiled.html", local)
    out = embed_meeting(html, "tcm-2021-06-09", *args)
    assert out == embed_meeting(html, "tcm-2021-06-09", *args, True)
    assert out == (
        '<p><a href="#tcm-2021-05-05--a">previous</a> <a href="../../people/x.html">x</a></p>'
    )


def test_fill_meetings() -> None:
    page = (
        "<p>before</p><!-- minutes:meeting tcm-2021-05-05 -->"
        "<!-- minutes:meeting tcm-2021-06-09 --><!-- minutes:meeting gone --><p>after</p>"
    )
    meetings = {
        "tcm-2021-05-05": '<p id="a"><a href="../2021-06-09/#b">next</a></p>',
        "tcm-2021-06-09": '<p id="b"><a href="../2021-05-05/">previous</a></p>',
    }
    urls = {
        "tcm-2021-05-05": "meetings/tcm/2021-05-05/",
        "tcm-2021-06-09": "meetings/tcm/2021-06-09/",
    }
    out = fill_meetings(page, "meetings/tcm/2021/compiled/", meetings, urls)
    assert out == (
        '<p>before</p><p id="tcm-2021-05-05--a"><a href="#tcm-2021-06-09--b">next</a></p>'
        '<p id="tcm-2021-06-09--b"><a href="#tcm-2021-05-05">previous</a></p><p>after</p>'
    )
    assert fill_meetings("<p>none</p>", "x/", meetings, urls) == "<p>none</p>"


# print -------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_print_style_sheet(fixture_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    with serve(fixture_site) as base:
        page.goto(base + "meetings/tcm/2021/compiled/")
        page.emulate_media(media="print")
        style = page.evaluate(
            """() => {
              const css = (el, pseudo) => getComputedStyle(el, pseudo || null);
              const shown = sel => [...document.querySelectorAll(sel)]
                .filter(el => css(el).display !== 'none').length;
              const fts = [...document.querySelectorAll('article a')]
                .find(a => a.href.startsWith('https://fts'));
              const person = document.querySelector('article a.minutes-person');
              person.setAttribute('href', 'https://minutes.example.org/people/ian-bird/');
              person.setAttribute('data-minutes-site', '');
              return {
                meetings: [...document.querySelectorAll('section.minutes-compiled-meeting')]
                  .map(s => css(s).breakBefore),
                ends: [...document.querySelectorAll('.minutes-compiled-end')]
                  .map(s => css(s).breakBefore),
                rows: css(document.querySelector('article tbody tr')).breakInside,
                hidden: shown('.md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .headerlink'),
                external: css(fts, '::after').content,
                site: css(person, '::after').content,
              };
            }"""
        )
        assert style["meetings"] == ["page", "page"]
        assert style["ends"] == ["page", "page"]
        assert style["rows"] == "avoid"
        assert style["hidden"] == 0
        assert "https://fts.example.org/" in style["external"]
        assert style["site"] in ("none", "normal")
        page.emulate_media(media="screen")
        breaks = page.evaluate(
            "getComputedStyle(document.querySelector('section.minutes-compiled-meeting')).breakBefore"
        )
        assert breaks == "auto"
    assert page.errors == []
