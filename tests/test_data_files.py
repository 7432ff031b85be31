"""data/*.json: exactly the fields and order of docs/format.md §11, for the public edition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st


def load(site: Path, name: str) -> Any:
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def test_meetings_json(fixture_site: Path) -> None:
    assert load(fixture_site, "meetings.json") == [
        {"id": "tcm-2021-06-09", "series": "tcm", "date": "2021-06-09",
         "title": "Technical Coordination Meeting", "url": "meetings/tcm/2021-06-09/",
         "chair": "ian-bird", "present": ["ian-bird", "xavier-espinal"], "apologies": ["kay-graf"],
         "groups": ["wp2", "cta"]},
        {"id": "tcm-2021-06-23", "series": "tcm", "date": "2021-06-23",
         "title": "Technical Coordination Meeting", "url": "meetings/tcm/2021-06-23/",
         "chair": "ian-bird", "present": ["ian-bird", "kay-graf"], "apologies": [],
         "groups": ["wp2", "wp3"]},
        {"id": "board-2021-09-01", "series": "board", "date": "2021-09-01", "title": "Board meeting",
         "url": "meetings/board/2021-09-01/", "chair": None, "present": ["mohammad-al-turany"],
         "apologies": [], "groups": ["cta"]},
        {"id": "tcm-2022-01-12", "series": "tcm", "date": "2022-01-12",
         "title": "Technical Coordination Meeting", "url": "meetings/tcm/2022-01-12/",
         "chair": "ian-bird", "present": ["ian-bird", "xavier-espinal", "kay-graf", "grace-hopper"],
         "apologies": [], "groups": ["wp2"]},
    ]


def test_field_order_is_the_formats(fixture_site: Path) -> None:
    assert list(load(fixture_site, "meetings.json")[0]) == [
        "id", "series", "date", "title", "url", "chair", "present", "apologies", "groups"]
    assert list(load(fixture_site, "people.json")[0]) == [
        "id", "name", "affiliation", "url", "attended", "apologies", "meetings"]
    assert list(load(fixture_site, "groups.json")[0]) == ["id", "name", "kind", "url", "meetings"]
    assert list(load(fixture_site, "actions.json")[0]) == [
        "id", "meeting", "group", "owners", "text", "due", "status", "closed_in"]
    assert list(load(fixture_site, "decisions.json")[0]) == ["meeting", "group", "text"]


def test_actions_json(fixture_site: Path) -> None:
    assert load(fixture_site, "actions.json") == [
        {"id": "board-2021-09-01-1", "meeting": "board-2021-09-01", "group": "cta",
         "owners": ["mohammad-al-turany"], "text": "review the budget", "due": "2021-10-01",
         "status": "open", "closed_in": None},
        {"id": "tcm-2021-06-09-1", "meeting": "tcm-2021-06-09", "group": "wp2",
         "owners": ["xavier-espinal"], "text": "deploy the token daemons", "due": "2021-07-01",
         "status": "done", "closed_in": "tcm-2021-06-23"},
        # closed only in the internal record: open in the public edition
        {"id": "tcm-2021-06-09-2", "meeting": "tcm-2021-06-09", "group": "wp2",
         "owners": ["ian-bird", "kay-graf"], "text": "draft the FENIX letter", "due": "2099-01-01",
         "status": "open", "closed_in": None},
        {"id": "tcm-2021-06-09-3", "meeting": "tcm-2021-06-09", "group": None, "owners": [],
         "text": "Check the room booking", "due": None, "status": "done",
         "closed_in": "tcm-2022-01-12"},
    ]


def test_decisions_json(fixture_site: Path) -> None:
    assert load(fixture_site, "decisions.json") == [
        {"meeting": "tcm-2021-06-09", "group": "wp2", "text": "DAC21 starts in the autumn."},
        {"meeting": "tcm-2022-01-12", "group": "wp2", "text": "WP2 reports monthly."},
    ]


def test_groups_json(fixture_site: Path) -> None:
    assert load(fixture_site, "groups.json") == [
        {"id": "cta", "name": "Cherenkov Telescope Array Observatory", "kind": "infrastructure",
         "url": "groups/cta/", "meetings": ["tcm-2021-06-09", "board-2021-09-01"]},
        {"id": "km3net", "name": "KM3NeT", "kind": "infrastructure", "url": "groups/km3net/",
         "meetings": []},
        {"id": "wp2", "name": "Data Infrastructure for Open Science", "kind": "work-package",
         "url": "groups/wp2/", "meetings": ["tcm-2021-06-09", "tcm-2021-06-23", "tcm-2022-01-12"]},
        {"id": "wp3", "name": "Open-source Scientific Software and Service Repository",
         "kind": "work-package", "url": "groups/wp3/", "meetings": ["tcm-2021-06-23"]},
    ]


def test_people_json(fixture_site: Path) -> None:
    assert load(fixture_site, "people.json") == [
        {"id": "grace-hopper", "name": "Grace Hopper", "affiliation": None,
         "url": "people/grace-hopper/", "attended": 1, "apologies": 0,
         "meetings": ["tcm-2022-01-12"]},
        {"id": "ian-bird", "name": "Ian Bird", "affiliation": "LAPP", "url": "people/ian-bird/",
         "attended": 3, "apologies": 0,
         "meetings": ["tcm-2021-06-09", "tcm-2021-06-23", "tcm-2022-01-12"]},
        {"id": "kay-graf", "name": "Kay Graf", "affiliation": "ECAP - University of Erlangen",
         "url": "people/kay-graf/", "attended": 2, "apologies": 1,
         "meetings": ["tcm-2021-06-23", "tcm-2022-01-12"]},
        {"id": "mohammad-al-turany", "name": "Mohammad Al-Turany", "affiliation": "CERN",
         "url": "people/mohammad-al-turany/", "attended": 1, "apologies": 0,
         "meetings": ["board-2021-09-01"]},
        {"id": "nazaret-bello-gonzalez", "name": "Nazaret Bello González", "affiliation": None,
         "url": "people/nazaret-bello-gonzalez/", "attended": 0, "apologies": 0, "meetings": []},
        {"id": "xavier-espinal", "name": "Xavier Espinal", "affiliation": "CERN",
         "url": "people/xavier-espinal/", "attended": 2, "apologies": 0,
         "meetings": ["tcm-2021-06-09", "tcm-2022-01-12"]},
    ]


def test_internal_edition_data_carries_the_internal_record(internal_site: Path) -> None:
    meetings = [m["id"] for m in load(internal_site, "meetings.json")]
    assert meetings[-1] == "board-2022-03-01"
    actions = {a["id"]: a for a in load(internal_site, "actions.json")}
    assert actions["tcm-2021-06-09-2"]["closed_in"] == "board-2022-03-01"
    assert actions["board-2022-03-01-1"]["text"] == "action canary7f3a item"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.text(max_size=5),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                lambda inner: st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                max_leaves=6,
            ),
            max_size=4,
        ),
        max_size=5,
    )
)
def test_data_files_hold_one_entry_a_line(items: list[dict[str, object]]) -> None:
    """docs/format.md §11: a JSON array, one entry a line."""
    from minutes.outputs.data import _dump

    text = _dump(items)
    assert json.loads(text) == items
    lines = text.removesuffix("\n").split("\n")
    if items:
        assert lines[0] == "[" and lines[-1] == "]"
        assert [json.loads(line.removesuffix(",")) for line in lines[1:-1]] == items
    else:
        assert lines == ["[]"]
