from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import REPO, mkdocs_build


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive of the repository, built once with --strict into a temporary folder."""
    root = tmp_path_factory.mktemp("example")
    for name in ("mkdocs.yml", "hooks.py"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "meetings", "overrides"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"
