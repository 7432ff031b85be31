"""Engine adapters: the only code that imports a documentation engine (MkDocs, ProperDocs)."""

from __future__ import annotations

import importlib
import os

from minutes.adapters.engine import Engine

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
