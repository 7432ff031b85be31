"""Engine adapters: the only code that imports a documentation engine (MkDocs, ProperDocs)."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from minutes.adapters.engine import Engine
from minutes.core.settings import SettingsError

ENGINES = ("mkdocs", "properdocs")


def load_engine(name: str | None = None) -> Engine:
    """The engine called `name`, else `MINUTES_ENGINE`, else the first one installed."""
    wanted = name or os.environ.get("MINUTES_ENGINE", "").strip() or None
    for candidate in [wanted] if wanted else ENGINES:
        if candidate not in ENGINES:
            raise ValueError(f"unknown engine '{candidate}' (expected {' or '.join(ENGINES)})")
        try:
            module = importlib.import_module(f"minutes.adapters.{candidate}")
        except ImportError:
            if wanted:
                raise
            continue
        engine: Engine = module.ENGINE
        return engine
    raise ImportError("neither MkDocs nor ProperDocs is installed")


def read_options(config_file: Path) -> tuple[dict[str, object], str | None]:
    """The validated options of the `minutes` plugin in `config_file` ({} when it is not
    enabled) and its site_url, read by the engine's own loader (core/settings.py's reader)."""
    from minutes.adapters.config import ConfigProblem, read_plugin_options

    try:
        return read_plugin_options(load_engine(), str(config_file))
    except ConfigProblem as exc:
        lines = str(exc).strip().splitlines() or ["cannot be read"]
        raise SettingsError("\n".join(f"{config_file}: {line}" for line in lines)) from None
