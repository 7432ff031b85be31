"""The plugin under both engines (MkDocs 1.x and ProperDocs), and engine options read as the
build reads them (docs/format.md §12)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from minutes.cli import main

from .helpers import REPO, engine_build, record, write_archive

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _copy_example(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks.py"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "meetings", "overrides"):
        shutil.copytree(REPO / name, root / name)
    return root


def test_properdocs_builds_the_example_site_as_mkdocs_does(
    example_site: Path, tmp_path: Path
) -> None:
    root = _copy_example(tmp_path / "example")
    result = engine_build("properdocs", root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    ours = {
        p.relative_to(root / "site").as_posix(): p
        for p in (root / "site").rglob("*")
        if p.is_file() and "pagefind" not in p.parts
    }
    theirs = {
        p.relative_to(example_site).as_posix(): p
        for p in example_site.rglob("*")
        if p.is_file() and "pagefind" not in p.parts
    }
    assert sorted(ours) == sorted(theirs)
    assert "meetings/tcm/2021-06-09/index.html" in ours
    for rel, path in ours.items():
        mine, other = path.read_bytes(), theirs[rel].read_bytes()
        # Only the generator line names the engine; sitemap.xml.gz holds a gzip timestamp.
        if rel.endswith(".gz"):
            continue
        assert GENERATOR.sub(b"", mine) == GENERATOR.sub(b"", other), rel
    assert (root / "site/pagefind/pagefind-entry.json").is_file()


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_broken_record_fails_the_strict_build_of_either_engine(
    engine: str, tmp_path: Path
) -> None:
    write_archive(
        tmp_path,
        {"tcm/2021/2021-06-09.md": record("date: 2021-06-10\npresent: [Ian Bird]", "## WP2\n")},
    )
    result = engine_build(engine, tmp_path, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "meetings/tcm/2021/2021-06-09.md:2: date 2021-06-10 differs from the file name's date "
        "2021-06-09" in output
    )
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ('strict: "yes"', "option 'strict': Expected type: <class 'bool'> but received: <class 'str'>"),
        (
            "timezone: Europe",
            "option 'timezone': unknown time zone 'Europe' (use an IANA name such as Europe/Zurich)",
        ),
        (
            "timezone: America/Argentina",
            "option 'timezone': unknown time zone 'America/Argentina'",
        ),
        ("search: lunr", "option 'search': Expected one of: ('pagefind', 'material')"),
    ],
)
def test_check_and_build_reject_an_engine_option_alike(
    option: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_archive(tmp_path, {})
    config = tmp_path / "mkdocs.yml"
    text = config.read_text()
    key = option.split(":")[0]
    text = re.sub(rf"^      {key}: .*$\n?", "", text, flags=re.M)
    config.write_text(text.replace("  - minutes:\n", f"  - minutes:\n      {option}\n"))
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{config}: Config value 'plugins': Plugin 'minutes' {message}" in err
    assert "Traceback" not in err
    result = engine_build("mkdocs", tmp_path)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_check_reads_env_options_as_the_engine_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_archive(
        tmp_path, {"tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Grace Hopper]")}
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("strict: false", "strict: !ENV [MINUTES_STRICT, false]")
    )
    monkeypatch.delenv("MINUTES_STRICT", raising=False)
    assert main(["check", str(tmp_path)]) == 0
    monkeypatch.setenv("MINUTES_STRICT", "true")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "meetings/tcm/2021/2021-06-09.md:3: unknown person 'Grace Hopper'" in out


def test_minutes_check_under_properdocs_reads_the_options_alike(tmp_path: Path) -> None:
    from .helpers import minutes

    write_archive(
        tmp_path, {"tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Grace Hopper]")}
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: false", "strict: true"))
    result = minutes(tmp_path, "check", env={"MINUTES_ENGINE": "properdocs"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "meetings/tcm/2021/2021-06-09.md:3: unknown person 'Grace Hopper'" in result.stdout
    config.write_text(config.read_text().replace("strict: true", "strict: yes please"))
    result = minutes(tmp_path, "check", env={"MINUTES_ENGINE": "properdocs"})
    assert result.returncode == 2
    assert "option 'strict': Expected type: <class 'bool'>" in result.stderr
