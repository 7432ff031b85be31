"""`minutes github-issue` against a local server that answers like GitHub's REST API.

The scheduled workflow (.github/workflows/open-actions.yml) keeps one issue, "Open actions", up
to date: created when no open issue has the title, its body replaced otherwise (issue 23).
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from minutes.cli import main

from .helpers import BIN

TOKEN = "ghs_s3cr3t-t0ken-never-shown"
REPOSITORY = "escape/minutes"
ISSUES = f"/repos/{REPOSITORY}/issues"


@dataclass
class FakeGitHub:
    """The issues of one repository, as GitHub's REST API serves them (100 a page at most)."""

    issues: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)  # method, path, auth
    fail: int | None = None  # answer every request with this status
    page_size: int = 100
    base: str = ""

    def add(self, number: int, title: str, body: str = "", **extra: Any) -> None:
        self.issues.append(
            {"number": number, "title": title, "body": body, "state": "open", **extra}
        )

    def html_url(self, number: int) -> str:
        return f"https://github.com/{REPOSITORY}/issues/{number}"


def _handler(gh: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> Any:
            return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

        def _record(self) -> bool:
            path = urlsplit(self.path).path
            gh.requests.append((self.command, path, self.headers.get("Authorization")))
            if gh.fail is not None:
                self._answer(
                    gh.fail, {"message": "Bad credentials" if gh.fail == 401 else "Not Found"}
                )
                return False
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._answer(401, {"message": "Requires authentication"})
                return False
            return True

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if not self._record():
                return
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            assert parts.path == ISSUES
            assert query["state"] == ["open"]
            size = min(int(query["per_page"][0]), gh.page_size)
            page = int(query.get("page", ["1"])[0])
            open_ = [i for i in gh.issues if i["state"] == "open"]
            items = sorted(open_, key=lambda i: -i["number"])  # GitHub: newest first
            chunk = items[(page - 1) * size : page * size]
            headers = {}
            if page * size < len(items):
                headers["Link"] = (
                    f'<{gh.base}{ISSUES}?state=open&per_page={size}&page={page + 1}>; rel="next"'
                )
            self._answer(200, [{**i, "html_url": gh.html_url(i["number"])} for i in chunk], headers)

        def do_POST(self) -> None:  # noqa: N802
            if not self._record():
                return
            assert urlsplit(self.path).path == ISSUES
            body = self._body()
            number = max((i["number"] for i in gh.issues), default=0) + 1
            gh.add(number, body["title"], body.get("body", ""))
            self._answer(201, {"number": number, "html_url": gh.html_url(number)})

        def do_PATCH(self) -> None:  # noqa: N802
            if not self._record():
                return
            number = int(urlsplit(self.path).path.rsplit("/", 1)[1])
            issue = next(i for i in gh.issues if i["number"] == number)
            issue.update(self._body())
            self._answer(200, {**issue, "html_url": gh.html_url(number)})

    return Handler


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    gh = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gh))
    gh.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("GITHUB_API_URL", gh.base)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    try:
        yield gh
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def body_file(tmp_path: Path) -> Path:
    path = tmp_path / "remind.md"
    path.write_text("## Overdue\n\n- tcm-2021-06-09-1 (Nazaret Bello González)\n", encoding="utf-8")
    return path


def run(
    body: Path, capsys: pytest.CaptureFixture[str], title: str = "Open actions"
) -> tuple[int, str, str]:
    status = main(["github-issue", "--title", title, "--body-file", str(body)])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return status, out, err


def test_creates_the_issue_when_missing(
    github: FakeGitHub, body_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    github.add(1, "Open actions (old)", "x")  # not the exact title
    github.add(2, "open actions", "x")
    github.add(3, "Open actions", "a pull request", pull_request={"url": "..."})
    status, out, err = run(body_file, capsys)
    assert (status, err) == (0, "")
    assert out == f"created issue #4: https://github.com/{REPOSITORY}/issues/4\n"
    assert [(m, p) for m, p, _ in github.requests] == [("GET", ISSUES), ("POST", ISSUES)]
    assert {a for _, _, a in github.requests} == {f"Bearer {TOKEN}"}
    created = github.issues[-1]
    assert created["title"] == "Open actions"
    assert created["body"] == body_file.read_text(encoding="utf-8")  # non-ASCII intact
    # the others are untouched
    assert [i["body"] for i in github.issues[:3]] == ["x", "x", "a pull request"]


def test_edits_the_issue_when_present_on_a_later_page(
    github: FakeGitHub, body_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    github.page_size = 2
    github.add(7, "Open actions", "last week's list")
    for n in range(10, 15):
        github.add(n, f"issue {n}")
    status, out, err = run(body_file, capsys)
    assert (status, err) == (0, "")
    assert out == f"updated issue #7: https://github.com/{REPOSITORY}/issues/7\n"
    methods = [(m, p) for m, p, _ in github.requests]
    assert methods == [("GET", ISSUES)] * 3 + [("PATCH", f"{ISSUES}/7")]
    assert github.issues[0]["body"] == body_file.read_text(encoding="utf-8")
    assert github.issues[0]["title"] == "Open actions"
    assert len(github.issues) == 6  # nothing created

    # the same body again: nothing to write
    github.requests.clear()
    status, out, _ = run(body_file, capsys)
    assert status == 0 and out.startswith("unchanged issue #7: ")
    assert {m for m, _, _ in github.requests} == {"GET"}


def test_the_oldest_of_two_issues_with_the_title_is_kept(
    github: FakeGitHub, body_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    github.add(5, "Open actions", "a")
    github.add(9, "Open actions", "b")
    status, out, _ = run(body_file, capsys)
    assert status == 0 and out.startswith("updated issue #5: ")
    assert [i["body"] for i in github.issues] == [body_file.read_text(encoding="utf-8"), "b"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "GitHub answered 401 Unauthorized: Bad credentials (check $GITHUB_TOKEN)"),
        (404, "GitHub answered 404 Not Found: Not Found (check $GITHUB_REPOSITORY"),
    ],
)
def test_refusals_give_one_line_and_exit_2(
    github: FakeGitHub,
    body_file: Path,
    capsys: pytest.CaptureFixture[str],
    status: int,
    expected: str,
) -> None:
    github.fail = status
    code, out, err = run(body_file, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"minutes github-issue: GET {github.base}{ISSUES}: {expected}")
    assert len(github.requests) == 1  # nothing written after a refusal


def test_network_error_gives_one_line_and_exit_2(
    body_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()  # nothing listens there any more
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    code, out, err = run(body_file, capsys)
    assert code == 2 and out == ""
    assert err == (
        f"minutes github-issue: GET http://127.0.0.1:{port}{ISSUES}: cannot reach GitHub "
        "(ConnectionError)\n"
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GITHUB_TOKEN": ""}, "$GITHUB_TOKEN is not set"),
        ({"GITHUB_REPOSITORY": "escape"}, "$GITHUB_REPOSITORY is 'escape', not owner/name"),
    ],
)
def test_missing_environment_exits_2(
    github: FakeGitHub,
    body_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    expected: str,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, out, err = run(body_file, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"minutes github-issue: {expected}")
    assert github.requests == []


def _console_script(body_file: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `minutes github-issue` as the workflow does (token from the env)."""
    return subprocess.run(
        [
            str(BIN / "minutes"),
            "github-issue",
            "--title",
            "Open actions",
            "--body-file",
            str(body_file),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_console_script_never_prints_the_token(github: FakeGitHub, body_file: Path) -> None:
    """The installed `minutes` command, as the workflow runs it, with the token in its env."""
    result = _console_script(body_file)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"created issue #1: https://github.com/{REPOSITORY}/issues/1\n"
    assert TOKEN not in result.stdout + result.stderr
    github.fail = 401
    result = _console_script(body_file)
    assert result.returncode == 2 and TOKEN not in result.stdout + result.stderr


def test_the_workflow_steps_create_then_edit_the_issue(
    github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run lines of open-actions.yml, as written there, on a copy of the example archive."""
    import os
    import shutil

    import yaml

    from .helpers import REPO

    workflow = yaml.safe_load((REPO / ".github/workflows/open-actions.yml").read_text("utf-8"))
    runs = [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    assert runs[0] == "pip install -e ."  # done: the tests run in the installed project
    for name in ("mkdocs.yml", "hooks.py", "overrides", "docs"):  # what reading mkdocs.yml needs
        (tmp_path / name).symlink_to(REPO / name)
    shutil.copytree(REPO / "meetings", tmp_path / "meetings")
    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ['PATH']}")
    for attempt in ("created", "unchanged"):
        for line in runs[1:]:
            result = subprocess.run(
                ["bash", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{attempt} issue #1: ")
        assert TOKEN not in result.stdout + result.stderr
    report = (tmp_path / "remind.md").read_text(encoding="utf-8")
    assert "tcm-2021-06-09-5" in report
    assert [(i["title"], i["body"]) for i in github.issues] == [("Open actions", report)]
