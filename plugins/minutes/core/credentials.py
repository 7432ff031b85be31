"""The never-publish check: dial-in details and credentials (docs/format.md §8)."""

from __future__ import annotations

import re

_LABELLED = re.compile(
    r"""(?ix)
    (?:^|[\s>*_|(\[-])                       # start of line or of a list item / emphasis
    (?:pass\s?code|pass\s?word|passwd|pwd|pin(?:\s?code)?|access\s?code|
       (?:zoom\s|webex\s|teams\s|webinar\s|conference\s)?meeting\s?(?:id|number)|
       webinar\s?id|conference\s?id|participant\s?(?:id|code)|host\s?key)
    (?:\*\*|__)?\s*[:=]\s*(?:\*\*|__)?\s*\S    # a colon (or =) and a value
    """
)
_URL_SECRET = re.compile(r"(?i)https?://\S*[?&](?:pwd|pass|password|passcode|pin|tk)=[^&\s]+")
# +41 43 210 71 08, +41432107108,,95429556769#, tel:+33...: at least 8 digits after a plus sign.
_PHONE = re.compile(r"(?:\+|\btel:\s*\+?)\d[\d\s().\-/]{6,}\d")


def _is_phone(match: str) -> bool:
    return sum(c.isdigit() for c in match) >= 8


def find_secrets(line: str) -> str | None:
    """What kind of dial-in detail or credential the line carries, or None."""
    if _URL_SECRET.search(line):
        return "a video-conference link with a password"
    m = _LABELLED.search(line)
    if m:
        label = m.group(0).strip(" >*_|([-").split(":")[0].split("=")[0].strip(" *_")
        return f"a dial-in credential ('{label}: ...')"
    for m2 in _PHONE.finditer(line):
        if _is_phone(m2.group(0)):
            return "a telephone dial-in number"
    return None


def scan(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Every (line, what) in `text` that must never be published."""
    if not (_LABELLED.search(text) or _URL_SECRET.search(text) or _PHONE.search(text)):
        return []  # the common case, decided in three passes over the whole text
    found: list[tuple[int, str]] = []
    for offset, line in enumerate(text.splitlines()):
        what = find_secrets(line)
        if what:
            found.append((first_line + offset, what))
    return found
