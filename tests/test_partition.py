"""The cutting of long pages into parts (minutes.site.partition), on plain data."""

from __future__ import annotations

import random

from minutes.aggregates import by_year
from minutes.site.partition import counts_by_key, split_recent


def test_by_year_newest_first_keeping_order_within_a_year() -> None:
    items = [(2019, "a"), (2021, "b"), (2019, "c"), (2020, "d"), (2021, "e")]
    assert by_year(items, lambda t: t[0]) == [
        (2021, [(2021, "b"), (2021, "e")]),
        (2020, [(2020, "d")]),
        (2019, [(2019, "a"), (2019, "c")]),
    ]
    assert by_year([], lambda t: 0) == []


def test_split_recent_takes_the_newest_years_within_the_budget() -> None:
    years = [(2022, [1, 2]), (2021, [3, 4, 5]), (2020, [6]), (2019, [7, 8])]
    split = split_recent(years, budget=5)
    assert [y for y, _ in split.first] == [2022, 2021]
    assert [y for y, _ in split.parts] == [2020, 2019]
    # 2020 would fit after the too heavy 2019 no longer matters: the first page is a run
    split = split_recent([(2022, [1]), (2021, [1, 2, 3, 4]), (2020, [1])], budget=3)
    assert [y for y, _ in split.first] == [2022]
    assert [y for y, _ in split.parts] == [2021, 2020]


def test_split_recent_minimum_and_weight() -> None:
    years = [(2022, [1] * 10), (2021, [1])]
    assert [y for y, _ in split_recent(years, budget=3).first] == [2022]  # at least one year
    assert split_recent(years, budget=3, minimum=0).first == []
    heavy = split_recent(years, budget=12, weight=lambda xs: 2 * len(xs))
    assert [y for y, _ in heavy.first] == [2022] and [y for y, _ in heavy.parts] == [2021]


def test_counts_by_key_per_year() -> None:
    actions = [("2021", ["ian", "kay"]), ("2021", ["ian"]), ("2019", ["kay"]), ("2020", [])]
    counts = counts_by_key(actions, lambda a: a[1], lambda a: int(a[0]))
    assert counts == {"ian": {2021: 2}, "kay": {2021: 1, 2019: 1}}
    assert list(counts["kay"]) == [2021, 2019]


def test_split_recent_keeps_every_item_once_and_the_first_page_within_budget() -> None:
    rng = random.Random(12)
    for _ in range(500):
        raw = [(rng.randint(1990, 2030), rng.randint(0, 50)) for _ in range(rng.randint(0, 40))]
        budget, minimum = rng.randint(0, 200), rng.randint(0, 3)
        years = by_year(raw, lambda t: t[0])
        split = split_recent(years, budget, minimum=minimum)
        assert split.first + split.parts == years  # nothing lost or repeated, order kept
        weight = sum(len(items) for _, items in split.first)
        assert weight <= budget or len(split.first) <= minimum
        assert len(split.first) >= min(minimum, len(years))
