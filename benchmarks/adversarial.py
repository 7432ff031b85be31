"""Hostile record text, made deterministically: the lines that once stalled the check.

Used by the adversarial section of `make bench` (time per MB next to ordinary records) and by
the tests (tests/test_hostile.py), which bound the time each family may take.
"""

from __future__ import annotations

FRONT = "---\ndate: {date}\npresent: [Ian Bird]\n---\n\n"


def hostile_lines(size: int) -> dict[str, str]:
    """One body text per family of hostile line, each about `size` characters long."""
    return {
        "heading with a run of spaces": "## a" + " " * size + "b\n",
        "task item with a run of spaces": "- [ ] a" + " " * size + "b\n",
        "speaker with a run of spaces": "## WP2\nSpeaker: a" + " " * size + "b\n",
        "decision with a run of spaces": "\nDecision: a" + " " * size + "b\n",
        "many adjacent links": "[a](https://x.org/a?q=1)" * (size // 24) + "\n",
        "password then blank lines": "Password:" + "\n" * size + "ok\n",
        "label runs": "Passcode Passcode " * (size // 18) + "\n",
        "attribute braces": "## a {" + " " * size + "\n",
        "digit groups": "0 " * (size // 2) + "\n",
        "plus signs": "+1 " * (size // 3) + "\n",
        "emphasis marks": "*_`" * (size // 3) + "Passcode\n",
        "angle brackets": "<" * size + "\n",
        "action id runs": "- [ ] " + "x-2021-06-09" * (size // 12) + "\n",
        # the credential rules' links, addresses and identifiers (docs/format.md §8.1)
        "links with queries": "zoom.us/j/1?pwd=x&id=1 " * (size // 23) + "\n",
        "labels in links": "x.org/?Passcode:590317&id=987%20654 " * (size // 36) + "\n",
        "host-like runs": "a." * (size // 2) + "org/\n",
        "address runs": "1234567@zoom" * (size // 12) + "\n",
        "hash pairs": "1.2.3.4##" * (size // 9) + "\n",
        "identifier runs": "core::pin::Pin_" * (size // 15) + "\n",
        "underscores": "_a" * (size // 2) + "\n",
        "commas and digits": "123456,," * (size // 8) + "\n",
    }


def hostile_archive_records(total_bytes: int) -> dict[str, str]:
    """Records below meetings/ (path -> text) that add up to about `total_bytes`."""
    families = hostile_lines(20_000)
    out: dict[str, str] = {}
    day = 0
    size = 0
    while size < total_bytes:
        for body in families.values():
            month, dom = 1 + (day // 28) % 12, 1 + day % 28
            year = 2000 + day // (28 * 12)
            date = f"{year}-{month:02d}-{dom:02d}"
            text = FRONT.format(date=date) + body
            out[f"tcm/{year}/{date}.md"] = text
            size += len(text.encode())
            day += 1
            if size >= total_bytes:
                break
    return out
