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
    set_exclusions: Callable[..., None]  # structure.files.set_exclusions(files, config)
    Page: Any  # structure.pages.Page
    get_plugin_logger: Callable[[str], Any]
    load_config: Callable[..., Any]
    build: Callable[..., Any]


Render = Callable[[Any, Any], None]  # a page's `render(config, files)`


def on_next_render(page: Any, wrap: Callable[[Render, Any, Any], None]) -> None:
    """Make the page's next `render(config, files)` call `wrap(inner, config, files)`, where
    `inner` is the render it replaces (the engine's own, or an earlier replacement): for one
    call only, after which the page renders as before."""
    inner = page.render
    earlier = vars(page).get("render")  # an earlier replacement, else the class's own

    def render(config: Any, files: Any) -> None:
        if earlier is None:
            del page.render
        else:
            page.render = earlier
        wrap(inner, config, files)

    page.render = render
