"""Real minutes of other projects (issue 20): `minutes check` reports exactly the problems that
each corpus's README lists as real, nothing else, and the site builds.

Two corpora, each a meetings folder with a README.md that lists its real problems:

- the shared one beside the repository, `<repo>/../shared/corpora/public-minutes` (868 records
  of rust-lang, ipfs and ethereum; read-only: nothing is written into it);
- the project's own, tests/fixtures/corpus (OpenSSF, Hyperledger, OpenJS, Ethereum execution-
  layer calls; its README names sources and licences).

Both are built with the project's own mkdocs.yml, the plugin's `meetings_dir` pointing at the
corpus, `strict: true` and `timezone: UTC`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from minutes.cli import main

from .helpers import REPO, mkdocs_build, site_text

SHARED = REPO.parent / "shared" / "corpora" / "public-minutes"
OWN = REPO / "tests" / "fixtures" / "corpus"

# `minutes check` prints `path:line: message`, `path:line: warning: ...`, `path:line: note: ...`.
PROBLEM_RE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>[0-9]{1,9}): (?:(?P<severity>warning|note): )?(?P<msg>.*)$"
)
# The build log: `ERROR   -  minutes: path:line: message` (or WARNING).
BUILD_PROBLEM_RE = re.compile(
    r"^(?P<level>ERROR|WARNING) +- +minutes: (?P<path>[^\s:][^:]*):(?P<line>[0-9]{1,9}): "
)
# In a README: `path/to/record.md:82` (or a registry, `people.yml:3`) or, after it, `:48`
# (another line of the same file).
README_REF_RE = re.compile(r"`(?P<path>[^`\s:]{1,300}\.(?:md|yml))?:(?P<line>[0-9]{1,9})`")
# A real problem about an invisible character is a note (docs/format.md §9); any other, an error.
INVISIBLE_RE = re.compile(r"U\+[0-9A-F]{4}|invisible|mojibake|control character", re.I)

Found = tuple[str, int, str]  # record path relative to meetings/, line, severity


def corpus_required() -> bool:
    """CI (CI=true) and MINUTES_REQUIRE_BROWSER=1 make a missing corpus a failure."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or os.environ.get("MINUTES_REQUIRE_BROWSER", "") == "1"


def need_corpus(corpus: Path) -> Path:
    """The corpus folder, or a skip on a machine without it (a failure in CI)."""
    if not (corpus / "meetings").is_dir() or not (corpus / "README.md").is_file():
        message = f"the corpus of real minutes is missing: {corpus}"
        if corpus_required():
            pytest.fail(message + " (CI and MINUTES_REQUIRE_BROWSER=1 require it)")
        pytest.skip(message)
    return corpus


def readme_problems(text: str) -> set[Found]:
    """The problems a corpus README lists under 'Real problems that are there': each list item
    names `record.md:line` (and maybe `:line` again for the same record)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Real problems that are there")]
    assert starts, "the README has no 'Real problems that are there' section"
    items: list[str] = []
    for line in lines[starts[0] + 1 :]:
        if not line.strip():
            break
        if line.startswith("- "):
            items.append(line)
        elif line.startswith(" ") and items:
            items[-1] += "\n" + line
        else:
            break
    found: set[Found] = set()
    for item in items:
        severity = "note" if INVISIBLE_RE.search(item) else "error"
        path = None
        for m in README_REF_RE.finditer(item):
            path = m.group("path") or path
            assert path is not None, f"a line number before any record in: {item!r}"
            found.add((path, int(m.group("line")), severity))
    return found


def relative_to(meetings: Path, shown: str) -> str:
    """A path as the check prints it (relative to the working folder or absolute), relative
    to the meetings folder."""
    path = Path(shown)
    if not path.is_absolute():
        path = Path.cwd() / path
    return path.resolve().relative_to(meetings.resolve()).as_posix()


@dataclass
class Corpus:
    """A corpus ready to check and build: `root` holds the project's mkdocs.yml, docs and
    overrides, with the plugin reading `meetings`."""

    root: Path
    meetings: Path
    expected: set[Found]


def prepare(root: Path, corpus: Path) -> Corpus:
    """Copy the project's site configuration into `root`, pointing the plugin at the corpus."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "hooks.py", root / "hooks.py")
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, root / name)
    meetings = (corpus / "meetings").resolve()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config, n_dir = re.subn(
        r"(?m)^([ \t]+)meetings_dir: .*$", lambda m: f'{m.group(1)}meetings_dir: "{meetings}"', config
    )
    config, n_tz = re.subn(r"(?m)^([ \t]+)timezone: .*$", r"\1timezone: UTC", config)
    assert n_dir == 1 and n_tz == 1, "mkdocs.yml: no plugin meetings_dir/timezone to replace"
    assert re.search(r"(?m)^[ \t]+strict: true$", config), "mkdocs.yml: the plugin is not strict"
    # The example's own pages about its register (docs/reading.md, and the nav entry) name
    # pages that only an archive with a register has (docs/format.md §3.4); the corpora have
    # none, so their copy of the docs leaves that part out, as their own docs would.
    config, n_nav = re.subn(r"(?m)^[ \t]+- Register: register/index\.md\n", "", config)
    reading = (root / "docs" / "reading.md").read_text(encoding="utf-8")
    part = re.search(r"(?ms)^## The register\b.*?(?=^## )", reading)
    assert n_nav == 1 and part, "the example's register pages moved: update this test"
    (root / "docs" / "reading.md").write_text(reading.replace(part.group(), ""), "utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    expected = readme_problems((corpus / "README.md").read_text(encoding="utf-8"))
    return Corpus(root, meetings, expected)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return prepare(tmp_path_factory.mktemp("shared-corpus"), need_corpus(SHARED))


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return prepare(tmp_path_factory.mktemp("own-corpus"), need_corpus(OWN))


@pytest.fixture(scope="module")
def shared_build(shared: Corpus) -> subprocess.CompletedProcess[str]:
    """The shared corpus built with --strict into its root's site/ (once: about 20 s)."""
    return mkdocs_build(shared.root, "--strict")


def check(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> tuple[int, set[Found], str]:
    """`minutes check` in-process: its exit code, the problems it printed, its output."""
    code = main(["check", str(corpus.root)])
    out, err = capsys.readouterr()
    found: set[Found] = set()
    for line in out.splitlines():
        m = PROBLEM_RE.match(line)
        if not m:
            # the one other line: the summary when there is no error (errors: on stderr)
            assert line.startswith("checked "), f"not a problem line: {line!r}"
            continue
        found.add((
            relative_to(corpus.meetings, m.group("path")),
            int(m.group("line")),
            m.group("severity") or "error",
        ))
    return code, found, out + err


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    # GitHub annotations would double every problem line.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


# --- the README's list of real problems ------------------------------------------------------


def test_readme_problems_reads_each_reference_with_its_severity() -> None:
    text = (
        "## What `minutes check` should report on it\n"
        "Real problems that are there, and that the check must keep finding:\n"
        "- `ipfs/2016/2016-10-10-orbit.md:82`: a U+0008 (backspace) at the start of the line;\n"
        "- `ipfs/2018/2018-05-21-all-hands.md:44` and `:48`: mojibake (`don’t`),\n"
        "  from text that was decoded with the wrong encoding in the source.\n"
        "- `tcm/2021/2021-06-09.md:7`: a Zoom link with `?pwd=…`: a dial-in credential.\n"
        "\n"
        "Everything else it reported is a false alarm:\n"
        "- `ipfs/2020/2020-01-06-core-implementations-weekly.md:203`: Bugzilla links\n"
    )
    assert readme_problems(text) == {
        ("ipfs/2016/2016-10-10-orbit.md", 82, "note"),
        ("ipfs/2018/2018-05-21-all-hands.md", 44, "note"),
        ("ipfs/2018/2018-05-21-all-hands.md", 48, "note"),
        ("tcm/2021/2021-06-09.md", 7, "error"),
    }


def test_own_readme_lists_the_password_link() -> None:
    text = (OWN / "README.md").read_text(encoding="utf-8")
    assert readme_problems(text) == {("ossf-repos/2023/2023-12-14-emea.md", 20, "error")}


# --- minutes check ---------------------------------------------------------------------------


def test_check_of_the_shared_corpus_reports_exactly_its_real_problems(
    shared: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    assert shared.expected, "the shared corpus README lists no real problem"
    code, found, output = check(shared, capsys)
    assert "Traceback" not in output
    assert found == shared.expected, output
    # its real problems are notes (invisible characters): they never fail the check
    assert code == (1 if any(sev == "error" for _, _, sev in shared.expected) else 0), output


def test_check_of_the_own_corpus_reports_exactly_its_real_problems(
    own: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    code, found, output = check(own, capsys)
    assert "Traceback" not in output
    assert found == own.expected == {("ossf-repos/2023/2023-12-14-emea.md", 20, "error")}, output
    assert code == 1
    assert "1 error in 41 records, 4 series, 0 groups, 126 people" in output


# --- mkdocs build ----------------------------------------------------------------------------


def test_shared_corpus_builds_strict_and_publishes_real_records(
    shared: Corpus, shared_build: subprocess.CompletedProcess[str]
) -> None:
    log = shared_build.stdout + shared_build.stderr
    assert "Traceback" not in log
    assert shared_build.returncode == 0, "\n".join(
        line for line in log.splitlines() if line.startswith(("ERROR", "WARNING", "Aborted"))
    )
    meetings = shared.root / "site" / "meetings"
    # a record the check once refused for a bold speaker line (`**Speaker: 13**`)
    call = (meetings / "acd-cl" / "2023-05-18" / "index.html").read_text(encoding="utf-8")
    assert 'id="consensus-layer-call-109-18-may-2023"' in call
    assert '/people/danny/">' in call
    # Rust code once read as a PIN: published, escaped
    generators = meetings / "rust-lang-design" / "2021-05-12-generators" / "index.html"
    assert "<code>self: Pin&lt;&amp;mut Self&gt;</code>" in generators.read_text(encoding="utf-8")
    # records with invisible characters are published, without them
    orbit = (meetings / "ipfs" / "2016-10-10-orbit" / "index.html").read_text(encoding="utf-8")
    assert 'id="orbit-10-october-2016"' in orbit
    assert "\x08" not in orbit
    hands = meetings / "ipfs" / "2018-05-21-all-hands" / "index.html"
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", hands.read_text(encoding="utf-8"))
    # every record has its page (a folder with index.html; year folders are the series' parts)
    pages = [p for p in meetings.glob("*/*/index.html") if not p.parent.name.isdigit()]
    assert len(pages) == len(list((SHARED / "meetings").glob("*/*/*.md")))


def test_own_corpus_strict_build_refuses_only_the_credential(own: Corpus) -> None:
    result = mkdocs_build(own.root, "--strict")
    log = result.stdout + result.stderr
    assert "Traceback" not in log
    assert result.returncode != 0
    reported = {
        (relative_to(own.meetings, m.group("path")), int(m.group("line")))
        for m in map(BUILD_PROBLEM_RE.match, log.splitlines())
        if m
    }
    assert reported == {(path, line) for path, line, sev in own.expected if sev != "note"}, log
    # nothing else fails the build: no warning of the engine's either (links to files that
    # real minutes name but the archive does not hold are no reason to refuse them)
    others = [
        line
        for line in log.splitlines()
        if line.startswith(("ERROR", "WARNING")) and not BUILD_PROBLEM_RE.match(line)
    ]
    assert others == []


def test_own_corpus_builds_without_the_credential(own: Corpus, tmp_path: Path) -> None:
    root = tmp_path / "site-root"
    shutil.copytree(own.root, root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    meetings = root / "site" / "meetings"
    # the record with the password stays out; its neighbours are published
    assert not (meetings / "ossf-repos" / "2023-12-14-emea").exists()
    texts = site_text(root)
    for secret in ("28dafc6e-cfcf-440d-bb63-ca73a1739f06", "cd540428-a656-44d7-851b-c3cc658174d2",
                   "98058137343", "98109462025"):
        assert not [path for path, text in texts.items() if secret in text], secret
    cpc = texts["meetings/openjs-cpc/2019-07-03/index.html"]
    assert 'id="openjs-foundation-cross-project-council-meeting-2019-07-03-3-july-2019"' in cpc
    assert "<dt>Present (16)</dt>" in cpc
    assert '/people/nick-oleary/">Nick O’Leary</a>' in cpc
    ossf = texts["meetings/ossf-repos/2023-11-16-emea/index.html"]
    assert '/people/josef-simanek/">Josef Šimánek</a>' in ossf
    # one person under two spellings: the alias resolves to the registered name
    assert '/people/kairo-francisco-de-araujo/">Kairo Francisco de Araujo</a>' in ossf
    toc = texts["meetings/hyperledger-toc/2023-05-18/index.html"]
    assert "<dt>Present (9)</dt>" in toc
