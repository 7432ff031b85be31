"""The register's pages (docs/format.md §10): register/ with what is overdue and due soon as of
the build date, the schedule picture, one page per item with its mentions newest first, the
items on their work package's page, mentions linked on meeting pages, and the public edition's
canary: an internal record's mention and a non-public deliverable's link reach no built file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from minutes.aggregates.edition import Edition
from minutes.core.archive import Options, load_archive
from minutes.core.model import Mention
from minutes.core.problems import Problems
from minutes.outputs.pipeline import OUTPUTS, BuildContext, Pages
from minutes.site import urls as u
from minutes.site.builder import SiteBuilder
from minutes.site.meeting_page import link_ids
from minutes.site.pages import IndexPage, Page, RegisterItemPage, keys_of, register_key
from minutes.site.schedule import schedule

from .helpers import mkdocs_build, record, site_text, write_archive

REGISTER_OUTPUT = next(o for o in OUTPUTS if isinstance(o, Pages) and o.name == "register")
CANARY = "canary5e1b"
SECRET_LINK = "https://zenodo.example.org/record/secret-4242"

# As of 2021-07-01 (make_site's day): D2.1 is overdue, D2.2 due in three weeks,
# D3.1 in ten (not soon), MS1 was reached late (done: never overdue), MS2 was missed.
REGISTER = f"""\
start: 2019-01-01
deliverables:
  D2.1:
    title: Data lake design
    wp: wp2
    lead: CERN
    responsible: kay-graf
    type: R
    dissemination: PU
    due: M29
    link: https://zenodo.example.org/record/public-1
  D2.2:
    title: Token service report
    wp: wp2
    type: R
    dissemination: CO
    due: 2021-07-22
    link: {SECRET_LINK}
  D3.1:
    title: Repository release
    wp: wp3
    due: M29
    rescheduled: {{due: 2021-09-09, reason: amendment 2}}
milestones:
  MS1:
    title: Pilot running
    wp: [wp2, wp3]
    due: M12
    status: reached
    reached: 2020-01-15
    verification: a demonstration
  MS2:
    title: Second pilot
    wp: wp3
    due: M24
    status: missed
risks:
  R1:
    title: Staff turnover
    wp: wp2
    likelihood: medium
    severity: high
    mitigation: cross-training
"""

RECORDS = {
    "tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird]",
        """
## WP2
Speaker: Kay Graf

The design D2.1 is late; `D2.1` in code and [D2.1](https://example.org/d2-1) stay as written.

- [ ] Kay Graf: finish D2.1 (due 2021-07-09)

## AOB

MS1 was reached in January.
""",
    ),
    "tcm/2021/2021-06-23.md": record(
        "date: 2021-06-23\npresent: [Ian Bird]",
        """
## WP3

D3.1 moves to September.
""",
    ),
}


def make_site(
    root: Path,
    today: dt.date = dt.date(2021, 7, 1),
    register: str = REGISTER,
    records: dict[str, str] = RECORDS,
    mentions: dict[str, list[tuple[str, int, int | None, str]]] | None = None,
    internal: bool = False,
) -> SiteBuilder:
    """The site of an archive with a register, as of `today`; `mentions` (meeting id ->
    (item, body line, section, sentence)) stand for what the records mention."""
    write_archive(root, records)
    if register:
        (root / "meetings" / "register.yml").write_text(register, encoding="utf-8")
    problems = Problems()
    archive = load_archive(root / "meetings", Options(), problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    for m in archive.meetings:
        if mentions is not None:
            m.mentions = [
                Mention(item, m.id, m.body_line + line, section, sentence)
                for item, line, section, sentence in mentions.get(m.id, [])
            ]
    return SiteBuilder(archive.edition(internal), u.Urls(True), today=today)


MENTIONS = {
    "tcm-2021-06-09": [
        ("D2.1", 4, 0, "The design D2.1 is late; D2.1 in code and D2.1 stay as written."),
        ("D2.1", 6, 0, "Kay Graf: finish D2.1"),
        ("MS1", 10, 1, "MS1 was reached in January."),
    ],
    "tcm-2021-06-23": [("D3.1", 3, 0, "D3.1 moves to September.")],
}


def pages_of(site: SiteBuilder) -> dict[str, Page]:
    return {p.src: p for p in REGISTER_OUTPUT.pages(BuildContext(site, "x", None))}


def texts(site: SiteBuilder) -> list[str]:
    """The register's pages, their set-aside HTML put back."""
    return [site.restore_html(src, p.markdown) for src, p in pages_of(site).items()]


def html(site: SiteBuilder, src: str, markdown: str) -> BeautifulSoup:
    """A page's Markdown with its set-aside HTML put back, as a soup (the Markdown between
    the blocks is read as text)."""
    return BeautifulSoup(site.restore_html(src, markdown), "html.parser")


def ids_in(section: str, soup_text: str) -> list[str]:
    """The register ids linked in one `## ` section of register/'s Markdown."""
    start = soup_text.index(f"## {section}")
    end = soup_text.find("\n## ", start + 1)
    part = BeautifulSoup(soup_text[start : end if end > 0 else None], "html.parser")
    return [a.get_text() for a in part.select("a.minutes-register-id")]


def register_markdown(site: SiteBuilder) -> str:
    page = pages_of(site)["register/index.md"]
    assert isinstance(page, IndexPage)
    return site.restore_html(page.src, page.markdown)


def test_overdue_and_due_soon_as_of_the_build_date(tmp_path: Path) -> None:
    text = register_markdown(make_site(tmp_path, mentions=MENTIONS))
    assert "as of 1 July 2021: 3 deliverables, 2 milestones, 1 risk." in text
    assert ids_in("Overdue", text) == ["D2.1"]  # M29 = 2021-05-31; MS2 was missed, not owed
    assert ids_in("Due in the next eight weeks", text) == ["D2.2"]  # not D3.1 (2021-09-09)
    by_wp = ids_in("Deliverables and milestones by work package", text)
    assert by_wp == ["MS1", "D2.1", "D2.2", "MS1", "MS2", "D3.1"]  # per WP, by due date
    assert ids_in("Risks", text) == ["R1"]
    # the overdue mark is the build date's: a build in May 2021 finds nothing late yet
    early = register_markdown(make_site(tmp_path / "early", today=dt.date(2021, 5, 1)))
    assert ids_in("Overdue", early) == []
    assert "Nothing is overdue." in early
    assert ids_in("Due in the next eight weeks", early) == ["D2.1"]
    # and a build after everything lists every owed item
    late = register_markdown(make_site(tmp_path / "late", today=dt.date(2022, 1, 1)))
    assert ids_in("Overdue", late) == ["D2.1", "D2.2", "D3.1"]
    assert "Nothing is due before 26 February 2022." in late


def test_the_overdue_mark_and_status_in_the_rows(tmp_path: Path) -> None:
    text = register_markdown(make_site(tmp_path, mentions=MENTIONS))
    soup = BeautifulSoup(text[text.index("## Deliverables") :], "html.parser")
    rows = {r.select_one("a.minutes-register-id").get_text(): r for r in soup.select("tbody tr")}
    cells = [c.get_text(" ", strip=True) for c in rows["D2.1"].find_all("td")]
    assert cells == ["D2.1", "Data lake design", "2021-05-31", "planned overdue", "2021-06-09"]
    assert rows["D2.1"].select_one("a.minutes-register-id")["href"] == "d2-1/"
    # its last mention links to the section of the meeting that made it
    assert rows["D2.1"].find_all("a")[-1]["href"] == "../meetings/tcm/2021-06-09/#wp2"
    cells = [c.get_text(" ", strip=True) for c in rows["D3.1"].find_all("td")]
    assert cells[2:4] == ["2021-09-09 (rescheduled from 2021-05-31)", "planned"]
    assert [c.get_text(" ", strip=True) for c in rows["MS1"].find_all("td")][3] == "reached"
    assert [c.get_text(" ", strip=True) for c in rows["MS2"].find_all("td")][3] == "missed"


def test_the_schedule_picture(tmp_path: Path) -> None:
    text = register_markdown(make_site(tmp_path, mentions=MENTIONS))
    svg = BeautifulSoup(text, "html.parser").select_one("figure.minutes-schedule svg")
    assert svg is not None and svg["role"] == "img"
    assert svg.find("title").get_text() == "The schedule of the deliverables and milestones"
    assert svg.find("desc").get_text() == (
        "3 deliverables and 2 milestones by work package, from 2019-01-01 to 2021-09-09; "
        "1 overdue as of 2021-07-01."
    )
    rows = [t.get_text() for t in svg.find_all("text") if t.get("text-anchor") == "end"]
    assert rows[-2:] == ["WP2", "WP3"]  # one row per work package
    marks = [g["data-item"] for g in svg.select("g[data-item]")]
    assert marks == ["MS1", "D2.1", "D2.2", "MS1", "MS2", "D3.1"]  # no risk: it has no date
    labels = {g["data-item"]: g.find("title").get_text() for g in svg.select("g[data-item]")}
    assert labels["D2.1"] == "D2.1 Data lake design; due 2021-05-31 (M29); planned, overdue"
    assert labels["MS1"] == ("MS1 Pilot running; due 2019-12-31 (M12); reached 2020-01-15; reached")
    d31 = svg.select_one('g[data-item="D3.1"]')
    assert d31.select_one("line[stroke-dasharray]") is not None  # the reschedule
    assert d31.select("circle")[-1]["fill"] == "#1565c0"  # owed, on its new date
    assert svg.select_one('g[data-item="D2.1"] circle')["fill"] == "#c62828"  # overdue
    assert schedule([("WP9", [])], dt.date(2021, 1, 1)) == ""  # nothing dated, no picture


def test_an_item_page_lists_its_fields_and_mentions_newest_first(tmp_path: Path) -> None:
    mentions = {
        **MENTIONS,
        "tcm-2021-06-23": [("D2.1", 3, 0, "D2.1 goes out next week.")],
    }
    site = make_site(tmp_path, mentions=mentions)
    pages = pages_of(site)
    page = pages["register/d2-1.md"]
    assert isinstance(page, RegisterItemPage) and page.searchable and not page.in_nav
    assert page.inputs == frozenset({"register", register_key("D2.1")})
    soup = html(site, page.src, page.markdown)
    facts = soup.select_one("dl.minutes-facts")
    pairs = [
        (dt_.get_text(), dd.get_text(" ", strip=True))
        for dt_, dd in zip(facts.find_all("dt"), facts.find_all("dd"), strict=True)
    ]
    assert pairs == [
        ("Kind", "Deliverable"),
        ("Work package", "WP2"),
        ("Due", "M29: 2021-05-31"),
        ("Status", "planned overdue"),
        ("Lead beneficiary", "CERN"),
        ("Responsible", "Kay Graf"),
        ("Type", "R"),
        ("Dissemination", "PU"),
        ("Link", "https://zenodo.example.org/record/public-1"),
    ]
    assert facts.select_one("a.minutes-person")["href"] == "../../people/kay-graf/"
    assert "2 meetings mentioned D2\\.1, the newest first." in page.markdown
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")
    ]
    assert rows == [
        ["2021-06-23", "Technical Coordination Meeting", "WP3", "D2.1 goes out next week."],
        [
            "2021-06-09",
            "Technical Coordination Meeting",
            "WP2",
            "The design D2.1 is late; D2.1 in code and D2.1 stay as written.",
        ],
        ["2021-06-09", "Technical Coordination Meeting", "WP2", "Kay Graf: finish D2.1"],
    ]
    links = [tr.find("a")["href"] for tr in soup.select("tbody tr")]
    assert links == [
        "../../meetings/tcm/2021-06-23/#wp3",
        "../../meetings/tcm/2021-06-09/#wp2",
        "../../meetings/tcm/2021-06-09/#wp2",
    ]
    assert soup.select_one("div.minutes-scroll")["data-pagefind-ignore"] == ""
    # a section that is no group's: its title, and the meeting without an anchor
    ms1 = html(site, "register/ms1.md", pages["register/ms1.md"].markdown)
    assert [td.get_text() for td in ms1.select("tbody td")][2:] == [
        "AOB",
        "MS1 was reached in January.",
    ]
    assert ms1.select_one("tbody a")["href"] == "../../meetings/tcm/2021-06-09/"
    facts = ms1.select_one("dl.minutes-facts").get_text(" ", strip=True)
    assert "Work packages WP2 , WP3" in facts and "Reached 2020-01-15" in facts
    assert "Means of verification a demonstration" in facts
    d31 = html(site, "register/d3-1.md", pages["register/d3-1.md"].markdown)
    facts = d31.select_one("dl.minutes-facts").get_text(" ", strip=True)
    assert "Rescheduled to 2021-09-09 : amendment 2" in facts
    assert "No meeting has mentioned D3\\.1 yet." in pages["register/d3-1.md"].markdown
    r1 = html(site, "register/r1.md", pages["register/r1.md"].markdown)
    facts = r1.select_one("dl.minutes-facts").get_text(" ", strip=True)
    assert "Likelihood medium Severity high Mitigation cross-training" in facts


def test_mentions_of_internal_records_stay_out_of_the_public_edition(tmp_path: Path) -> None:
    records = {
        **RECORDS,
        "board/2021/2021-06-30.md": record(
            "date: 2021-06-30\npresent: [Ian Bird]\nvisibility: internal", "\nD2.1 slips.\n"
        ),
    }
    mentions = {**MENTIONS, "board-2021-06-30": [("D2.1", 1, None, f"D2.1 {CANARY}.")]}
    public = make_site(tmp_path / "public", records=records, mentions=mentions)
    internal = make_site(tmp_path / "internal", records=records, mentions=mentions, internal=True)
    assert [m.meeting for m in public.edition.mentions["D2.1"]] == ["tcm-2021-06-09"] * 2
    assert [m.meeting for m in internal.edition.mentions["D2.1"]] == [
        "board-2021-06-30",
        "tcm-2021-06-09",
        "tcm-2021-06-09",
    ]
    assert not any(CANARY in text for text in texts(public))
    assert any(CANARY in text for text in texts(internal))
    # and the non-public deliverable keeps its title and dates, not its link
    d22 = pages_of(public)["register/d2-2.md"]
    assert "Token service report" in d22.markdown and "2021-07-22" in public.restore_html(
        d22.src, d22.markdown
    )
    assert SECRET_LINK not in public.restore_html(d22.src, d22.markdown)
    d22 = pages_of(internal)["register/d2-2.md"]
    assert SECRET_LINK in internal.restore_html(d22.src, d22.markdown)


def test_a_group_page_lists_its_items(tmp_path: Path) -> None:
    site = make_site(tmp_path, mentions=MENTIONS)
    groups = {p.src: p for p in site.families.groups()}
    wp2 = groups["groups/wp2.md"]
    assert "register" in wp2.inputs
    soup = html(site, wp2.src, wp2.markdown)
    assert "## What WP2 owes { #register }" in soup.get_text()
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in soup.select("table.minutes-register tbody tr")
    ]
    assert rows == [
        ["D2.1", "Data lake design", "2021-05-31", "planned overdue"],
        ["D2.2", "Token service report", "2021-07-22", "planned"],
        ["MS1", "Pilot running", "2019-12-31", "reached"],
        ["R1", "Staff turnover", "", "open"],
    ]
    assert soup.select_one("a.minutes-register-id")["href"] == "../../register/d2-1/"
    # a group that owes nothing has no such table, and pages without a register no change
    assert "owes" not in groups["groups/cta.md"].markdown
    bare = make_site(tmp_path / "bare", register="")
    assert list(REGISTER_OUTPUT.pages(BuildContext(bare, "x", None))) == []
    plain = {p.src: p for p in bare.families.groups()}["groups/wp2.md"]
    assert "owes" not in plain.markdown and plain.inputs == frozenset({"group:wp2"})


@pytest.mark.parametrize(
    ("line", "linked"),
    [
        ("D2.1 is late.", "[D2.1] is late."),
        ("Is it D2.1?", "Is it [D2.1]?"),
        ("We sent D2.1.", "We sent [D2.1]."),  # a sentence's full stop
        ("**D2.1**, MS1 and D2.1", "**[D2.1]**, [MS1] and [D2.1]"),
        ("`D2.1` and ``x D2.1 x``", "`D2.1` and ``x D2.1 x``"),  # code
        ("[D2.1](https://x.org/D2.1) and D2.1", "[D2.1](https://x.org/D2.1) and [D2.1]"),
        (
            "see https://x.org/D2.1 or <https://x.org/D2.1>",
            "see https://x.org/D2.1 or <https://x.org/D2.1>",
        ),
        ('<span title="D2.1">x</span> D2.1', '<span title="D2.1">x</span> [D2.1]'),
        ("D2.1.1, D2.10, MS10, MS1a, xD2.1, D2.1-b", "D2.1.1, D2.10, MS10, MS1a, xD2.1, D2.1-b"),
        ("### D2.1 review { #wp2 }", "### [D2.1] review { #wp2 }"),
    ],
)
def test_link_ids_links_whole_words_outside_code_and_links(line: str, linked: str) -> None:
    assert link_ids(line, {"D2.1", "MS1"}, lambda i: f"[{i}]") == linked


@pytest.mark.parametrize(
    ("noise", "linked"),
    [
        ("<a ", True),
        ("[x ", True),
        ("](", True),
        ("{ ", True),
        ("https://x ", True),
        ("`", False),
    ],  # the last: two runs of 200,000 backticks, a code span between them
    ids=repr,
)
def test_link_ids_runs_in_linear_time(noise: str, linked: bool) -> None:
    """A hostile line (docs/format.md §9.1): 200,000 openers that never close, and a mention."""
    import time

    line = noise * 200_000 + " D2.1 " + noise * 200_000
    start = time.perf_counter()
    out = link_ids(line, {"D2.1"}, lambda i: f"[[{i}]]")
    assert time.perf_counter() - start < 2
    assert ("[[D2.1]]" in out) is linked


def test_a_meeting_page_links_each_mention(tmp_path: Path) -> None:
    site = make_site(tmp_path, mentions=MENTIONS)
    m = site.meeting_by_id["tcm-2021-06-09"]
    page = site.meeting_page(m)
    text = site.restore_html(page.src, page.markdown)
    link = (
        '<a class="minutes-register-id" href="../../../register/d2-1/" '
        'title="Data lake design">D2.1</a>'
    )
    assert f"The design {link} is late; `D2.1` in code and [D2.1](https://example.org/d2-1)" in text
    assert re.search(
        r'tcm-2021-06-09-1</a> Kay Graf: finish <a class="minutes-register-id" '
        r'href="../../../register/d2-1/"',
        text,
    )
    assert (
        '<a class="minutes-register-id" href="../../../register/ms1/" title="Pilot running">'
        "MS1</a> was reached" in text
    )
    # a meeting's keys name the items it mentions: their pages are made again when it changes
    assert {register_key("D2.1"), register_key("MS1")} <= keys_of(m, site.archive)
    # without mentions, the body is as before
    bare = make_site(tmp_path / "bare", mentions={})
    plain = bare.meeting_page(bare.meeting_by_id["tcm-2021-06-09"]).markdown
    assert "minutes-register-id" not in bare.restore_html("meetings/tcm/2021-06-09.md", plain)


def test_the_edition_gathers_mentions_newest_first(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        mentions={
            "tcm-2021-06-09": [("D2.1", 4, 0, "a"), ("D3.1", 6, 0, "b"), ("D2.1", 10, 1, "c")],
            "tcm-2021-06-23": [
                ("D2.1", 3, 0, "d"),
                ("D9.9", 3, 0, "not registered"),
                ("D2.1", 3, 0, "d"),
            ],
        },
    )
    edition = Edition(site.archive, dt.date(2021, 7, 1))
    got = {k: [m.sentence for m in v] for k, v in edition.mentions.items()}
    assert got == {"D2.1": ["d", "a", "c"], "D3.1": ["b"]}  # a sentence named twice: once


# --- built sites: the records' own mentions, found by core/mentions.py ---------------------


def built(root: Path, internal: bool) -> dict[str, str]:
    records = {
        **RECORDS,
        "board/2021/2021-06-30.md": record(
            "date: 2021-06-30\npresent: [Ian Bird]\nvisibility: internal",
            f"\n## WP2\n\nD2.2 slips again, {CANARY}.\n",
        ),
    }
    write_archive(root, records)
    (root / "meetings" / "register.yml").write_text(REGISTER, encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": "1625097600"}  # 2021-07-01
    if internal:
        env["MINUTES_INCLUDE_INTERNAL"] = "1"
    result = mkdocs_build(root, "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_text(root)


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return built(tmp_path_factory.mktemp("public"), internal=False)


def test_public_edition_canary(public_site: dict[str, str], tmp_path: Path) -> None:
    """An internal record's mention and a non-public deliverable's link reach no file of the
    public edition (pages, search index, data files, calendars); the internal edition has
    both."""
    assert "register/index.html" in public_site and "register/d2-2/index.html" in public_site
    assert any(n.startswith("pagefind/fragment/") for n in public_site)
    leaks = [n for n, text in public_site.items() if CANARY in text or "secret-4242" in text]
    assert leaks == []
    d22 = public_site["register/d2-2/index.html"]
    assert "Token service report" in d22 and "2021-07-22" in d22
    internal = built(tmp_path, internal=True)
    assert CANARY in internal["register/d2-2/index.html"]
    assert SECRET_LINK in internal["register/d2-2/index.html"]


def test_built_pages_link_mentions_and_list_them(public_site: dict[str, str]) -> None:
    meeting = BeautifulSoup(public_site["meetings/tcm/2021-06-09/index.html"], "html.parser")
    article = meeting.select_one("article")
    assert isinstance(article, Tag)
    links = [(a.get_text(), a["href"]) for a in article.select("a.minutes-register-id")]
    assert links == [
        ("D2.1", "../../../register/d2-1/"),
        ("D2.1", "../../../register/d2-1/"),
        ("MS1", "../../../register/ms1/"),
    ]
    assert [c.get_text() for c in article.select("code")] == ["D2.1"]
    item = BeautifulSoup(public_site["register/d2-1/index.html"], "html.parser")
    dates = [tr.find("td").get_text() for tr in item.select("article tbody tr")]
    assert dates == ["2021-06-09", "2021-06-09"]
    index = BeautifulSoup(public_site["register/index.html"], "html.parser")
    nav = [a.get_text(strip=True) for a in index.select(".md-tabs__link, .md-nav__link")]
    assert "Register" in nav
    assert "register/d2-1/index.html" in public_site and "register/r1/index.html" in public_site


# --- serving: the register's pages follow the records that mention its items ---------------


@pytest.fixture
def serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The fixture archive with this file's register, served as `mkdocs serve --dirty` does
    (tests/test_incremental.py)."""
    from minutes.adapters import incremental, plugin

    from .fixture_archive import TODAY_EPOCH, write_fixture
    from .test_incremental import Serve

    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("MINUTES_INCLUDE_INTERNAL", raising=False)
    monkeypatch.setattr(plugin, "_PARSE_CACHES", {})
    monkeypatch.setattr(incremental, "_SESSIONS", {})
    root = write_fixture(tmp_path / "archive")
    (root / "meetings" / "register.yml").write_text(REGISTER, encoding="utf-8")
    server = Serve(root, tmp_path / "archive" / "served")
    server.build()
    yield server
    server.close()


def test_serving_remakes_the_pages_a_mention_touches(serving, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from .test_incremental import _assert_equal_to_clean, _touch

    meetings = serving.root / "meetings"
    site = serving.site
    assert "No meeting has mentioned D2.1 yet." in (site / "register/d2-1/index.html").read_text()
    # an edit mentions D2.1: its page, the register's and the meeting's are made again
    edited = meetings / "tcm/2021/2021-06-23.md"
    _touch(edited, edited.read_text().replace("No news.", "D2.1 is in review."))
    serving.build()
    item = (site / "register/d2-1/index.html").read_text()
    assert "D2.1 is in review." in item
    assert 'href="../../register/d2-1/"' not in item  # its own page names it in plain text
    assert "register/d2-1/" in (site / "meetings/tcm/2021-06-23/index.html").read_text()
    _assert_equal_to_clean(serving, tmp_path, "mention")
    # a new meeting mentions MS1 in its title
    _touch(
        meetings / "tcm/2022/2022-02-02.md",
        record("date: 2022-02-02\ntitle: MS1 review\npresent: [Ian Bird]", "\n## WP2\n\nOK.\n"),
    )
    serving.build()
    assert "MS1 review" in (site / "register/ms1/index.html").read_text()
    _assert_equal_to_clean(serving, tmp_path, "added")
    # the register changes: the session starts afresh
    register = meetings / "register.yml"
    _touch(register, register.read_text().replace("    due: 2021-07-22\n", "    due: 2021-12-22\n"))
    serving.build()
    assert "2021-12-22" in (site / "register/d2-2/index.html").read_text()
    _assert_equal_to_clean(serving, tmp_path, "register")
