"""docs/architecture.md's "Where to add…" lists, for a record field, a page kind, an output and
an engine, the places a change must reach; this test holds each list to the code.

Each kind of change has its places here, each with a check over everything of that kind the
code has now (every page output, every file output, every engine): a place the docs leave out
or name wrongly fails the docs test, and a page kind, output or engine that skipped a place
fails its check. The record field's places are `tests/test_field_reach.py`'s `FIELD_PLACES`,
whose checks add a field to the declaration alone and follow it everywhere.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

import pytest

from minutes.adapters import ENGINES
from minutes.aggregates.edition import Edition
from minutes.outputs.pipeline import AGGREGATES, OUTPUTS, BuildContext, Output, Pages, Phase
from minutes.site import pages as page_kinds
from minutes.site.builder import SiteBuilder
from minutes.site.render import Renderer
from minutes.site.templating import PACKAGE_TEMPLATES

from .helpers import ONE_ITEM_REGISTER, REPO, one_meeting_site
from .test_field_reach import FIELD_PLACES

DOC = REPO / "docs" / "architecture.md"
PACKAGE = REPO / "plugins" / "minutes"
PAGE_OUTPUTS = [o for o in OUTPUTS if isinstance(o, Pages)]
FILE_OUTPUTS = [o for o in OUTPUTS if o.phase in (Phase.FILES, Phase.RENDERED)]


def where_to_add(heading: str) -> list[str]:
    """The places the docs list under "**<heading>.**": the path each bullet starts with."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Where to add") : text.index("## Tests")]
    start = section.index(f"**{heading}.**")
    end = section.find("\n**", start + 1)
    block = section[start : end if end != -1 else len(section)]
    return re.findall(r"^- `([^`]+)`", block, re.M)


def module_path(module: str) -> str:
    """`minutes.core.records` as the docs name it: `core/records.py`."""
    path = module.removeprefix("minutes.").replace(".", "/")
    return f"{path}/__init__.py" if (PACKAGE / path).is_dir() else f"{path}.py"


# --- a page kind -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Any], set[str]]]:
    """Each page output's pages for a small archive, and the templates they were made from."""
    site = one_meeting_site(
        tmp_path_factory.mktemp("site"),
        "date: 2021-06-09\npresent: [Ian Bird]",
        "## WP2\nSpeaker: Kay Graf\n\n- [ ] Kay Graf: x\n\nDecision: y\n",
        register=ONE_ITEM_REGISTER,  # the register's pages need a register with items
    )
    used: set[str] = set()
    original = Renderer._template

    def recording(self: Renderer, name: str) -> Any:
        used.add(name)
        return original(self, name)

    made = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Renderer, "_template", recording)
        for output in PAGE_OUTPUTS:
            used.clear()
            made[output.name] = (list(output.pages(BuildContext(site, "x", None))), set(used))
    return made


def family_is_a_method_of_families(made: dict[str, Any]) -> None:
    """site/families.py: a method of `Families` makes the pages, with their inputs."""
    for output in PAGE_OUTPUTS:
        qualname = getattr(output.make, "__qualname__", "")
        assert output.make.__module__ == "minutes.site.families", output.name
        assert qualname.startswith("Families."), output.name


def template_is_a_package_template(made: dict[str, Any]) -> None:
    """site/templates/: each kind's Markdown comes from a template the package ships."""
    for output in PAGE_OUTPUTS:
        pages, templates = made[output.name]
        assert pages, output.name
        assert templates, output.name
        for name in templates:
            assert (PACKAGE_TEMPLATES / name).is_file(), (output.name, name)


def page_class_is_declared(made: dict[str, Any]) -> None:
    """site/pages.py: each page is of a kind declared there (what the adapter does with it)."""
    kinds = {
        c for _, c in inspect.getmembers(page_kinds, inspect.isclass) if issubclass(c, page_kinds.Page)
    }
    for output in PAGE_OUTPUTS:
        pages, _ = made[output.name]
        assert {type(p) for p in pages} <= kinds, output.name
        assert all(p.inputs for p in pages), output.name  # what makes it again when serving


def output_is_declared(made: dict[str, Any]) -> None:
    """outputs/pipeline.py: a `Pages` output in `OUTPUTS`, with its weight, the aggregates
    it uses and, for a section of the nav, its `nav_title`."""
    for output in PAGE_OUTPUTS:
        assert output in OUTPUTS and output.weight > 0, output.name
        assert output.uses <= set(AGGREGATES), output.name
        pages, _ = made[output.name]
        if any(isinstance(p, page_kinds.IndexPage) and p.in_nav for p in pages):
            assert output.nav_title, output.name


def aggregates_live_in_the_edition(made: dict[str, Any]) -> None:
    """aggregates/edition.py: an aggregate a kind shares with others is a cached property of
    `Edition`, declared with its weight in `AGGREGATES`."""
    cached = {n for n, v in vars(Edition).items() if isinstance(v, cached_property)}
    assert set(AGGREGATES) == cached


PAGE_KIND_PLACES: dict[str, Callable[[dict[str, Any]], None]] = {
    "site/families.py": family_is_a_method_of_families,
    "site/templates/": template_is_a_package_template,
    "site/pages.py": page_class_is_declared,
    "outputs/pipeline.py": output_is_declared,
    "aggregates/edition.py": aggregates_live_in_the_edition,
}


@pytest.mark.parametrize("place", PAGE_KIND_PLACES)
def test_every_page_kind_reaches(place: str, made_pages: dict[str, Any]) -> None:
    PAGE_KIND_PLACES[place](made_pages)


# --- an output file ----------------------------------------------------------------------


def _files(output: Output, site: SiteBuilder) -> Iterator[Any]:
    ctx = BuildContext(site, "x", "https://x.org/")
    ctx.report_html = lambda key, url: "<p>report</p>"
    return output.files(ctx)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], SiteBuilder]:
    root = tmp_path_factory.mktemp("files")

    def make() -> SiteBuilder:  # a fresh site each time: no aggregate kept from another call
        return one_meeting_site(
            root,
            "date: 2021-06-09\npresent: [Ian Bird]",
            "## WP2\nSpeaker: Kay Graf\n\n- [ ] Kay Graf: x\n\nDecision: y\n",
        )

    return make


def content_module_is_in_outputs(small_site: Callable[[], SiteBuilder]) -> None:
    """outputs/<module>.py: what makes the bytes lives in the outputs layer, apart from the
    declaration, and is pure: the same edition gives the same bytes (it may run in the
    forked worker of a two-core build, docs/architecture.md "Two cores")."""
    for output in FILE_OUTPUTS:
        assert type(output).__module__.startswith("minutes.outputs."), output.name
        first = [(f.path, f.content, f.source) for f in _files(output, small_site())]
        again = [(f.path, f.content, f.source) for f in _files(output, small_site())]
        assert first == again, output.name


def file_output_is_declared(small_site: Callable[[], SiteBuilder]) -> None:
    """outputs/pipeline.py: an `Output` subclass in `OUTPUTS` with its phase, its weight and
    the aggregates it uses; each file names its inputs (what makes it again when serving)."""
    for output in FILE_OUTPUTS:
        assert output in OUTPUTS and output.phase in (Phase.FILES, Phase.RENDERED), output.name
        assert output.uses <= set(AGGREGATES), output.name
        for f in _files(output, small_site()):
            assert isinstance(f.inputs, frozenset), (output.name, f.path)
            assert all(isinstance(k, str) for k in f.inputs), (output.name, f.path)


OUTPUT_PLACES: dict[str, Callable[[Callable[[], SiteBuilder]], None]] = {
    "outputs/": content_module_is_in_outputs,
    "outputs/pipeline.py": file_output_is_declared,
}


@pytest.mark.parametrize("place", OUTPUT_PLACES)
def test_every_output_file_reaches(place: str, small_site: Callable[[], SiteBuilder]) -> None:
    OUTPUT_PLACES[place](small_site)


# --- an engine ---------------------------------------------------------------------------

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def engine_module(name: str) -> None:
    """adapters/<engine>.py: fills an `Engine` with the engine's names and makes the plugin.

    In a process of its own: importing ProperDocs' module makes `mkdocs` name ProperDocs in
    the process that imports it (properdocs.replacement), which other tests would then see."""
    probe = (
        f"import minutes.adapters.{name} as m\n"
        f"assert m.ENGINE.name == {name!r}, m.ENGINE.name\n"
        "assert m.MinutesPlugin.__name__ == 'MinutesPlugin'\n"
        "assert issubclass(m.MinutesPlugin, m.ENGINE.BasePlugin)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def engine_is_listed(name: str) -> None:
    """adapters/__init__.py: its name in `ENGINES`, which `load_engine` tries in order."""
    assert name in ENGINES


def engine_entry_point_and_contract(name: str) -> None:
    """pyproject.toml: the entry point the engine finds the plugin by, and the one import of
    an engine import-linter allows it."""
    entry = PYPROJECT["project"]["entry-points"][f"{name}.plugins"]
    assert entry == {"minutes": f"minutes.adapters.{name}:MinutesPlugin"}
    (contract,) = [
        c for c in PYPROJECT["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden"
        and c["source_modules"] == ["minutes"]
    ]
    assert f"minutes.adapters.{name} -> {name}" in contract["ignore_imports"]
    assert name in contract["forbidden_modules"]


ENGINE_PLACES: dict[str, Callable[[str], None]] = {
    "adapters/<engine>.py": engine_module,
    "adapters/__init__.py": engine_is_listed,
    "pyproject.toml": engine_entry_point_and_contract,
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("place", ENGINE_PLACES)
def test_every_engine_reaches(place: str, engine: str) -> None:
    ENGINE_PLACES[place](engine)


# --- the docs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "places"),
    [
        ("A record field", [module_path(p.module) for p in FIELD_PLACES]),
        ("A page kind", list(PAGE_KIND_PLACES)),
        ("An output file", list(OUTPUT_PLACES)),
        ("An engine", list(ENGINE_PLACES)),
    ],
)
def test_the_docs_list_the_places(heading: str, places: list[str]) -> None:
    """docs/architecture.md lists exactly the places the checks above hold the code to."""
    assert where_to_add(heading) == places


def test_a_missing_place_fails_the_docs_test() -> None:
    """The list is read from the docs, not assumed: a place left out is seen."""
    listed = where_to_add("A page kind")
    assert len(listed) == len(PAGE_KIND_PLACES) and set(listed) == set(PAGE_KIND_PLACES)
    assert where_to_add("A record field")[0] == "core/records.py"
    with pytest.raises(ValueError):
        where_to_add("A heading the docs do not have")


def test_every_file_output_is_checked() -> None:
    """The outputs the checks cover are every declared output but the pages and the index,
    which the engine writes (Phase.SITE)."""
    covered = {o.name for o in PAGE_OUTPUTS + FILE_OUTPUTS}
    assert covered == {o.name for o in OUTPUTS if o.phase is not Phase.SITE}

