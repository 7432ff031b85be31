"""What the adapter needs of a documentation engine: MkDocs 1.x or ProperDocs 1.6.

The two engines share one API under two package names; each engine module of this folder
fills an `Engine` from its own package, and `plugin.py` builds the plugin class from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Engine:
    """The engine's names the adapter uses (classes and functions of its package)."""

    name: str  # "mkdocs" or "properdocs": also its command
    BasePlugin: Any
    Config: Any  # config.base.Config
    options: Any  # config.config_options
    ConfigError: Any  # config.base.ValidationError
    PluginError: Any
    Abort: Any  # what a failed build or config raises (exceptions.<Engine>Exception)
    File: Any
    InclusionLevel: Any
    Page: Any  # structure.pages.Page
    get_plugin_logger: Callable[[str], Any]
    load_config: Callable[..., Any]
    build: Callable[..., Any]
