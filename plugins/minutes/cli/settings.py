"""The archive's plugin options as `mkdocs.yml` sets them, read without MkDocs (for the CLI)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from minutes.core import yamlload
from minutes.core.archive import Options

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass
class ArchiveSettings:
    config_file: Path | None
    meetings_dir: Path
    options: Options = field(default_factory=Options)


def find_config(start: Path) -> Path | None:
    """The nearest mkdocs.yml in `start` or any folder above it."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in [here, *here.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The options of the `minutes` plugin in an mkdocs.yml ({} when it is not enabled)."""
    try:
        data = yamlload.load_lenient(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):  # unreadable: judge with the defaults
        return {}
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries: list[Any] = []
    if isinstance(plugins, list):
        entries = plugins
    elif isinstance(plugins, dict):
        entries = [{k: v} for k, v in plugins.items()]
    for entry in entries:
        if entry == "minutes":
            return {}
        if isinstance(entry, dict) and "minutes" in entry:
            return entry["minutes"] or {}
    return {}


def _flag(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and value:  # !ENV [NAME, default]
        *names, fallback = value
        for name in names:
            if str(name) in os.environ:
                return os.environ[str(name)].strip().lower() in ("1", "true", "yes", "on")
        return bool(fallback)
    return default


def resolve(path: Path | None) -> ArchiveSettings:
    """Settings for `minutes check PATH`: PATH is the meetings folder or the archive root."""
    start = Path(path) if path is not None else Path.cwd()
    config = find_config(start)
    opts = plugin_options(config) if config else {}
    meetings_name = str(opts.get("meetings_dir", "meetings"))
    if path is None:
        root = config.parent if config else Path.cwd()
        meetings = root / meetings_name
    elif config is not None and start.resolve() == config.parent:
        meetings = config.parent / meetings_name
    else:
        meetings = start
    include = _flag(opts.get("include_internal"), False) or os.environ.get(
        "MINUTES_INCLUDE_INTERNAL", ""
    ).strip().lower() in ("1", "true", "yes", "on")
    options = Options(
        strict=_flag(opts.get("strict"), False),
        include_internal=include,
        timezone=str(opts.get("timezone", "UTC")),
    )
    return ArchiveSettings(config, meetings, options)
