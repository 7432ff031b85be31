"""How large a record or registry may be (docs/format.md §9.1, §12): real records of megabytes
are read, and a limit, when one is reached, names the option that sets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems

from .helpers import MKDOCS_YML, PEOPLE, minutes, mkdocs_build, record, write_archive

P = "meetings/tcm/2021/2021-06-09.md"
MIB = 1024 * 1024


def _links_line(size: int) -> str:
    """One line of `size` characters of links, as a real 1.3 MB record holds (an issue list
    pasted on one line)."""
    one = "[#{0}](https://github.com/ipfs/go-ipfs/issues/{0}) · "
    line, i = [], 0
    total = 0
    while total < size:
        piece = one.format(i)
        line.append(piece)
        total += len(piece)
        i += 1
    return "".join(line)[:size].rsplit(" · ", 1)[0]


LINE = _links_line(1_300_000)
LONG_RECORD = record("date: 2021-06-09\npresent: [Ian Bird]", "\n## Links\n\n" + LINE + "\n")


def _with_options(root: Path, **options: object) -> None:
    """The archive's mkdocs.yml as write_archive makes it, with these plugin options added."""
    extra = "".join(f"\n      {name}: {value}" for name, value in options.items())
    text = MKDOCS_YML.format(strict="false")
    (root / "mkdocs.yml").write_text(
        text.replace("timezone: Europe/Zurich", "timezone: Europe/Zurich" + extra))


def test_a_record_of_one_long_line_of_links_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(LONG_RECORD.encode()) > 1.25 * MIB  # over the former limit of 1 MiB
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": LONG_RECORD})
    monkeypatch.chdir(tmp_path)
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(), problems)
    assert [str(p) for p in problems.items] == []
    (meeting,) = archive.meetings
    assert meeting.body == "\n## Links\n\n" + LINE + "\n"
    assert [s.title for s in meeting.sections] == ["Links"]


def test_a_record_of_twenty_megabytes_is_read_and_checked(tmp_path: Path) -> None:
    paragraph = (
        "Xavier Espinal reported on the token daemons, [FTS](https://fts.example.org/) and "
        "the data lake; the tests of 2021-06-09 10:00 passed on 4 of 5 sites. " * 8 + "\n\n"
    )
    body = "\n## Notes\n\n" + paragraph * (20_000_000 // len(paragraph))
    body += "- [ ] Ian Bird: close the notes (due 2021-07-01)\n"
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": record(
        "date: 2021-06-09\npresent: [Ian Bird]", body)})
    assert (tmp_path / P).stat().st_size > 19 * MIB
    result = minutes(tmp_path, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "checked 1 record, 2 series, 4 groups, 5 people: no errors\n"
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    (meeting,) = archive.meetings
    assert [a.text for a in meeting.actions] == ["close the notes"]


def test_a_record_over_its_limit_names_the_option(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": LONG_RECORD})
    _with_options(tmp_path, max_record_mib=1)
    result = minutes(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{P}:1: the record is larger than 1 MiB (plugin option max_record_mib): split it, or "
        "raise the option in mkdocs.yml"
    ]
    _with_options(tmp_path, max_record_mib=2)  # the option raises the limit
    raised = minutes(tmp_path, "check")
    assert raised.returncode == 0, raised.stdout + raised.stderr


def test_a_registry_over_its_limit_names_the_option(tmp_path: Path) -> None:
    many = "".join(f"person-{i}:\n  name: Person {i}\n  affiliation: {'x' * 60}\n"
                   for i in range(14_000))
    write_archive(tmp_path, {}, people=PEOPLE + many)
    assert MIB < (tmp_path / "meetings/people.yml").stat().st_size < 2 * MIB
    problems = Problems()
    load_archive(tmp_path / "meetings", Options(max_registry_mib=1), problems)
    people_yml = [(p.line, p.message) for p in problems.items if p.path.endswith("people.yml")]
    assert people_yml == [  # (groups.yml and series.yml then name unknown people)
        (1, "the registry is larger than 1 MiB (plugin option max_registry_mib): split it, or "
            "raise the option in mkdocs.yml")]
    problems = Problems()
    archive = load_archive(tmp_path / "meetings", Options(max_registry_mib=2), problems)
    assert problems.items == [] and len(archive.registry.people) == 5 + 14_000


@pytest.mark.parametrize("value", ["0", "-1", "true", "'64'", "1.5"])
def test_a_limit_must_be_a_whole_number_of_at_least_one(tmp_path: Path, value: str) -> None:
    write_archive(tmp_path, {})
    _with_options(tmp_path, max_record_mib=value)
    result = minutes(tmp_path, "check")
    assert result.returncode == 2
    assert "Plugin 'minutes' option 'max_record_mib'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_long_record_builds_and_the_build_reads_the_limit(tmp_path: Path) -> None:
    write_archive(tmp_path, {"tcm/2021/2021-06-09.md": LONG_RECORD})
    build = mkdocs_build(tmp_path, "--strict")
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site/meetings/tcm/2021-06-09/index.html").read_text(encoding="utf-8")
    last = LINE.rsplit("[#", 1)[1].split("]", 1)[0]
    assert f'href="https://github.com/ipfs/go-ipfs/issues/{last}">#{last}</a>' in page
    assert page.count('href="https://github.com/ipfs/go-ipfs/issues/') == int(last) + 1

    _with_options(tmp_path, max_record_mib=1)
    limited = mkdocs_build(tmp_path)  # not strict: the record is left out, the site is built
    assert limited.returncode == 0, limited.stderr
    assert (f"{P}:1: the record is larger than 1 MiB (plugin option max_record_mib)"
            in limited.stderr)
    assert not (tmp_path / "site/meetings/tcm/2021-06-09/index.html").exists()
