"""`minutes import-indico --update`: an existing record with the parts the import owns taken
from the event again, and everything else (the body and every other field) as it was.
"""

from __future__ import annotations

import re

import yaml

# The front-matter fields an import owns: --update sets them from Indico.
OWNED_FIELDS = ("title", "start", "end", "timezone", "location")
# Filled from Indico by --update only while the record leaves them empty.
ATTENDANCE_FIELDS = ("chair", "present", "apologies")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def _front_blocks(text: str) -> tuple[list[tuple[str | None, list[str]]], str] | None:
    """The front-matter as (top-level key, its lines) blocks, and the body after it."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        if not text.endswith("\n---") and not text.endswith("\n---\n"):
            return None
        end = text.rfind("\n---")
    head, body = text[4:end], text[end + 5 :]
    blocks: list[tuple[str | None, list[str]]] = []
    for line in head.split("\n") if head else []:
        m = _TOP_KEY.match(line)
        if m:
            blocks.append((m.group(1), [line]))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            blocks.append((None, [line]))
    return blocks, body


def update_record(existing: str, imported: str) -> str | None:
    """`existing` with the parts the import owns taken from `imported` (None: unreadable).

    Owned: `title`, `start`, `end`, `timezone`, `location` and the `indico` link; `chair`,
    `present` and `apologies` only while the record leaves them empty. The body and every
    other field stay as they are.
    """
    old, new = _front_blocks(existing), _front_blocks(imported)
    if old is None or new is None:
        return None
    old_blocks, body = old
    try:
        old_data = yaml.safe_load("\n".join(line for _, b in old_blocks for line in b)) or {}
        new_data = yaml.safe_load("\n".join(line for _, b in new[0] for line in b)) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(old_data, dict) or not isinstance(new_data, dict):
        return None
    new_blocks = {key: lines for key, lines in new[0] if key}
    wanted: dict[str, list[str]] = {k: new_blocks[k] for k in OWNED_FIELDS if k in new_blocks}
    for key in ATTENDANCE_FIELDS:
        if key in new_blocks and not old_data.get(key) and new_data.get(key):
            wanted[key] = new_blocks[key]
    link = (new_data.get("links") or {}).get("indico")
    links = old_data.get("links")
    if link and (links is None or isinstance(links, dict)) and (links or {}).get("indico") != link:
        merged = {**(links or {}), "indico": link}
        dumped = yaml.safe_dump({"links": merged}, allow_unicode=True, sort_keys=False, width=10**6)
        wanted["links"] = dumped.rstrip("\n").split("\n")
    blocks = [(k, wanted.pop(k) if k in wanted else lines) for k, lines in old_blocks]
    blocks += list(wanted.items())
    head = "\n".join(line for _, lines in blocks for line in lines)
    return f"---\n{head}\n---\n{body}"
