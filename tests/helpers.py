"""Small archives written into tmp_path for tests."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minutes.site.builder import SiteBuilder

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

PEOPLE = """\
ian-bird:
  name: Ian Bird
  affiliation: LAPP
xavier-espinal:
  name: Xavier Espinal
  affiliation: CERN
kay-graf:
  name: Kay Graf
  affiliation: ECAP - University of Erlangen
mohammad-al-turany:
  name: Mohammad Al-Turany
  affiliation: CERN
  aliases: [Mohammed Al-Turany]
nazaret-bello-gonzalez:
  name: Nazaret Bello González
"""

GROUPS = """\
wp2:
  name: Data Infrastructure for Open Science
  kind: work-package
  aliases: [WP2, DIOS]
  lead: xavier-espinal
wp3:
  name: Open-source Scientific Software and Service Repository
  kind: work-package
  aliases: [WP3, OSSR]
cta:
  name: Cherenkov Telescope Array Observatory
  kind: infrastructure
  aliases: [CTA, CTAO]
km3net:
  name: KM3NeT
  kind: infrastructure
"""

SERIES = """\
tcm:
  name: Technical Coordination Meeting
  chair: ian-bird
  standing_groups: [wp2, wp3, cta]
  members: [ian-bird, xavier-espinal, kay-graf]
board:
  name: Executive Board
  members: [ian-bird, mohammad-al-turany]
"""

MKDOCS_YML = """\
site_name: Test minutes
site_url: https://minutes.example.org/
theme:
  name: material
  font: false
plugins:
  - search
  - minutes:
      strict: {strict}
      timezone: Europe/Zurich
markdown_extensions:
  - attr_list
  - toc
  - pymdownx.tasklist
"""


def record(front: str, body: str = "") -> str:
    """A record's text from dedented front-matter and body."""
    return "---\n" + textwrap.dedent(front).strip("\n") + "\n---\n" + textwrap.dedent(body)


def write_archive(
    root: Path,
    records: dict[str, str],
    *,
    people: str = PEOPLE,
    groups: str = GROUPS,
    series: str = SERIES,
    strict: bool = False,
    docs: dict[str, str] | None = None,
) -> Path:
    """An archive with mkdocs.yml, docs/ and meetings/; records keyed by path below meetings/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(strict=str(strict).lower()))
    (root / "docs").mkdir(exist_ok=True)
    for name, text in (docs or {"index.md": "# Test minutes\n"}).items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    meetings = root / "meetings"
    meetings.mkdir(exist_ok=True)
    (meetings / "people.yml").write_text(people, encoding="utf-8")
    (meetings / "groups.yml").write_text(groups, encoding="utf-8")
    (meetings / "series.yml").write_text(series, encoding="utf-8")
    for rel, text in records.items():
        path = meetings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root



# A register of one deliverable (docs/format.md §3.4), for a site that needs one.
ONE_ITEM_REGISTER = "start: 2021-01-01\ndeliverables:\n  D2.1: {title: Design, wp: wp2, due: M8}\n"


def one_meeting_site(
    root: Path,
    front: str,
    body: str = "",
    template_dirs: tuple[Path, ...] = (),
    register: str = "",
) -> SiteBuilder:
    """The site builder of an archive of one record, tcm/2021/2021-06-09.md, as of
    1 July 2021 (with meetings/register.yml when a `register` is given)."""
    from minutes.core.archive import Options, load_archive
    from minutes.core.problems import Problems
    from minutes.site.builder import SiteBuilder
    from minutes.site.urls import Urls

    write_archive(root, {"tcm/2021/2021-06-09.md": record(front, body)})
    if register:
        (root / "meetings" / "register.yml").write_text(register, encoding="utf-8")
    archive = load_archive(root / "meetings", Options(), Problems()).edition(False)
    return SiteBuilder(archive, Urls(True), today=dt.date(2021, 7, 1), template_dirs=template_dirs)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600, check=False
    )


def mkdocs_build(root: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return engine_build("mkdocs", root, *extra, env=env)


def engine_build(engine: str, root: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`<engine> build` of the archive at `root` into root/site (engine: mkdocs or properdocs)."""
    config = ["-f", "mkdocs.yml"] if engine == "properdocs" else []
    return run([str(BIN / engine), "build", *config, "--site-dir", "site", *extra], root, env)


def minutes(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "minutes"), *args], root, env)


def site_text(root: Path) -> dict[str, str]:
    """Every file of a built site as text, by path relative to site/; compressed files
    (sitemap.xml.gz, Pagefind's index chunks) are decompressed first."""
    out: dict[str, str] = {}
    for path in (root / "site").rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        out[path.relative_to(root / "site").as_posix()] = data.decode("utf-8", errors="replace")
    return out


def site_files(site: Path, pagefind: bool = False) -> dict[str, bytes]:
    """Every file of a built site, by path relative to the site; compressed files
    (sitemap.xml.gz, Pagefind's chunks) decompressed. Pagefind's files (their names are
    salted) only with `pagefind`."""
    out: dict[str, bytes] = {}
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and (pagefind or not rel.startswith("pagefind/")):
            data = path.read_bytes()
            out[rel] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return out


def search_fragments(site: Path) -> list[bytes]:
    """What the search index holds, whatever its salted file names: every page fragment."""
    return sorted(gzip.decompress(p.read_bytes()) for p in (site / "pagefind" / "fragment").glob("*"))


def write_registries(root: Path, name: str, text: str) -> None:
    """An archive with no records whose registry `name` (people.yml…) is `text`, the other
    two minimal."""
    write_archive(
        root,
        {},
        people=text if name == "people.yml" else "ada:\n  name: Ada\n",
        groups=text if name == "groups.yml" else "wp2:\n  name: WP2\n",
        series=text if name == "series.yml" else "tcm:\n  name: T\n",
    )


def copy_example(root: Path) -> Path:
    """A copy of the repository's example site (its mkdocs.yml, hooks, docs, records and
    overrides) in `root`: builds must not write into the repository."""
    for name in ("mkdocs.yml", "hooks.py"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "meetings", "overrides"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    return root


def config_variant(root: Path, name: str, old: str, new: str) -> Path:
    """root/`name`: root/mkdocs.yml with `old` replaced by `new` (which must be there)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in text, old
    config = root / name
    config.write_text(text.replace(old, new), encoding="utf-8")
    return config
