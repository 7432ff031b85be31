"""The filter files: in which year parts of actions/ and decisions/ a filter's value has rows
(docs/format.md §10), so that a filter reaches beyond the page it is set on."""

from __future__ import annotations

from minutes.aggregates.edition import Edition
from minutes.site import urls as u
from minutes.site.partition import counts_by_key


def filter_files(edition: Edition) -> dict[str, str]:
    """`actions/owner/<id>.json`, `actions/group/<id>.json`, `decisions/group/<id>.json`
    (path in the site -> text), each {"<year>": count}, newest first."""
    actions = [a for _, xs in edition.actions_by_year for a in xs]
    decisions = [d for _, ds in edition.decisions_by_year for d in ds]
    indexes = {
        (u.ACTIONS, "owner"): counts_by_key(
            actions, lambda a: a.item.owners or ["-"], edition.action_year
        ),
        (u.ACTIONS, "group"): counts_by_key(
            actions, lambda a: [a.item.group or "-"], edition.action_year
        ),
        (u.DECISIONS, "group"): counts_by_key(
            decisions, lambda d: [d.group or "-"], edition.decision_year
        ),
    }
    out: dict[str, str] = {}
    for (section, key), per_value in indexes.items():
        for value, years in per_value.items():
            body = ",".join(f'"{y}":{n}' for y, n in years.items())
            out[u.filter_index(section, key, value)] = "{" + body + "}\n"
    return out
