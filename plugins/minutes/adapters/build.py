"""A site built by the engine in a subprocess, as `mkdocs build` builds it (for `minutes
compile`, which prints pages of a built site)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from minutes.adapters import load_engine

INTERNAL_ENV = "MINUTES_INCLUDE_INTERNAL"  # core/options.py: builds the internal edition


class BuildFailed(Exception):
    """The engine's build failed: `output` is what it printed."""

    def __init__(self, status: int, output: str) -> None:
        super().__init__(f"the build exited with status {status}")
        self.status = status
        self.output = output


def build_site(config: Path, site_dir: Path, internal: bool = False) -> str:
    """Build the site of `config` into `site_dir` with `<engine> build`; the internal edition
    with `internal`, else the edition the config builds (MINUTES_INCLUDE_INTERNAL is not
    passed on). Returns what the build printed; raises BuildFailed."""
    env = {k: v for k, v in os.environ.items() if k != INTERNAL_ENV}
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    if internal:
        env[INTERNAL_ENV] = "1"
    command = [sys.executable, "-m", load_engine().name, "build"]
    command += ["-f", str(config), "-d", str(site_dir)]
    result = subprocess.run(
        command,
        cwd=config.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildFailed(result.returncode, result.stdout)
    return result.stdout
