"""Every field of a record, of the registries and of the register, declared once
(docs/format.md §3 and §5).

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
# The register (docs/format.md §3.4): a due date is a project month or a date; a link is a URL
# or a DOI (`10.5281/zenodo.1234`, `doi:` optional).
DUE_PATTERN = r"^(M[1-9][0-9]{0,3}|[0-9]{4}-[0-9]{2}-[0-9]{2})$"
DOI_PATTERN = r"^(doi:)?10\.[0-9]{4,9}/\S+$"
LINK_PATTERN = r"^(https?://\S+|(doi:)?10\.[0-9]{4,9}/\S+)$"


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
    APPROVALS = "approvals"  # a list of meeting ids, each an id or `{id: "corrections"}`


class Form(enum.Enum):
    """How a register field's value is written, beyond the kinds a record field may have."""

    DUE = "due"  # a project month `M24` or a date
    LINK = "link"  # a URL or a DOI
    GROUPS = "groups"  # a group id, or a list of them
    RESCHEDULED = "rescheduled"  # a mapping: `due` and `reason`


_GROUP_ID = {"type": "string", "pattern": ID_PATTERN}
_DUE = {"type": "string", "pattern": DUE_PATTERN}
_SCHEMAS: dict[Kind | Form, dict[str, Any]] = {
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
    Kind.APPROVALS: {
        "type": "array",
        "items": {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": ["string", "null"]},
                    "minProperties": 1,
                    "maxProperties": 1,
                },
            ]
        },
    },
    Form.DUE: _DUE,
    Form.LINK: {"type": "string", "pattern": LINK_PATTERN},
    Form.GROUPS: {"anyOf": [_GROUP_ID, {"type": "array", "items": _GROUP_ID, "minItems": 1}]},
    Form.RESCHEDULED: {
        "type": "object",
        "properties": {"due": _DUE, "reason": {"type": "string", "minLength": 1}},
        "required": ["due", "reason"],
        "additionalProperties": False,
    },
}


@dataclass(frozen=True)
class Field:
    """One field: its name and kind, what the docs say of it, and where it goes."""

    name: str
    kind: Kind | Form  # a Form only in the register
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
    refers: str = ""  # register only: the registry file an ID or GROUPS value is an id of

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
    Field(
        "status",
        Kind.ENUM,
        values=("approved", "draft"),
        doc_type="`draft` or `approved`",
        default="the plugin's `default_status`",
        notes="`draft` until a later meeting approves the minutes. See "
        "[Draft and approved minutes](#71-draft-and-approved-minutes).",
        published=False,  # data/meetings.json stays as it was for archives that never use it
        attr="status",
        diffed=False,  # `minutes diff` names approvals and status changes of their own
    ),
    Field(
        "approves",
        Kind.APPROVALS,
        doc_type="list of meeting ids",
        default="`[]`",
        notes="Earlier meetings whose minutes this meeting approved; an item may be "
        '`{tcm-2021-06-09: "corrections"}`.',
        published=False,
        attr="approves",
        diffed=False,  # `minutes diff` names each approval (meeting-approved)
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


# The register (meetings/register.yml, docs/format.md §3.4): core/register.py reads it by
# these declarations, schema.py makes schemas/register.json of them, and docs/format.md's
# tables are `docs_table` of them. Each value list is as Horizon 2020 and Horizon Europe
# write it; a status list starts with the status an item has when it gives none.
TYPES = ("R", "DEM", "DEC", "DATA", "DMP", "ETHICS", "SECURITY", "ORDP", "OTHER")
DISSEMINATION = ("PU", "CO", "CI", "SEN", "R-UE/EU-R", "C-UE/EU-C", "S-UE/EU-S")
PUBLIC = "PU"  # the one level whose link the public edition shows
DELIVERABLE_STATUSES = ("planned", "submitted", "accepted", "revision", "cancelled")
MILESTONE_STATUSES = ("planned", "reached", "missed")
RISK_STATUSES = ("open", "closed")
LEVELS = ("low", "medium", "high")


def _status(values: tuple[str, ...]) -> Field:
    return Field(
        "status",
        Kind.ENUM,
        values=values,
        doc_type=" ".join(f"`{v}`" for v in values),
        notes=f"Default: `{values[0]}`.",
    )


_TITLE = Field("title", Kind.NAME, required=True, doc_type="text", notes="Its title.")
_DUE_FIELD = Field(
    "due",
    Form.DUE,
    required=True,
    doc_type="`M<n>` or a date",
    notes="A project month (`M24`: the last day of the 24th month, see "
    "[Due months](#due-months)) or a date `YYYY-MM-DD`.",
)
_WPS = Field(
    "wp",
    Form.GROUPS,
    doc_type="group id or list",
    notes="The work package(s): ids from `groups.yml`.",
    refers="groups.yml",
)

DELIVERABLE_FIELDS: tuple[Field, ...] = (
    _TITLE,
    Field(
        "wp",
        Kind.ID,
        required=True,
        doc_type="group id",
        notes="The work package that owes it: an id from `groups.yml`.",
        refers="groups.yml",
    ),
    Field(
        "lead",
        Kind.TEXT,
        doc_type="text",
        notes="The lead beneficiary, as the grant agreement names it (`CERN`).",
    ),
    Field(
        "responsible",
        Kind.ID,
        doc_type="person id",
        notes="The person responsible: an id from `people.yml`.",
        refers="people.yml",
    ),
    Field("type", Kind.ENUM, values=TYPES, doc_type="a type", notes="See [Types](#types)."),
    Field(
        "dissemination",
        Kind.ENUM,
        values=DISSEMINATION,
        doc_type="a level",
        notes="See [Dissemination levels](#dissemination-levels). Only a `PU` deliverable's "
        "link is in the public edition.",
    ),
    _DUE_FIELD,
    _status(DELIVERABLE_STATUSES),
    Field("submitted", Kind.DATE, doc_type="date", notes="The day it was submitted."),
    Field(
        "link",
        Form.LINK,
        doc_type="URL or DOI",
        notes="Where to read it: an `https://` URL or a DOI (`10.5281/zenodo.1234`).",
    ),
    Field(
        "rescheduled",
        Form.RESCHEDULED,
        doc_type="`due` and `reason`",
        notes="A new due date agreed later, and why: "
        "`{due: M30, reason: amendment 2}`. The original `due` stays on record.",
    ),
)

MILESTONE_FIELDS: tuple[Field, ...] = (
    _TITLE,
    _WPS,
    _DUE_FIELD,
    Field("verification", Kind.TEXT, doc_type="text", notes="The means of verification."),
    _status(MILESTONE_STATUSES),
    Field("reached", Kind.DATE, doc_type="date", notes="The day it was reached."),
)

RISK_FIELDS: tuple[Field, ...] = (
    _TITLE,
    _WPS,
    Field(
        "likelihood",
        Kind.ENUM,
        values=LEVELS,
        doc_type="`low` `medium` `high`",
        notes="How likely it is.",
    ),
    Field(
        "severity",
        Kind.ENUM,
        values=LEVELS,
        doc_type="`low` `medium` `high`",
        notes="How much harm it would do.",
    ),
    Field("mitigation", Kind.TEXT, doc_type="text", notes="What is done about it."),
    _status(RISK_STATUSES),
)


@dataclass(frozen=True)
class ItemKind:
    """One kind of register item: its mapping in register.yml, its ids, its fields."""

    kind: str  # model.RegisterKind
    section: str  # its top-level key in register.yml
    id_pattern: str  # anchored; records mention an id of this shape (core/mentions.py)
    example: str
    fields: tuple[Field, ...]
    # What an id of this shape that the register does not hold is (docs/format.md §6.7): an
    # error where the shape is the project's own (D2.3, MS12), a note where ordinary prose
    # writes it too (R2: a release, a runtime, a room), so that real minutes are not refused.
    unknown: str = "error"


REGISTER_KINDS: tuple[ItemKind, ...] = (
    ItemKind("deliverable", "deliverables", r"^D[0-9]+\.[0-9]+$", "D2.3", DELIVERABLE_FIELDS),
    ItemKind("milestone", "milestones", r"^MS[0-9]+$", "MS12", MILESTONE_FIELDS),
    ItemKind("risk", "risks", r"^R[0-9]+$", "R3", RISK_FIELDS, unknown="note"),
)
REGISTER_START = Field(
    "start",
    Kind.DATE,
    doc_type="date",
    notes="The project's start date. Due months count from its month. Required when a "
    "`due` is a project month.",
)


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
    elif any(fields is k.fields for k in REGISTER_KINDS):
        rows = ["| Field | Type | Required | What it is |", "|---|---|---|---|"]
        for f in fields:
            req = "**yes**" if f.required else "no"
            rows.append(f"| `{f.name}` | {f.doc_type} | {req} | {f.notes} |")
    else:
        rows = ["| Field | Required | What it is |", "|---|---|---|"]
        for f in fields:
            rows.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.notes} |")
    return "\n".join(rows)
