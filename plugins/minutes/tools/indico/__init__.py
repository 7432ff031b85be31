"""`minutes import-indico`: meeting records from an Indico export, one job per module.

- `export`: the export's JSON as `Event`s (IndicoError says what is wrong with it);
- `client`: the export read over HTTP from an event or category URL;
- `markdown`: Indico's HTML notes as Markdown;
- `attendance`: who attended, as the notes write it;
- `dialin`: what an import leaves out beyond the never-publish check;
- `record`: an event as a record's text;
- `people`: the people no one registered, as entries ready to paste;
- `update`: an existing record with the parts the import owns refreshed;
- `command`: the command, which returns a summary that the CLI prints.

The public names below are imported from their module on first use, so that the CLI, which
reads `client.TOKEN_ENV` at every start, does not load BeautifulSoup and markdownify.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from minutes.tools.indico.command import (
        ImportRequest,
        ImportSummary,
        Progress,
        import_indico,
    )
    from minutes.tools.indico.export import (
        Contribution,
        Event,
        IndicoError,
        IndicoPerson,
        parse_event,
        parse_events,
        parse_export,
        person_of,
    )
    from minutes.tools.indico.markdown import html_to_markdown
    from minutes.tools.indico.people import UnknownPeople, UnknownPerson
    from minutes.tools.indico.record import Rendered, agenda, render_record
    from minutes.tools.indico.update import update_record

__all__ = [
    "Contribution",
    "Event",
    "ImportRequest",
    "ImportSummary",
    "IndicoError",
    "IndicoPerson",
    "Progress",
    "Rendered",
    "UnknownPeople",
    "UnknownPerson",
    "agenda",
    "html_to_markdown",
    "import_indico",
    "parse_event",
    "parse_events",
    "parse_export",
    "person_of",
    "render_record",
    "update_record",
]

_MODULE_OF = {
    **dict.fromkeys(("ImportRequest", "ImportSummary", "Progress", "import_indico"), "command"),
    **dict.fromkeys(
        (
            "Contribution",
            "Event",
            "IndicoError",
            "IndicoPerson",
            "parse_event",
            "parse_events",
            "parse_export",
            "person_of",
        ),
        "export",
    ),
    "html_to_markdown": "markdown",
    "UnknownPeople": "people",
    "UnknownPerson": "people",
    **dict.fromkeys(("Rendered", "agenda", "render_record"), "record"),
    "update_record": "update",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
