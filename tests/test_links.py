"""No broken internal link or anchor anywhere in a built site (checked with BeautifulSoup)."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup


def broken_links(site: Path) -> list[str]:
    @cache
    def ids_of(path: Path) -> frozenset[str]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return frozenset(str(t["id"]) for t in soup.find_all(id=True)) | frozenset(
            str(t["name"]) for t in soup.find_all("a", attrs={"name": True}))

    problems: list[str] = []
    checked = 0
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":  # served from any address: its links are root-based on purpose
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or not isinstance(ref, str):
                continue
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:")):
                continue
            checked += 1
            base = posixpath.dirname(rel)
            target_rel = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else rel
            target = site / target_rel
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{rel}: {ref} -> missing {target.relative_to(site)}")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                problems.append(f"{rel}: {ref} -> no #{parts.fragment} in {target.relative_to(site)}")
    assert checked > 50, "the checker found too few links to be checking anything"
    return problems


@pytest.mark.parametrize("site_fixture", ["example_site", "fixture_site", "internal_site"])
def test_no_broken_internal_link(site_fixture: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    assert broken_links(site) == []


def test_the_checker_catches_a_broken_link_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    links = "".join(f'<a href="{i}">x</a>' for i in ["a/", "a/#here"] * 30)
    (tmp_path / "index.html").write_text(links + '<a href="b/">x</a><a href="a/#gone">y</a>')
    (tmp_path / "a/index.html").write_text('<h2 id="here">x</h2>')
    assert broken_links(tmp_path) == [
        "index.html: b/ -> missing b/index.html",
        "index.html: a/#gone -> no #gone in a/index.html",
    ]
