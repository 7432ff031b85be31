"""Every field of a record and of the registries, declared once (docs/format.md §3 and §5).

The record and registry readers take their field names from here, `minutes new` its order,
the JSON Schemas (`schema.py`) their rules and docs/format.md its field tables (a test keeps
the docs equal to `docs_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URL_PATTERN = r"^(https?://|mailto:)\S+$"

_TEXT: dict[str, Any] = {"type": ["string", "number"]}
_NAMES: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}
_IDS: dict[str, Any] = {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}


@dataclass(frozen=True)
class Field:
    """One field: its name, its JSON Schema, and what the docs say of it."""

    name: str
    schema: dict[str, Any]
    required: bool = False
    doc_type: str = ""  # the docs' Type column (records only)
    default: str = "—"  # the docs' Default column (records only)
    notes: str = ""  # the docs' Notes / What it is column
    published: bool = True  # in data/*.json (records: data/meetings.json)
    new_record: bool = False  # written by `minutes new`


RECORD_FIELDS: tuple[Field, ...] = (
    Field(
        "series",
        {"type": "string", "pattern": ID_PATTERN},
        doc_type="series id",
        default="the folder name",
        notes="If you give it, it must match the folder the record is in.",
        new_record=True,
    ),
    Field(
        "date",
        {"type": "string", "pattern": DATE_PATTERN},
        required=True,
        doc_type="date `YYYY-MM-DD`",
        notes="Must be the date in the file name. A time is not allowed.",
        new_record=True,
    ),
    Field(
        "title",
        _TEXT,
        doc_type="text",
        default="the series' `name`",
        notes="Used as the page heading, with the date.",
        new_record=True,
    ),
    Field(
        "start",
        {"type": "string", "pattern": TIME_PATTERN},
        doc_type="time `HH:MM`",
        notes='24-hour clock, e.g. `"09:30"`. Quote it, as in the examples.',
        published=False,
        new_record=True,
    ),
    Field(
        "end",
        {"type": "string", "pattern": TIME_PATTERN},
        doc_type="time `HH:MM`",
        notes="Must not be before `start`.",
        published=False,
        new_record=True,
    ),
    Field(
        "timezone",
        {"type": "string", "minLength": 1},
        doc_type="IANA time-zone name",
        default="the plugin's `timezone`",
        notes="For example `Europe/Zurich`. It is shown next to the time.",
        published=False,
    ),
    Field(
        "chair",
        _TEXT,
        doc_type="a person",
        default="the series' `chair`",
        notes="An id, name or alias.",
        new_record=True,
    ),
    Field(
        "present",
        _NAMES,
        required=True,
        doc_type="list of people",
        notes="Must be a list, even with one person: `[Ian Bird]`. Use `[]` if nobody was "
        "recorded.",
        new_record=True,
    ),
    Field(
        "apologies",
        _NAMES,
        doc_type="list of people",
        default="`[]`",
        notes="People who sent apologies. No one can be both present and excused.",
        new_record=True,
    ),
    Field(
        "location",
        _TEXT,
        doc_type="text",
        notes="For example `Zoom` or `CERN, 31/3-004`. Do not put dial-in details here.",
        published=False,
    ),
    Field(
        "links",
        {"type": "object", "additionalProperties": {"type": "string", "pattern": URL_PATTERN}},
        doc_type="mapping of label to URL",
        notes="Every URL must start with `http://`, `https://` or `mailto:`. Example: "
        '`{indico: "https://indico.example.org/event/12345/"}`.',
        published=False,
    ),
    Field(
        "tags",
        {"type": "array", "items": {"type": ["string", "number"]}},
        doc_type="list of text",
        default="`[]`",
        notes="Free keywords, shown on the meeting page.",
        published=False,
    ),
    Field(
        "visibility",
        {"enum": ["public", "internal"]},
        doc_type="`public` or `internal`",
        default="`public`",
        notes="See [Public and internal records](#7-public-and-internal-records).",
        published=False,
        new_record=True,
    ),
)

PEOPLE_FIELDS: tuple[Field, ...] = (
    Field("name", {"type": "string", "minLength": 1}, True, notes="The name as the site shows it."),
    Field(
        "affiliation",
        _TEXT,
        notes="Institute or organisation. It is shown next to the person's name as speaker and "
        "used for attendance by affiliation.",
    ),
    Field("aliases", _NAMES, notes="A list of other spellings that should count as this person."),
)

GROUP_FIELDS: tuple[Field, ...] = (
    Field("name", {"type": "string", "minLength": 1}, True, notes="The full name of the group."),
    Field(
        "kind",
        _TEXT,
        notes="Free text such as `work-package` or `infrastructure`. The site groups its lists "
        "by it. Default: `group`.",
    ),
    Field(
        "aliases",
        _NAMES,
        notes="Other names, usually acronyms. The first alias is the short label the site uses "
        "for the group.",
    ),
    Field(
        "lead",
        {"type": "string", "pattern": ID_PATTERN},
        notes="The id of the person who leads the group. It must be an id from `people.yml`, "
        "not a name.",
    ),
)

SERIES_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        {"type": "string", "minLength": 1},
        True,
        notes="The series' name. It is also the default title of its meetings.",
    ),
    Field(
        "chair",
        _TEXT,
        notes="The usual chair: an id, name or alias from `people.yml`. It is used when a record "
        "gives no chair.",
    ),
    Field(
        "standing_groups",
        _IDS,
        notes="Group ids, in the order the groups report at the round table. `minutes new` "
        "writes one heading for each.",
    ),
    Field("members", _IDS, notes="Ids of the people expected at every meeting."),
)

REGISTRIES: dict[str, tuple[Field, ...]] = {
    "people.yml": PEOPLE_FIELDS,
    "groups.yml": GROUP_FIELDS,
    "series.yml": SERIES_FIELDS,
}


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The field names, in declaration order."""
    return tuple(f.name for f in fields)


def docs_table(fields: tuple[Field, ...]) -> str:
    """The Markdown table of docs/format.md for these fields."""
    if fields is RECORD_FIELDS:
        rows = ["| Field | Type | Required | Default | Notes |", "|---|---|---|---|---|"]
        for f in fields:
            req = "**yes**" if f.required else "no"
            rows.append(f"| `{f.name}` | {f.doc_type} | {req} | {f.default} | {f.notes} |")
    else:
        rows = ["| Field | Required | What it is |", "|---|---|---|"]
        for f in fields:
            rows.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.notes} |")
    return "\n".join(rows)
