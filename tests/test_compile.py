"""`minutes compile` (issue 24): the compiled pages of a site printed to tagged PDF by headless
Chromium, read back with pypdf; `--all` and `--downloads`; the message without a browser; the
argument errors; the publish workflows' step.

Each archive is built once per module; the tests that print call the CLI in-process, with the
test machine's Chromium as MINUTES_CHROMIUM.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import shlex
import shutil
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from minutes.cli import main
from minutes.site.urls import compiled_pdf
from minutes.tools.compile import compiled_pages, missing_package, no_chromium, outline_titles

from .browser import need_chromium
from .fixture_archive import CANARY, TODAY_EPOCH, write_fixture
from .helpers import REPO, config_variant, copy_example, mkdocs_build, record

# A record that carries dial-in details fails its check (docs/format.md §8): the build leaves
# it out of the site (§9), so neither the details nor the meeting reach a PDF.
PASSCODE, DIAL_IN = "Passcode: 590317", "+41 22 767 6000"
DIALLED = record(
    "date: 2021-07-07\ntitle: Dialled meeting\npresent: [Ian Bird]",
    f"## Connection\n\n{PASSCODE}\n\nDial-in: {DIAL_IN}\n",
)

TCM = "Technical Coordination Meeting"
FIXTURE_2021 = [f"{TCM}, 9 June 2021", f"{TCM}, 23 June 2021"]
EXAMPLE_2021 = [f"{TCM}, 9 June 2021"]


# --- archives, built once --------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's example archive with a record that carries dial-in details
    (the build must not write into the repository)."""
    root = copy_example(tmp_path_factory.mktemp("example"))
    (root / "meetings/tcm/2021/2021-07-07.md").write_text(DIALLED, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixture_archive.py's archive (two series, two years, an internal record with the
    canary), with a record that carries dial-in details."""
    root = write_fixture(tmp_path_factory.mktemp("fixture"))
    (root / "meetings/tcm/2021/2021-07-07.md").write_text(DIALLED, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fixture_site(fixture_root: Path) -> Path:
    """The fixture archive's public edition, built in fixture_root/site."""
    result = mkdocs_build(fixture_root, env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return fixture_root / "site"


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> str:
    """The test machine's Chromium, given to `minutes compile` as MINUTES_CHROMIUM."""
    path = need_chromium()
    monkeypatch.setenv("MINUTES_CHROMIUM", path)
    return path


def compile_(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["compile", *argv])
    out, err = capsys.readouterr()
    return status, out, err


# --- reading a PDF back ----------------------------------------------------------------------


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def link_targets(reader: PdfReader) -> set[str]:
    """The URIs of the PDF's link annotations."""
    found: set[str] = set()
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.add(str(action["/URI"]))
    return found


def check_pdf(path: Path, meetings: list[str]) -> PdfReader:
    """What every printed PDF holds: a page per meeting at least, a bookmark and the title of
    each meeting, numbered pages, the marks of a tagged PDF; no dial-in detail."""
    reader = PdfReader(path)
    pages = len(reader.pages)
    assert pages >= len(meetings) + 1  # the cover, then a page per meeting at least
    # Chromium's outline drops the space where a long heading wraps: compared without spaces
    bookmarks = ["".join(t.replace("\u00b6", "").split()) for t in outline_titles(reader.outline)]
    for title in meetings:
        assert bookmarks.count("".join(title.split())) == 1, (title, bookmarks)
    text = pdf_text(reader)
    for title in meetings:
        assert title in " ".join(text.split())
    for number, page in enumerate(reader.pages, start=1):
        assert f"{number} / {pages}" in page.extract_text()
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    for secret in ("590317", "767 6000", "Dialled", "127.0.0.1"):
        assert secret not in text
    assert not any("127.0.0.1" in uri for uri in link_targets(reader))
    return reader


# --- printing --------------------------------------------------------------------------------


@pytest.mark.browser
def test_example_archive_to_pdf(
    example: Path,
    chromium: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(example)
    out = tmp_path / "tcm-2021.pdf"
    status, stdout, stderr = compile_(capsys, "tcm", "--year", "2021", "--pdf", str(out))
    assert status == 0, stderr
    reader = check_pdf(out, EXAMPLE_2021)
    assert re.fullmatch(
        rf"{re.escape(out.as_posix())}: {len(reader.pages)} pages, \d+\.\d s\n", stdout
    )
    # links into the site point at its site_url; links that leave it stay
    targets = link_targets(reader)
    assert "https://escape-minutes.example.org/meetings/tcm/2021-06-09/" in targets
    assert any(t.startswith("https://escape-minutes.example.org/people/") for t in targets)
    # nothing written into the archive: the site was built in a temporary folder
    assert not (example / "site").exists()


@pytest.mark.browser
def test_fixture_archive_public_pdf_holds_no_internal_record(
    fixture_root: Path,
    chromium: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(fixture_root)
    monkeypatch.setenv("MINUTES_INCLUDE_INTERNAL", "1")  # not passed on without --internal
    out = tmp_path / "public.pdf"
    status, _, stderr = compile_(capsys, "tcm", "--year", "2021", "--pdf", str(out))
    assert status == 0, stderr
    # the build's errors are shown: the record left out of the site, so out of the PDF
    assert stderr.splitlines() == [
        "ERROR   -  minutes: meetings/tcm/2021/2021-07-07.md:8: a dial-in credential "
        "('Passcode: ...') must never be published: remove it from the record",
        "ERROR   -  minutes: meetings/tcm/2021/2021-07-07.md:10: a telephone dial-in number "
        "must never be published: remove it from the record",
    ]
    reader = check_pdf(out, FIXTURE_2021)
    text = pdf_text(reader)
    assert CANARY not in text
    assert "https://fts.example.org/" in link_targets(reader)
    # the board's 2022 meeting is internal: the public edition has no compiled page for it
    status, _, stderr = compile_(capsys, "board", "--year", "2022", "--pdf", str(out))
    assert status == 1
    assert stderr.splitlines()[-1] == (
        "minutes: no compiled minutes of board in 2022 (there are: board 2021; tcm 2021, 2022)"
    )


@pytest.mark.browser
def test_internal_edition_holds_the_internal_meeting(
    fixture_root: Path,
    chromium: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(fixture_root)
    out = tmp_path / "internal.pdf"
    status, _, stderr = compile_(capsys, "board", "--year", "2022", "--internal", "--pdf", str(out))
    assert status == 0, stderr
    reader = check_pdf(out, [f"Internal {CANARY} title, 1 March 2022"])
    assert CANARY in pdf_text(reader)


@pytest.mark.browser
def test_default_pdf_name_and_links_without_a_site_url(
    fixture_root: Path,
    fixture_site: Path,
    chromium: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = config_variant(
        fixture_root, "no-url.yml", "site_url: https://minutes.example.org/\n", ""
    )
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = compile_(
        capsys, "tcm", "--year", "2021", "--site", str(fixture_site), "--config", str(config)
    )
    assert status == 0, stderr
    assert stdout.startswith("tcm-2021.pdf: ")
    reader = check_pdf(tmp_path / "tcm-2021.pdf", FIXTURE_2021)
    # without a site_url, links into the site are text; the others stay
    targets = link_targets(reader)
    assert "https://fts.example.org/" in targets
    assert not any("minutes.example.org" in t for t in targets)


@pytest.mark.browser
def test_all_writes_one_pdf_per_series_and_year(
    fixture_root: Path,
    fixture_site: Path,
    chromium: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(fixture_root)
    out = tmp_path / "pdfs"
    status, stdout, stderr = compile_(
        capsys, "--all", "--site", str(fixture_site), "--out", str(out)
    )
    assert status == 0, stderr
    names = ["board-2021.pdf", "tcm-2021.pdf", "tcm-2022.pdf"]
    assert sorted(p.name for p in out.iterdir()) == names
    lines = stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [(out / n).as_posix() for n in names]
    check_pdf(out / "tcm-2021.pdf", FIXTURE_2021)
    check_pdf(out / "tcm-2022.pdf", [f"{TCM}, 12 January 2022"])
    check_pdf(out / "board-2021.pdf", ["Board meeting, 1 September 2021"])
    for name in names:
        assert CANARY not in pdf_text(PdfReader(out / name))


def test_downloads_with_the_option_off_write_nothing_and_need_no_browser(
    fixture_root: Path,
    fixture_site: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(fixture_root)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    status, stdout, stderr = compile_(capsys, "--all", "--site", str(fixture_site), "--downloads")
    assert (status, stdout, stderr) == (
        0,
        "no PDF attached: the option compiled_pdf is off in mkdocs.yml\n",
        "",
    )
    assert not list(fixture_site.rglob("*.pdf"))


@pytest.mark.browser
def test_downloads_with_the_option_on_go_into_the_site(
    fixture_root: Path,
    fixture_site: Path,
    chromium: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = config_variant(
        fixture_root, "with-pdf.yml", "strict: false", "strict: false\n      compiled_pdf: true"
    )
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = compile_(
        capsys, "--all", "--site", "site", "--downloads", "--config", str(config)
    )
    assert status == 0, stderr
    wanted = [compiled_pdf("board", 2021), compiled_pdf("tcm", 2021), compiled_pdf("tcm", 2022)]
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf")) == sorted(wanted)
    assert [line.split(": ")[0] for line in stdout.splitlines()] == [f"site/{w}" for w in wanted]
    check_pdf(site / compiled_pdf("tcm", 2021), FIXTURE_2021)


@pytest.mark.browser
def test_the_printer_works_where_an_event_loop_runs(
    fixture_site: Path, chromium: str, tmp_path: Path
) -> None:
    """Playwright's synchronous API refuses a thread that runs an event loop (asyncio, a
    notebook, a test's own Playwright session): the Printer makes its calls in a thread of
    its own, so it prints from inside a running loop too."""
    from minutes.tools.compile import Printer, compiled_pages

    page = next(c for c in compiled_pages(fixture_site) if (c.series, c.year) == ("tcm", 2021))

    async def inside_a_loop() -> int:
        with Printer(fixture_site, "https://minutes.example.org/") as printer:
            return printer.print(page, tmp_path / "loop.pdf").pages

    # in a thread of its own: the test session's own Playwright may run a loop in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pages = pool.submit(asyncio.run, inside_a_loop()).result()
    assert pages >= 3 and len(PdfReader(tmp_path / "loop.pdf").pages) == pages


@pytest.mark.browser
def test_a_meeting_without_a_bookmark_fails(
    chromium: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The outline is checked against the page's meeting sections: a heading Chromium leaves
    out of the outline (here, not displayed) is reported, and the status is 1."""
    page = tmp_path / "site/meetings/tcm/2021/compiled/index.html"
    page.parent.mkdir(parents=True)
    sections = "".join(
        f'<section class="minutes-compiled-meeting" id="m{n}"><h1{style}>{title}</h1>'
        "<p>Minutes.</p></section>"
        for n, (title, style) in enumerate(
            [("Shown meeting, 1 June 2021", ""), ("Hidden meeting, 2 June 2021", " hidden")]
        )
    )
    page.write_text(
        f"<!doctype html><html><body><article><h1>2021</h1>{sections}</article></body></html>",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = compile_(capsys, "tcm", "--year", "2021", "--site", "site")
    assert status == 1
    assert stdout.startswith("tcm-2021.pdf: ")
    assert (
        stderr == "minutes compile: tcm-2021.pdf: no bookmark for 'Hidden meeting, 2 June 2021'\n"
    )


# --- without a browser -----------------------------------------------------------------------


def test_without_playwright_the_message_says_what_to_install(
    fixture_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    status, stdout, stderr = compile_(capsys, "tcm", "--year", "2021", "--site", str(fixture_site))
    assert (status, stdout) == (1, "")
    assert stderr == (
        "minutes compile: printing a PDF needs the Python package playwright, which is not "
        "installed: `pip install 'minutes[pdf]'` installs it; then, if there is no Chromium, "
        "install one with `python -m playwright install chromium` or the system's package "
        "(`apt install chromium`), or name one with MINUTES_CHROMIUM=/path/to/chromium\n"
    )
    assert str(missing_package("playwright")) in stderr


@pytest.fixture
def no_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No Chromium anywhere: none named, none of Playwright's own, an empty PATH."""
    monkeypatch.delenv("MINUTES_CHROMIUM", raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-browsers"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    yield


def test_without_chromium_the_message_says_how_to_get_one(
    fixture_site: Path,
    no_browser: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    status, stdout, stderr = compile_(capsys, "tcm", "--year", "2021", "--site", str(fixture_site))
    assert (status, stdout) == (1, "")
    assert stderr == (
        "minutes compile: printing a PDF needs Chromium, and none was found (MINUTES_CHROMIUM "
        "is not set, Playwright has downloaded none and there is no chromium, chromium-browser, "
        "google-chrome or google-chrome-stable on PATH): install one with `python -m playwright "
        "install chromium` or the system's package (`apt install chromium`), or name one with "
        "MINUTES_CHROMIUM=/path/to/chromium\n"
    )
    assert str(no_chromium()) in stderr
    missing = tmp_path / "nowhere" / "chromium"
    monkeypatch.setenv("MINUTES_CHROMIUM", str(missing))
    status, stdout, stderr = compile_(capsys, "tcm", "--year", "2021", "--site", str(fixture_site))
    assert (status, stdout) == (1, "")
    assert stderr == (
        f"minutes compile: MINUTES_CHROMIUM={missing} is not an executable file: install one "
        "with `python -m playwright install chromium` or the system's package "
        "(`apt install chromium`), or name one with MINUTES_CHROMIUM=/path/to/chromium\n"
    )
    assert not list(tmp_path.glob("*.pdf"))


def test_a_chromium_that_does_not_start_is_said_so(
    fixture_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_browser = shutil.which("true")
    assert not_a_browser is not None
    monkeypatch.setenv("MINUTES_CHROMIUM", not_a_browser)
    status, stdout, stderr = compile_(capsys, "tcm", "--year", "2021", "--site", str(fixture_site))
    assert (status, stdout) == (1, "")
    assert stderr.startswith(f"minutes compile: Chromium ({not_a_browser}) did not start: ")
    assert len(stderr.splitlines()) == 1  # no traceback, no browser log


def test_compiled_pages_in_both_layouts(tmp_path: Path) -> None:
    """`use_directory_urls` true (compiled/index.html) or false (compiled.html)."""
    for rel in (
        "meetings/tcm/2021/compiled/index.html",
        "meetings/board/2022/compiled.html",
        "meetings/tcm/2021-06-09/index.html",
        "meetings/tcm/notayear/compiled.html",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<html></html>", encoding="utf-8")
    pages = compiled_pages(tmp_path)
    assert [(c.series, c.year, c.html, c.url_path) for c in pages] == [
        ("board", 2022, "meetings/board/2022/compiled.html", "meetings/board/2022/compiled.html"),
        ("tcm", 2021, "meetings/tcm/2021/compiled/index.html", "meetings/tcm/2021/compiled/"),
    ]


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tcm", "--year", "2021", "--all"], "give SERIES --year YYYY or --all, not both"),
        ([], "give SERIES --year YYYY, or --all"),
        (["tcm"], "SERIES needs --year YYYY"),
        (
            ["--all", "--year", "2021"],
            "--year goes with SERIES; --all prints every series and year",
        ),
        (
            ["--all", "--pdf", "x.pdf"],
            "--pdf names the PDF of one series and year; with --all, give --out DIR",
        ),
        (
            ["tcm", "--year", "2021", "--out", "d"],
            "--out goes with --all; for one series and year, give --pdf FILE",
        ),
        (
            ["--all", "--downloads"],
            "--downloads needs --all --site DIR: the built site the PDFs are attached to",
        ),
        (
            ["tcm", "--year", "2021", "--site", "s", "--downloads"],
            "--downloads needs --all --site DIR: the built site the PDFs are attached to",
        ),
        (
            ["--all", "--site", "s", "--downloads", "--out", "d"],
            "--downloads writes the PDFs into the site; --out goes without it",
        ),
        (
            ["--all", "--site", "s", "--downloads", "--internal"],
            "--internal cannot go with --downloads: an internal PDF must never reach the site",
        ),
        (
            ["tcm", "--year", "2021", "--site", "s", "--internal"],
            "--internal builds the internal edition, --site DIR prints a site built already "
            "(in whatever edition it was built): give one of them",
        ),
    ],
)
def test_argument_errors(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert compile_(capsys, *argv) == (2, "", f"minutes compile: {message}\n")
    assert not list(tmp_path.iterdir())


def test_unknown_series_and_missing_site(
    fixture_root: Path,
    fixture_site: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(fixture_root)
    status, stdout, stderr = compile_(capsys, "wg", "--year", "2021", "--site", "site")
    assert (status, stdout) == (1, "")
    assert (
        stderr
        == "minutes: no compiled minutes of wg in 2021 (there are: board 2021; tcm 2021, 2022)\n"
    )
    status, _, stderr = compile_(capsys, "tcm", "--year", "2030", "--site", "site")
    assert (status, stderr) == (
        1,
        "minutes: no compiled minutes of tcm in 2030 (there are: board 2021; tcm 2021, 2022)\n",
    )
    assert compile_(capsys, "--all", "--site", "nosite") == (
        2,
        "",
        "minutes compile: nosite: no such folder (a built site)\n",
    )


def test_a_failed_build_shows_its_last_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_fixture(tmp_path / "archive")
    (root / "boom.py").write_text(
        "def on_post_build(config, **kwargs):\n    raise RuntimeError('boom in the hook')\n"
    )
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as fh:
        fh.write("hooks:\n  - boom.py\n")
    monkeypatch.chdir(root)
    status, stdout, stderr = compile_(capsys, "tcm", "--year", "2021")
    assert (status, stdout) == (1, "")
    lines = stderr.splitlines()
    assert "RuntimeError: boom in the hook" in lines
    assert len(lines) <= 21
    assert lines[-1] == "minutes compile: the build of mkdocs.yml failed"
    assert not list(root.glob("*.pdf"))


# --- CI --------------------------------------------------------------------------------------


def test_publish_workflows_attach_the_pdfs_with_the_pdf_extra() -> None:
    """The optional step after the build installs exactly the `pdf` extra's packages; the
    GitLab pipeline holds the same lines, commented out (its image has no Chromium)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = project["optional-dependencies"]["pdf"]
    install = shlex.join(["pip", "install", *extra]).replace("'", '"')
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [s.get("name") for s in steps]
    step = steps[names.index("Compiled minutes as PDF downloads")]
    assert step["run"].splitlines() == [install, "minutes compile --all --site site --downloads"]
    assert names.index("Build the site") + 1 == names.index("Compiled minutes as PDF downloads")
    assert (
        "upload-pages-artifact"
        in steps[names.index("Compiled minutes as PDF downloads") + 2]["uses"]
    )
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert f"    # - {install}\n" in gitlab
    assert "    # - minutes compile --all --site public --downloads\n" in gitlab
