"""The plugin's own sections in the site's nav, as Material's blog plugin attaches its views.

An output with a `nav_title` (outputs/pipeline.py) makes a section's first page: meetings/,
groups/, people/… When mkdocs.yml has a `nav:` that does not name such a page, the plugin adds
it at the top level, after what the nav names, in `OUTPUTS` order, linked to the previous and
next page as the engine links the pages its config names: the site is the one whose `nav:`
names the sections there. A `nav:` that names a page places or renames it; a site without a
`nav:` gets the engine's own nav of every page, the sections with it.

Until the engine has made its nav, such a page is marked as left out of the nav (`hold_section`):
the engine would otherwise list it as missing from the `nav:`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from minutes.adapters.engine import Engine


def hold_section(engine: Engine, file: Any) -> None:
    """Keep a section's page out of the engine's list of pages its `nav:` leaves out."""
    file.inclusion = engine.InclusionLevel.NOT_IN_NAV


def attach_sections(
    engine: Engine, nav: Any, sections: Sequence[tuple[str, Any]], config: Any
) -> list[Any]:
    """Add each (title, file) of `sections` to `nav` unless it names the file already: at the
    top level, after its items, with the title, previous and next links the engine would
    give it. Returns the pages added."""
    named = {id(page) for page in nav.pages}
    added = []
    for title, file in sections:
        # what the engine would have decided for the file (the site's not_in_nav and
        # exclude_docs apply to it as to any page)
        file.inclusion = engine.InclusionLevel.UNDEFINED
        engine.set_exclusions([file], config)
        page = file.page
        if page is None or id(page) in named or not file.inclusion.is_in_nav():
            continue
        page.title = title
        added.append(page)
    if not added:
        return added
    tail = nav.pages[-1] if nav.pages else None
    head = tail.next_page if tail is not None else None
    nav.items.extend(added)
    nav.pages.extend(added)
    chain = [tail, *added, head]
    for before, page, after in zip(chain, chain[1:], chain[2:], strict=False):
        page.previous_page, page.next_page = before, after
    if tail is not None:
        tail.next_page = added[0]
    if head is not None:
        head.previous_page = added[-1]
    return added
