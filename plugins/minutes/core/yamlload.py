"""YAML loading that remembers the line of every mapping key, for exact error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping that knows the 1-based line of each key (relative to the YAML text)."""

    lines: dict[str, int]
    line: int

    def line_of(self, key: str) -> int:
        return self.lines.get(key, getattr(self, "line", 1))


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(f"duplicate key '{key}'")
        self.key = key
        self.line = line


# libyaml's parser when PyYAML has it: records are read on every build.
if TYPE_CHECKING or not hasattr(yaml, "CSafeLoader"):  # noqa: SIM108 - mypy needs a plain alias
    _Base = yaml.SafeLoader
else:
    _Base = yaml.CSafeLoader


class _Loader(_Base):
    """SafeLoader that keeps key lines and reads 10:00 as a string, not a base-60 integer."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A scalar the YAML type cannot hold (2021-13-45, 0b_, a 5000-digit number) stays text.

        PyYAML's constructors raise plain ValueError/OverflowError with no position; reading
        such a scalar as text lets the field's own check report it at its line.
        """
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError, AttributeError, KeyError) as exc:
            # explicit tags reach constructors with input they never expect (`!!timestamp ''`)
            self.recursive_objects.pop(node, None)
            if isinstance(node, yaml.ScalarNode):
                value = str(node.value)
                self.constructed_objects[node] = value
                return value
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot be read ({exc})", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:  # type: ignore[override]
        self.flatten_mapping(node)
        result = LineDict()
        result.lines = {}
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result


# YAML 1.1 reads 10:00 as 600 (sexagesimal); a meeting's start time must stay "10:00".
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:int"]
    for ch, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
    ),
    list("-+0123456789"),
)
_Loader.add_constructor(
    "tag:yaml.org,2002:map",
    _Loader.construct_mapping,
)


# docs/format.md §9, limits: no record needs more; a hostile text could otherwise make the
# reader build a structure far larger than the file (an alias bomb) or recurse too deep.
MAX_DEPTH = 32
MAX_ALIAS_VALUES = 10_000


@dataclass
class YamlError(Exception):
    """A YAML text that cannot be read; `line` is 1-based within the text."""

    line: int
    message: str


def load(text: str) -> Any:
    """Parse YAML text; mappings come back as LineDict. Raises YamlError with a line."""
    try:
        _check_shape(text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except DuplicateKey as exc:
        raise YamlError(exc.line, f"invalid YAML: duplicate key '{exc.key}'") from None
    except yaml.reader.ReaderError as exc:  # never for a file: read_text drops the characters
        line = text[: exc.position].count("\n") + 1
        raise YamlError(line, "invalid YAML: a character YAML does not allow") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = exc.problem or exc.context or "cannot be parsed"
        raise YamlError(line, f"invalid YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"invalid YAML: {exc}") from None


def _check_shape(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases that expand to too many values.

    One pass over the parser's events (libyaml's parser keeps its own stack, so any depth is
    safe here), before anything is built: the expanded size of every anchored node is counted
    once, so the pass is linear in the text whatever the aliases.
    """
    sizes: dict[str, int] = {}  # anchor -> values it stands for, aliases expanded
    stack: list[tuple[str | None, int]] = [(None, 0)]  # open collections: anchor, values so far
    from_aliases = 0
    for event in yaml.parse(text, Loader=_Base):
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor or "", 1)
            from_aliases += size
            if from_aliases > MAX_ALIAS_VALUES:
                raise YamlError(
                    line,
                    f"invalid YAML: aliases expand to more than {MAX_ALIAS_VALUES} values; "
                    "write the values out instead",
                )
            anchor, count = stack[-1]
            stack[-1] = (anchor, count + size)
        elif isinstance(event, yaml.ScalarEvent):
            anchor, count = stack[-1]
            stack[-1] = (anchor, count + 1)
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) > MAX_DEPTH:
                raise YamlError(line, f"invalid YAML: nested more than {MAX_DEPTH} levels deep")
            stack.append((event.anchor, 1))
        elif isinstance(event, yaml.CollectionEndEvent) and len(stack) > 1:
            anchor, count = stack.pop()
            if anchor:
                sizes[anchor] = count
            parent_anchor, parent_count = stack[-1]
            stack[-1] = (parent_anchor, parent_count + count)
