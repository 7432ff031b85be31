"""`minutes announce MEETING` (issue 23): the message that circulates a meeting's minutes, as
text, Markdown and an .eml that parses back with the `email` package."""

from __future__ import annotations

import email
import email.policy
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest

from .helpers import BIN, PEOPLE, REPO, minutes, record, write_archive

RECORDS = {
    "tcm/2021/2021-06-02.md": record(
        """
        date: 2021-06-02
        present: [Ian Bird]
        """,
        """
        ## Notes
        - [ ] Kay Graf: Send the slides (due 2021-06-05)
        """,
    ),
    "tcm/2021/2021-06-16.md": record(
        """
        date: 2021-06-16
        start: "10:00"
        end: "11:00"
        status: draft
        chair: Jérôme Müller
        present: [Jérôme Müller, Ian Bird]
        apologies: [Kay Graf]
        """,
        """
        ## Notes
        - [x] tcm-2021-06-02-1: sent
        - Decision: The café in Zürich hosts the workshop.
        - [ ] Jérôme Müller, Ian Bird: Book the café (due 2021-06-30)
        """,
    ),
    "board/2021/2021-06-10.md": record(
        """
        date: 2021-06-10
        visibility: internal
        present: [Ian Bird]
        """,
        "## Notes\n- Decision: The budget canary is settled.\n",
    ),
}

BODY = """\
These minutes are a draft, for approval at the next meeting.

Date: Wednesday 16 June 2021, 10:00–11:00 (Europe/Zurich)
Chair: Jérôme Müller
Present: Jérôme Müller, Ian Bird
Apologies: Kay Graf

Decisions
---------

- The café in Zürich hosts the workshop.

New actions
-----------

- tcm-2021-06-16-1: Book the café (Jérôme Müller, Ian Bird; due 2021-06-30)

Actions closed
--------------

- tcm-2021-06-02-1: Send the slides (Kay Graf; due 2021-06-05)

The minutes: https://minutes.example.org/meetings/tcm/2021-06-16/
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    people = PEOPLE + "jerome-muller:\n  name: Jérôme Müller\n"
    return write_archive(tmp_path_factory.mktemp("announce"), RECORDS, people=people)


def test_subject_of_the_example_seed_meeting() -> None:
    result = minutes(REPO, "announce", "tcm-2021-06-09")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Subject: Minutes: Technical Coordination Meeting, 9 June 2021"
    assert "Chair: Ian Bird" in lines
    assert lines[-1] == "The minutes: https://escape-minutes.example.org/meetings/tcm/2021-06-09/"
    assert (
        "- tcm-2021-06-09-5: identify an HPC use case/workflow from one or more sciences in "
        "ESCAPE and prepare the letter of intent to FENIX to formally ask for resources "
        "(Ian Bird, Xavier Espinal; due 2021-07-09)"
    ) in lines


def test_text(root: Path) -> None:
    result = minutes(root, "announce", "tcm-2021-06-16")
    assert (result.returncode, result.stderr) == (0, "")
    subject = "Subject: Minutes: Technical Coordination Meeting, 16 June 2021\n\n"
    assert result.stdout == subject + BODY


def test_markdown(root: Path) -> None:
    result = minutes(
        root,
        "announce",
        "tcm-2021-06-16",
        "--format",
        "markdown",
        "--site-url",
        "https://x.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "# Minutes: Technical Coordination Meeting, 16 June 2021\n\n"
        "These minutes are a draft, for approval at the next meeting.\n\n"
        "- **Date:** Wednesday 16 June 2021, 10:00–11:00 (Europe/Zurich)\n"
        "- **Chair:** Jérôme Müller\n"
    )
    assert "## Decisions\n\n- The café in Zürich hosts the workshop.\n" in result.stdout
    assert (
        "## Actions closed\n\n- tcm-2021-06-02-1: Send the slides (Kay Graf; due 2021-06-05)\n"
        in result.stdout
    )
    url = "https://x.example/meetings/tcm/2021-06-16/"
    assert result.stdout.endswith(f"The minutes: [{url}]({url})\n")


def test_eml_parses_back_with_headers_and_non_ascii_names(root: Path) -> None:
    sender = "Jérôme Müller <jerome@example.org>"
    args = [str(BIN / "minutes"), "announce", "tcm-2021-06-16", "--format", "eml"]
    args += ["--to", "tcm-list@example.org", "--from", sender]
    result = subprocess.run(args, cwd=root, capture_output=True, check=False)  # bytes as written
    assert result.returncode == 0, result.stderr
    raw = result.stdout
    assert raw.isascii() and b"\r\n" in raw  # RFC 5322: encoded headers and body, CRLF
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg["Subject"] == "Minutes: Technical Coordination Meeting, 16 June 2021"
    assert msg["From"] == sender
    assert msg["From"].addresses[0].display_name == "Jérôme Müller"
    assert msg["To"] == "tcm-list@example.org"
    assert msg["X-Unsent"] == "1"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg.get_content().replace("\r\n", "\n") == BODY
    again = subprocess.run(args, cwd=root, capture_output=True, check=False)
    assert again.stdout == raw  # no Date nor Message-ID: the same bytes


def test_internal_record_refused_without_internal(root: Path) -> None:
    refused = minutes(root, "announce", "board-2021-06-10")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "internal record" in refused.stderr and "--internal" in refused.stderr
    allowed = minutes(root, "announce", "board-2021-06-10", "--internal")
    assert allowed.returncode == 0, allowed.stderr
    assert "- The budget canary is settled." in allowed.stdout.splitlines()
    unknown = minutes(root, "announce", "tcm-1999-01-01")
    assert unknown.returncode == 2 and "no meeting 'tcm-1999-01-01'" in unknown.stderr
