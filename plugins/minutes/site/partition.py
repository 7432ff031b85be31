"""How the long aggregated pages are cut into parts (docs/format.md §10): pure list logic.

A page shows the latest years that fit in its budget; every older year is a part of its own,
so no page grows with the number of years in the archive (the years themselves:
`minutes.aggregates.by_year`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass
class Split(Generic[T]):
    """The years a first page shows, and the older years that each make a part."""

    first: list[tuple[int, list[T]]] = field(default_factory=list)
    parts: list[tuple[int, list[T]]] = field(default_factory=list)


def split_recent(
    years: Sequence[tuple[int, list[T]]],
    budget: int,
    weight: Callable[[list[T]], int] = len,
    minimum: int = 1,
) -> Split[T]:
    """The newest years whose total weight stays within `budget` go on the first page (at
    least `minimum` of them, whatever they weigh); the years after the first that does not
    fit are parts, so the first page always holds a run of the newest years."""
    n = fitting([weight(items) for _, items in years], budget, minimum)
    return Split(list(years[:n]), list(years[n:]))


def fitting(weights: Sequence[int], budget: int, minimum: int = 1) -> int:
    """How many of the newest years go on the first page, given what each weighs (newest
    first): the run of those whose total stays within `budget`, and at least `minimum`."""
    total = 0
    for i, w in enumerate(weights):
        if i >= minimum and total + w > budget:
            return i
        total += w
    return len(weights)


def counts_by_key(
    items: Iterable[T], keys: Callable[[T], Iterable[K]], year: Callable[[T], int]
) -> dict[K, dict[int, int]]:
    """For every key (an owner, a group), how many items carry it in each year, newest first."""
    out: dict[K, dict[int, int]] = {}
    for item in items:
        y = year(item)
        for key in keys(item):
            per_year = out.setdefault(key, {})
            per_year[y] = per_year.get(y, 0) + 1
    return {k: dict(sorted(v.items(), reverse=True)) for k, v in out.items()}


@dataclass
class Part:
    """A link to one part of a long page: the years it covers, its rows, its source."""

    years: list[int]
    count: int | None  # rows in it; None on the parts themselves (see `plain`)
    src: str

    @property
    def label(self) -> str:
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[-1]}–{self.years[0]}"


def plain(links: list[Part]) -> list[Part]:
    """The links as a part shows them: without the row counts, which only the first page
    gives, so that a meeting added to one year leaves the other years' pages as they are."""
    return [Part(p.years, None, p.src) for p in links]
