"""The plugin's options as the engine's config: the config class made from the declared
options (core/options.py), and reading them from mkdocs.yml by the engine's own loader."""

from __future__ import annotations

import logging
from typing import Any

from minutes.adapters.engine import Engine
from minutes.core.options import PLUGIN_OPTIONS, OptionSpec
from minutes.core.records import valid_timezone


def engine_option(engine: Engine, spec: OptionSpec) -> Any:
    """The engine's config option for one declared option."""
    if spec.choices:
        return engine.options.Choice(spec.choices, default=spec.default)
    if spec.minimum is not None:
        least = spec.minimum

        class AtLeast(engine.options.Type):  # type: ignore[name-defined,misc]
            def run_validation(self, value: object) -> object:
                value = super().run_validation(value)
                if isinstance(value, bool) or not isinstance(value, int) or value < least:
                    raise engine.ConfigError(f"expected a whole number of at least {least}")
                return value

        return AtLeast(spec.type, default=spec.default)
    if not spec.timezone:
        return engine.options.Type(spec.type, default=spec.default)

    class TimeZone(engine.options.Type):  # type: ignore[name-defined,misc]
        def run_validation(self, value: object) -> object:
            value = super().run_validation(value)
            if not valid_timezone(str(value)):
                raise engine.ConfigError(
                    f"unknown time zone '{value}' (use an IANA name such as Europe/Zurich)"
                )
            return value

    return TimeZone(spec.type, default=spec.default)


def config_class(engine: Engine) -> type:
    """The engine's config class of the plugin, its options made from `PLUGIN_OPTIONS`."""
    return type(
        "MinutesConfig",
        (engine.Config,),
        {o.name: engine_option(engine, o) for o in PLUGIN_OPTIONS},
    )


class ConfigProblem(Exception):
    """mkdocs.yml cannot be loaded: the engine's own messages, one a line."""


def read_plugin_options(engine: Engine, config_file: str) -> tuple[dict[str, Any], str | None]:
    """The validated options of the `minutes` plugin in `config_file`, as the build reads them,
    and the site's `site_url`.

    The engine's loader applies `!ENV`, defaults and validation; {} when the plugin is not
    enabled there. Raises ConfigProblem with the engine's messages when the file is invalid.
    """
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                messages.append(record.getMessage())

    logger = logging.getLogger(engine.name)
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # the engine's INFO and WARNING lines are not the CLI's output
    try:
        config = engine.load_config(config_file=config_file)
    except (engine.Abort, engine.ConfigError, OSError) as exc:
        raise ConfigProblem("\n".join(messages) or str(exc)) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    plugin = config.plugins.get("minutes")
    options = {o.name: plugin.config[o.name] for o in PLUGIN_OPTIONS} if plugin else {}
    return options, config.site_url or None
