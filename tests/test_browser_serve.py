"""While serving, search leaves out a page deleted since the last index (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .browser import search, serve

pytestmark = pytest.mark.browser


def test_a_deleted_page_is_left_out_until_the_index_follows(  # type: ignore[no-untyped-def]
    page, fixture_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    with serve(site) as base:
        before = search(page, base, "tokens")
    assert any(link.startswith("/meetings/tcm/2021-06-09/") for link in before), before
    assert any(link.startswith("/meetings/tcm/2022-01-12/") for link in before), before
    # the page is gone, the index (Pagefind's, remade a few seconds later) still has it
    shutil.rmtree(site / "meetings/tcm/2021-06-09")
    with serve(site) as base:
        after = search(page, base, "tokens")
    assert not any(link.startswith("/meetings/tcm/2021-06-09/") for link in after), after
    assert any(link.startswith("/meetings/tcm/2022-01-12/") for link in after), after
    assert [e for e in page.errors if "404" not in e] == []
