"""The `minutes` plugin under MkDocs (entry point `mkdocs.plugins`): every mkdocs import is here."""

from __future__ import annotations

from mkdocs.commands.build import build
from mkdocs.config import config_options
from mkdocs.config.base import Config, ValidationError, load_config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page

from minutes.adapters.engine import Engine
from minutes.adapters.plugin import make_plugin

ENGINE = Engine(
    name="mkdocs",
    BasePlugin=BasePlugin,
    Config=Config,
    options=config_options,
    ConfigError=ValidationError,
    PluginError=PluginError,
    Abort=MkDocsException,
    File=File,
    InclusionLevel=InclusionLevel,
    set_exclusions=set_exclusions,
    Page=Page,
    get_plugin_logger=get_plugin_logger,
    load_config=load_config,
    build=build,
)

MinutesPlugin = make_plugin(ENGINE)
