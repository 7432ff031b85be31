"""Attendance over time as an inline SVG chart, drawn at build time (no JavaScript)."""

from __future__ import annotations

from markupsafe import Markup, escape

from minutes.core.model import Meeting

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 640, 220, 40, 12, 16, 36


def attendance_chart(title: str, meetings: list[Meeting]) -> Markup:
    """A line of the number present (and a dashed one of apologies) per meeting, by date."""
    if not meetings:
        return Markup("")
    top = max(max(len(m.present) for m in meetings), max(len(m.apologies) for m in meetings), 1)
    n = len(meetings)
    inner_w, inner_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B

    def x(i: int) -> float:
        return PAD_L + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)

    def y(v: int) -> float:
        return PAD_T + inner_h * (1 - v / top)

    present = " ".join(f"{x(i):.1f},{y(len(m.present)):.1f}" for i, m in enumerate(meetings))
    excused = " ".join(f"{x(i):.1f},{y(len(m.apologies)):.1f}" for i, m in enumerate(meetings))
    first, last = meetings[0].date.isoformat(), meetings[-1].date.isoformat()
    avg = sum(len(m.present) for m in meetings) / n
    desc = (
        f"{n} meetings from {first} to {last}; on average {avg:.1f} present, "
        f"at most {max(len(m.present) for m in meetings)}, "
        f"at least {min(len(m.present) for m in meetings)}."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-{escape(_slug(title))}-t chart-{escape(_slug(title))}-d" '
        f'class="minutes-attendance-chart" width="{WIDTH}" height="{HEIGHT}">',
        f'<title id="chart-{escape(_slug(title))}-t">Attendance over time: {escape(title)}</title>',
        f'<desc id="chart-{escape(_slug(title))}-d">{escape(desc)}</desc>',
        f'<line x1="{PAD_L}" y1="{y(0):.1f}" x2="{WIDTH - PAD_R}" y2="{y(0):.1f}" '
        'stroke="currentColor" stroke-opacity=".4"/>',
        f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{y(0):.1f}" '
        'stroke="currentColor" stroke-opacity=".4"/>',
        f'<text x="{PAD_L - 6}" y="{y(top) + 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="currentColor">{top}</text>',
        f'<text x="{PAD_L - 6}" y="{y(0) + 4:.1f}" text-anchor="end" font-size="11" '
        'fill="currentColor">0</text>',
        f'<text x="{PAD_L}" y="{HEIGHT - 8}" font-size="11" fill="currentColor">{first}</text>',
        f'<text x="{WIDTH - PAD_R}" y="{HEIGHT - 8}" font-size="11" text-anchor="end" '
        f'fill="currentColor">{last}</text>',
        f'<polyline fill="none" stroke="#3f51b5" stroke-width="2" points="{present}"/>',
        f'<polyline fill="none" stroke="#e65100" stroke-width="1.5" stroke-dasharray="4 3" '
        f'points="{excused}"/>',
    ]
    for i, m in enumerate(meetings):
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(len(m.present)):.1f}" r="3" fill="#3f51b5">'
            f"<title>{escape(m.date.isoformat())}: {len(m.present)} present, "
            f"{len(m.apologies)} apologies</title></circle>"
        )
    parts.append(
        f'<text x="{WIDTH - PAD_R}" y="{PAD_T}" text-anchor="end" font-size="11" '
        'fill="#3f51b5">present</text>'
        f'<text x="{WIDTH - PAD_R}" y="{PAD_T + 14}" text-anchor="end" font-size="11" '
        'fill="#e65100">apologies</text>'
    )
    parts.append("</svg>")
    caption = f"<figcaption>{escape(desc)}</figcaption>"
    return Markup("".join(parts) + caption)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower())
