from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import copy_example, mkdocs_build


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive of the repository, built once with --strict into a temporary folder."""
    root = copy_example(tmp_path_factory.mktemp("example"))
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


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """A headless Chromium (skipped without one, unless MINUTES_REQUIRE_BROWSER=1)."""
    from .browser import CHROMIUM_FLAGS, need_chromium

    executable = need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh page that records console errors and failed requests in `page.errors`."""
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []

    def on_console(msg):  # type: ignore[no-untyped-def]
        # A test machine has no internet: requests to other hosts (the repository's
        # statistics, say) fail there and are no fault of the site.
        where = (msg.location or {}).get("url", "")
        if msg.type == "error" and (not where or where.startswith("http://127.0.0.1")):
            errors.append(f"{msg.text} ({where})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()
