"""The ESCAPE example archive, built strictly: the seed meeting's page carries its minutes."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

ROUND_TABLE = ["WP2", "WP3", "WP4", "WP5", "WP6", "CTA", "EGO", "ESO", "EST", "FAIR", "HL-LHC",
               "Jive", "KM3Net", "SKA"]
PRESENT = ["Ian Bird", "Xavier Espinal", "Kay Graf", "Mark Allen", "Rosie Bolton", "John Swinbank",
           "Hugh Dickinson", "Matthias Fuessling", "Martino Romaniello", "Mohammad Al-Turany",
           "Daniele Spiga", "Jutta Schnabel"]


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_seed_meeting_page_header(example_site: Path) -> None:
    page = soup(example_site, "meetings/tcm/2021-06-09/index.html")
    assert page.h1 is not None and page.h1.get_text().strip("¶ ") == (
        "Technical Coordination Meeting, 9 June 2021")
    assert page.title is not None and page.title.get_text().startswith(
        "Technical Coordination Meeting, 9 June 2021")
    facts = {dt.get_text(): dd for dt, dd in zip(page.select("dl.minutes-facts dt"),
                                                 page.select("dl.minutes-facts dd"), strict=True)}
    assert facts["Date"].get_text() == "Wednesday 9 June 2021"
    assert facts["Time"].get_text() == "10:00–10:51 (Europe/Zurich)"
    assert facts["Chair"].get_text() == "Ian Bird"
    assert facts["Location"].get_text() == "Zoom"
    assert [a.get_text() for a in facts["Present (12)"].find_all("a")] == PRESENT
    assert [a.get_text() for a in facts["Apologies (2)"].find_all("a")] == [
        "Harro Verkouter", "Stephen Serjeant"]
    assert len(facts["On the agenda"].find_all("a")) == 14
    assert facts["Present (12)"].a["href"] == "../../../people/ian-bird/"


def test_seed_meeting_agenda_items_with_times_and_speakers(example_site: Path) -> None:
    page = soup(example_site, "meetings/tcm/2021-06-09/index.html")
    content = page.select_one("article")
    assert content is not None
    h2 = [h.get_text().strip("¶ ") for h in content.find_all("h2")]
    assert h2 == ["Notes", "Introduction", "Follow up on Use Case discussion", "Round table", "AOB"]
    h3 = [h.get_text().strip("¶ ") for h in content.find_all("h3")]
    assert h3 == ROUND_TABLE
    assert [h["id"] for h in content.find_all("h3")] == [
        "wp2", "wp3", "wp4", "wp5", "wp6", "cta", "ego", "eso", "est", "fair", "hl-lhc", "jive",
        "km3net", "ska"]
    metas = [p.get_text() for p in content.select("p.minutes-item-meta")]
    assert "10:00–10:05 · Speaker: Ian Bird (LAPP)" in metas
    assert "10:15–10:45" in metas
    # two speakers, Daniele Spiga once (two affiliations, one person)
    hl = content.find("h3", id="hl-lhc").find_next_sibling("p")
    assert hl.get_text() == "Speaker: Daniele Spiga (INFN-Perugia)"
    km3 = content.find("h3", id="km3net").find_next_sibling("p")
    assert km3.get_text() == "Speakers: Jutta Schnabel (FAU Erlangen (ECAP)), Kay Graf (ECAP - University of Erlangen)"
    text = content.get_text(" ")
    for phrase in ["DAC21", "binderhub", "FENIX", "HARPS instrument", "IVOA Interoperability",
                   "HGF-DMA onboarding", "ESCAPE Summer School", "EGI-ACE"]:
        assert phrase in text
    # the FENIX action: owners, due date stripped into data, anchor by id
    anchor = content.find(id="tcm-2021-06-09-5")
    assert anchor is not None and "letter of intent" in anchor.parent.get_text()


def test_no_credentials_anywhere_in_the_site(example_site: Path) -> None:
    for path in example_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"115510", b"954 2955 6769", b"95429556769", b"41432107108",
                           b"43 210 71 08", b"31 528 09 88", b"8699 5831"):
                assert secret not in data, f"{secret!r} in {path}"


def test_meetings_index_lists_the_seed_meeting(example_site: Path) -> None:
    page = soup(example_site, "meetings/index.html")
    content = page.select_one("article")
    assert content is not None
    assert [h.get_text().strip("¶ ") for h in content.find_all("h2")] == [
        "Technical Coordination Meeting"]
    assert [h.get_text().strip("¶ ") for h in content.find_all("h3")] == ["2021"]
    links = content.select("table.minutes-meetings a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Technical Coordination Meeting", "tcm/2021-06-09/")]


def test_meeting_pages_stay_out_of_the_nav(example_site: Path) -> None:
    home = (example_site / "index.html").read_text()
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"', home)
    assert not any("2021-06-09" in href for href in nav)


def test_the_example_register_and_its_mention(example_site: Path) -> None:
    """meetings/register.yml (illustrative) reaches data/register.json and register.ics; the
    WP4 report's milestone is MS20, mentioned in the seed meeting."""
    import json

    import icalendar

    items = json.loads((example_site / "data/register.json").read_text(encoding="utf-8"))
    by_id = {i["id"]: i for i in items}
    assert list(by_id) == ["D2.2", "D2.3", "D3.2", "D4.2", "D5.2", "D6.2", "MS20", "MS21",
                           "MS22", "R1"]
    assert {wp for i in items for wp in i["wp"]} == {"wp2", "wp3", "wp4", "wp5", "wp6"}
    ms20 = by_id["MS20"]
    assert (ms20["due"], ms20["due_as_written"], ms20["status"]) == ("2021-05-31", "M28", "reached")
    assert ms20["mentioned_in"] == ["tcm-2021-06-09"]
    assert by_id["D2.3"]["current_due"] == "2021-11-30"  # M30 rescheduled to M34
    cal = icalendar.Calendar.from_ical((example_site / "register.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == 9  # every deliverable and milestone; the risk has no date
    page = soup(example_site, "meetings/tcm/2021-06-09/index.html")
    wp4 = page.find("h3", id="wp4").find_next_siblings("p")[1]
    assert wp4.get_text().startswith("Milestone MS20 - IVOA Interoperability meeting")
    assert wp4.a is not None and wp4.a["href"] == "../../../register/ms20/"
