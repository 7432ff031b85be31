"""The plugin options (docs/format.md §12), declared once.

The engine adapter builds its config class from `PLUGIN_OPTIONS`, the CLI reads them through
the engine's own config loader, and the docs' option table is checked against them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OptionSpec:
    """One option of the `minutes` plugin in mkdocs.yml."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    timezone: bool = False  # the value must name an IANA time zone


PLUGIN_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("enabled", bool, True, "`false` turns the plugin off"),
    OptionSpec("meetings_dir", str, "meetings", "the archive's folder, relative to mkdocs.yml"),
    OptionSpec("strict", bool, False, "`true`: an unknown person is an error, not a warning"),
    OptionSpec(
        "include_internal",
        bool,
        False,
        "`true` (or the environment variable `MINUTES_INCLUDE_INTERNAL=1`): publish the "
        "internal edition",
    ),
    OptionSpec(
        "timezone",
        str,
        "UTC",
        "the time zone of records that name none (an IANA name)",
        timezone=True,
    ),
    OptionSpec(
        "search",
        str,
        "pagefind",
        "`pagefind`: the chunked Pagefind index; `material`: Material's own search",
        choices=("pagefind", "material"),
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

    @classmethod
    def from_config(cls, values: dict[str, Any]) -> Options:
        """Options from validated plugin config values; the environment may add internal."""
        merged = {**DEFAULTS, **values}
        return cls(
            strict=bool(merged["strict"]),
            include_internal=bool(merged["include_internal"])
            or env_flag("MINUTES_INCLUDE_INTERNAL"),
            timezone=str(merged["timezone"]),
        )
