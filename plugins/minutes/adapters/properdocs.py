"""The `minutes` plugin under ProperDocs (entry point `properdocs.plugins`): imports are here."""

from __future__ import annotations

# As the properdocs command does first: MkDocs plugins and themes (Material) import mkdocs.*,
# which ProperDocs then answers with its own modules, for the whole process.
import properdocs.replacement  # noqa: F401, I001
from properdocs.commands.build import build
from properdocs.config import config_options
from properdocs.config.base import Config, ValidationError, load_config
from properdocs.exceptions import PluginError, ProperDocsException
from properdocs.plugins import BasePlugin, get_plugin_logger
from properdocs.structure.files import File, InclusionLevel, set_exclusions
from properdocs.structure.pages import Page

from minutes.adapters.engine import Engine
from minutes.adapters.plugin import make_plugin

ENGINE = Engine(
    name="properdocs",
    BasePlugin=BasePlugin,
    Config=Config,
    options=config_options,
    ConfigError=ValidationError,
    PluginError=PluginError,
    Abort=ProperDocsException,
    File=File,
    InclusionLevel=InclusionLevel,
    set_exclusions=set_exclusions,
    Page=Page,
    get_plugin_logger=get_plugin_logger,
    load_config=load_config,
    build=build,
)

MinutesPlugin = make_plugin(ENGINE)
