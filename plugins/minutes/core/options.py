"""The plugin options (docs/format.md §12), declared once.

The engine adapter builds its config class from `PLUGIN_OPTIONS`, the CLI reads them through
the engine's own config loader, and the docs' option table is checked against them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from minutes.core.files import MAX_RECORD_MIB, MAX_REGISTRY_MIB


@dataclass(frozen=True)
class OptionSpec:
    """One option of the `minutes` plugin in mkdocs.yml."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    timezone: bool = False  # the value must name an IANA time zone
    minimum: int | None = None  # the least value of a number


PLUGIN_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("enabled", bool, True, "Set to `false` to build the site without the records."),
    OptionSpec("meetings_dir", str, "meetings", "The records folder, relative to `mkdocs.yml`."),
    OptionSpec(
        "strict",
        bool,
        False,
        "When `true`, an unknown person is an error, not a warning (with a guest).",
    ),
    OptionSpec(
        "include_internal",
        bool,
        False,
        "When `true`, build the internal edition. The environment variable "
        "`MINUTES_INCLUDE_INTERNAL=1` has the same effect.",
    ),
    OptionSpec(
        "default_status",
        str,
        "approved",
        "The `status` of a record that gives none: `approved`, or `draft` for an archive whose "
        "minutes are approved at a later meeting (see "
        "[Draft and approved minutes](#71-draft-and-approved-minutes)).",
        choices=("approved", "draft"),
    ),
    OptionSpec(
        "publish_drafts",
        bool,
        True,
        "When `false`, draft records are left out of the public edition, as internal records "
        "are; the internal edition keeps them.",
    ),
    OptionSpec(
        "compiled_pdf",
        bool,
        False,
        "When `true`, each compiled page (a series' year as one document) links its PDF, "
        "`meetings/<series>/<year>/<series>-<year>.pdf`, which "
        "`minutes compile --all --site site --downloads` prints into the built site (see "
        "[Reading the archive](reading.md#a-years-minutes-as-one-document)).",
    ),
    OptionSpec(
        "timezone",
        str,
        "UTC",
        "The time zone for records without a `timezone` field: an IANA name such as "
        "`Europe/Zurich`. An unknown name stops the build.",
        timezone=True,
    ),
    OptionSpec(
        "search",
        str,
        "pagefind",
        "`pagefind`: the header's search box is answered by a chunked static index (see "
        "[Reading the archive](reading.md#search)); `material`: Material's own search.",
        choices=("pagefind", "material"),
    ),
    OptionSpec(
        "parallel",
        bool,
        True,
        "When `true`, a full build uses two processes on a machine with two or more CPUs: "
        "records are read, pages made and their Markdown converted on both (the site is the "
        "same, byte for byte; see [Architecture](architecture.md#two-cores)). What fails only "
        "in the second process is a warning with its traceback, and is done again in the "
        "first. `false`: one process, for a build that misbehaves on two (or to rule them "
        "out).",
    ),
    OptionSpec(
        "max_record_mib",
        int,
        MAX_RECORD_MIB,
        "The largest record read, in MiB; a larger one is an error. The check takes time and "
        "memory in proportion to a record's size.",
        minimum=1,
    ),
    OptionSpec(
        "max_registry_mib",
        int,
        MAX_REGISTRY_MIB,
        "The largest `people.yml`, `groups.yml` or `series.yml` read, in MiB; a larger one is "
        "an error.",
        minimum=1,
    ),
)

DEFAULTS: dict[str, Any] = {o.name: o.default for o in PLUGIN_OPTIONS}


def env_flag(name: str) -> bool:
    """An environment variable read as a yes/no flag."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class Options:
    """The plugin options the core needs (the same for `minutes check` and the build)."""

    strict: bool = DEFAULTS["strict"]
    include_internal: bool = DEFAULTS["include_internal"]
    timezone: str = DEFAULTS["timezone"]
    max_record_mib: int = DEFAULTS["max_record_mib"]
    max_registry_mib: int = DEFAULTS["max_registry_mib"]
    default_status: str = DEFAULTS["default_status"]
    publish_drafts: bool = DEFAULTS["publish_drafts"]

    @classmethod
    def from_config(cls, values: dict[str, Any]) -> Options:
        """Options from validated plugin config values; the environment may add internal."""
        merged = {**DEFAULTS, **values}
        return cls(
            strict=bool(merged["strict"]),
            include_internal=bool(merged["include_internal"])
            or env_flag("MINUTES_INCLUDE_INTERNAL"),
            timezone=str(merged["timezone"]),
            max_record_mib=int(merged["max_record_mib"]),
            max_registry_mib=int(merged["max_registry_mib"]),
            default_status=str(merged["default_status"]),
            publish_drafts=bool(merged["publish_drafts"]),
        )


def docs_table() -> str:
    """The option table of docs/format.md §12."""
    rows = ["| Option | Default | Meaning |", "|---|---|---|"]
    for o in PLUGIN_OPTIONS:
        default = str(o.default).lower() if isinstance(o.default, bool) else o.default
        rows.append(f"| `{o.name}` | `{default}` | {o.help} |")
    return "\n".join(rows)
