"""A registry value that carries a credential never reaches the site, strict or not
(docs/format.md §8, §9): it is reported, and left out as a record with errors is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.core import credentials, yamlload
from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.core.registry import load_registry, withhold

from .helpers import minutes, mkdocs_build, record, site_files, write_archive

# Each canary is the secret part of one credential, and appears nowhere else.
PASSCODE = "738261"  # a 'Passcode: ...' label
MEETING_ID = "962 4417 3051"  # a meeting id folded over two lines of a value
LINK_PWD = "Q2FuYXJ5Zm9vYmFy"  # the password of a video-conference link
PHONE = "+41 43 210 71 08"  # a dial-in number
CANARIES = {
    "people name": "771204",
    "people affiliation": PASSCODE,
    "people aliases": "Mzk1NzE4Mjc",
    "people affiliation folded": "962 4417 3051",
    "groups name": "660391",
    "groups kind": "Z3JvdXBraW5k",
    "groups aliases": "552019",
    "groups lead": "318842",
    "series name": "+41 43 210 71 08",
    "series chair": "904417",
    "series standing_groups": "881 4417 2233",
    "series members": "992071",
}

PEOPLE = f"""\
ian-bird:
  name: Ian Bird
  affiliation: 'LAPP, Zoom Passcode: {PASSCODE}'
xavier-espinal:
  name: 'Xavier Espinal, Passcode: 771204'
  affiliation: CERN
kay-graf:
  name: Kay Graf
  affiliation: >
    ECAP, Meeting ID
    {MEETING_ID}
mohammad-al-turany:
  name: Mohammad Al-Turany
  affiliation: CERN
  aliases: [Mohammed Al-Turany, 'https://cern.zoom.us/j/95429512345?pwd=Mzk1NzE4Mjc']
ada:
  name: Ada Lovelace
"""

GROUPS = """\
wp2:
  name: 'Data Infrastructure, Kenncode: 660391'
  kind: work-package
  aliases: [WP2, DIOS]
  lead: xavier-espinal
wp3:
  name: Open-source Scientific Software and Service Repository
  kind: 'https://zoom.us/j/95429512345?pwd=Z3JvdXBraW5k'
  aliases: [WP3, 'OSSR, PIN: 552019']
cta:
  name: Cherenkov Telescope Array Observatory
  kind: infrastructure
  aliases: [CTA, CTAO]
  lead: 'Passcode: 318842'
"""

SERIES = """\
tcm:
  name: Technical Coordination Meeting, dial +41 43 210 71 08
  chair: 'Ian Bird, Passcode: 904417'
  standing_groups: [wp2, wp3, cta, 'Meeting ID: 881 4417 2233']
  members: [ian-bird, xavier-espinal, kay-graf, 'Passcode: 992071']
board:
  name: Executive Board
  members: [ian-bird, mohammad-al-turany, ada]
"""

RECORDS = {
    "tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird, Kay Graf, Ada Lovelace]",
        "\n## Round table\n\n### WP2\nSpeaker: Kay Graf\n\nNews.\n\n### WP3\n\nMore news.\n",
    ),
    "board/2021/2021-09-01.md": record(
        "date: 2021-09-01\npresent: [Mohammed Al-Turany, Ian Bird]",
        "\n## Telescope status { group=cta }\nSpeaker: Ian Bird\n",
    ),
}


def _forms(canary: str) -> list[bytes]:
    """The canary as a file may hold it: as written, HTML- or JSON-escaped, without spaces."""
    plain = canary.replace(" ", "")
    return sorted({canary.encode(), plain.encode(), canary.replace("+", "&#43;").encode(),
                   json.dumps(canary)[1:-1].encode()})


def test_every_canary_is_a_reported_credential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_archive(tmp_path, RECORDS, people=PEOPLE, groups=GROUPS, series=SERIES)
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    load_archive(tmp_path / "meetings", Options(), problems)
    reported = {(p.path.removeprefix("meetings/"), p.line) for p in problems.errors
                if "must never be published" in p.message}
    assert reported == {
        ("people.yml", 3), ("people.yml", 5), ("people.yml", 11), ("people.yml", 15),
        ("groups.yml", 2), ("groups.yml", 8), ("groups.yml", 9), ("groups.yml", 14),
        ("series.yml", 2), ("series.yml", 3), ("series.yml", 4), ("series.yml", 5),
    }


def test_registry_values_with_credentials_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_archive(tmp_path, RECORDS, people=PEOPLE, groups=GROUPS, series=SERIES)
    monkeypatch.chdir(tmp_path)
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    reg = archive.registry
    people = {p.id: (p.name, p.affiliation, p.aliases) for p in reg.people.values()}
    assert people == {
        "ian-bird": ("Ian Bird", None, []),
        "xavier-espinal": ("xavier-espinal", "CERN", []),  # its name withheld: the id stands in
        "kay-graf": ("Kay Graf", None, []),
        "mohammad-al-turany": ("Mohammad Al-Turany", "CERN", ["Mohammed Al-Turany"]),
        "ada": ("Ada Lovelace", None, []),
    }
    groups = {g.id: (g.name, g.kind, g.aliases, g.lead) for g in reg.groups.values()}
    assert groups == {
        "wp2": ("wp2", "work-package", ["WP2", "DIOS"], "xavier-espinal"),
        "wp3": ("Open-source Scientific Software and Service Repository", "group", ["WP3"], None),
        "cta": ("Cherenkov Telescope Array Observatory", "infrastructure", ["CTA", "CTAO"], None),
    }
    series = {s.id: (s.name, s.chair, s.standing_groups, s.members) for s in reg.series.values()}
    assert series == {
        "tcm": ("tcm", None, ["wp2", "wp3", "cta"], ["ian-bird", "xavier-espinal", "kay-graf"]),
        "board": ("Executive Board", None, [], ["ian-bird", "mohammad-al-turany", "ada"]),
    }
    # the records still resolve every name the registries keep
    assert [m.present for m in archive.meetings] == [
        ["ian-bird", "kay-graf", "ada"], ["mohammad-al-turany", "ian-bird"]]


@pytest.mark.parametrize("strict", [False, True])
def test_no_built_file_holds_a_registry_credential(tmp_path: Path, strict: bool) -> None:
    write_archive(tmp_path, RECORDS, people=PEOPLE, groups=GROUPS, series=SERIES)
    build = mkdocs_build(tmp_path, *(["--strict"] if strict else []))
    assert "Traceback" not in build.stderr
    assert "people.yml:3: a dial-in credential ('Passcode: ...') must never be published" in (
        build.stderr)
    if strict:
        assert build.returncode != 0
        if not (tmp_path / "site").exists():
            return
    else:
        assert build.returncode == 0, build.stderr
    built = site_files(tmp_path / "site", pagefind=True)
    if not strict:  # the site is there, records and registries as far as they are clean
        assert "meetings/tcm/2021-06-09/index.html" in built
        assert "people/ada/index.html" in built and "data/people.json" in built
        assert any(name.startswith("pagefind/fragment/") for name in built)
        assert any(name.endswith(".ics") for name in built)
        assert "sitemap.xml" in built and "feed.xml" in built
    for name, data in built.items():
        for what, canary in CANARIES.items():
            for form in _forms(canary):
                assert form not in data, (name, what)


def test_check_still_fails(tmp_path: Path) -> None:
    write_archive(tmp_path, RECORDS, people=PEOPLE, groups=GROUPS, series=SERIES)
    result = minutes(tmp_path, "check")
    assert result.returncode == 1
    assert "meetings/series.yml:2: a telephone dial-in number must never be published: " \
        "remove it" in result.stdout


# --- which field, which entry -------------------------------------------------------------


def _withheld(text: str, in_text: set[int], in_values: frozenset[int] = frozenset()) -> object:
    return withhold(yamlload.load(text), in_text, set(in_values))


def test_a_line_withholds_the_field_that_holds_it() -> None:
    text = "ada:\n  name: Ada\n  affiliation: >\n    a\n    b\n  aliases: [x]\nbob:\n  name: B\n"
    assert _withheld(text, {5}) == {"ada": {"affiliation": None}}
    assert _withheld(text, {6}) == {"ada": {"aliases": None}}
    assert _withheld(text, {8}) == {"bob": {"name": None}}
    assert _withheld(text, set()) == {}


def test_the_id_line_withholds_the_entry() -> None:
    text = "ada:  # a comment beside the id\n  name: Ada\nbob:\n  name: B\n"
    assert _withheld(text, {1}) == {"ada": None}


def test_fields_on_one_line_are_all_withheld() -> None:
    text = "ada: {name: Ada, affiliation: x}\nbob: {name: B}\n"
    assert _withheld(text, {1}) == {"ada": {"affiliation": None, "name": None}}


def test_a_line_of_entries_is_reported_once_and_withheld_whole(tmp_path: Path) -> None:
    text = "{ada: {name: 'Ada, Passcode: 590317'}, bob: {name: B, affiliation: CERN}}\n"
    # the raw line is reported: no entry on it is reported again, nor kept
    assert _withheld(text, {1}) == {"ada": {"name": None}, "bob": {"affiliation": None,
                                                                   "name": None}}
    (tmp_path / "people.yml").write_text(text, encoding="utf-8")
    problems = Problems()
    reg = load_registry(tmp_path, problems)
    assert [(p.line, p.message) for p in problems.items] == [
        (1, "a dial-in credential ('Passcode: ...') must never be published: remove it")]
    assert {p.id: (p.name, p.affiliation) for p in reg.people.values()} == {
        "ada": ("ada", None), "bob": ("bob", None)}


def test_a_value_read_as_one_text_withholds_its_field() -> None:
    text = "ada:\n  name: Ada\n  affiliation: 'Zoom, pass\n    code: 590317'\n"
    # check_values reports such a value at the entry's line: each field is then read alone
    assert _withheld(text, set(), frozenset({1})) == {"ada": {"affiliation": None}}


def test_an_entry_reported_where_no_field_is_found_is_withheld_whole() -> None:
    assert _withheld("ada:\n  name: Ada\n", set(), frozenset({1})) == {"ada": None}
    assert _withheld("ada: Passcode 590317\n", {1}) == {"ada": None}  # not even a mapping


def test_of_a_list_only_the_items_with_a_credential_are_withheld() -> None:
    text = "ada:\n  name: Ada\n  aliases: [A. L., 'Passcode: 590317', Countess]\n"
    assert _withheld(text, {3}) == {"ada": {"aliases": ["A. L.", "Countess"]}}
    # a label in one item, its value in the next: no item alone carries it, the list goes
    split = "ada:\n  name: Ada\n  aliases: ['Meeting ID:', '987 6543 2101']\n"
    assert _withheld(split, {3}) == {"ada": {"aliases": None}}


def test_many_credentials_are_each_withheld(tmp_path: Path) -> None:
    people = "".join(f"p{i}:\n  name: P {i}\n  affiliation: 'Passcode: {100000 + i}'\n"
                     for i in range(10_000))
    (tmp_path / "people.yml").write_text(people, encoding="utf-8")
    problems = Problems()
    reg = load_registry(tmp_path, problems)
    assert len(problems.errors) == 10_000
    assert len(reg.people) == 10_000
    assert all(p.affiliation is None and p.name == f"P {p.id[1:]}" for p in reg.people.values())


_PIECES = st.sampled_from([
    "Ada", "CERN", "LAPP", " ", ", ", "Passcode: 590317", "Meeting ID", "987 6543 2101",
    "https://cern.zoom.us/j/954?pwd=bXlw", "+41 43 210 71 08", "PIN", ": ", "4471#", "\n", "é",
    "2021-06-09", "WP2",
])
_TEXT = st.lists(_PIECES, min_size=1, max_size=6).map("".join).filter(lambda t: t.strip() != "")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(entries=st.lists(st.tuples(_TEXT, st.none() | _TEXT, st.lists(_TEXT, max_size=3)),
                        min_size=1, max_size=4),
       width=st.sampled_from([20, 80]), flow=st.booleans())
def test_no_value_kept_carries_a_credential(
    tmp_path: Path, entries: list[tuple[str, str | None, list[str]]], width: int, flow: bool
) -> None:
    """However a value is written (folded over lines, quoted, in a flow mapping), what the
    registry keeps carries no credential, read alone or together."""
    data = {}
    for i, (name, affiliation, aliases) in enumerate(entries):
        entry: dict[str, object] = {"name": name}
        if affiliation is not None:
            entry["affiliation"] = affiliation
        if aliases:
            entry["aliases"] = aliases
        data[f"p{i}"] = entry
    text = yaml.safe_dump(data, width=width, default_flow_style=flow, allow_unicode=True)
    (tmp_path / "people.yml").write_text(text, encoding="utf-8")
    reg = load_registry(tmp_path, Problems())
    for person in reg.people.values():
        kept = [person.name, person.affiliation or "", *person.aliases]
        for value in [*kept, "\n".join(person.aliases)]:
            assert not credentials.scan_value(value) and not credentials.scan(value), (text, value)
