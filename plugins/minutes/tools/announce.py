"""`minutes announce MEETING`: the message that circulates a meeting's minutes.

A subject ("Minutes: Technical Coordination Meeting, 9 June 2021") and a body: the date, chair,
present and apologies, the decisions, the actions the meeting raised (owners, due dates), the
actions it closed, and the link to its page. As plain text, Markdown, or a complete RFC 5322
message (`.eml`, UTF-8, from the standard library's `email` package) that a mail client opens
as a draft. The message has no Date nor Message-ID: the same archive gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP

from minutes.core.archive import Archive
from minutes.core.model import Meeting
from minutes.site.templating import long_date
from minutes.tools.links import md_text, meeting_url

FORMATS = ("text", "markdown", "eml")


class AnnounceError(Exception):
    """The meeting cannot be announced (unknown, or internal in the public edition)."""


@dataclass(frozen=True)
class Item:
    """An action in the message: its id, text, owners' names and due date (ISO), if any."""

    id: str
    text: str
    owners: tuple[str, ...] = ()
    due: str | None = None


@dataclass
class Announcement:
    """What the message says about one meeting."""

    meeting: str
    subject: str
    date: str  # "Wednesday 9 June 2021, 10:00–10:51 (Europe/Zurich)"
    chair: str | None
    present: list[str]
    apologies: list[str]
    decisions: list[str] = field(default_factory=list)
    raised: list[Item] = field(default_factory=list)
    closed: list[Item] = field(default_factory=list)
    url: str | None = None
    draft: bool = False


def announcement(
    full: Archive, meeting_id: str, internal: bool = False, site_url: str | None = None
) -> Announcement:
    """The announcement of one meeting of the archive `full` (as loaded): the public edition
    refuses an internal meeting unless `internal`."""
    known = {m.id: m for m in full.meetings}
    if meeting_id not in known:
        raise AnnounceError(f"no meeting '{meeting_id}' in the archive")
    if not internal and known[meeting_id].visibility != "public":
        raise AnnounceError(
            f"'{meeting_id}' is an internal record: the public edition leaves it out "
            "(--internal to announce it)"
        )
    archive = full.edition(internal)
    m = next(x for x in archive.meetings if x.id == meeting_id)

    def names(pids: list[str]) -> list[str]:
        return [archive.person(p).name for p in pids]

    def item(aid: str) -> Item:
        a = archive.actions[aid].item
        return Item(a.id, a.text, tuple(names(a.owners)), a.due.isoformat() if a.due else None)

    return Announcement(
        meeting=m.id,
        subject=f"Minutes: {m.title}, {long_date(m.date)}",
        date=_when(m),
        chair=archive.person(m.chair).name if m.chair else None,
        present=names(m.present),
        apologies=names(m.apologies),
        decisions=[d.text for d in m.decisions],
        raised=[item(a.id) for a in m.actions if a.id in archive.actions],
        closed=[
            item(a.id)
            for a in archive.actions.values()
            if a.status == "done" and a.closed_in == m.id and a.item.meeting != m.id
        ],
        url=meeting_url(site_url, m),
        draft=m.status == "draft",
    )


def _when(m: Meeting) -> str:
    text = f"{m.date:%A} {long_date(m.date)}"
    if m.start:
        text += f", {m.start}" + (f"–{m.end}" if m.end else "")
        text += f" ({m.timezone})"
    return text


def _action_line(a: Item) -> str:
    notes = [", ".join(a.owners)] if a.owners else []
    if a.due:
        notes.append(f"due {a.due}")
    return f"{a.id}: {a.text}" + (f" ({'; '.join(notes)})" if notes else "")


def render_text(a: Announcement) -> str:
    """The body as plain text (the subject on the first line)."""
    return f"Subject: {a.subject}\n\n{_body(a, markdown=False)}"


def render_markdown(a: Announcement) -> str:
    """The subject as a heading and the body as Markdown."""
    return f"# {md_text(a.subject)}\n\n{_body(a, markdown=True)}"


def _body(a: Announcement, markdown: bool) -> str:
    esc = md_text if markdown else (lambda s: s)

    def heading(title: str) -> list[str]:
        return [f"## {title}", ""] if markdown else [title, "-" * len(title), ""]

    def label(name: str, value: str) -> str:
        return f"- **{name}:** {value}" if markdown else f"{name}: {value}"

    lines: list[str] = []
    if a.draft:
        lines += ["These minutes are a draft, for approval at the next meeting.", ""]
    lines.append(label("Date", esc(a.date)))
    if a.chair:
        lines.append(label("Chair", esc(a.chair)))
    lines.append(label("Present", esc(", ".join(a.present)) or "none recorded"))
    lines.append(label("Apologies", esc(", ".join(a.apologies)) or "none"))
    lines.append("")
    for title, entries in (
        ("Decisions", [esc(d) for d in a.decisions]),
        ("New actions", [esc(_action_line(i)) for i in a.raised]),
        ("Actions closed", [esc(_action_line(i)) for i in a.closed]),
    ):
        if entries:
            lines += heading(title)
            lines += [f"- {e}" for e in entries]
            lines.append("")
    if a.url:
        lines.append(f"The minutes: [{a.url}]({a.url})" if markdown else f"The minutes: {a.url}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_eml(a: Announcement, to: str | None = None, sender: str | None = None) -> bytes:
    """A complete RFC 5322 message, UTF-8, CRLF line ends; `X-Unsent: 1` has mail clients
    (Outlook, Thunderbird) open it as a draft to send."""
    msg = EmailMessage()
    msg["Subject"] = a.subject
    if sender:
        msg["From"] = sender
    if to:
        msg["To"] = to
    msg["X-Unsent"] = "1"
    msg.set_content(_body(a, markdown=False), charset="utf-8")
    return msg.as_bytes(policy=SMTP)


RENDERERS: dict[str, Callable[[Announcement], str]] = {
    "text": render_text,
    "markdown": render_markdown,
}
