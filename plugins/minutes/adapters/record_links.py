"""A record's links that lead to no page of the site are notes, not warnings (docs/format.md §9).

Minutes moved in from another repository carry links relative to it (`../admin-guides/x.md`,
a bare `gohugo.io`), which lead to no page here. The engine warns about each, and `--strict`
would refuse the record for it. For the pages made from records only, this filter on the
engine's page logger turns such a warning into a note that names the record and the line of
the link; the link stays as written. Hand-written pages keep the engine's own validation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from minutes.core.model import Meeting
from minutes.core.problems import Problem, display_path

_PREFIX = "Doc file '"
_KINDS = ("' contains a link '", "' contains an unrecognized relative link '")
_ENDS = ("', but the target", "', it was left as is.")


def link_of(message: str) -> tuple[str, str] | None:
    """The page's source and the link an engine's link warning is about, or None."""
    if not message.startswith(_PREFIX):
        return None
    for kind in _KINDS:
        at = message.find(kind, len(_PREFIX))
        if at < 0:
            continue
        start = at + len(kind)
        for end_mark in _ENDS:
            end = message.rfind(end_mark, start)
            if end >= 0:
                return message[len(_PREFIX) : at], message[start:end]
    return None


def line_of(meeting: Meeting, url: str) -> int:
    """The line of the record that holds `url` first (front-matter links are absolute), else 1."""
    at = meeting.body.find(url) if url else -1
    return 1 if at < 0 else meeting.body_line + meeting.body.count("\n", 0, at)


class RecordLinkNotes(logging.Filter):
    """Lowers the engine's warnings about links of record pages to notes naming the record."""

    def __init__(self, meeting_of: Callable[[str], Meeting | None]) -> None:
        super().__init__()
        self.meeting_of = meeting_of

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.INFO or not isinstance(record.msg, str) or record.args:
            return True
        found = link_of(record.msg)
        meeting = self.meeting_of(found[0]) if found else None
        if found is None or meeting is None:
            return True
        url = found[1]
        note = Problem(
            display_path(meeting.path),
            line_of(meeting, url),
            f"the link '{url}' leads to no page of this site: it is kept as written",
            "note",
        )
        record.msg = f"minutes: {note}"
        record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True


def install(engine_name: str, meeting_of: Callable[[str], Meeting | None]) -> RecordLinkNotes:
    """Put a fresh filter on the engine's page logger (one at a time) and return it."""
    uninstall(engine_name)
    notes = RecordLinkNotes(meeting_of)
    logging.getLogger(f"{engine_name}.structure.pages").addFilter(notes)
    return notes


def uninstall(engine_name: str) -> None:
    """Take the filter off the engine's page logger."""
    logger = logging.getLogger(f"{engine_name}.structure.pages")
    for old in [f for f in logger.filters if isinstance(f, RecordLinkNotes)]:
        logger.removeFilter(old)
