"""Edit to preview: how long `mkdocs serve --dirty` (make serve) takes to serve a change.

A server runs on a synthetic archive; the benchmark saves a record (an edit), adds one and
deletes one, and polls the page's address until the server answers with the change: the time
a contributor waits between saving and seeing it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 300.0


@dataclass
class ServeTimes:
    first_build: float  # from start to the first page served
    edit: float
    add: float
    delete: float


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - our own server
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _wait(url: str, done: object, start: float) -> float:
    while time.perf_counter() - start < TIMEOUT:
        status, body = _get(url)
        if done(status, body):  # type: ignore[operator]
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url}: no change within {TIMEOUT:.0f} s")


def _touch(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def measure(root: Path, env: dict[str, str]) -> ServeTimes:
    """Serve the archive at `root` and time an edit, an addition and a deletion."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [
        str(Path(sys.executable).parent / "mkdocs"),
        "serve",
        "--dirty",
        "--dev-addr",
        f"127.0.0.1:{port}",  # with live reload: it is what watches the records
    ]
    records = sorted((root / "meetings").rglob("*.md"))
    record = next(r for r in reversed(records) if "visibility: internal" not in r.read_text())
    series, _, name = record.relative_to(root / "meetings").parts
    page = f"{base}meetings/{series}/{name.removesuffix('.md')}/"
    start = time.perf_counter()
    server = subprocess.Popen(
        command,
        cwd=root,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        first = _wait(page, lambda s, b: s == 200, start)
        time.sleep(1.0)  # let the first search index finish its start
        original = record.read_text(encoding="utf-8")
        marker = "benchmark-edit-7d1c"
        edited = re.sub(r"\n\n", f"\n\n{marker}\n\n", original.split("\n---\n", 1)[1], count=1)
        head = original.split("\n---\n", 1)[0]
        start = time.perf_counter()
        _touch(record, f"{head}\n---\n{edited}")
        edit = _wait(page, lambda s, b: s == 200 and marker in b, start)

        new = record.with_name(f"{record.stem}-extra.md")  # a second meeting that day
        new_page = f"{base}meetings/{series}/{new.stem}/"
        start = time.perf_counter()
        _touch(new, original)
        add = _wait(new_page, lambda s, b: s == 200, start)

        start = time.perf_counter()
        new.unlink()
        delete = _wait(new_page, lambda s, b: s == 404, start)
        _touch(record, original)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return ServeTimes(first, edit, add, delete)


if __name__ == "__main__":  # python -m benchmarks.serve_bench DIR
    print(measure(Path(sys.argv[1]), {"NO_MKDOCS_2_WARNING": "1"}))
