"""What a reader does in the browser: filter the actions and decisions, sort the people."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import serve

pytestmark = pytest.mark.browser


def visible_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        "table[data-minutes-rows] tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.id)")


def test_actions_filter_by_owner_group_and_status(page, fixture_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(fixture_site) as base:
        page.goto(base + "actions/")
        assert visible_ids(page) == ["board-2021-09-01-1", "tcm-2021-06-09-2",
                                     "tcm-2021-06-09-3", "tcm-2021-06-09-1"]
        assert page.inner_text("form.minutes-filter output") == "4 of 4 shown"
        page.select_option("select[name=owner]", "xavier-espinal")
        assert visible_ids(page) == ["tcm-2021-06-09-1"]
        assert page.inner_text("form.minutes-filter output") == "1 of 4 shown"
        page.select_option("select[name=owner]", "")
        page.select_option("select[name=status]", "overdue")
        assert visible_ids(page) == ["board-2021-09-01-1"]
        page.select_option("select[name=status]", "open")
        assert visible_ids(page) == ["board-2021-09-01-1", "tcm-2021-06-09-2"]
        page.select_option("select[name=group]", "wp2")
        assert visible_ids(page) == ["tcm-2021-06-09-2"]
        page.select_option("select[name=status]", "done")
        assert visible_ids(page) == ["tcm-2021-06-09-1"]
        page.select_option("select[name=group]", "-")
        assert visible_ids(page) == ["tcm-2021-06-09-3"]
        # a filter can be linked to
        page.goto(base + "actions/?owner=ian-bird")
        assert visible_ids(page) == ["tcm-2021-06-09-2"]
        assert page.errors == []


def test_decisions_filter_by_group(page, fixture_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(fixture_site) as base:
        page.goto(base + "decisions/")
        rows = "table[data-minutes-rows] tbody tr"
        assert page.locator(rows).count() == 2
        page.select_option("select[name=group]", "-")
        assert page.eval_on_selector_all(rows, "rs => rs.filter(r => !r.hidden).length") == 0
        page.select_option("select[name=group]", "wp2")
        assert page.eval_on_selector_all(rows, "rs => rs.filter(r => !r.hidden).length") == 2
        assert page.errors == []


def test_people_table_sorts_by_column(page, fixture_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(fixture_site) as base:
        page.goto(base + "people/")
        names = "table.minutes-people tbody tr td:first-child"
        page.click("table.minutes-people thead th:nth-child(3) button")  # Attended, ascending
        page.click("table.minutes-people thead th:nth-child(3) button")  # descending
        assert page.locator(names).all_inner_texts()[0] == "Ian Bird"
        assert page.get_attribute("table.minutes-people thead th:nth-child(3)", "aria-sort") == "descending"
        page.click("table.minutes-people thead th:nth-child(1) button")
        assert page.locator(names).all_inner_texts() == sorted(
            page.locator(names).all_inner_texts(), key=str.casefold)
        assert page.errors == []
