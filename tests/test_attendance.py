"""Attendance as real notes write it (tools/indico/attendance.py), and through `minutes import-indico`:
each layout of tests/fixtures/indico/attendance/ (real public minutes, see its README.md) gives
exact present/apologies/chair lists and an exact people.unknown.yml.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes.cli import main
from minutes.core.names import NameIndex
from minutes.core.problems import Problems
from minutes.core.registry import load_registry
from minutes.tools.indico import UnknownPerson, html_to_markdown, parse_export, render_record
from minutes.tools.indico.attendance import (
    Attendance,
    Attendee,
    parse_person,
    read_label,
    take_attendance,
)

from .helpers import mkdocs_build, site_text, write_archive

LAYOUTS = Path(__file__).parent / "fixtures" / "indico" / "attendance"

# The registry the layouts are imported into: a few of the people, some under an alias or handle.
PEOPLE = """\
niko-matsakis:
  name: Niko Matsakis
  aliases: [Niko, nikomatsakis]
josh-triplett:
  name: Josh Triplett
  aliases: [Josh]
felix-klock:
  name: Felix Klock
  aliases: [Felix, pnkfelix]
alan-shaw:
  name: Alan Shaw
  aliases: [alanshaw]
steven-allen:
  name: Steven Allen
  aliases: ["@stebalien"]
jessica-schilling:
  name: Jessica Schilling
  aliases: [jessicaschilling]
tess-oconnor:
  name: Tess O'Connor
  aliases: [Tess, hober]
danny-ryan:
  name: Danny Ryan
larry-gritz:
  name: Larry Gritz
  affiliation: Sony Pictures Imageworks
derek-carr:
  name: Derek Carr
  aliases: [derekwaynecarr]
"""
SERIES = "notes:\n  name: Meeting notes\n"


def names(people: list[Attendee]) -> list[str]:
    return [p.name for p in people]


# --- one entry ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "name", "affiliation", "handle"),
    [
        ("Joe Sepi (@joesepi)", "Joe Sepi", None, "joesepi"),
        ("Jane Doe (CERN)", "Jane Doe", "CERN", None),
        ("Jane Doe [INFN]", "Jane Doe", "INFN", None),
        ("Jane Doe - CNRS", "Jane Doe", "CNRS", None),
        ("Jane Doe – DESY", "Jane Doe", "DESY", None),
        ("Jane Doe — DESY", "Jane Doe", "DESY", None),
        ("Jane Doe <jane@x.org>", "Jane Doe", None, None),
        ("Jane Doe (jane@x.org)", "Jane Doe", None, None),
        ("Jean-Pierre Smith-Jones", "Jean-Pierre Smith-Jones", None, None),
        ("Jean-Pierre Smith-Jones - IN2P3", "Jean-Pierre Smith-Jones", "IN2P3", None),
        ("Dr. Mark Allen (CDS)", "Mark Allen", "CDS", None),
        ("Prof. Ada Lovelace", "Ada Lovelace", None, None),
        ("@alanshaw", "alanshaw", None, "alanshaw"),
        ("_@jessicaschilling_", "jessicaschilling", None, "jessicaschilling"),
        ("[@mhdawson](https://github.com/mhdawson)", "mhdawson", None, "mhdawson"),
        ("[Joe Sepi](https://github.com/joesepi)", "Joe Sepi", None, None),
        ("Chris Williams (CW)", "Chris Williams", None, None),  # initials, not an affiliation
        ("Chris Saint-Amant (CS)", "Chris Saint-Amant", None, None),
        ("N.Harnew \\* (Oxford)", "N.Harnew", "Oxford", None),
        ("Jane D.", "Jane D.", None, None),
        ("Yao.", "Yao", None, None),
        ("Ludwig van Beethoven", "Ludwig van Beethoven", None, None),
        ("mike neuder", "mike neuder", None, None),  # names written in lowercase are names
        ("Will Smith", "Will Smith", None, None),  # 'will' is a stop word only in lowercase
        ("jimpick (late)", "jimpick", None, None),
        ("Spencer -tb", "Spencer", "tb", None),
        ("Lukasz (kind of)", "Lukasz", None, None),
        ("**Ian Bird**", "Ian Bird", None, None),
        ("Jane Doe (CERN", "Jane Doe", "CERN", None),  # an unclosed bracket
    ],
)
def test_an_entry_gives_the_name_alone(
    entry: str, name: str, affiliation: str | None, handle: str | None
) -> None:
    assert parse_person(entry) == Attendee(name, affiliation, handle)


def test_a_role_beside_the_name_is_no_affiliation() -> None:
    assert parse_person("P.I.P. Kalmus (Chairperson)") == Attendee(
        "P.I.P. Kalmus", None, None, "Chairperson"
    )
    assert parse_person("Daniel Heckenberg - Chairperson, Animal Logic Pty Ltd") == Attendee(
        "Daniel Heckenberg", "Animal Logic Pty Ltd", None, "Chairperson"
    )


@pytest.mark.parametrize(
    "entry",
    [
        "We agreed that the plan for the data lake needs more work",  # a sentence
        "Anna Bella Carla Dora Emma Fiona Greta",  # longer than a name (7 words)
        "jane@x.org",  # an address alone
        "OpenJS Foundation Board of Directors",
        "OpenJS Foundation Cross Project Council",
        "see attached list",
        "Thanks everyone",
        "12",
        "https://indico.example.org/event/1/",
        "Jose 's iPhone",
        "",
    ],
)
def test_what_is_no_name(entry: str) -> None:
    assert parse_person(entry) is None


@pytest.mark.parametrize(
    ("text", "kind", "rest"),
    [
        ("Present: A, B", "present", "A, B"),
        ("**Present:** A", "present", "A"),
        ("**Attendees**: A", "present", "A"),
        ("Attendees", "present", ""),
        ("ATTENDANCE:", "present", ""),
        ("In attendance:", "present", ""),
        ("Participants (remote):", "present", ""),
        ("Other attendees:", "present", ""),
        ("The following were present: A", "present", "A"),
        ("Present via Zoom: A", "present", "A"),
        ("Regrets", "apologies", ""),
        ("Excused: A", "apologies", "A"),
        ("Absent:", "apologies", ""),
        ("Not present: A", "apologies", "A"),
        ("Apologies for absence: A", "apologies", "A"),
        ("Apologies from Ken.", "apologies", "Ken."),
        ("Attendance and apologies", "present", ""),
        ("Chair: A", "chair", "A"),
        ("Chairperson: A", "chair", "A"),
        ("Chaired by A. Smith", "chair", "A. Smith"),
    ],
)
def test_labels(text: str, kind: str, rest: str) -> None:
    label = read_label(text)
    assert label is not None and (label.kind, label.rest) == (kind, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Previous Attendees",  # the people were not at this meeting
        "Expected participants:",
        "Call for Participants: [Giant Files Initiative](https://x.org) (@flyingzumwalt)",
        "The meeting was chaired by N. Harnew.",
        "We will present the plan at the next meeting.",
        "Presentation: slides",
        "Attendance was low",
        "Chairs were arranged in a circle",
    ],
)
def test_not_labels(text: str) -> None:
    assert read_label(text) is None


# --- blocks ------------------------------------------------------------------------------------


_LONG_ITEMS = (
    "Attendees:\n- Ian Bird\n"
    "- We agreed that the plan for the data lake needs more work before the review\n"
    "- Anna Bella Carla Dora Emma Fiona Greta\n"
    "- Kay Graf\n\nMore."
)
_OTHER_TABLE = "| Item | Owner |\n| --- | --- |\n| Budget | Ian Bird |"
_CODE = "```\nPresent: Ian Bird\n```"
_LINE_FORMS = (
    "**Present:** Ian Bird, Kay Graf and Dr. Mark Allen (CDS)\n"
    "Excused: Rosie Bolton; John Swinbank.\n\n"
    "- Chaired by: Xavier Espinal\n\n"
    "Participants:\n\n- Hugh Dickinson\n- Jutta Schnabel\n\n"
    "We will present the plan at the next meeting.\n"
    "Apologies:\n\nNext item."
)
_BY_INSTITUTE = (
    "### Participants\n\n"
    "- CERN: Ian Bird, Xavier Espinal\n"
    "- DESY\n    - Jane Doe <jane@desy.de>\n    - Jean-Pierre Smith-Jones [DESY]\n"
    "- INFN:\n    1. Daniele Spiga\n\n"
    "#### Excused\n\n"
    "1. Mark Allen – CNRS\n2. Rosie Bolton - SKAO\n\n"
    "### Minutes\n\nThe meeting started."
)

# notes -> (the names of each field that has any, the notes that stay)
BLOCKS = [
    pytest.param(
        _LINE_FORMS,
        {
            "present": ["Ian Bird", "Kay Graf", "Mark Allen", "Hugh Dickinson", "Jutta Schnabel"],
            "apologies": ["Rosie Bolton", "John Swinbank"],
            "chair": ["Xavier Espinal"],
        },
        # "Apologies:" took no names ("Next item." is a sentence): it stays, with what follows
        "We will present the plan at the next meeting.\nApologies:\n\nNext item.",
        id="line forms, and where a label takes its list",
    ),
    pytest.param(
        _BY_INSTITUTE,
        {
            "present": [
                "Ian Bird", "Xavier Espinal", "Jane Doe", "Jean-Pierre Smith-Jones", "Daniele Spiga",
            ],
            "apologies": ["Mark Allen", "Rosie Bolton"],
        },
        "### Minutes\n\nThe meeting started.",
        id="a heading with lists nested by institute",
    ),
    pytest.param(
        "## Attendees\n\nTSC voting members:\n\n- Luke Emrose\n\n### CERN\n\n- Ian Bird\n\n"
        "### DESY\n\n- Kay Graf\n\n## Agenda\n\n- Budget",
        {"present": ["Luke Emrose", "Ian Bird", "Kay Graf"]},
        "## Agenda\n\n- Budget",
        id="institutes as deeper headings, and a caption",
    ),
    pytest.param(
        "# Present\n\n1. *Jane* Doe\n2. Kay _Graf_\n\n## Apologies\n\n- __Mark__ Allen",
        {"present": ["Jane Doe", "Kay Graf"], "apologies": ["Mark Allen"]},
        "",
        id="h1 and h2, an ordered list, emphasis on part of a name",
    ),
    pytest.param(
        "**Attendees**\n\n- Ian Bird\n- Kay Graf\n\nThe meeting opened at 10:00.\n\n- Action: none",
        {"present": ["Ian Bird", "Kay Graf"]},
        "The meeting opened at 10:00.\n\n- Action: none",
        id="a list ends at prose after a blank line",
    ),
    pytest.param(
        "### Attendees\n\n- Ian Bird\n\ntext\n\n### Next\n\n- Kay Graf",
        {"present": ["Ian Bird"]},
        "text\n\n### Next\n\n- Kay Graf",
        id="a heading's block ends at prose or at a heading as high",
    ),
    pytest.param(
        _LONG_ITEMS,
        {"present": ["Ian Bird", "Kay Graf"]},
        _LONG_ITEMS,  # an item longer than a name is not taken: nothing a note-taker wrote is lost
        id="an item longer than a name: the block stays",
    ),
    pytest.param(
        "Present: karl (karl dubost),  \nlapin (Stéphane Deschamps),  \nAnthony\n\n"
        "Topic: Introduction",
        {"present": ["karl", "lapin", "Anthony"]},
        "Topic: Introduction",
        id="a line of names over several lines",
    ),
    pytest.param(
        "Attendees:\n\n- [x] Ian Bird\n- [ ] Kay Graf\n- ~~Mark Allen (CDS)~~\n- …\n\n"
        "Apologies: none\n\nNotes.",
        {"present": ["Ian Bird"]},
        "Notes.",
        id="struck out, unticked and empty entries name no one",
    ),
    pytest.param(
        "Present: Ian Bird, ~~Kay Graf~~, Ann Lee ~~(late)~~, ~~Bo Li, Cy Ma~~ and Di Wu\n"
        "Regrets: ~~Jo Ng~~ (CERN), Al Bo, Ed ~~Yu\n\nNotes.",
        {"present": ["Ian Bird", "Ann Lee", "Di Wu"], "apologies": ["Al Bo", "Ed Yu"]},
        "Notes.",
        # a "~~" that nothing closes strikes nothing: Markdown shows it as it is
        id="names struck out within a line",
    ),
    pytest.param(_OTHER_TABLE, {}, _OTHER_TABLE, id="a table of something else is left alone"),
    pytest.param(_CODE, {}, _CODE, id="code is not read"),
    pytest.param(
        "```\nPresent: Ian Bird",
        {"present": ["Ian Bird"]},
        "```",
        id="a fence that no line closes is text, as the converter reads it",
    ),
    pytest.param(
        "Present: P. Kalmus (Chairperson), Ian Bird, ian bird, Ian  Bird",
        {"present": ["P. Kalmus", "Ian Bird"], "chair": ["P. Kalmus"]},
        "",
        id="each person once, and the chair from a role",
    ),
]


def listed(found: Attendance) -> dict[str, list[str]]:
    """The names of each field of `found` that has any."""
    return {
        kind: names(people)
        for kind in ("present", "apologies", "chair")
        if (people := getattr(found, kind))
    }


@pytest.mark.parametrize(("notes", "expected", "rest"), BLOCKS)
def test_blocks(notes: str, expected: dict[str, list[str]], rest: str) -> None:
    found, left = take_attendance(notes)
    assert listed(found) == expected
    assert left == rest


def test_affiliations_beside_names_in_blocks() -> None:
    found, _ = take_attendance(_LINE_FORMS)
    assert found.present[2] == Attendee("Mark Allen", "CDS")
    found, _ = take_attendance(_BY_INSTITUTE)
    assert [(p.name, p.affiliation) for p in found.present[2:4]] == [
        ("Jane Doe", None), ("Jean-Pierre Smith-Jones", "DESY"),
    ]
    assert [(p.name, p.affiliation) for p in found.apologies] == [
        ("Mark Allen", "CNRS"), ("Rosie Bolton", "SKAO"),
    ]


@pytest.mark.parametrize(
    ("html", "present", "apologies"),
    [
        (  # columns headed by the labels
            "<table><tbody><tr><td><b>Present</b></td><td><b>Apologies</b></td></tr>"
            "<tr><td>Ian Bird</td><td>Mark Allen</td></tr><tr><td>Kay Graf</td><td></td></tr></tbody></table>",
            ["Ian Bird", "Kay Graf"], ["Mark Allen"],
        ),
        (  # a roll call
            "<table><tr><th>Name</th><th>Present</th><th>Excused</th></tr>"
            "<tr><td>Ian Bird</td><td>x</td><td></td></tr><tr><td>Kay Graf</td><td></td><td>x</td></tr>"
            "<tr><td>Mark Allen</td><td>✓</td><td></td></tr></table>",
            ["Ian Bird", "Mark Allen"], ["Kay Graf"],
        ),
        (  # a table of people after the label
            "<h3>Attendance</h3><table><thead><tr><th>Name</th><th>Affiliation</th></tr></thead>"
            "<tbody><tr><td>Ian Bird</td><td>LAPP</td></tr><tr><td>Kay Graf</td><td>ECAP</td></tr></tbody></table>",
            ["Ian Bird", "Kay Graf"], [],
        ),
    ],
)
def test_tables(html: str, present: list[str], apologies: list[str]) -> None:
    markdown, _ = html_to_markdown(html + "<p>After.</p>")
    found, rest = take_attendance(markdown)
    assert names(found.present) == present and names(found.apologies) == apologies
    assert rest == "After."


# --- properties --------------------------------------------------------------------------------

_FORBIDDEN = re.compile(r"[(\[<@]|[-–—]$")
# a label as notes write it, and the field its names go to
LABEL = st.sampled_from(
    [("Present", "present"), ("Attendees", "present"), ("Participants", "present"),
     ("present", "present"), ("**Attendees**", "present"), ("Apologies", "apologies"),
     ("Regrets", "apologies"), ("# Present", "present"), ("## Participants", "present"),
     ("### Attendees", "present"), ("#### Regrets", "apologies"), ("- **Attendees:**", "present"),
     ("**Apologies:**", "apologies"), ("Chair", "chair"), ("Absent", "apologies"),
     ("In attendance", "present")]
)
DECORATION = st.sampled_from(
    ["", " (CERN)", " [INFN]", " - CNRS", " – DESY", " <a@b.org>", " (@handle)", " (a@b.org)",
     " -", " (", " [x", " <", " @", " *"]
)
# Names that read as themselves alone: not "Dr Aa" (an honorific) nor "Aa Inc" (a company).
NAME = st.from_regex(r"[A-Z][a-z]{1,8}(-[A-Z][a-z]{1,8})? [A-Z][a-z]{1,10}", fullmatch=True).filter(
    lambda name: parse_person(name) == Attendee(name)
)


def _all(found: Any) -> list[Attendee]:
    return [*found.present, *found.apologies, *found.chair]


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_never_fails_nor_returns_a_decorated_name_on_any_text(text: str) -> None:
    found, rest = take_attendance(text)
    for person in _all(found):
        assert person.name.strip() and not _FORBIDDEN.search(person.name), person
        assert len(person.name.split()) <= 6
    tidy = text.replace("\r\n", "\n")
    for line in rest.split("\n"):  # what stays was in the notes: nothing is made up
        assert line.strip() == "" or line in tidy


@settings(max_examples=300)
@given(
    LABEL,
    st.lists(st.tuples(NAME, DECORATION), min_size=1, max_size=6),
    st.sampled_from(["line", "list", "ordered", "nested"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60),
)
def test_decorated_names_give_the_names_alone(
    label: tuple[str, str], people: list[tuple[str, str]], form: str, noise: str
) -> None:
    text, kind = label
    entries = [name + decoration for name, decoration in people]
    if form == "line" and not text.startswith(("#", "-")):
        text += ": " + ", ".join(entries)
    elif form == "nested":
        text += "\n\n- CERN\n" + "\n".join(f"    - {e}" for e in entries)
    elif form == "ordered":
        text += "\n\n" + "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1))
    else:
        text += "\n\n" + "\n".join(f"- {e}" for e in entries)
    found, _ = take_attendance(text + "\n\n" + noise)
    for person in _all(found):
        assert not _FORBIDDEN.search(person.name), person
    expected = list(dict.fromkeys(name for name, _ in people))
    assert names(getattr(found, kind))[: len(expected)] == expected


@given(st.lists(NAME, min_size=1, max_size=8), LABEL, st.booleans())
def test_line_and_list_forms_agree(people: list[str], label: tuple[str, str], as_list: bool) -> None:
    text = label[0].strip("#-* :")
    if as_list:
        text += ":\n\n" + "\n".join(f"- {n}" for n in people) + "\n\nMore notes."
    else:
        text += ": " + ", ".join(people) + "\n\nMore notes."
    found, rest = take_attendance(text)
    assert names(getattr(found, label[1])) == list(dict.fromkeys(people))
    assert rest == "More notes."


# --- real layouts, through the import ----------------------------------------------------------

# layout -> (chair, present, apologies, people.unknown.yml entries, text that stays in the notes,
# text taken out of them)
EXPECTED: dict[str, tuple[str | None, list[str], list[str], dict[str, Any], list[str], list[str]]] = {
    "litebird-sc-2021-07-27": (
        None,
        ["Paolo", "Francesco", "Gao", "Enrique", "Radek", "Pete"],
        ["Ludo", "Erminia", "Eiichiro", "Hans Kristian", "Jon"],
        {k: {"name": n} for k, n in [
            ("paolo", "Paolo"), ("francesco", "Francesco"), ("gao", "Gao"), ("enrique", "Enrique"),
            ("radek", "Radek"), ("pete", "Pete"), ("ludo", "Ludo"), ("erminia", "Erminia"),
            ("eiichiro", "Eiichiro"), ("hans-kristian", "Hans Kristian"), ("jon", "Jon")]},
        ["Note taker: Paolo"],
        ["Present:", "Apologies:"],
    ),
    "lhcb-cb-1999-06-11": (
        None,
        ["E.Aslanides", "A.Bay", "B.Bouianov", "T.Bowcock", "G.Carboni", "C.Coca", "S.Conetti",
         "A.Golutvin", "N.Harnew", "F.Harris", "H-J.Hilke", "L.De Paula", "T.Nakada", "D.Websdale"],
        [],
        {
            "e-aslanides": {"name": "E.Aslanides", "affiliation": "CPPM Marseille"},
            "a-bay": {"name": "A.Bay", "affiliation": "Lausanne"},
            "b-bouianov": {"name": "B.Bouianov", "affiliation": "Espoo-Vantaa"},
            "t-bowcock": {"name": "T.Bowcock", "affiliation": "Liverpool"},
            "g-carboni": {"name": "G.Carboni", "affiliation": 'Rome "Tor Vergata"'},
            "c-coca": {"name": "C.Coca", "affiliation": "Bucharest"},
            "s-conetti": {"name": "S.Conetti", "affiliation": "Virginia"},
            "a-golutvin": {"name": "A.Golutvin", "affiliation": "ITEP, Moscow"},
            "n-harnew": {"name": "N.Harnew", "affiliation": "Oxford"},
            "f-harris": {"name": "F.Harris", "affiliation": "Oxford"},
            "h-j-hilke": {"name": "H-J.Hilke", "affiliation": "CERN"},
            "l-de-paula": {"name": "L.De Paula", "affiliation": "Rio de Janeiro"},
            "t-nakada": {"name": "T.Nakada", "affiliation": "CERN"},
            "d-websdale": {"name": "D.Websdale", "affiliation": "Imperial College, London"},
        },
        # "C.Matteuzzi/M.Calvi - both part time" is no name: the block stays; so does the
        # apologies sentence, and the chair named in prose is not taken
        ["C.Matteuzzi/M.Calvi - both part time (Milano)", "**Present:**",
         "N. Harnew transmitted the apologies of M.Sannino", "The meeting was chaired by N. Harnew."],
        [],
    ),
    "lhcb-rrb-1998-09-14": (
        None,
        ["C. Aragao", "L. de Paula", "C. Jiang", "R. Beyer", "M. Schmelling", "L. Mandelli",
         "C. Matteuzzi", "I.F. Corbett", "N. Harnew", "B. Cox"],
        [],
        {
            "c-aragao": {"name": "C. Aragao", "affiliation": "CNPq"},
            "l-de-paula": {"name": "L. de Paula"},
            "c-jiang": {"name": "C. Jiang"},
            "r-beyer": {"name": "R. Beyer", "affiliation": "BMBF"},
            "m-schmelling": {"name": "M. Schmelling", "affiliation": "MPIK"},
            "l-mandelli": {"name": "L. Mandelli", "affiliation": "INFN"},
            "c-matteuzzi": {"name": "C. Matteuzzi"},
            "i-f-corbett": {"name": "I.F. Corbett", "affiliation": "PPARC"},
            "n-harnew": {"name": "N. Harnew"},
            "b-cox": {"name": "B. Cox"},
        },
        ["CERN: L. Maiani, R.J. Cashmore", "LHCb: H.-J. Hilke, T. Nakada."],
        ["Present:", "Brazil:"],
    ),
    "iupap-c11-2002-07-27": (
        "P.I.P. Kalmus",
        ["P.I.P. Kalmus", "S. Yamada", "W. Hoogland", "T. Huang", "E. Iacocci", "V. Lüth",
         "A.N. Sissakian", "M. Turala"],
        ["H.-U. Klein", "M. Davier", "M. Zeller", "Y. Totsuka", "E. Fiorini", "A. McDonald"],
        {
            **{k: {"name": n} for k, n in [
                ("p-i-p-kalmus", "P.I.P. Kalmus"), ("s-yamada", "S. Yamada"),
                ("w-hoogland", "W. Hoogland"), ("t-huang", "T. Huang"), ("e-iacocci", "E. Iacocci"),
                ("v-luth", "V. Lüth"), ("a-n-sissakian", "A.N. Sissakian"), ("m-turala", "M. Turala"),
                ("h-u-klein", "H.-U. Klein"), ("m-davier", "M. Davier"), ("m-zeller", "M. Zeller")]},
            "y-totsuka": {"name": "Y. Totsuka", "affiliation": "C4"},
            "e-fiorini": {"name": "E. Fiorini", "affiliation": "C12"},
            "a-mcdonald": {"name": "A. McDonald", "affiliation": "C19"},
        },
        ["Guests: J. Butler, H.S. Chen"],
        ["Present:", "Apologies for absence:"],
    ),
    "w3c-tag-2019-12-04": (
        None,
        ["Alice", "Dan", "David", "Hadley", "Lukasz", "Peter", "Tess O'Connor", "Yves"],
        ["Sangwhan", "Kenneth"],
        {k: {"name": n} for k, n in [
            ("alice", "Alice"), ("dan", "Dan"), ("david", "David"), ("hadley", "Hadley"),
            ("lukasz", "Lukasz"), ("peter", "Peter"), ("yves", "Yves"), ("sangwhan", "Sangwhan"),
            ("kenneth", "Kenneth")]},
        ["Scribe: hober"],
        ["Present:", "Regrets:"],
    ),
    "openjs-standards-2021-08-10": (
        None,
        ["Robin Ginn", "Richard Gibson", "Hemanth HM", "Jory Burson", "Mike Samuel"],
        [],
        {
            "robin-ginn": {"name": "Robin Ginn", "aliases": ["rginn"]},
            "richard-gibson": {"name": "Richard Gibson", "aliases": ["gibson042"]},
            "hemanth-hm": {"name": "Hemanth HM", "aliases": ["hemanth"]},
            "jory-burson": {"name": "Jory Burson", "aliases": ["jorydotcom"]},
            "mike-samuel": {"name": "Mike Samuel", "aliases": ["mikesamuel"]},
        },
        # the bodies invited are no people: the block stays as written
        ["### Present", "- OpenJS Foundation Board of Directors", "- Robin Ginn (@rginn)"],
        [],
    ),
    "k8s-steering-2020-12-07": (
        None,
        ["Bob Killen", "Derek Carr", "Jordan Liggitt", "Nikhita Raghunath", "Paris Pittman"],
        [],
        {
            "bob-killen": {"name": "Bob Killen", "aliases": ["mrbobbytables"]},
            "jordan-liggitt": {"name": "Jordan Liggitt", "aliases": ["liggitt"]},
            "nikhita-raghunath": {"name": "Nikhita Raghunath", "aliases": ["nikhita"]},
            "paris-pittman": {"name": "Paris Pittman", "aliases": ["parispittman"]},
        },
        ["- Bosun: Derek Carr", "- Members of the Community:\n    - Ihor Dvoretskyi (CNCF)"],
        ["Steering Committee Attendees", "Christoph Blecker", "Davanum Srinivas"],
    ),
    "ipfs-all-hands-2019-05-20": (
        None,
        ["Jessica Schilling", "jaycarpenter", "jonnycrunch", "prfnv", "vmx", "Guo Liu", "pkafei", "lidel"],
        [],
        {k: {"name": k} for k in ["jaycarpenter", "jonnycrunch", "prfnv", "vmx", "pkafei", "lidel"]}
        | {"guo-liu": {"name": "Guo Liu"}},
        ["- **Moderator:** @pkafei", "- **Notetaker:** @jessicaschilling", "**Moderator checklist**"],
        ["Attendees", "@jaycarpenter", "…"],
    ),
    "ipfs-go-core-2019-03-18": (
        None,
        ["Alan Shaw", "michaelavila", "hsanjuan", "jimpick", "Steven Allen"],
        [],
        {k: {"name": k} for k in ["michaelavila", "hsanjuan", "jimpick"]},
        ["**Meeting Lead:** @eingenito", "**Recording:**"],
        ["Attendees", "@alanshaw"],
    ),
    "rust-lang-planning-2022-02-02": (
        None,
        ["Niko Matsakis", "Josh Triplett", "Felix Klock", "Scott", "Mara", "Michael Goulet"],
        [],
        {"scott": {"name": "Scott"}, "mara": {"name": "Mara"}, "michael-goulet": {"name": "Michael Goulet"}},
        ["#### Meeting roles", "- Note-taker: Josh"],
        ["Attendance", "Team members:", "Others:"],
    ),
    "rust-lang-design-2022-02-16": (
        None,
        ["Niko Matsakis", "Josh Triplett", "Felix Klock", "Taylor", "Scott", "Mara", "Jane", "David",
         "Amanieu", "Josh Stone", "Mark", "Michael Goulet", "the8472"],
        [],
        {k: {"name": n} for k, n in [
            ("taylor", "Taylor"), ("scott", "Scott"), ("mara", "Mara"), ("jane", "Jane"),
            ("david", "David"), ("amanieu", "Amanieu"), ("josh-stone", "Josh Stone"), ("mark", "Mark"),
            ("michael-goulet", "Michael Goulet"), ("the8472", "the8472")]},
        ["### Discussion / Question queue"],
        ["Attendees", "Lang:", "Other attendees:"],
    ),
    "joyent-advisory-2015-04-24": (
        None,
        ["Chris Williams", "Erik Toth", "Todd Moore", "Scott Hammond", "Julien Gilli", "Danese Cooper",
         "Bert Belder"],
        [],
        {k: {"name": n} for k, n in [
            ("chris-williams", "Chris Williams"), ("erik-toth", "Erik Toth"), ("todd-moore", "Todd Moore"),
            ("scott-hammond", "Scott Hammond"), ("julien-gilli", "Julien Gilli"),
            ("danese-cooper", "Danese Cooper"), ("bert-belder", "Bert Belder")]},
        ["### Previous Attendees\n\nMikeal Rogers (MR)"],
        ["Chris Williams (CW)", "### Attendees\n"],
    ),
    "aswf-tac-2019-09-25": (
        "Daniel Heckenberg",
        ["Daniel Heckenberg", "Pilar Molina", "Brian Cipriano", "Larry Gritz", "Jean-Francois Panisset",
         "Michael B. Johnson", "John Mertic", "Mark Elendt", "Darren Sterling"],
        ["Cary Phillips"],
        {
            "daniel-heckenberg": {"name": "Daniel Heckenberg", "affiliation": "Animal Logic Pty Ltd"},
            "pilar-molina": {"name": "Pilar Molina", "affiliation": "Blue Sky Studios, Inc."},
            "brian-cipriano": {"name": "Brian Cipriano", "affiliation": "Google & OpenCue Representative"},
            "jean-francois-panisset": {"name": "Jean-Francois Panisset", "affiliation": "VES Technology Committee"},
            "michael-b-johnson": {"name": "Michael B. Johnson", "affiliation": "Apple"},
            "john-mertic": {"name": "John Mertic", "affiliation": "Linux Foundation"},
            "mark-elendt": {"name": "Mark Elendt", "affiliation": "SideFX"},
            "darren-sterling": {"name": "Darren Sterling"},
            "cary-phillips": {"name": "Cary Phillips", "affiliation": "OpenEXR Representative"},
        },
        ["### Agenda"],
        ["Voting member attendance", "Gordon Bradley", "Eric Enderton", "Other Attendees"],
    ),
    "eth2-call-026-2019-10-24": (
        None,
        ["Alex Stokes", "Ben Edgington", "Carl", "Chih-Cheong Lia", "Danny Ryan", "Hsiao-Wei Wang",
         "Leo BSC", "Mehdi", "Protolambda", "Terence", "Trent Van Epps"],
        [],
        {
            **{k: {"name": n} for k, n in [
                ("alex-stokes", "Alex Stokes"), ("ben-edgington", "Ben Edgington"), ("carl", "Carl"),
                ("chih-cheong-lia", "Chih-Cheong Lia"), ("hsiao-wei-wang", "Hsiao-Wei Wang"),
                ("leo-bsc", "Leo BSC")]},
            "mehdi": {"name": "Mehdi", "affiliation": "Sigma Prime"},
            "protolambda": {"name": "Protolambda"},
            "terence": {"name": "Terence", "affiliation": "Prysmatic"},
            "trent-van-epps": {"name": "Trent Van Epps"},
        },
        ["None."],
        ["Attendees"],
    ),
    "eth2-call-011-2019-01-31": (
        None, [], [], {},
        ["### Attendees\n\n- Visual stream was down. Therefore, no official list of attendees could be taken."],
        [],
    ),
    "mice-eb-2011-08-12": (
        None, [], ["Ken"], {"ken": {"name": "Ken"}},
        ["Christopher Tunnell  \nAlain Blondel", "The actions are available"],
        ["Apologies from Ken."],
    ),
    "mc-eb-2003-01-27": (
        None,
        ["R. Palmer", "A. Sessler", "J. Wurtele", "S. Geer", "D. Cline", "M. Zisman", "A. Tollestrup",
         "K. McDonald", "D. Errede", "D. Kaplan", "J. Gallardo"],
        [],
        {k: {"name": n} for k, n in [
            ("r-palmer", "R. Palmer"), ("a-sessler", "A. Sessler"), ("j-wurtele", "J. Wurtele"),
            ("s-geer", "S. Geer"), ("d-cline", "D. Cline"), ("m-zisman", "M. Zisman"),
            ("a-tollestrup", "A. Tollestrup"), ("k-mcdonald", "K. McDonald"), ("d-errede", "D. Errede"),
            ("d-kaplan", "D. Kaplan"), ("j-gallardo", "J. Gallardo")]},
        # the discussion below the "Attending:" item is no attendance: all of it stays
        ["- Attending: R. Palmer", "1. New Charter (Alvin): NSF is not mentioned"],
        [],
    ),
    "workshop-participants-table": (
        None,
        ["Ada Quill", "Bea van Orden", "Cem Arslan", "Dora Kowalczyk"],
        [],
        {k: {"name": n} for k, n in [
            ("ada-quill", "Ada Quill"), ("bea-van-orden", "Bea van Orden"),
            ("cem-arslan", "Cem Arslan"), ("dora-kowalczyk", "Dora Kowalczyk")]},
        # a column of places, not affiliations: the table stays
        ["| Ada Quill | Beltsville, MD |", "#### Northeast"],
        [],
    ),
}


def test_every_layout_has_a_fixture_and_a_source() -> None:
    readme = (LAYOUTS / "README.md").read_text(encoding="utf-8")
    assert sorted(p.stem for p in LAYOUTS.glob("*.json")) == sorted(EXPECTED)
    for layout in EXPECTED:
        assert f"`{layout}.json`" in readme


def import_layout(root: Path, layout: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import-indico", str(LAYOUTS / f"{layout}.json"), "--series", "notes"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_archive(tmp_path / "archive", {}, people=PEOPLE, series=SERIES, groups="")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("layout", sorted(EXPECTED))
def test_layout(layout: str, archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chair, present, apologies, unknown, kept, taken = EXPECTED[layout]
    code, out, err = import_layout(archive, layout, capsys)
    assert code == 0 and "Traceback" not in out + err, out + err
    (record,) = (archive / "meetings" / "notes").rglob("*.md")
    text = record.read_text(encoding="utf-8")
    front: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    assert front.get("chair") == chair
    assert front["present"] == present
    assert front.get("apologies", []) == apologies
    if not present:
        assert "present: []  # Indico does not know who attended" in text
    suggestions = archive / "meetings" / "people.unknown.yml"
    if unknown:
        listed = suggestions.read_text(encoding="utf-8")
        assert yaml.safe_load(listed) == unknown
        # everyone unknown is listed, each once, and the import says so
        assert listed.count("\n# named in meetings/notes/") == len(unknown)
        for entry in unknown.values():
            assert f"unknown person '{entry['name']}'" in err
    else:
        assert not suggestions.exists()
    body = text.split("---\n", 2)[2]
    for snippet in kept:
        assert snippet in body, snippet
    for snippet in taken:
        assert snippet not in body, snippet


def test_a_layout_checks_and_builds_once_the_people_are_registered(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The roll call of the ASWF TAC: pasted suggestions make a strict archive that builds."""
    (archive / "mkdocs.yml").write_text(
        (archive / "mkdocs.yml").read_text(encoding="utf-8").replace("strict: false", "strict: true"),
        encoding="utf-8",
    )
    code, out, err = import_layout(archive, "aswf-tac-2019-09-25", capsys)
    assert code == 1 and "unknown person 'Cary Phillips'" in out  # strict: unknown people are errors
    people = archive / "meetings" / "people.yml"
    unknown = (archive / "meetings" / "people.unknown.yml").read_text(encoding="utf-8")
    people.write_text(people.read_text(encoding="utf-8") + "\n" + unknown, encoding="utf-8")
    assert main(["check"]) == 0, capsys.readouterr()
    built = mkdocs_build(archive, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    page = site_text(archive)["meetings/notes/2019-09-25/index.html"]
    for name in ["Daniel Heckenberg", "Larry Gritz", "Darren Sterling", "Cary Phillips"]:
        assert name in page
    # unticked in the roll call: not there, and not named anywhere on the page
    assert "Gordon Bradley" not in page and "Eric Enderton" not in page


def test_one_person_by_handle_and_by_name_is_one_unknown_entry(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((LAYOUTS / "litebird-sc-2021-07-27.json").read_text(encoding="utf-8"))
    data["results"][0]["note"]["html"] = (
        "<p>Present: @joesepi, Jane Doe (CERN)</p><p>Apologies: Joe Sepi (@joesepi)</p>"
    )
    export = tmp_path / "e.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import-indico", str(export), "--series", "notes"]) == 0, capsys.readouterr()
    (record,) = (archive / "meetings" / "notes").rglob("*.md")
    front = yaml.safe_load(record.read_text(encoding="utf-8").split("---\n")[1])
    # present wins: no one is both present and excused; the full name is the one written
    assert front["present"] == ["Joe Sepi", "Jane Doe"] and "apologies" not in front
    assert yaml.safe_load((archive / "meetings" / "people.unknown.yml").read_text(encoding="utf-8")) == {
        "joe-sepi": {"name": "Joe Sepi", "aliases": ["joesepi"]},
        "jane-doe": {"name": "Jane Doe", "affiliation": "CERN"},
    }


def test_an_unknown_person_is_looked_up_once_by_the_name_kept(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The registry is asked for close names once per unknown person, however often the notes
    name them, and by the name their entry keeps: the full name rather than the handle."""
    data = json.loads((LAYOUTS / "litebird-sc-2021-07-27.json").read_text(encoding="utf-8"))
    data["results"][0]["note"]["html"] = (
        "<p>Present: @jtriplet, Josh Triplet (@jtriplet), Niko Matsakis</p>"
        "<p>Apologies: Josh Triplet (Rust)</p>"
    )
    asked: list[str] = []
    suggest = NameIndex.suggest
    monkeypatch.setattr(
        NameIndex, "suggest", lambda index, name, n=3: asked.append(name) or suggest(index, name, n)
    )
    registry = load_registry(archive / "meetings", Problems())
    rendered = render_record(parse_export(data), "notes", registry)
    assert asked == ["Josh Triplet"]
    assert rendered.unknown == [UnknownPerson("Josh Triplet", "Rust", ["Josh Triplett"], "jtriplet")]
    assert rendered.present == ["Josh Triplet", "Niko Matsakis"] and rendered.apologies == []
