"""`minutes import-indico`: the Indico export of the 2021-06-09 TCM becomes a valid record."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from minutes.core.archive import Options, load_archive
from minutes.core.model import Meeting
from minutes.core.problems import Problems
from minutes.core.registry import load_registry
from minutes.tools.indico import agenda, html_to_markdown, parse_export, person_of, render_record

from .helpers import REPO, minutes, mkdocs_build, write_archive

FIXTURES = Path(__file__).parent / "fixtures" / "indico"
EVENT = FIXTURES / "escape-tcm-2021-06-09.json"
NOTES = FIXTURES / "notes.html"
RECORD = "meetings/tcm/2021/2021-06-09.md"
# the seed's notes: "Present: Ian Bird, ..., Mohammed Al-Turany, ..." (an alias: the registered
# name is written) and "Apologies: Harro Verkouter, Stephen Serjeant"
PRESENT = [
    "Ian Bird", "Xavier Espinal", "Kay Graf", "Mark Allen", "Rosie Bolton", "John Swinbank",
    "Hugh Dickinson", "Matthias Fuessling", "Martino Romaniello", "Mohammad Al-Turany",
    "Daniele Spiga", "Jutta Schnabel",
]
GROUPS = ["wp2", "wp3", "wp4", "wp5", "wp6", "cta", "ego", "eso", "est", "fair", "hl-lhc", "jive", "km3net", "ska"]
DIAL_IN = re.compile(r"115510|954 2955 6769|95429556769|\+\s*(?:41|33)\s*\d|pwd=", re.I)


def registries(name: str) -> str:
    return (REPO / "meetings" / name).read_text(encoding="utf-8")


def archive(root: Path, *, people: str | None = None, strict: bool = True) -> Path:
    """A copy of the repository's registries (no record) with a minimal mkdocs.yml."""
    return write_archive(
        root,
        {},
        people=registries("people.yml") if people is None else people,
        groups=registries("groups.yml"),
        series=registries("series.yml"),
        strict=strict,
    )


def export(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EVENT.read_text(encoding="utf-8"))
    data["results"][0].update(changes)
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def front_matter(text: str) -> dict[str, Any]:
    head = text.split("---\n")[1]
    data: dict[str, Any] = yaml.safe_load(head)
    return data


def load_meeting(root: Path) -> Meeting:
    problems = Problems()
    arch = load_archive(root / "meetings", Options(strict=True, timezone="Europe/Zurich"), problems)
    assert not problems.errors, problems.errors
    (meeting,) = arch.meetings
    return meeting


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The fixture export imported with its minutes into a copy of the registries, once."""
    root = archive(tmp_path_factory.mktemp("indico"))
    result = minutes(root, "import-indico", str(EVENT), "--minutes", str(NOTES))
    return root, result


@pytest.fixture
def text(imported: tuple[Path, Any]) -> str:
    return (imported[0] / RECORD).read_text(encoding="utf-8")


def test_import_writes_the_record_and_checks_it(imported: tuple[Path, Any]) -> None:
    root, result = imported
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"wrote {RECORD}; minutes check: no errors\n"
    assert "left out the event description" in result.stderr
    assert "unknown person" not in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in (root / "meetings").rglob("*.md")) == [RECORD]


def test_front_matter(text: str) -> None:
    assert front_matter(text) == {
        "series": "tcm",
        "date": dt.date(2021, 6, 9),
        "title": "Technical Coordination Meeting",
        "start": "10:00",
        "end": "10:51",
        "timezone": "Europe/Zurich",
        "chair": "Ian Bird",
        "present": PRESENT,
        "apologies": ["Harro Verkouter", "Stephen Serjeant"],
        "location": "Zoom",
        "links": {"indico": "https://indico.example.org/event/1045678/"},
    }
    # the attendance lines move to the front-matter: the notes do not repeat them
    assert "Present:" not in text and "Apologies:" not in text


def test_without_notes_present_is_left_for_the_user(tmp_path: Path) -> None:
    root = archive(tmp_path)
    result = minutes(root, "import-indico", str(EVENT))
    assert result.returncode == 0, result.stderr
    text = (root / RECORD).read_text(encoding="utf-8")
    assert "\npresent: []  # Indico does not know who attended" in text
    assert "apologies" not in text


def test_agenda_headings_with_times(text: str) -> None:
    headings = [line for line in text.splitlines() if re.match(r"#{2,3} \d", line)]
    assert headings[:4] == [
        "## 10:00–10:05 Introduction",
        "## 10:05–10:15 Follow up on Use Case discussion",
        "## 10:15–10:45 Round Table",
        "### 10:15–10:17 WP2",
    ]
    assert headings[-3:] == ["### 10:39–10:41 KM3Net", "### 10:41–10:43 SKA", "## 10:50–10:51 AOB"]
    assert len(headings) == 4 + 14
    # the event's minutes come first, the speaker line right under each heading
    assert text.index("## Notes\n") < text.index("## 10:00–10:05 Introduction\nSpeaker: Ian Bird (LAPP)\n")
    # Indico lists Daniele Spiga twice, with two affiliations: one person, one speaker
    assert "### 10:35–10:37 HL-LHC\nSpeaker: Daniele Spiga (infn)\n" in text
    assert "INFN-Perugia" not in text
    assert "### 10:27–10:29 EGO\nSpeaker: Antonella Bozzi\n" in text


def test_group_sections_and_speakers_resolve(imported: tuple[Path, Any]) -> None:
    meeting = load_meeting(imported[0])
    assert meeting.groups == GROUPS
    assert meeting.chair == "ian-bird"
    assert meeting.present == [
        "ian-bird", "xavier-espinal", "kay-graf", "mark-allen", "rosie-bolton", "john-swinbank",
        "hugh-dickinson", "matthias-fuessling", "martino-romaniello", "mohammad-al-turany",
        "daniele-spiga", "jutta-schnabel",
    ]
    assert meeting.apologies == ["harro-verkouter", "stephen-serjeant"]
    speakers = {s.group: s.speakers for s in meeting.sections if s.group}
    assert speakers["hl-lhc"] == ["daniele-spiga"]  # twice in Indico, one person
    assert speakers["km3net"] == ["jutta-schnabel", "kay-graf"]
    assert speakers["wp6"] == ["stephen-serjeant"] and speakers["jive"] == ["harro-verkouter"]
    assert speakers["est"] == ["nazaret-bello-gonzalez"] and speakers["fair"] == ["mohammad-al-turany"]
    intro = next(s for s in meeting.sections if s.title == "Introduction")
    assert intro.slot == ("10:00", "10:05") and intro.speakers == ["ian-bird"]
    ska = next(s for s in meeting.sections if s.group == "ska")
    report = "\n".join(meeting.body.split("\n")[ska.start : ska.end])
    assert "contributing to the Rucio code base" in report


def test_notes_become_markdown(text: str) -> None:
    assert "## Notes\n\n### Notes of meeting - 9 June 2021\n" in text  # h2 demoted below ##
    assert "Minutes: Technical" not in text  # the HTML page's <title> is not content
    assert "- should also include EGI-ACE as a source of resources in planning for TSP's\n" in text
    # Introduction, in full: "- " typed inside Indico's bullets is not doubled; 4-space nesting
    assert (
        "- the planning for the TSP's is still under way\n"
        "- We will need to make resources available; I see the following options (not exclusive):\n"
        '    - Set up a TSP "cloud" across some of the ESCAPE partner sites,'
    ) in text
    assert "        - Currently they need us to make a formal proposal for such use ... tbd\n" in text
    assert "\n### Workshop on long-term of clusters:\n" in text
    assert "\n### Collaboration with HPC/FENIX\n\n- See WP2 input.\n" in text
    # WP2 and WP3 in full, links kept
    assert "    - A2: Multi-RUCIO, Data Lake continuous testing and Monitoring/operations\n" in text
    assert "(<https://indico.example.org/category/13183/>)" in text
    assert "JULICH, BSC, CINECA, CSCS, CSC, CEA and EBRAINS.\n" in text
    assert "- ESCAPE Summer School this and next week with up to 300 online (and 2000 offline) participants\n" in text
    assert "\xa0" not in text and "- - " not in text and "<" not in text.replace("<https://", "")


def test_no_dial_in_detail_reaches_the_record(text: str) -> None:
    for line in text.splitlines():
        assert not DIAL_IN.search(line), line
    assert "zoom.example.org" not in text and "Passcode" not in text


def test_minutes_check_passes(imported: tuple[Path, Any]) -> None:
    result = minutes(imported[0], "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("checked 1 record, 1 series, 14 groups,")


def test_mkdocs_build_strict_publishes_the_meeting(imported: tuple[Path, Any]) -> None:
    root = imported[0]
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site/meetings/tcm/2021-06-09/index.html").read_text(encoding="utf-8")
    assert "Follow up on Use Case discussion" in page and "Data And Analysis Challenge" in page
    assert not DIAL_IN.search(page)


def test_update_of_a_record_whose_front_matter_cannot_be_read_fails_and_says_why(
    imported: tuple[Path, Any],
) -> None:
    """It was "left unchanged nothing", exit 0: the problem was never shown."""
    root = imported[0]
    before = (root / RECORD).read_text(encoding="utf-8")
    broken = before.replace("---\n", "---\ntitle: [unclosed\n", 1)
    (root / RECORD).write_text(broken, encoding="utf-8")
    try:
        result = minutes(root, "import-indico", str(EVENT), "--update", "--series", "tcm")
        assert result.returncode == 1
        assert result.stdout == ""
        assert f"{RECORD}: its front-matter cannot be read, so it was not updated" in (
            result.stderr.splitlines()
        )
        assert result.stderr.splitlines()[-1].startswith(f"left unchanged {RECORD}; ")
        assert (root / RECORD).read_text(encoding="utf-8") == broken  # not touched
    finally:
        (root / RECORD).write_text(before, encoding="utf-8")


def test_never_overwrites_update_refreshes_only_what_the_import_owns(imported: tuple[Path, Any]) -> None:
    root = imported[0]
    before = (root / RECORD).read_text(encoding="utf-8")
    result = minutes(root, "import-indico", str(EVENT))
    assert result.returncode == 1
    assert result.stderr == (
        f"minutes import-indico: {RECORD} exists already; not overwriting it "
        "(use --update to refresh the parts the import owns)\n"
    )
    assert (root / RECORD).read_text(encoding="utf-8") == before
    # --update with nothing new: the record stays byte for byte
    result = minutes(root, "import-indico", str(EVENT), "--update", "--series", "tcm")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"left unchanged {RECORD}; minutes check: no errors\n"
    assert (root / RECORD).read_text(encoding="utf-8") == before
    # the user edited the title, location, body and tags; Indico moved the meeting
    edited = before.replace("title: Technical Coordination Meeting", "title: TCM (edited)")
    edited = edited.replace("location: Zoom\n", "tags: [kick-off]\n").replace("## Notes", "## My notes")
    (root / RECORD).write_text(edited, encoding="utf-8")
    data = export(endDate={"date": "2021-06-09", "time": "11:30:00", "tz": "Europe/Zurich"})
    result = minutes(root, "import-indico", str(write_json(root / "e.json", data)), "--update")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"updated {RECORD}; minutes check: no errors\n"
    after = (root / RECORD).read_text(encoding="utf-8")
    fm = front_matter(after)
    assert fm["title"] == "Technical Coordination Meeting" and fm["end"] == "11:30"
    assert fm["location"] == "Zoom" and fm["tags"] == ["kick-off"]  # added back, tags kept
    assert fm["present"] == PRESENT  # not emptied although this export came without notes
    assert after.split("---\n", 2)[2] == edited.split("---\n", 2)[2]  # the body is the user's
    (root / RECORD).write_text(before, encoding="utf-8")
    (root / "e.json").unlink()


def test_unknown_speakers_are_reported_as_people_yml_entries(tmp_path: Path) -> None:
    people = re.sub(r"antonella-bozzi:\n  name: Antonella Bozzi\n", "", registries("people.yml"))
    root = archive(tmp_path, people=people)
    data = export()
    aob = data["results"][0]["contributions"][-1]
    aob["speakers"] = [{"fullName": "Lamanna, Giovanni", "affiliation": "LAPP"}]
    result = minutes(root, "import-indico", str(write_json(tmp_path / "e.json", data)))
    assert (
        "unknown person 'Antonella Bozzi' — add to meetings/people.yml:\n"
        "  antonella-bozzi:\n"
        "    name: Antonella Bozzi\n"
        "unknown person 'Giovanni Lamanna' — add to meetings/people.yml:\n"
        "  giovanni-lamanna:\n"
        "    name: Giovanni Lamanna\n"
        "    affiliation: LAPP\n"
    ) in result.stderr
    # strict archive: the record is kept for the user to fix, and check says where
    assert result.returncode == 1
    assert (root / RECORD).exists()
    assert f"{RECORD}:" in result.stdout and "unknown person 'Giovanni Lamanna (LAPP)'" in result.stdout
    assert "Speaker: Giovanni Lamanna (LAPP)" in (root / RECORD).read_text(encoding="utf-8")


def test_dial_in_lines_of_the_event_note_are_dropped(tmp_path: Path) -> None:
    root = archive(tmp_path)
    note = (
        "<p>Minutes taken by Ian.</p>"
        '<p>Join: <a href="https://zoom.example.org/j/95429556769?pwd=abc">Zoom</a></p>'
        "<p>Meeting ID: 954 2955 6769<br>Passcode: 115510</p>"
        "<ul><li>Dial +41 43 210 71 08 Switzerland</li></ul>"
    )
    data = export(note={"html": note})
    result = minutes(root, "import-indico", str(write_json(tmp_path / "e.json", data)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "left out the address of 1 video-conference link" in result.stderr
    assert "dropped 3 lines that must never be published" in result.stderr
    text = (root / RECORD).read_text(encoding="utf-8")
    assert "## Notes\n\nMinutes taken by Ian.\n\nJoin: Zoom\n" in text
    for line in text.splitlines():
        assert not DIAL_IN.search(line), line


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"results": [', "not JSON: Expecting value (line 1, column 14)"),
        ('{"results": []}', "'results' holds no event"),
        ('{"results": [{"title": "TCM"}]}', "event: 'startDate' is missing"),
        (
            '{"results": [{"title": "TCM", "startDate": {"date": "2021-06-09", "time": "10:00:00"},'
            ' "timezone": "Europe/Zurich", "contributions": [{"title": "WP2", "duration": "2m"}]}]}',
            "contribution 1 ('WP2'): 'duration' must be a number of minutes",
        ),
    ],
)
def test_bad_input_exits_2_without_traceback(tmp_path: Path, content: str, message: str) -> None:
    root = archive(tmp_path)
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    result = minutes(root, "import-indico", "bad.json")
    assert result.returncode == 2
    assert result.stderr == f"minutes import-indico: bad.json: {message}\n"
    assert not (root / "meetings/tcm").exists()


def test_series_must_be_named_when_several_and_must_exist(tmp_path: Path) -> None:
    root = write_archive(tmp_path, {})  # tests.helpers' registries: series tcm and board
    result = minutes(root, "import-indico", str(EVENT))
    assert result.returncode == 2
    assert "name the series with --series (series.yml has: board, tcm)" in result.stderr
    result = minutes(root, "import-indico", str(EVENT), "--series", "wp9")
    assert result.returncode == 2 and "unknown series 'wp9'" in result.stderr


# --- the pure functions ----------------------------------------------------------------------


def test_html_lists_nest_by_four_spaces_and_headings_are_demoted() -> None:
    html = "<h1>Top</h1><ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li></ul><h2>Sub</h2><p>x<br>y</p>"
    text, unlinked = html_to_markdown(html, top_level=4)
    assert text == "#### Top\n\n- a\n    - b\n        1. c\n\n##### Sub\n\nx  \ny"
    assert unlinked == 0


def test_person_names_in_every_export_form() -> None:
    assert person_of({"fullName": "Bird, Ian", "affiliation": "LAPP"}) == person_of(
        {"first_name": "Ian", "last_name": "Bird", "affiliation": "LAPP"}
    )
    shown = person_of({"fullName": "Dr. Fuessling, Matthias", "affiliation": {"name": "CTAO"}})
    assert shown is not None and shown.shown() == "Matthias Fuessling (CTAO)"
    plain = person_of({"fullName": "Antonella Bozzi", "affiliation": ""})
    assert plain is not None and plain.shown() == "Antonella Bozzi"


def test_sub_contributions_give_the_same_round_table() -> None:
    """Indico meetings often hold round-table reports as sub-contributions (no times)."""
    data = export()
    event = data["results"][0]
    table = next(c for c in event["contributions"] if c["title"] == "Round Table")
    reports = [c for c in event["contributions"] if c["startDate"]["time"] >= "10:15:00" and c is not table and c["title"] != "AOB"]
    table["subContributions"] = [{k: c[k] for k in ("title", "duration", "speakers", "note")} for c in reports]
    event["contributions"] = [c for c in event["contributions"] if c not in reports]
    registry = load_registry(REPO / "meetings", Problems())
    parsed = parse_export(data)
    assert [(level, c.title) for level, c, _ in agenda(parsed.contributions)][2] == (2, "Round Table")
    rendered = render_record(parsed, "tcm", registry)
    assert rendered.groups == GROUPS and rendered.ungrouped == []
    assert "## 10:15–10:45 Round Table\n\n### WP2\nSpeaker: Xavier Espinal (CERN)\n" in rendered.text
    assert "### SKA\nSpeaker: Rosie Bolton" in rendered.text


@pytest.mark.parametrize("name", ["Europe", "America/Argentina", "Mars/Olympus", ""])
def test_an_export_naming_no_zone_is_refused_with_a_message(name: str) -> None:
    """A region is a folder of the zone database: zoneinfo raises an OSError for it."""
    from minutes.tools.indico.export import IndicoError, _zone

    with pytest.raises(IndicoError, match=f"event 1: unknown time zone '{name}'"):
        _zone(name, "event 1")


def test_notes_nested_deeper_than_the_converter_recurses_keep_their_text() -> None:
    """HTML nested 5,000 lists deep converts (no RecursionError), its words kept, once each."""
    depth = 5_000
    html = "<p>Before.</p>" + "<ul><li>" * depth + "deep words" + "</li></ul>" * depth
    text, _ = html_to_markdown(html)
    assert text.startswith("Before.")
    assert text.count("deep words") == 1
    shallow, _ = html_to_markdown("<ul><li>a<ul><li>b</li></ul></li></ul>")
    assert shallow == "- a\n    - b"  # nesting within the limit is kept as it was
