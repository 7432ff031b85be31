"""A fixture archive of several meetings: two series, two years, follow-ups, an internal record."""

from __future__ import annotations

from pathlib import Path

from .helpers import record, write_archive

CANARY = "canary7f3a"
TODAY_EPOCH = "1640995200"  # 2022-01-01 00:00 UTC

RECORDS = {
    "tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird, Xavier Espinal]\napologies: [Kay Graf]\n"
        "start: '10:00'\nend: '11:00'",
        """
## Round table

### WP2
Speaker: Xavier Espinal

Tokens are progressing on [FTS](https://fts.example.org/).

- [ ] Xavier Espinal: deploy the token daemons (due 2021-07-01)
- [ ] Ian Bird and Kay Graf: draft the FENIX letter (due 2099-01-01)

Decision: DAC21 starts in the autumn.

### CTA
Speaker: Dr Kay Graf (ECAP)

## AOB

- [ ] Check the room booking
""",
    ),
    "tcm/2021/2021-06-23.md": record(
        "date: 2021-06-23\npresent: [Ian Bird, Kay Graf]",
        """
## Review of actions

- [x] tcm-2021-06-09-1: deployed on FTS
- [ ] tcm-2021-06-09-3: still to book

## Round table

### WP2
Speaker: Ian Bird

### WP3

No news.
""",
    ),
    "tcm/2022/2022-01-12.md": record(
        "date: 2022-01-12\npresent: [Ian Bird, Xavier Espinal, Kay Graf, Grace Hopper]",
        """
## WP2 – tokens
Speaker: Xavier Espinal

- [x] tcm-2021-06-09-3: booked
- **Decision:** WP2 reports monthly.
""",
    ),
    "board/2021/2021-09-01.md": record(
        "date: 2021-09-01\ntitle: Board meeting\npresent: [Mohammed Al-Turany]",
        """
## Telescope status { group=cta }

- [ ] Mohammad Al-Turany: review the budget (due 2021-10-01)
""",
    ),
    "board/2022/2022-03-01.md": record(
        f"date: 2022-03-01\ntitle: Internal {CANARY} title\nvisibility: internal\n"
        f"present: [Ian Bird, Zed {CANARY}]",
        f"""
### WP2
Speaker: Ian Bird

Body {CANARY} text.

- [ ] Ian Bird: action {CANARY} item
- [x] tcm-2021-06-09-2: closed {CANARY} internally

Decision: decision {CANARY} made.
""",
    ),
}


def write_fixture(root: Path) -> Path:
    return write_archive(root, RECORDS)
