"""The register's schedule as an inline SVG picture, drawn at build time (no JavaScript).

Time runs left to right, one row per work package. Each deliverable (a circle) and milestone
(a diamond) is a mark at the due date that holds now, coloured by its state as of the build
date; a reschedule is a dashed line from the old due date (a hollow circle) to the new one, and
a submission or the day a milestone was reached a solid line to a tick on that day. Each mark
is a group of its own, labelled by its `<title>` (docs/format.md §10). About 250 bytes an
item: 300 items stay well within a page's budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from markupsafe import Markup

from minutes.core.model import RegisterItem
from minutes.site.templating import esc

WIDTH, PAD_L, PAD_R, PAD_T, PAD_B, ROW_H = 720, 76, 16, 30, 28, 26
COLOURS = {"overdue": "#c62828", "done": "#2e7d32", "dropped": "#757575", "owed": "#1565c0"}
LEGEND = (("owed", "owed"), ("overdue", "overdue"), ("done", "done"), ("dropped", "dropped"))
DROPPED = ("cancelled", "missed")


def state(item: RegisterItem, today: dt.date) -> str:
    """An item's state in the picture: owed, overdue, done or dropped (cancelled, missed)."""
    if item.status in DROPPED:
        return "dropped"
    if item.done:
        return "done"
    return "overdue" if item.overdue(today) else "owed"


def _delivered(item: RegisterItem) -> dt.date | None:
    """When a deliverable was submitted or a milestone reached, if the register says."""
    value = item.fields.get("submitted") or item.fields.get("reached")
    return value if isinstance(value, dt.date) else None


def _dates(item: RegisterItem) -> list[dt.date]:
    return [d for d in (item.due, item.current_due, _delivered(item)) if d is not None]


def label(item: RegisterItem, today: dt.date) -> str:
    """What a mark says: the item, its due date(s), its delivery and its state."""
    bits = [f"{item.id} {item.title}"]
    if item.due is not None:
        bits.append(
            f"due {item.due.isoformat()}" + (f" ({item.due_text})" if item.due_text else "")
        )
    if item.rescheduled is not None:
        bits.append(f"rescheduled to {item.rescheduled.due.isoformat()}")
    delivered = _delivered(item)
    if delivered is not None:
        verb = "reached" if item.kind == "milestone" else "submitted"
        bits.append(f"{verb} {delivered.isoformat()}")
    bits.append(item.status + (", overdue" if item.overdue(today) else ""))
    return "; ".join(bits)


def schedule(
    rows: Sequence[tuple[str, Sequence[RegisterItem]]],
    today: dt.date,
    start: dt.date | None = None,
) -> Markup:
    """The picture of `rows`, each (work package label, its items), as of `today`, from the
    project's `start`. Items without a due date (risks) are left out; no row, no picture."""
    rows = [(name, [i for i in items if i.current_due is not None]) for name, items in rows]
    rows = [(name, items) for name, items in rows if items]
    if not rows:
        return Markup("")
    dates = [d for _, items in rows for i in items for d in _dates(i)]
    lo = min([*dates, *([start] if start else [])])
    hi = max(dates)
    span = max((hi - lo).days, 1)
    inner = WIDTH - PAD_L - PAD_R
    height = PAD_T + ROW_H * len(rows) + PAD_B

    def x(d: dt.date) -> str:
        return f"{PAD_L + inner * (d - lo).days / span:.1f}"

    items = {i.id: i for _, its in rows for i in its}
    overdue = sum(1 for i in items.values() if i.overdue(today))
    kinds = [i.kind for i in items.values()]
    counted = " and ".join(
        f"{n} {kind}{'s' if n != 1 else ''}"
        for kind in ("deliverable", "milestone")
        if (n := kinds.count(kind))
    )
    desc = (
        f"{counted} by work package, from {lo.isoformat()} to {hi.isoformat()}; "
        f"{overdue} overdue as of {today.isoformat()}."
    )
    bottom = PAD_T + ROW_H * len(rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-labelledby="minutes-schedule-t minutes-schedule-d" class="minutes-schedule" '
        f'width="{WIDTH}" height="{height}">',
        '<title id="minutes-schedule-t">The schedule of the deliverables and milestones</title>',
        f'<desc id="minutes-schedule-d">{esc(desc)}</desc>',
    ]
    lx = PAD_L
    for key, name in LEGEND:
        out.append(
            f'<circle cx="{lx + 5}" cy="12" r="5" fill="{COLOURS[key]}"/>'
            f'<text x="{lx + 14}" y="16" font-size="11" fill="currentColor">{name}</text>'
        )
        lx += 24 + 7 * len(name)
    out.append(
        f'<path d="{_diamond(lx + 6, 12)}" fill="none" stroke="currentColor"/>'
        f'<text x="{lx + 16}" y="16" font-size="11" fill="currentColor">milestone</text>'
    )
    for year in range(lo.year + 1, hi.year + 1):
        at = x(dt.date(year, 1, 1))
        out.append(
            f'<line x1="{at}" y1="{PAD_T}" x2="{at}" y2="{bottom}" stroke="currentColor" '
            f'stroke-opacity=".15"/><text x="{at}" y="{bottom + 16}" font-size="11" '
            f'text-anchor="middle" fill="currentColor">{year}</text>'
        )
    if hi.year == lo.year:
        out.append(
            f'<text x="{PAD_L}" y="{bottom + 16}" font-size="11" fill="currentColor">'
            f'{lo.isoformat()}</text><text x="{WIDTH - PAD_R}" y="{bottom + 16}" font-size="11" '
            f'text-anchor="end" fill="currentColor">{hi.isoformat()}</text>'
        )
    if lo <= today <= hi:
        at = x(today)
        out.append(
            f'<line x1="{at}" y1="{PAD_T - 4}" x2="{at}" y2="{bottom}" stroke="currentColor" '
            f'stroke-dasharray="3 3"/><text x="{at}" y="{PAD_T - 6}" font-size="10" '
            'text-anchor="middle" fill="currentColor">today</text>'
        )
    for n, (name, its) in enumerate(rows):
        # each row's marks are drawn about y = 0, moved to their row: fewer bytes a mark
        y = PAD_T + ROW_H * n + ROW_H // 2
        out.append(
            f'<g transform="translate(0 {y})"><line x1="{PAD_L}" x2="{WIDTH - PAD_R}" '
            f'stroke="currentColor" stroke-opacity=".2"/><text x="{PAD_L - 8}" y="4" '
            f'font-size="11" text-anchor="end" fill="currentColor">{esc(name)}</text>'
        )
        out.extend(_mark(item, today, x) for item in its)
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def _mark(item: RegisterItem, today: dt.date, x: Callable[[dt.date], str]) -> str:
    """One item's labelled group of shapes, about y = 0."""
    due = item.current_due
    assert due is not None
    colour = COLOURS[state(item, today)]
    cx = x(due)
    shapes = []
    if item.rescheduled is not None and item.due is not None:
        old = x(item.due)
        shapes.append(
            f'<line x1="{old}" x2="{cx}" stroke="{colour}" stroke-dasharray="4 2"/>'
            f'<circle cx="{old}" r="3" fill="none" stroke="{colour}"/>'
        )
    delivered = _delivered(item)
    if delivered is not None:
        at = x(delivered)
        shapes.append(
            f'<line x1="{cx}" x2="{at}" stroke="{colour}"/>'
            f'<line x1="{at}" y1="-6" x2="{at}" y2="6" stroke="{colour}" stroke-width="2"/>'
        )
    if item.kind == "milestone":
        shapes.append(f'<path d="{_diamond(cx, 0)}" fill="{colour}"/>')
    else:
        shapes.append(f'<circle cx="{cx}" r="5" fill="{colour}"/>')
    return (
        f'<g data-item="{esc(item.id)}">'
        f"<title>{esc(label(item, today))}</title>{''.join(shapes)}</g>"
    )


def _diamond(cx: str | float, cy: float) -> str:
    """A diamond's path about (cx, cy), 12 wide."""
    return f"M{cx} {cy - 6:g}l6 6-6 6-6-6z"
