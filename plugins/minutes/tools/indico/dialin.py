"""What an import leaves out beyond the never-publish check (core/credentials.py): the join
links of video conferences and SIP addresses, which carry a meeting number even without a
password (docs/format.md §8).

core/credentials.py flags a join link only with its password or on a conference host's meeting
id, and a SIP address only at a conference host: a record written by hand may keep those, an
import from Indico (whose notes often paste the whole invitation) does not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from minutes.core import credentials

JOIN_LINK = re.compile(
    r"""(?ix)https?://[^\s)\]>"']*(?:
        zoom(?:gov)?\.us/(?:j|w|s|my|wc)/|webex\.com/(?:meet/|\S*j\.php)|
        teams\.microsoft\.com/l/meetup-join|meet\.google\.com/[a-z]|vidyo|bluejeans\.com/\d)"""
)
SIP = re.compile(r"(?i)\b(?:sip:)?\d{8,}(?:\.\d+)?@[\w.-]+\.[a-z]{2,}")


def joins_a_call(url: str) -> bool:
    """Whether `url` would let someone join a call: a credential or a join link."""
    return bool(credentials.find_secrets(url) or JOIN_LINK.search(url))


class Scrubber:
    """Drops every line that carries a dial-in detail, counting why."""

    def __init__(self) -> None:
        self.dropped: Counter[str] = Counter()

    def __call__(self, lines: Iterable[str]) -> list[str]:
        kept: list[str] = []
        for line in lines:
            what = credentials.find_secrets(line)
            if what is None and JOIN_LINK.search(line):
                what = "a video-conference join link"
            if what is None and SIP.search(line):
                what = "a video-conference dial-in address"
            if what is None:
                kept.append(line)
            else:
                self.dropped[what] += 1
        return kept
