"""The aggregated pages of the fixture archive: timelines, people, attendance, actions, decisions."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

from .helpers import mkdocs_build, record, site_text, write_archive

CANARY = "canary7f3a"


def page(site: Path, rel: str) -> Tag:
    soup = BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    return article


def heads(article: Tag, level: str) -> list[str]:
    return [h.get_text().strip("¶ ") for h in article.find_all(level)]


def test_group_timeline_newest_first_with_reports_actions_decisions(fixture_site: Path) -> None:
    wp2 = page(fixture_site, "groups/wp2")
    assert heads(wp2, "h1") == ["Data Infrastructure for Open Science (WP2)"]
    assert heads(wp2, "h2") == ["2022", "2021"]  # the page's table of contents: years
    assert heads(wp2, "h3") == [
        "Technical Coordination Meeting, 12 January 2022",
        "Technical Coordination Meeting, 23 June 2021",
        "Technical Coordination Meeting, 9 June 2021",
    ]
    facts = wp2.select_one("dl.minutes-facts")
    assert facts is not None and "Lead Xavier Espinal" in facts.get_text(" ", strip=True)
    sections = wp2.find_all("h3")
    # 9 June: the full report, rendered once and re-pointed; its actions and decision
    june9 = []
    for sib in sections[2].find_next_siblings():
        june9.append(sib)
    text = " ".join(s.get_text(" ", strip=True) for s in june9)
    assert "Tokens are progressing on FTS" in text
    assert "DAC21 starts in the autumn." in text
    assert "tcm-2021-06-09-1 deploy the token daemons" in text
    report = sections[2].find_next("div", class_="minutes-report")
    assert report.find("a", string="FTS")["href"] == "https://fts.example.org/"
    statuses = [s.get_text() for s in sections[2].find_next("table").select(".minutes-status")]
    assert statuses == ["done", "open"]
    # 23 June: the section is there, with nothing under it
    assert sections[1].find_next("p", class_="minutes-none").get_text() == "No report recorded."
    meta = sections[0].find_next("p", class_="minutes-item-meta")
    assert meta.a["href"] == "../../meetings/tcm/2022-01-12/#wp2"
    assert "Speaker: Xavier Espinal" in meta.get_text()


def test_groups_index_by_kind(fixture_site: Path) -> None:
    index = page(fixture_site, "groups")
    assert heads(index, "h2") == ["infrastructure", "work-package"]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in index.select("tbody tr")]
    assert ["CTA", "Cherenkov Telescope Array Observatory", "2", "2021-09-01"] in rows
    assert ["WP2", "Data Infrastructure for Open Science", "3", "2022-01-12"] in rows
    assert ["KM3NeT", "KM3NeT", "0", ""] in rows


def test_person_pages(fixture_site: Path) -> None:
    xavier = page(fixture_site, "people/xavier-espinal")
    assert heads(xavier, "h2") == ["Actions owned", "Reports given", "Meetings attended",
                                   "Absent without apology"]
    absent = xavier.find("h2", id="absent").find_next("ul")
    assert [a.get_text() for a in absent.find_all("a")] == [
        "Technical Coordination Meeting, 23 June 2021"]
    reports = xavier.find("h2", id="reports").find_next("ul")
    assert [a["href"] for a in reports.find_all("a")] == [
        "../../meetings/tcm/2022-01-12/#wp2", "../../meetings/tcm/2021-06-09/#wp2"]
    ian = page(fixture_site, "people/ian-bird")
    chaired = ian.find("h2", id="chaired").find_next("ul")
    assert len(chaired.find_all("li")) == 3
    assert [a.get_text() for a in ian.find("h2", id="absent").find_next("ul").find_all("a")] == [
        "Board meeting, 1 September 2021"]
    people = page(fixture_site, "people")
    rows = {tr.td.get_text(): [td.get_text() for td in tr.find_all("td")]
            for tr in people.select("tbody tr")}
    assert rows["Kay Graf"] == ["Kay Graf", "ECAP - University of Erlangen", "2", "1", "0", "1", "1"]
    assert "minutes-sortable" in people.find("table")["class"]


def test_attendance_matrix_rates_and_chart(fixture_site: Path) -> None:
    att = page(fixture_site, "attendance")
    assert heads(att, "h2") == ["Executive Board", "Technical Coordination Meeting"]
    table = att.find("h3", id="tcm-2021").find_next("table")
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
            for tr in table.select("tbody tr")}
    assert rows == {
        "Ian Bird": ["P", "P", "100%"],
        "Kay Graf": ["A", "P", "50%"],
        "Xavier Espinal": ["P", "X", "50%"],
    }
    board = att.find("h3", id="board-2021").find_next("table")
    brows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
             for tr in board.select("tbody tr")}
    assert brows == {"Ian Bird": ["X", "0%"], "Mohammad Al-Turany": ["P", "100%"]}
    aff = att.find("h3", id="tcm-2021").find_next("table", class_="minutes-affiliations")
    arows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
             for tr in aff.select("tbody tr")}
    assert arows["CERN"] == ["1", "2", "50%"]
    svg = att.find("h2", id="tcm").find_next("svg")
    assert svg is not None and svg["role"] == "img"
    assert "3 meetings from 2021-06-09 to 2022-01-12" in svg.find("desc").get_text()
    assert len(svg.find_all("circle")) == 3


def test_actions_page_order_age_and_followups(fixture_site: Path) -> None:
    actions = page(fixture_site, "actions")
    assert "2 open (1 overdue), 2 done, as of 1 January 2022." in actions.get_text()
    open_rows = actions.find("h2", id="open").find_next("table").select("tbody tr")
    assert [tr["id"] for tr in open_rows] == ["board-2021-09-01-1", "tcm-2021-06-09-2"]
    first = [td.get_text() for td in open_rows[0].find_all("td")]
    assert first[1:] == ["review the budget", "Mohammad Al-Turany", "CTA", "2021-09-01",
                         "2021-10-01", "122", "overdue", ""]
    done_rows = actions.find("h2", id="done").find_next("table").select("tbody tr")
    assert [tr["id"] for tr in done_rows] == ["tcm-2021-06-09-3", "tcm-2021-06-09-1"]
    assert done_rows[1].find_all("td")[-1].a["href"] == "../meetings/tcm/2021-06-23/"
    # by owner and by group: counts and a link to each owner's or group's own page
    owners = actions.find("h2", id="by-owner").find_next("table").select("tbody tr")
    assert [[td.get_text() for td in tr.find_all("td")] for tr in owners] == [
        ["Ian Bird", "1", "0"], ["Kay Graf", "1", "0"], ["Mohammad Al-Turany", "1", "0"],
        ["Xavier Espinal", "0", "1"]]
    assert owners[0].a["href"] == "../people/ian-bird/"
    groups = actions.find("h2", id="by-group").find_next("table").select("tbody tr")
    assert [tr.td.get_text() for tr in groups] == ["WP2", "CTA"]
    # one year of actions: no part to link to
    assert actions.select_one("p.minutes-parts") is None
    assert open_rows[0]["data-status"] == "overdue open"


def test_decisions_newest_first(fixture_site: Path) -> None:
    dec = page(fixture_site, "decisions")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in dec.select("tbody tr")]
    assert rows == [
        ["2022-01-12", "Technical Coordination Meeting", "WP2", "WP2 reports monthly."],
        ["2021-06-09", "Technical Coordination Meeting", "WP2", "DAC21 starts in the autumn."],
    ]


def test_meeting_page_cross_links(fixture_site: Path) -> None:
    m = page(fixture_site, "meetings/tcm/2021-06-23")
    follow = m.select("a.minutes-followup")
    assert [(a.get_text(), a["href"]) for a in follow] == [
        ("tcm-2021-06-09-1", "../2021-06-09/#tcm-2021-06-09-1"),
        ("tcm-2021-06-09-3", "../2021-06-09/#tcm-2021-06-09-3"),
    ]
    absent = m.select_one("dd.minutes-absent")
    assert absent is not None and absent.get_text() == "Xavier Espinal"
    first = page(fixture_site, "meetings/tcm/2021-06-09")
    assert first.find(id="tcm-2021-06-09-1") is not None
    done = first.find(id="tcm-2021-06-09-1").find_next("span", class_="minutes-done")
    assert done.a["href"] == "../2021-06-23/"
    groups = [a["href"] for a in first.select("dd.minutes-groups a")]
    assert groups == ["../../../groups/wp2/", "../../../groups/cta/"]


def test_internal_record_leaves_no_trace_in_the_public_edition(fixture_site: Path) -> None:
    files = site_text(fixture_site.parent)
    assert "search/search_index.json" in files and "sitemap.xml" in files
    assert sum(name.startswith("pagefind/fragment/") for name in files) >= 4
    leaks = [name for name, text in files.items() if CANARY in text.lower()]
    assert leaks == []
    # nor its address, date, or the guest only it names
    leaks = [name for name, text in files.items() if "2022-03-01" in text or "zed-" in text]
    assert leaks == []
    assert not (fixture_site / "meetings/board/2022-03-01").exists()
    # counts exclude it: Ian attended 3 public meetings, not 4
    assert "<td>3</td>" in str(page(fixture_site, "people").find("a", string="Ian Bird").parent.parent)


def test_internal_edition_contains_the_internal_record(internal_site: Path) -> None:
    files = site_text(internal_site.parent)
    with_canary = {name for name, text in files.items() if CANARY in text.lower()}
    for name in ("meetings/board/2022-03-01/index.html", "data/actions.json",
                 "data/decisions.json", "data/meetings.json", "groups/wp2/index.html",
                 "actions/index.html", "decisions/index.html", "feed-wp2.xml", "calendar.ics"):
        assert name in with_canary
    # and the search index: Pagefind's chunks, decompressed
    assert any(name.startswith("pagefind/fragment/") for name in with_canary)


def test_values_from_records_and_registries_are_escaped(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    people = f'evil:\n  name: "{evil}"\n  affiliation: "<img src=x onerror=alert(2)>"\n'
    groups = f'wp2:\n  name: "{evil}"\n  kind: "<b>kind</b>"\n  aliases: [WP2]\n'
    series = f'tcm:\n  name: "{evil}"\n  members: [evil]\n'
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        f'date: 2021-06-09\ntitle: "{evil} [x](javascript:alert(3)) {{ onclick=alert(4) }}"\n'
        f'present: ["{evil}"]\nlocation: "{evil}"\ntags: ["{evil}"]\n'
        'links: {"<i>x</i>": "https://example.org/?a=1&b=<2>"}',
        "\n## WP2\nSpeaker: evil\n\n- [ ] evil: fix it\n\nDecision: ok\n")},
        people=people, groups=groups, series=series)
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    html = {k: v for k, v in site_text(tmp_path).items() if k.endswith(".html")}
    for name, text in html.items():
        for bad in (evil, "<img src=x", "<b>kind</b>", "<i>x</i>"):
            assert bad not in text, f"{bad} unescaped in {name}"
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(True):
            assert not any(attr.startswith("on") for attr in tag.attrs), (name, tag)
            assert not str(tag.get("href", "")).startswith("javascript:"), (name, tag)
        assert not soup.find_all("img"), name
        assert all("alert" not in s.get_text() for s in soup.find_all("script")), name
    meeting = html["meetings/tcm/2021-06-09/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in meeting
    for name in ("people/evil/index.html", "groups/wp2/index.html", "attendance/index.html",
                 "actions/index.html", "meetings/index.html"):
        assert "&lt;script&gt;" in html[name], name
