"""Jinja environment for the generated pages: package templates, overridable from the theme."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def iso(d: dt.date | None) -> str:
    """'2021-06-09', or nothing for no date."""
    return d.isoformat() if d else ""


@functools.lru_cache(maxsize=1 << 15)
def long_date(d: dt.date) -> str:
    """'9 June 2021' (kept: the pages of an archive name each date many times)."""
    return f"{d.day} {d:%B} {d.year}"


def make_env(override_dirs: Iterable[Path] = ()) -> jinja2.Environment:
    """Templates from `<dir>/minutes/` of each override dir (e.g. a theme's custom_dir) first.

    One environment per set of folders for the whole process: `mkdocs serve` builds again and
    again, and compiling the templates each time would cost more than the pages an edit
    touches. Jinja still reloads a template whose file changed (`auto_reload`).
    """
    return _env(tuple(str(d) for d in override_dirs))


@functools.lru_cache(maxsize=8)
def _env(override_dirs: tuple[str, ...]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(Path(d) / "minutes")) for d in override_dirs
    ]
    loaders.append(jinja2.PackageLoader("minutes.site", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=True,
    )
    env.filters["long_date"] = long_date
    env.filters["iso"] = iso
    env.filters["md"] = markdown_text
    env.filters["yaml_html"] = yaml_html
    return env


def esc(value: str) -> str:
    """`markupsafe.escape` of a string, as a plain string: the same five entities, without a
    `Markup` object a call (the rows made in Python escape hundreds of thousands of values)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


# Python-Markdown's backslash escapes; < > & are neutralised by HTML escaping instead.
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(value: object) -> Markup:
    """A value as literal text inside Markdown: Markdown syntax and HTML both neutralised."""
    return Markup(escape(_MD_SPECIALS.sub(r"\\\1", str(value))))


def yaml_html(value: object) -> Markup:
    """A value for a page's front-matter `title`, which themes print into HTML unescaped."""
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))
