"""Name matching (docs/format.md §4): case, accents, honorifics and affiliations do not count."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Ids whose page (people/<id>.md, groups/<id>.md) would be a generated index page.
RESERVED_IDS = frozenset({"index"})
_HONORIFIC_RE = re.compile(r"^(?:(?:dr|prof|mr|ms|mrs|mx)\.?\s+)+", re.I)
_SPACES_RE = re.compile(r"\s+")
_PLAIN_SPLIT_RE = re.compile(r",| and ", re.I)
_WORD_RE = re.compile(r"\w+(?:[-.'’]\w+)*|[^\w\s]")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def strip_affiliation(text: str) -> str:
    """Drop one trailing parenthesised part, nested parentheses included: 'A (B (C))' -> 'A'."""
    text = text.rstrip()
    if not text.endswith(")"):
        return text
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[:i].rstrip()
    return text


def strip_honorifics(text: str) -> str:
    """'Prof. Dr Ada Lovelace' -> 'Ada Lovelace' (case and accents kept)."""
    return _HONORIFIC_RE.sub("", text.strip())


def display_name(text: str) -> str:
    """A name as written, without honorifics or a trailing affiliation: for guests."""
    return strip_honorifics(strip_affiliation(text.strip()))


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The key two names share when they mean the same person or group."""
    text = strip_accents(text).strip()
    text = strip_affiliation(text)
    text = _HONORIFIC_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip().casefold()


def slugify(text: str) -> str:
    """An id made of a name: lowercase ASCII letters, digits and hyphens."""
    ascii_text = strip_accents(text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"


def split_names(text: str) -> list[str]:
    """Split 'A (X, Y), B and C' on commas and ' and ' outside parentheses."""
    if "(" not in text:
        return [p.strip() for p in _PLAIN_SPLIT_RE.split(text) if p.strip()]
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        if depth == 0 and ch == ",":
            parts.append("".join(current))
            current = []
        elif depth == 0 and text[i : i + 5].lower() == " and ":
            parts.append("".join(current))
            current = []
            i += 4
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


@dataclass
class NameIndex:
    """Resolves ids, names and aliases of one kind of entity to their ids."""

    kind: str
    keys: dict[str, str] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)  # id -> the registered name
    max_words: int = 1

    def add(self, entity_id: str, names: Iterable[str]) -> list[str]:
        """Register the names of one entity; returns the names another entity already holds."""
        clashes: list[str] = []
        names = list(names)
        self.primary.setdefault(entity_id, names[0] if names else entity_id)
        for name in [entity_id, *names]:
            key = normalize(name)
            if not key:
                continue
            owner = self.keys.get(key)
            if owner is not None and owner != entity_id:
                clashes.append(name)
                continue
            self.keys[key] = entity_id
            self.max_words = max(self.max_words, len(_WORD_RE.findall(key)))
        return clashes

    def resolve(self, name: str) -> str | None:
        return self.keys.get(normalize(name))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The registered names closest to an unknown one, for 'did you mean'."""
        key = normalize(name)
        close = difflib.get_close_matches(key, list(self.keys), n=n * 2, cutoff=0.6)
        out: list[str] = []
        for k in close:
            shown = self.primary[self.keys[k]]
            if shown not in out:
                out.append(shown)
        return out[:n]

    def match_prefix(self, text: str) -> tuple[str, int] | None:
        """The entity whose name begins `text` as whole words (longest wins): (id, chars used)."""
        key = normalize(text)
        words = list(_WORD_RE.finditer(key))
        for count in range(min(self.max_words, len(words)), 0, -1):
            candidate = key[: words[count - 1].end()]
            found = self.keys.get(candidate)
            if found is not None:
                return found, count
        return None
