"""data/*.json: exactly the fields and order of docs/format.md §11, for the public edition;
data/register.json of a register, in each edition."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes.core.model import Meeting, Mention, Register, RegisterItem, Rescheduled

from .helpers import record, write_archive


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


# --- data/register.json (docs/format.md §11) -----------------------------------------------

REGISTER_YML = Path(__file__).parent / "fixtures" / "outputs" / "register.yml"


def hand_made_register() -> Register:
    """A register as core/register.py reads one, made by hand."""
    return Register(
        start=dt.date(2020, 9, 1),
        items={
            "D2.3": RegisterItem(
                "D2.3", "deliverable", "Data Lake pilot report", 8, wp=["wp2"],
                status="submitted", due=dt.date(2021, 5, 31), due_text="M9",
                rescheduled=Rescheduled(dt.date(2021, 6, 30), "M10", "the pilot started late"),
                fields={"lead": "CERN", "type": "R", "dissemination": "PU",
                        "submitted": dt.date(2021, 6, 25), "link": "https://example.org/d2.3.pdf"},
            ),
            "MS4": RegisterItem(
                "MS4", "milestone", "Data Lake pilot running", 30, wp=["wp2", "wp3"],
                status="reached", due=dt.date(2021, 4, 30), due_text="M8",
                fields={"verification": "a pilot report", "reached": dt.date(2021, 4, 20)},
            ),
            "R3": RegisterItem(
                "R3", "risk", "Computing resources arrive late", 45, wp=["wp2"], status="open",
                fields={"likelihood": "medium", "severity": "high"},
            ),
        },
    )  # fmt: skip


def test_register_entries_give_every_declared_field_and_the_computed_dates() -> None:
    from minutes.outputs.data import register_entries

    entries = register_entries(
        hand_made_register(), lambda i: f"register/{i.slug}/", {"D2.3": ["tcm-2021-06-09"]}
    )
    assert entries == [
        {"id": "D2.3", "kind": "deliverable", "title": "Data Lake pilot report",
         "url": "register/d2-3/", "wp": ["wp2"], "status": "submitted", "due": "2021-05-31",
         "due_as_written": "M9", "current_due": "2021-06-30",
         "rescheduled": {"due": "2021-06-30", "due_as_written": "M10",
                         "reason": "the pilot started late"},
         "lead": "CERN", "responsible": None, "type": "R", "dissemination": "PU",
         "submitted": "2021-06-25", "link": "https://example.org/d2.3.pdf",
         "mentioned_in": ["tcm-2021-06-09"]},
        {"id": "MS4", "kind": "milestone", "title": "Data Lake pilot running",
         "url": "register/ms4/", "wp": ["wp2", "wp3"], "status": "reached", "due": "2021-04-30",
         "due_as_written": "M8", "current_due": "2021-04-30", "rescheduled": None,
         "verification": "a pilot report", "reached": "2021-04-20", "mentioned_in": []},
        {"id": "R3", "kind": "risk", "title": "Computing resources arrive late",
         "url": "register/r3/", "wp": ["wp2"], "status": "open", "due": None,
         "due_as_written": None, "current_due": None, "rescheduled": None,
         "likelihood": "medium", "severity": "high", "mitigation": None, "mentioned_in": []},
    ]  # fmt: skip


def test_register_json_keys_follow_the_declarations(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field declared for a kind of item (core/fields.py) reaches data/register.json."""
    from minutes.core import fields
    from minutes.core.fields import Field, Kind
    from minutes.outputs.data import register_entries

    kinds = tuple(
        replace(k, fields=(*k.fields, Field("budget", Kind.TEXT))) if k.kind == "milestone" else k
        for k in fields.REGISTER_KINDS
    )
    monkeypatch.setattr(fields, "REGISTER_KINDS", kinds)
    register = hand_made_register()
    register.items["MS4"].fields["budget"] = "12 PM"
    ms4 = register_entries(register, lambda i: "", {})[1]
    assert list(ms4)[-3:] == ["reached", "budget", "mentioned_in"]
    assert ms4["budget"] == "12 PM"


def test_mentioned_in_names_each_meeting_once_oldest_first() -> None:
    from minutes.outputs.data import mentioned_in

    def meeting(mid: str, *items: str) -> Meeting:
        m = Meeting(mid, "tcm", dt.date(2021, 6, 9), None, "T", Path("x.md"), "", 1)
        m.mentions = [Mention(i, mid, n, None, f"{i} here") for n, i in enumerate(items, 5)]
        return m

    meetings = [meeting("a", "D2.3", "MS4", "D2.3"), meeting("b"), meeting("c", "D2.3")]
    assert mentioned_in(meetings) == {"D2.3": ["a", "c"], "MS4": ["a"]}


def test_no_register_json_without_a_register(fixture_site: Path) -> None:
    assert sorted(p.name for p in (fixture_site / "data").iterdir()) == [
        "actions.json", "decisions.json", "groups.json", "meetings.json", "people.json"]


REGISTER_RECORDS = {
    "tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird]",
        "\n## Notes\n\nMS4 was reached in April.\n\n### WP2\n\n- D2.3 is late: it moves to M10.\n",
    ),
    "board/2021/2021-06-10.md": record(
        "series: board\ndate: 2021-06-10\npresent: [Ian Bird]\nvisibility: internal",
        "\nD3.1 and D2.3 canary7f3a are discussed.\n",
    ),
}


def register_archive(root: Path) -> Path:
    """An archive with the fixture register and two records that mention its items."""
    write_archive(root, REGISTER_RECORDS)
    (root / "meetings" / "register.yml").write_text(REGISTER_YML.read_text(encoding="utf-8"))
    return root


def test_register_json_of_each_edition(tmp_path: Path) -> None:
    from minutes.aggregates.edition import Edition
    from minutes.core.archive import Options, load_archive
    from minutes.core.problems import Problems
    from minutes.outputs.data import data_files
    from minutes.site.urls import Urls

    problems = Problems()
    archive = load_archive(register_archive(tmp_path) / "meetings", Options(), problems)
    assert problems.errors == []

    def register_json(internal: bool) -> dict[str, dict[str, Any]]:
        edition = Edition(archive.edition(internal), dt.date(2021, 7, 1))
        text = data_files(edition, Urls(True))["register.json"]
        return {e["id"]: e for e in json.loads(text)}

    public, internal = register_json(False), register_json(True)
    assert list(public) == ["D2.3", "D3.1", "MS4", "MS5", "R3"]
    assert public["D2.3"]["mentioned_in"] == ["tcm-2021-06-09"]
    assert public["D2.3"]["current_due"] == "2021-06-30"
    assert public["D2.3"]["link"] == "https://example.org/d2.3.pdf"  # PU: public
    assert public["MS4"]["mentioned_in"] == ["tcm-2021-06-09"]
    # a CO deliverable keeps its title and dates in the public edition, not its link
    assert public["D3.1"]["link"] is None and public["D3.1"]["due"] == "2021-07-15"
    assert public["D3.1"]["title"] == "Software repository design"
    # the internal record's mentions reach the internal edition only
    assert public["D3.1"]["mentioned_in"] == []
    assert internal["D3.1"]["mentioned_in"] == ["board-2021-06-10"]
    assert internal["D2.3"]["mentioned_in"] == ["tcm-2021-06-09", "board-2021-06-10"]
    assert internal["D3.1"]["link"] == "https://example.org/d3.1.pdf"
