"""JSON Schemas of a record's front-matter, of the registries and of the register, made from
`fields.py`.

Editors use them while a contributor types (`# yaml-language-server: $schema=...`); the
package ships them in `minutes/schemas/`, and the site publishes them under `schemas/`.
The check (`minutes check`) stays the judge: the schemas catch the shape, not the meaning.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from minutes.core import fields
from minutes.core.fields import ID_PATTERN, REGISTER_KINDS, REGISTER_START, REGISTRIES, Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = ("record.json", "people.json", "groups.json", "series.json", "register.json")


def _properties(declared: tuple[Field, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in declared:
        rule = dict(f.schema)
        if not f.required:  # an empty value counts as not given
            rule = {"anyOf": [rule, {"type": "null"}]}
        out[f.name] = {"description": f.notes, **rule}
    return out


def record_schema() -> dict[str, Any]:
    """The schema of a record's front-matter (docs/format.md §5)."""
    declared = fields.RECORD_FIELDS  # read now: a test may extend it
    return {
        "$schema": DRAFT,
        "$id": "record.json",
        "title": "minutes: a meeting record's front-matter",
        "type": "object",
        "properties": _properties(declared),
        "required": [f.name for f in declared if f.required],
        "additionalProperties": False,
    }


def registry_schema(file_name: str) -> dict[str, Any]:
    """The schema of one registry file (docs/format.md §3): a mapping of ids to entries."""
    declared = REGISTRIES[file_name]
    entry = {
        "type": "object",
        "properties": _properties(declared),
        "required": [f.name for f in declared if f.required],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": file_name.replace(".yml", ".json"),
        "title": f"minutes: {file_name}",
        "type": ["object", "null"],
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": entry,
    }


def register_schema() -> dict[str, Any]:
    """The schema of register.yml (docs/format.md §3.4): `start`, and a mapping of ids to
    entries for each kind of item."""
    properties: dict[str, Any] = _properties((REGISTER_START,))
    for kind in REGISTER_KINDS:
        properties[kind.section] = {
            "description": f"The {kind.section}, by id ({kind.example}).",
            "type": ["object", "null"],
            "propertyNames": {"pattern": kind.id_pattern},
            "additionalProperties": {
                "type": "object",
                "properties": _properties(kind.fields),
                "required": [f.name for f in kind.fields if f.required],
                "additionalProperties": False,
            },
        }
    return {
        "$schema": DRAFT,
        "$id": "register.json",
        "title": "minutes: register.yml",
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": False,
    }


def schemas() -> dict[str, str]:
    """File name -> JSON text of every schema."""
    made = {"record.json": record_schema()}
    for name in REGISTRIES:
        made[name.replace(".yml", ".json")] = registry_schema(name)
    made["register.json"] = register_schema()
    return {name: json.dumps(made[name], indent=2, ensure_ascii=False) + "\n" for name in made}


def as_json_data(value: Any) -> Any:
    """YAML data as JSON sees it: dates become YYYY-MM-DD text, keys text."""
    if isinstance(value, dict):
        return {str(k): as_json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_data(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_schemas(folder: str) -> list[str]:
    """Write every schema into `folder`; returns the paths written."""
    from pathlib import Path

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(str(out / name))
    return written


if __name__ == "__main__":  # python -m minutes.core.schema plugins/minutes/schemas
    import sys

    for path in write_schemas(sys.argv[1] if len(sys.argv) > 1 else "schemas"):
        print(path)
