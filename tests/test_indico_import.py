"""`minutes import-indico` from Indico's HTTP export API (a local server answering like it), whole
categories, attendance from the notes (the forms: tests/test_attendance.py), unknown people, and
every failure message.

The CLI runs in-process through `minutes.cli.main(argv)`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from minutes.cli import main, resolve, run_import_indico
from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.tools.indico import ImportRequest
from minutes.tools.indico.client import FetchError, export_request

from .helpers import REPO, mkdocs_build, site_text, write_archive

FIXTURES = Path(__file__).parent / "fixtures" / "indico"
CATEGORY = FIXTURES / "category-13180.json"
DIAL_IN = re.compile(
    r"115510|424242|954 2955 6769|912 3456 7890|95429556769|91234567890|\+\s*(?:41|33)\s*\d|pwd=",
    re.I,
)
TOKEN = "s3cr3t-T0ken-never-shown"
R1, R2, R3 = (f"meetings/tcm/2021/2021-{d}.md" for d in ("06-09", "06-23", "07-07"))


class FakeIndico(BaseHTTPRequestHandler):
    """Answers like Indico's export API: /export/categ/13180.json and /export/event/ID.json."""

    seen: list[tuple[str, dict[str, list[str]], str | None]] = []

    def log_message(self, *args: Any) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        auth = self.headers.get("Authorization")
        FakeIndico.seen.append((url.path, query, auth))
        category = json.loads(CATEGORY.read_text(encoding="utf-8"))
        if url.path == "/export/categ/13180.json":
            events = category["results"]
            start, end = query.get("from", ["0000"])[0], query.get("to", ["9999"])[0]
            category["results"] = [e for e in events if start <= e["startDate"]["date"] <= end]
            self.send(200, json.dumps(category).encode())
        elif url.path == "/indico/export/event/1045679.json":  # Indico below a path prefix
            self.send(200, json.dumps({**category, "results": category["results"][1:2]}).encode())
        elif url.path == "/export/categ/77.json":  # a protected category
            if auth != f"Bearer {TOKEN}":
                self.send(403, b'{"message": "Access denied"}')
            else:
                self.send(200, json.dumps({**category, "results": category["results"][2:]}).encode())
        elif url.path == "/export/event/1234.json":  # the event the server refuses
            self.send(403, b'{"message": "You are not allowed to access this event"}')
        elif url.path == "/export/event/401.json":
            self.send(401, b"{}")
        elif url.path == "/export/event/555.json":  # a login page instead of the export
            self.send(200, b"<!DOCTYPE html><html><title>Log in</title></html>", "text/html")
        elif url.path == "/export/event/556.json":
            self.send(200, b'{"message": "hello"}')
        elif url.path == "/export/event/500.json":
            self.send(500, b"oops", "text/plain")
        elif url.path == "/export/event/9999.json":  # slower than the client's timeout
            time.sleep(1.5)
            self.send(200, b'{"results": []}')
        else:
            self.send(404, b'{"message": "not found"}')


@pytest.fixture(scope="module")
def indico() -> Iterator[str]:
    """The base URL of the fake Indico on 127.0.0.1 (an ephemeral port)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeIndico)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def registries(name: str) -> str:
    return (REPO / "meetings" / name).read_text(encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A strict archive with the repository's registries and no record, as the working folder."""
    root = write_archive(
        tmp_path / "archive",
        {},
        people=registries("people.yml"),
        groups=registries("groups.yml"),
        series=registries("series.yml"),
        strict=True,
    )
    monkeypatch.chdir(root)
    monkeypatch.delenv("INDICO_TOKEN", raising=False)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def front_matter(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    return data


def every_file(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in root.rglob("*")
        if p.is_file()
    }


# --- a whole category over HTTP ----------------------------------------------------------------


def test_category_import_check_fix_and_build(
    root: Path, indico: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "import-indico", f"{indico}/category/13180/", "--series", "tcm")
    assert "Traceback" not in out + err
    # the request Indico's export API expects
    path, query, auth = FakeIndico.seen[-1]
    assert path == "/export/categ/13180.json" and query == {"detail": ["contributions"]}
    assert auth is None
    # one record per event, at its path
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if "meetings" in p.parts) == [R1, R2, R3]
    # strict archive, one person nobody registered: the summary says exactly what to fix
    assert code == 1
    assert f"{R3}:" in out and "unknown person 'Jane Newcomer'" in out
    assert out.endswith(
        "events read: 3\n"
        "records written: 3\n"
        "skipped: 0\n"
        "unknown people: 1: Jane Newcomer (entries to check and move to meetings/people.yml: "
        "meetings/people.unknown.yml)\n"
        "problems: 0\n"
        "minutes check: 2 errors (listed above, with what to fix)\n"
    )
    # listed once although named twice as a speaker and once as an attendee
    unknown = (root / "meetings/people.unknown.yml").read_text(encoding="utf-8")
    assert unknown.count("name: Jane Newcomer") == 1
    entries = yaml.safe_load(unknown)
    assert entries == {"jane-newcomer": {"name": "Jane Newcomer", "affiliation": "DESY"}}
    assert f"# named in {R3}" in unknown
    assert "jane-newcomer" not in (root / "meetings/people.yml").read_text(encoding="utf-8")
    # per record: the description is left out, dial-in lines are dropped, and said so
    assert f"{R1}: left out the event description" in err
    assert f"{R3}: dropped 1 line that must never be published" in err
    assert f"{R2}: left out the event description" in err  # it has one, harmless or not

    # the seed's meeting: attendance from its notes, one speaker per person
    seed = front_matter(root / R1)
    assert seed["present"][9] == "Mohammad Al-Turany" and len(seed["present"]) == 12
    assert seed["apologies"] == ["Harro Verkouter", "Stephen Serjeant"]
    assert "Speaker: Daniele Spiga (infn)\n" in (root / R1).read_text(encoding="utf-8")
    # the meeting without notes: attendance left for the user
    no_notes = (root / R2).read_text(encoding="utf-8")
    assert "present: []  # Indico does not know who attended" in no_notes and "## Notes" not in no_notes
    # the meeting with HTML lists of attendees and regrets, and a chair line
    third = front_matter(root / R3)
    assert third["chair"] == "Xavier Espinal"
    assert third["present"] == ["Ian Bird", "Kay Graf", "Jane Newcomer", "Xavier Espinal"]
    assert third["apologies"] == ["Mark Allen"]
    text3 = (root / R3).read_text(encoding="utf-8")
    assert "Speaker: Jane Newcomer (DESY)\n" in text3 and "Summer school went well." in text3
    for name, text in every_file(root / "meetings").items():
        for line in text.splitlines():
            assert not DIAL_IN.search(line), (name, line)

    # the user pastes the ready entry into people.yml: check passes, the site builds
    people = root / "meetings/people.yml"
    people.write_text(people.read_text(encoding="utf-8") + "\n" + unknown, encoding="utf-8")
    code, out, err = run(capsys, "check")
    assert code == 0, out + err
    assert out.startswith("checked 3 records, 1 series, 14 groups,")
    built = mkdocs_build(root, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    pages = site_text(root)
    assert "Jane Newcomer" in pages["meetings/tcm/2021-07-07/index.html"]
    for name, text in pages.items():
        assert not DIAL_IN.search(text), name

    # importing again: every record exists, none is overwritten
    before = every_file(root / "meetings")
    code, out, err = run(capsys, "import-indico", f"{indico}/category/13180/", "--series", "tcm")
    assert code == 1
    assert "records written: 0\nskipped: 3 (they exist already: --update refreshes" in out
    assert every_file(root / "meetings") == before


def test_dates_and_progress_bar(root: Path, indico: str) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), Terminal()
    request = ImportRequest(
        f"{indico}/category/13180/",
        series="tcm",
        start=dt.date(2021, 6, 20),
        end=dt.date(2021, 6, 30),
    )
    code = run_import_indico(request, resolve(None), out, err)
    assert code == 0, out.getvalue() + err.getvalue()
    path, query, _ = FakeIndico.seen[-1]
    assert query == {"detail": ["contributions"], "from": ["2021-06-20"], "to": ["2021-06-30"]}
    assert [p.name for p in root.rglob("*.md") if "meetings" in p.parts] == ["2021-06-23.md"]
    assert "importing: 100%" in err.getvalue() and "1/1" in err.getvalue()
    assert out.getvalue().startswith("events read: 1\nrecords written: 1\n")
    # not a terminal: no bar
    out, err2 = io.StringIO(), io.StringIO()
    request.start, request.end = dt.date(2021, 7, 1), None
    assert run_import_indico(request, resolve(None), out, err2) == 1  # Jane Newcomer: strict archive
    assert "importing" not in err2.getvalue() and "%" not in err2.getvalue()


def test_the_command_returns_its_summary_and_the_cli_prints_it(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from minutes.tools.indico import command

    request = ImportRequest(str(CATEGORY), series="tcm")
    summary = command.import_indico(request, resolve(None))
    assert capsys.readouterr() == ("", "")  # the command prints nothing
    assert (summary.status, summary.read, summary.outside) == (1, 3, 0)  # strict: Jane Newcomer
    assert (summary.written, summary.updated, summary.unchanged) == ([R1, R2, R3], [], [])
    assert summary.skipped == [] and summary.problems == []
    assert [(p.name, p.affiliation, records) for p, records in summary.people.entries()] == [
        ("Jane Newcomer", "DESY", [R3])
    ]
    assert summary.dropped == {"a dial-in credential ('Meeting ID: ...')": 1}
    assert [(p.path, p.line, p.severity) for p in summary.checked] == [(R3, 9, "error"), (R3, 29, "error")]
    assert [stream for stream, _ in summary.lines] == ["err"] * 4 + ["out"] * 8
    assert summary.lines[-1] == ("out", "minutes check: 2 errors (listed above, with what to fix)")

    # the CLI resolves the settings, passes them in, and prints the lines on their streams
    calls: list[tuple[ImportRequest, Path]] = []

    def fake(request: ImportRequest, settings: Any, *args: Any) -> command.ImportSummary:
        calls.append((request, settings.meetings_dir.resolve()))
        return summary

    monkeypatch.setattr(command, "import_indico", fake)
    code, out, err = run(capsys, "import-indico", str(CATEGORY), "--series", "tcm")
    assert calls == [(request, (root / "meetings").resolve())]
    assert code == 1
    assert out == "".join(f"{line}\n" for stream, line in summary.lines if stream == "out")
    assert err == "".join(f"{line}\n" for stream, line in summary.lines if stream == "err")


def test_category_file_with_from_to(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "import-indico", str(CATEGORY), "--to", "2021-06-30", "--meetings-dir", "meetings"
    )
    assert code == 0, out + err
    assert out.startswith("events read: 3 (1 outside --from/--to)\nrecords written: 2\n")
    assert not (root / R3).exists() and not (root / "meetings/people.unknown.yml").exists()


def test_event_url_below_a_path_prefix(root: Path, indico: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import-indico", f"{indico}/indico/event/1045679/timetable/")
    assert code == 0, out + err
    assert out == f"wrote {R2}; minutes check: no errors\n"
    assert FakeIndico.seen[-1][:2] == ("/indico/export/event/1045679.json", {"detail": ["contributions"]})
    assert f"reading {indico}/indico/export/event/1045679.json?detail=contributions\n" in err


def test_token_is_sent_and_never_shown_or_written(
    root: Path, indico: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{indico}/category/77/"
    code, out, err = run(capsys, "import-indico", url)
    assert code == 2
    assert err.endswith(
        f"minutes import-indico: {indico}/export/categ/77.json?detail=contributions: not allowed "
        "(HTTP 403): set INDICO_TOKEN to an Indico API token with read access\n"
    )
    monkeypatch.setenv("INDICO_TOKEN", TOKEN)
    code, out, err = run(capsys, "import-indico", url)
    assert FakeIndico.seen[-1][2] == f"Bearer {TOKEN}"
    assert code == 1  # Jane Newcomer is unknown in this strict archive
    assert (root / R3).exists()
    # another variable, with a wrong token: refused, and said so without the token
    monkeypatch.setenv("MY_INDICO", TOKEN + "-wrong")
    code, out2, err2 = run(capsys, "import-indico", url, "--token-env", "MY_INDICO")
    assert code == 2 and "not allowed (HTTP 403): the token was refused or lacks access" in err2
    for text in [out, err, out2, err2, *every_file(root).values()]:
        assert TOKEN not in text


# --- every failure message ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/event/1234/", "not allowed (HTTP 403): set INDICO_TOKEN to an Indico API token with read access"),
        ("/event/401/", "not allowed (HTTP 401): set INDICO_TOKEN to an Indico API token with read access"),
        ("/event/404/", "not found (HTTP 404): check the event or category number"),
        ("/event/500/", "Indico answered HTTP 500"),
        (
            "/event/555/",
            "the reply is not an Indico export (not JSON but text/html; a login page answers "
            "this way when the event is protected)",
        ),
        ("/event/556/", "the reply is not an Indico export (no 'results' list)"),
    ],
)
def test_failure_messages(
    root: Path, indico: str, capsys: pytest.CaptureFixture[str], path: str, message: str
) -> None:
    number = path.split("/")[2]
    code, out, err = run(capsys, "import-indico", indico + path)
    assert code == 2
    assert err.splitlines()[-1] == (
        f"minutes import-indico: {indico}/export/event/{number}.json?detail=contributions: {message}"
    )
    assert out == "" and "Traceback" not in err
    assert not (root / "meetings/tcm").exists()


def test_timeout_and_network_error(root: Path, indico: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import-indico", f"{indico}/event/9999/", "--timeout", "0.3")
    assert code == 2
    assert err.splitlines()[-1].endswith(
        "/export/event/9999.json?detail=contributions: no answer within 0.3 seconds (timeout)"
    )
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = run(capsys, "import-indico", f"http://127.0.0.1:{port}/event/1/")
    assert code == 2
    assert f"minutes import-indico: http://127.0.0.1:{port}/export/event/1.json?detail=contributions: network error: " in err
    assert "Traceback" not in err


def test_not_an_indico_url_and_empty_category(root: Path, indico: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import-indico", "https://indico.example.org/news/")
    assert code == 2
    assert err == (
        "minutes import-indico: https://indico.example.org/news/: not an Indico event or category "
        "URL (expected https://HOST/event/ID/ or https://HOST/category/ID/)\n"
    )
    code, out, err = run(capsys, "import-indico", f"{indico}/category/13180/", "--from", "2030-01-01")
    assert code == 1
    assert err.endswith(": the category holds no event in the dates asked for\n")
    with pytest.raises(SystemExit):
        main(["import-indico", str(CATEGORY), "--from", "June"])
    assert "malformed date 'June' (expected YYYY-MM-DD)" in capsys.readouterr().err


def test_a_bad_event_of_a_category_is_reported_and_the_others_imported(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(CATEGORY.read_text(encoding="utf-8"))
    del data["results"][1]["startDate"]
    (tmp_path / "c.json").write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "import-indico", str(tmp_path / "c.json"), "--to", "2021-06-30")
    assert code == 1
    assert (
        f"{tmp_path / 'c.json'}: event 2 ('Technical Coordination Meeting'): 'startDate' is missing\n"
        in out
    )
    assert "records written: 1\n" in out and "problems: 1\n" in out
    assert (root / R1).exists()


def test_minutes_file_needs_a_single_event(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import-indico", str(CATEGORY), "--minutes", str(FIXTURES / "notes.html"))
    assert code == 2
    assert err == "minutes import-indico: --minutes applies to the export of a single event\n"


def test_update_in_a_category_keeps_the_body(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import-indico", str(CATEGORY), "--to", "2021-06-30")
    record = root / R2
    record.write_text(
        record.read_text(encoding="utf-8").replace("present: []", "present: [Ian Bird]")
        + "\nMy own notes.\n",
        encoding="utf-8",
    )
    data = json.loads(CATEGORY.read_text(encoding="utf-8"))
    data["results"][1]["title"] = "TCM (moved)"
    data["results"][1]["location"] = "CERN, 31/3-004"
    (root / "c.json").write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "import-indico", "c.json", "--to", "2021-06-30", "--update")
    assert code == 0, out + err
    assert "records written: 0, updated: 1\nskipped: 0\n" in out
    fm = front_matter(record)
    assert fm["title"] == "TCM (moved)" and fm["location"] == "CERN, 31/3-004"
    assert fm["present"] == ["Ian Bird"]  # the user's list is theirs
    assert record.read_text(encoding="utf-8").endswith("\nMy own notes.\n")
    problems = Problems()
    load_archive(root / "meetings", Options(strict=True), problems)
    assert not problems.errors


# --- the pure parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://indico.cern.ch/event/1234/", "https://indico.cern.ch/export/event/1234.json?detail=contributions"),
        ("https://indico.cern.ch/event/1234", "https://indico.cern.ch/export/event/1234.json?detail=contributions"),
        ("https://h.org/indico/event/7/contributions/", "https://h.org/indico/export/event/7.json?detail=contributions"),
        ("https://h.org/category/567/", "https://h.org/export/categ/567.json?detail=contributions&from=2021-01-01&to=2021-12-31"),
        ("https://h.org/export/event/9.json?detail=events", "https://h.org/export/event/9.json?detail=events"),
    ],
)
def test_export_request(url: str, expected: str) -> None:
    request = export_request(url, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert request.url == expected and request.category == ("categ" in expected)
    with pytest.raises(FetchError):
        export_request("ftp://h.org/event/1/")
