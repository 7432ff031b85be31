"""Where an archive is and its plugin options, as mkdocs.yml sets them (read by the engine)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from minutes.core.options import DEFAULTS, Options

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class SettingsError(Exception):
    """mkdocs.yml is invalid: the message names the file and what is wrong."""


@dataclass
class ArchiveSettings:
    config_file: Path | None
    meetings_dir: Path
    options: Options = field(default_factory=Options)
    site_url: str | None = None


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


def plugin_options(config_file: Path) -> tuple[dict[str, object], str | None]:
    """The validated options of the `minutes` plugin ({} when it is not enabled), site_url."""
    from minutes.adapters import load_engine
    from minutes.adapters.plugin import ConfigProblem, read_plugin_options

    try:
        return read_plugin_options(load_engine(), str(config_file))
    except ConfigProblem as exc:
        lines = str(exc).strip().splitlines() or ["cannot be read"]
        raise SettingsError("\n".join(f"{config_file}: {line}" for line in lines)) from None


def resolve(path: Path | None) -> ArchiveSettings:
    """Settings for `minutes check PATH`: PATH is the meetings folder or the archive root."""
    start = Path(path) if path is not None else Path.cwd()
    config = find_config(start)
    opts, site_url = plugin_options(config) if config else ({}, None)
    meetings_name = str(opts.get("meetings_dir", DEFAULTS["meetings_dir"]))
    if path is None:
        root = config.parent if config else Path.cwd()
        meetings = root / meetings_name
    elif config is not None and start.resolve() == config.parent:
        meetings = config.parent / meetings_name
    else:
        meetings = start
    return ArchiveSettings(config, meetings, Options.from_config(opts), site_url)
