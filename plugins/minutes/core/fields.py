"""Every field of a record and of the registries, declared once (docs/format.md §3 and §5).

A record field's declaration drives every place it reaches (tests/test_field_reach.py lists
them): the record reader (`records.py` takes its patterns and values from here, and reads a
field that has no `Meeting` attribute of its own by its kind alone), the `Meeting` it is kept
on, data/meetings.json (`published`), `minutes diff` (`diffed`), `minutes new`
(`new_record`), the JSON Schemas (`schema.py`) and docs/format.md's field tables (a test keeps
the docs equal to `docs_table`). The consumers read `RECORD_FIELDS` when they run, not when
they are imported.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from minutes.core.model import Meeting

# The patterns a value must match, for the JSON Schemas and for the reader (re.match): keep
# them linear-time, as they read text a contributor wrote.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URL_PATTERN = r"^(https?://|mailto:)\S+$"


class Kind(enum.Enum):
    """How a field's value is written: its JSON Schema, and how the reader reads it."""

    TEXT = "text"  # text or a number, kept as text
    NAME = "name"  # text that is not empty
    ID = "id"  # an id (docs/format.md §2)
    DATE = "date"  # YYYY-MM-DD
    TIME = "time"  # HH:MM, 24-hour clock
    NAMES = "names"  # a list of text
    TEXTS = "texts"  # a list of text or numbers
    IDS = "ids"  # a list of ids
    URLS = "urls"  # a mapping of labels to URLs
    ENUM = "enum"  # one of the field's `values`


_SCHEMAS: dict[Kind, dict[str, Any]] = {
    Kind.TEXT: {"type": ["string", "number"]},
    Kind.NAME: {"type": "string", "minLength": 1},
    Kind.ID: {"type": "string", "pattern": ID_PATTERN},
    Kind.DATE: {"type": "string", "pattern": DATE_PATTERN},
    Kind.TIME: {"type": "string", "pattern": TIME_PATTERN},
    Kind.NAMES: {"type": "array", "items": {"type": "string", "minLength": 1}},
    Kind.TEXTS: {"type": "array", "items": {"type": ["string", "number"]}},
    Kind.IDS: {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
    Kind.URLS: {
        "type": "object",
        "additionalProperties": {"type": "string", "pattern": URL_PATTERN},
    },
}


@dataclass(frozen=True)
class Field:
    """One field: its name and kind, what the docs say of it, and where it goes."""

    name: str
    kind: Kind
    required: bool = False
    doc_type: str = ""  # the docs' Type column (records only)
    default: str = "—"  # the docs' Default column (records only)
    notes: str = ""  # the docs' Notes / What it is column
    published: bool = True  # in data/*.json (records: data/meetings.json)
    new_record: bool = False  # written by `minutes new`
    values: tuple[str, ...] = ()  # the values of an ENUM, its default first
    # Records only: the `Meeting` attribute that holds the value, read by records.py's own
    # code; None: read by its kind alone and kept in `Meeting.extra` under its name.
    attr: str | None = None
    diffed: bool = True  # records only: named by `minutes diff` when it changes

    @property
    def schema(self) -> dict[str, Any]:
        """The JSON Schema rule of a value (without the null an optional field allows)."""
        if self.kind is Kind.ENUM:
            return {"enum": list(self.values)}
        return dict(_SCHEMAS[self.kind])

    def value(self, meeting: Meeting) -> Any:
        """A record field's value on a meeting (None where a record does not give it)."""
        return getattr(meeting, self.attr) if self.attr else meeting.extra.get(self.name)


RECORD_FIELDS: tuple[Field, ...] = (
    Field(
        "series",
        Kind.ID,
        doc_type="series id",
        default="the folder name",
        notes="If you give it, it must match the folder the record is in.",
        new_record=True,
        attr="series",
        diffed=False,  # part of the meeting's id: a change is a meeting removed and added
    ),
    Field(
        "date",
        Kind.DATE,
        required=True,
        doc_type="date `YYYY-MM-DD`",
        notes="Must be the date in the file name. A time is not allowed.",
        new_record=True,
        attr="date",
        diffed=False,  # part of the meeting's id
    ),
    Field(
        "title",
        Kind.TEXT,
        doc_type="text",
        default="the series' `name`",
        notes="Used as the page heading, with the date.",
        new_record=True,
        attr="title",
    ),
    Field(
        "start",
        Kind.TIME,
        doc_type="time `HH:MM`",
        notes='24-hour clock, e.g. `"09:30"`. Quote it, as in the examples.',
        published=False,
        new_record=True,
        attr="start",
    ),
    Field(
        "end",
        Kind.TIME,
        doc_type="time `HH:MM`",
        notes="Must not be before `start`.",
        published=False,
        new_record=True,
        attr="end",
    ),
    Field(
        "timezone",
        Kind.NAME,
        doc_type="IANA time-zone name",
        default="the plugin's `timezone`",
        notes="For example `Europe/Zurich`. It is shown next to the time.",
        published=False,
        attr="timezone",
    ),
    Field(
        "chair",
        Kind.TEXT,
        doc_type="a person",
        default="the series' `chair`",
        notes="An id, name or alias.",
        new_record=True,
        attr="chair",
    ),
    Field(
        "present",
        Kind.NAMES,
        required=True,
        doc_type="list of people",
        notes="Must be a list, even with one person: `[Ian Bird]`. Use `[]` if nobody was "
        "recorded.",
        new_record=True,
        attr="present",
        diffed=False,  # `minutes diff` names who moved (attendance-changed)
    ),
    Field(
        "apologies",
        Kind.NAMES,
        doc_type="list of people",
        default="`[]`",
        notes="People who sent apologies. No one can be both present and excused.",
        new_record=True,
        attr="apologies",
        diffed=False,  # attendance-changed
    ),
    Field(
        "location",
        Kind.TEXT,
        doc_type="text",
        notes="For example `Zoom` or `CERN, 31/3-004`. Do not put dial-in details here.",
        published=False,
        attr="location",
    ),
    Field(
        "links",
        Kind.URLS,
        doc_type="mapping of label to URL",
        notes="Every URL must start with `http://`, `https://` or `mailto:`. Example: "
        '`{indico: "https://indico.example.org/event/12345/"}`.',
        published=False,
        attr="links",
    ),
    Field(
        "tags",
        Kind.TEXTS,
        doc_type="list of text",
        default="`[]`",
        notes="Free keywords, shown on the meeting page.",
        published=False,
        attr="tags",
    ),
    Field(
        "visibility",
        Kind.ENUM,
        values=("public", "internal"),
        doc_type="`public` or `internal`",
        default="`public`",
        notes="See [Public and internal records](#7-public-and-internal-records).",
        published=False,
        new_record=True,
        attr="visibility",
    ),
)

# The registries' fields: registry.py reads them; `published` says which data/people.json and
# data/groups.json carry (tests/test_declared.py checks data.py's keys against it).
PEOPLE_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.NAME, required=True, notes="The name as the site shows it."),
    Field(
        "affiliation",
        Kind.TEXT,
        notes="Institute or organisation. It is shown next to the person's name as speaker and "
        "used for attendance by affiliation.",
    ),
    Field(
        "aliases",
        Kind.NAMES,
        notes="A list of other spellings that should count as this person.",
        published=False,
    ),
)

GROUP_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.NAME, required=True, notes="The full name of the group."),
    Field(
        "kind",
        Kind.TEXT,
        notes="Free text such as `work-package` or `infrastructure`. The site groups its lists "
        "by it. Default: `group`.",
    ),
    Field(
        "aliases",
        Kind.NAMES,
        notes="Other names, usually acronyms. The first alias is the short label the site uses "
        "for the group.",
        published=False,
    ),
    Field(
        "lead",
        Kind.ID,
        notes="The id of the person who leads the group. It must be an id from `people.yml`, "
        "not a name.",
        published=False,
    ),
)

SERIES_FIELDS: tuple[Field, ...] = (  # no data file publishes the series
    Field(
        "name",
        Kind.NAME,
        required=True,
        notes="The series' name. It is also the default title of its meetings.",
        published=False,
    ),
    Field(
        "chair",
        Kind.TEXT,
        notes="The usual chair: an id, name or alias from `people.yml`. It is used when a record "
        "gives no chair.",
        published=False,
    ),
    Field(
        "standing_groups",
        Kind.IDS,
        notes="Group ids, in the order the groups report at the round table. `minutes new` "
        "writes one heading for each.",
        published=False,
    ),
    Field(
        "members", Kind.IDS, notes="Ids of the people expected at every meeting.", published=False
    ),
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
