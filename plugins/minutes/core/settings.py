"""Where an archive is and its plugin options, as mkdocs.yml sets them.

The options are read by the engine's own loader, which only the adapters may import: the
caller passes it in (`minutes.adapters.read_options`), so that the tools need no engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from minutes.core.options import DEFAULTS, Options

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class SettingsError(Exception):
    """mkdocs.yml is invalid: the message names the file and what is wrong."""


# The validated options of the `minutes` plugin in a config file ({} when it is not
# enabled) and the site's URL; raises SettingsError.
OptionReader = Callable[[Path], "tuple[dict[str, object], str | None]"]


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


def resolve(path: Path | None, read_options: OptionReader) -> ArchiveSettings:
    """Settings for `minutes check PATH`: PATH is the meetings folder or the archive root."""
    start = Path(path) if path is not None else Path.cwd()
    config = find_config(start)
    opts, site_url = read_options(config) if config else ({}, None)
    meetings_name = str(opts.get("meetings_dir", DEFAULTS["meetings_dir"]))
    if path is None:
        root = config.parent if config else Path.cwd()
        meetings = root / meetings_name
    elif config is not None and start.resolve() == config.parent:
        meetings = config.parent / meetings_name
    else:
        meetings = start
    return ArchiveSettings(config, meetings, Options.from_config(opts), site_url)
