"""Feeds, calendars, edit links and reproducible builds, read back with real clients."""

from __future__ import annotations

import datetime as dt
import filecmp
import zoneinfo
from pathlib import Path

import feedparser
import icalendar
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser import Contentline

from minutes.outputs.calendars import VEvent, calendar, fold, vevent

from .fixture_archive import TODAY_EPOCH, write_fixture
from .helpers import mkdocs_build


def test_site_feed(fixture_site: Path) -> None:
    feed = feedparser.parse((fixture_site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Test minutes"
    titles = [e.title for e in feed.entries]
    assert titles == [
        "Technical Coordination Meeting, 12 January 2022",
        "Board meeting, 1 September 2021",
        "Technical Coordination Meeting, 23 June 2021",
        "Technical Coordination Meeting, 9 June 2021",
    ]
    first_june = feed.entries[-1]
    assert first_june.link == "https://minutes.example.org/meetings/tcm/2021-06-09/"
    # 10:00 in Zurich (summer time) is 08:00 UTC
    assert first_june.updated_parsed[:5] == (2021, 6, 9, 8, 0)
    assert "Decision: DAC21 starts in the autumn." in first_june.summary
    assert "Chair: Ian Bird." in first_june.summary
    # no start time: midnight in the meeting's zone, 23:00 UTC the day before
    assert feed.feed.updated_parsed[:5] == (2022, 1, 11, 23, 0)


def test_group_feed_carries_the_reports(fixture_site: Path) -> None:
    feed = feedparser.parse((fixture_site / "feed-wp2.xml").read_bytes())
    assert feed.bozo == 0, feed.bozo_exception
    assert [e.title for e in feed.entries] == [
        "WP2: Technical Coordination Meeting, 12 January 2022",
        "WP2: Technical Coordination Meeting, 23 June 2021",
        "WP2: Technical Coordination Meeting, 9 June 2021",
    ]
    report = feed.entries[-1]
    assert report.link == "https://minutes.example.org/meetings/tcm/2021-06-09/#wp2"
    assert "Tokens are progressing" in report.content[0].value
    assert feed.entries[1].summary == "No report recorded."
    page = (fixture_site / "groups/wp2/index.html").read_text()
    # "alternate feed": a feed link for feed readers that Material's sitemap fetch ignores
    assert '<link rel="alternate feed" type="application/atom+xml" title="WP2: Test minutes" href="../../feed-wp2.xml">' in page
    assert 'rel="alternate"' not in page
    home = (fixture_site / "index.html").read_text()
    assert 'type="application/atom+xml" title="Test minutes" href="feed.xml"' in home


def events(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_times_time_zones_and_all_day_events(fixture_site: Path) -> None:
    evs = events(fixture_site / "calendar.ics")
    assert sorted(evs) == [
        "board-2021-09-01@minutes.example.org", "tcm-2021-06-09@minutes.example.org",
        "tcm-2021-06-23@minutes.example.org", "tcm-2022-01-12@minutes.example.org",
    ]
    timed = evs["tcm-2021-06-09@minutes.example.org"]
    zurich = zoneinfo.ZoneInfo("Europe/Zurich")
    start, end = timed.decoded("DTSTART"), timed.decoded("DTEND")
    assert start == dt.datetime(2021, 6, 9, 10, 0, tzinfo=zurich)
    assert str(start.tzinfo) == "Europe/Zurich"
    assert end - start == dt.timedelta(hours=1)
    assert timed["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert str(timed["URL"]) == "https://minutes.example.org/meetings/tcm/2021-06-09/"
    assert str(timed["SUMMARY"]) == "Technical Coordination Meeting"
    all_day = evs["board-2021-09-01@minutes.example.org"]
    assert all_day.decoded("DTSTART") == dt.date(2021, 9, 1)
    assert all_day.decoded("DTEND") == dt.date(2021, 9, 2)
    cal = icalendar.Calendar.from_ical((fixture_site / "calendar.ics").read_bytes())
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Zurich"]


# Text that puts escapes, multi-octet and astral characters at every fold position.
_LINE = st.text(st.sampled_from(["a", " ", "\\", "^", ",", "é", "€", "😀", "ñ"]), max_size=400)
# Values for the escaping of TEXT as well (outputs/calendars.py's `escape`): line breaks of
# each kind, semicolons, and a backslash before an N.
_TEXT = st.text(
    st.sampled_from(["a", " ", "\\", "^", ",", ";", "N", "\n", "\r", "é", "😀"]), max_size=400
)


@given(_LINE)
def test_fold_folds_as_the_library_does(text: str) -> None:
    line = "DESCRIPTION:" + text
    assert fold(line).encode() == Contentline(line).to_ical()


_ZONES = st.sampled_from(["Europe/Zurich", "America/Chicago", "UTC", "Etc/GMT", "Africa/Abidjan"])


@given(
    _TEXT,
    _TEXT,
    st.none() | _TEXT,
    st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30)),
    _ZONES,
    st.booleans(),
    st.booleans(),
)
def test_vevent_is_what_the_library_writes(
    summary: str,
    description: str,
    location: str | None,
    when: dt.datetime,
    zone: str,
    all_day: bool,
    with_end: bool,
) -> None:
    start: dt.date = when.date() if all_day else when.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    end: dt.date = start + dt.timedelta(days=1) if all_day else when + dt.timedelta(hours=1)
    stamp = when.replace(tzinfo=dt.UTC)
    times = [("dtstart", start)] + ([("dtend", end)] if with_end else [])
    event = icalendar.Event()
    event.add("uid", "m-1@minutes.example.org")
    event.add("summary", summary)
    event.add("dtstamp", stamp)
    for name, value in times:
        event.add(name, value)
    if location:
        event.add("location", location)
    event.add("url", "https://minutes.example.org/meetings/tcm/2021-06-09/")
    event.add("description", description)
    ours = vevent(
        "m-1@minutes.example.org",
        summary,
        stamp,
        times,
        location,
        "https://minutes.example.org/meetings/tcm/2021-06-09/",
        description,
    )
    assert ours.text == event.to_ical()
    cal = icalendar.Calendar()
    cal.add_component(event)
    assert ours.tzids == cal.get_used_tzids()


@given(_TEXT, _TEXT, st.lists(_TEXT.filter(bool), max_size=3), st.dates(dt.date(1, 1, 1)))
def test_an_action_event_is_what_the_library_writes(
    summary: str, description: str, categories: list[str], due: dt.date
) -> None:
    """The all-day events of people's action calendars, with their categories (the series
    and group), as the library writes them (outputs/calendars.py writes them itself)."""
    end = due + dt.timedelta(days=1) if due < dt.date.max else due
    stamp = dt.datetime(due.year, due.month, due.day, tzinfo=dt.UTC)
    url = "https://minutes.example.org/meetings/tcm/2021-06-09/#tcm-2021-06-09-1"
    event = icalendar.Event()
    event.add("summary", summary)
    event.add("dtstart", due)
    event.add("dtend", end)
    event.add("dtstamp", stamp)
    event.add("uid", "tcm-2021-06-09-1@minutes.example.org")
    event.add("description", description)
    event.add("url", icalendar.vUri(url))
    if categories:
        event.add("categories", categories)
    ours = vevent(
        "tcm-2021-06-09-1@minutes.example.org",
        summary,
        stamp,
        [("dtstart", due), ("dtend", end)],
        None,
        url,
        description,
        categories,
    )
    assert ours.text == event.to_ical()


def test_calendar_holds_the_time_zones_its_events_name() -> None:
    def event(uid: str, start: dt.date) -> VEvent:
        stamp = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
        return vevent(uid, "s", stamp, [("dtstart", start)], None, "u", "d")

    zurich, chicago = zoneinfo.ZoneInfo("Europe/Zurich"), zoneinfo.ZoneInfo("America/Chicago")
    one = [event("a", dt.datetime(2021, 6, 9, 10, tzinfo=zurich)), event("b", dt.date(2022, 1, 1))]
    two = [*one, event("c", dt.datetime(2021, 6, 9, 10, tzinfo=chicago))]
    for events, zones in ((one, ["Europe/Zurich"]), (two, ["America/Chicago", "Europe/Zurich"])):
        parsed = icalendar.Calendar.from_ical(calendar("C", events))
        assert [z.tz_name for z in parsed.timezones] == zones
        assert [str(e["uid"]) for e in parsed.events] == ["a", "b", "c"][: len(events)]
        library = icalendar.Calendar()
        for z in zones:
            library.add_component(icalendar.Timezone.from_tzid(z))
        assert [z.to_ical() for z in parsed.timezones] == [z.to_ical() for z in library.timezones]


def test_one_calendar_per_series(fixture_site: Path) -> None:
    assert sorted(events(fixture_site / "calendars/tcm.ics")) == [
        "tcm-2021-06-09@minutes.example.org", "tcm-2021-06-23@minutes.example.org",
        "tcm-2022-01-12@minutes.example.org"]
    assert sorted(events(fixture_site / "calendars/board.ics")) == [
        "board-2021-09-01@minutes.example.org"]


def test_internal_meeting_is_in_no_feed_or_calendar(fixture_site: Path, internal_site: Path) -> None:
    for name in ("feed.xml", "calendar.ics", "calendars/board.ics", "feed-wp2.xml"):
        assert "2022-03-01" not in (fixture_site / name).read_text()
        assert "2022-03-01" in (internal_site / name).read_text()


def test_edit_and_view_source_links_open_the_record(tmp_path: Path) -> None:
    root = write_fixture(tmp_path)
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace(
        "theme:\n", "repo_url: https://github.com/example/archive\nedit_uri: edit/main/docs/\ntheme:\n"
        "  features: [content.action.edit, content.action.view]\n"))
    result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site/meetings/tcm/2021-06-09/index.html").read_text()
    assert 'href="https://github.com/example/archive/edit/main/meetings/tcm/2021/2021-06-09.md"' in page
    assert 'href="https://github.com/example/archive/raw/main/meetings/tcm/2021/2021-06-09.md"' in page
    # a generated aggregate page has no record to edit
    assert "edit/main" not in (root / "site/actions/index.html").read_text()


def test_two_builds_of_one_commit_are_byte_identical(tmp_path: Path) -> None:
    sites = []
    for name in ("one", "two"):
        root = write_fixture(tmp_path / name)
        result = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(root / "site")

    def files_of(site: Path) -> list[Path]:
        # Pagefind salts the names of its index chunks at random: its bundle is left out.
        return sorted(
            p.relative_to(site) for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
        )

    files = files_of(sites[0])
    assert files == files_of(sites[1])
    assert len(files) > 30
    assert {"feed.xml", "calendar.ics", "data/actions.json", "meetings/tcm/2021-06-09/index.html",
            "search/search_index.json", "sitemap.xml"} <= {f.as_posix() for f in files}
    match, mismatch, errors = filecmp.cmpfiles(sites[0], sites[1], [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []


# --- register.ics: the register's due dates (docs/format.md §10, §11) -------------------------


def register_calendar(tmp_path: Path, site_url: str | None = "https://minutes.example.org/") -> dict[str, bytes]:
    """The feed and calendar files of a one-record archive with the tests' hand-made register."""
    from minutes.outputs.publish import Publisher

    from .helpers import one_meeting_site
    from .test_data_files import hand_made_register

    site = one_meeting_site(tmp_path, "date: 2021-06-09\npresent: [Ian Bird]")
    site.archive.registry.register = hand_made_register()
    return Publisher(site.edition, site.links, "Test minutes", site_url).files()


def test_register_calendar_has_an_all_day_event_per_due_date(tmp_path: Path) -> None:
    files = register_calendar(tmp_path)
    cal = icalendar.Calendar.from_ical(files["register.ics"])
    assert str(cal["X-WR-CALNAME"]) == "Test minutes: due dates"
    evs = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    # the risk has no due date; UIDs are the items', so a date that moves moves the event
    assert list(evs) == ["register-d2-3@minutes.example.org", "register-ms4@minutes.example.org"]
    d23 = evs["register-d2-3@minutes.example.org"]
    # the date that holds now: rescheduled from M9 (31 May) to M10 (30 June)
    assert d23.decoded("DTSTART") == dt.date(2021, 6, 30)
    assert d23.decoded("DTEND") == dt.date(2021, 7, 1)
    assert d23.decoded("DTSTAMP") == dt.datetime(2021, 6, 30, tzinfo=dt.UTC)
    assert str(d23["SUMMARY"]) == "D2.3: Data Lake pilot report"
    assert str(d23["URL"]) == "https://minutes.example.org/register/d2-3/"
    assert str(d23["DESCRIPTION"]) == (
        "Deliverable D2.3 of WP2, due 2021-05-31 (M9), rescheduled to 2021-06-30 (M10) "
        "(the pilot started late). Status: submitted.")
    ms4 = evs["register-ms4@minutes.example.org"]
    assert ms4.decoded("DTSTART") == dt.date(2021, 4, 30)
    assert str(ms4["DESCRIPTION"]) == "Milestone MS4 of WP2, WP3, due 2021-04-30 (M8). Status: reached."
    assert cal.walk("VTIMEZONE") == []


def test_register_calendar_without_a_site_url_links_relatively(tmp_path: Path) -> None:
    cal = icalendar.Calendar.from_ical(register_calendar(tmp_path, None)["register.ics"])
    uids = [(str(e["UID"]), str(e["URL"])) for e in cal.walk("VEVENT")]
    assert uids == [("register-d2-3@minutes.invalid", "register/d2-3/"),
                    ("register-ms4@minutes.invalid", "register/ms4/")]


def test_no_register_calendar_without_a_register(fixture_site: Path) -> None:
    assert not (fixture_site / "register.ics").exists()
    assert sorted(p.name for p in fixture_site.glob("*.ics")) == ["calendar.ics"]


def test_a_built_register_reaches_the_public_edition_without_its_internal_parts(
    tmp_path: Path,
) -> None:
    """The register's files in a real build: the public edition carries no internal record's
    mention (canary7f3a) and no link of a deliverable that is not public (d3.1.pdf)."""
    from .test_data_files import register_archive

    sites = {}
    for edition in ("public", "internal"):
        root = register_archive(tmp_path / edition)
        env = {"SOURCE_DATE_EPOCH": TODAY_EPOCH}
        if edition == "internal":
            env["MINUTES_INCLUDE_INTERNAL"] = "1"
        result = mkdocs_build(root, "--strict", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        sites[edition] = root / "site"
    public, internal = sites["public"], sites["internal"]
    uids = sorted(events(public / "register.ics"))
    assert uids == [f"register-{s}@minutes.example.org" for s in ("d2-3", "d3-1", "ms4", "ms5")]
    assert (public / "register.ics").read_bytes() == (internal / "register.ics").read_bytes()
    for path in public.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics", ".txt"):
            data = path.read_bytes()
            assert b"canary7f3a" not in data, path
            assert b"d3.1.pdf" not in data, path
    # the internal edition has both: in the item's page and in data/register.json
    assert b"canary7f3a" in (internal / "register/d3-1/index.html").read_bytes()
    register = (internal / "data/register.json").read_text()
    assert "d3.1.pdf" in register and "board-2021-06-10" in register
