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


def _build_fixture(root: Path, internal: bool) -> Path:
    from .fixture_archive import TODAY_EPOCH, write_fixture

    write_fixture(root)
    env = {"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    if internal:
        env["MINUTES_INCLUDE_INTERNAL"] = "1"
    result = mkdocs_build(root, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive's public edition, built once."""
    return _build_fixture(tmp_path_factory.mktemp("fixture"), internal=False)


@pytest.fixture(scope="session")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive's internal edition."""
    return _build_fixture(tmp_path_factory.mktemp("fixture-internal"), internal=True)
