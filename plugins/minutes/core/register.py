"""The register of what a project owes: meetings/register.yml (docs/format.md §3.4).

Its deliverables, milestones and risks are read by their declarations (core/fields.py
`REGISTER_KINDS`); every problem is reported at its line, in one run, and what could be read
of an item is kept.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minutes.core import files, yamlload
from minutes.core.fields import (
    DATE_PATTERN,
    DOI_PATTERN,
    ID_PATTERN,
    LINK_PATTERN,
    REGISTER_KINDS,
    REGISTER_START,
    Field,
    Form,
    ItemKind,
    Kind,
)
from minutes.core.model import Register, RegisterItem, RegisterKind, Rescheduled
from minutes.core.problems import Problems, alternatives, type_name
from minutes.core.yamlload import LineDict

if TYPE_CHECKING:
    from minutes.core.registry import Registry

REGISTER_FILE = "register.yml"
MONTH_RE = re.compile(r"^M([1-9][0-9]{0,3})$")
_DATE_RE = re.compile(DATE_PATTERN)
_ID_RE = re.compile(ID_PATTERN)
_LINK_RE = re.compile(LINK_PATTERN)
_DOI_RE = re.compile(DOI_PATTERN)
_TOP_KEYS = (REGISTER_START.name, *(k.section for k in REGISTER_KINDS))


def due_date(start: dt.date, month: int) -> dt.date:
    """The last day of project month `month`, the start's month being month 1: a project that
    starts on 2015-09-01 has M12 = 2016-08-31. ValueError below M1 or past the year 9999."""
    if month < 1:
        raise ValueError(f"no project month {month}")
    index = start.year * 12 + start.month - 1 + month - 1
    year, month0 = divmod(index, 12)
    if year > dt.MAXYEAR:
        raise ValueError(f"project month {month} is past the year {dt.MAXYEAR}")
    return dt.date(year, month0 + 1, calendar.monthrange(year, month0 + 1)[1])


def load_register(
    meetings_dir: Path, registry: Registry, problems: Problems, limit: int
) -> Register:
    """Read and check meetings/register.yml (at most `limit` bytes) against the registries
    read before it; an archive without one has an empty register."""
    from minutes.core.registry import check_text, check_values, withhold

    path = meetings_dir / REGISTER_FILE
    if not path.is_symlink() and not path.exists():
        return Register()
    text = files.read_text(path, path.parent, "registry", limit, problems)
    if text is None:
        return Register()
    in_text = check_text(path, text, problems)
    try:
        data = yamlload.load(text)
    except yamlload.YamlError as exc:
        problems.error(path, exc.line, exc.message)
        return Register()
    if data is None:
        return Register()
    if not isinstance(data, LineDict):
        problems.error(path, 1, f"{REGISTER_FILE} must be a mapping of {_listed(_TOP_KEYS)}")
        return Register()
    for key in data:
        if key not in _TOP_KEYS:
            problems.error(
                path, data.line_of(key), f"unknown key '{key}' (expected {_listed(_TOP_KEYS)})"
            )
    reader = _Reader(path, registry, problems, _start(path, data, problems))
    register = Register(reader.start)
    for kind in REGISTER_KINDS:
        section = data.get(kind.section)
        if section is None:
            continue
        if not isinstance(section, LineDict):
            problems.error(
                path,
                data.line_of(kind.section),
                f"'{kind.section}' must be a mapping of ids ({kind.example}) to entries",
            )
            continue
        in_values = check_values(path, section, in_text, problems)
        withheld = withhold(section, in_text, in_values) if in_text or in_values else {}
        for key, entry in section.items():
            if key in withheld and withheld[key] is None:
                continue  # its id carries a credential (reported): left out
            item = reader.item(kind, key, section.line_of(key), entry, withheld.get(key) or {})
            if item is not None:
                register.items[item.id] = item
    return register


def _start(path: Path, data: LineDict, problems: Problems) -> dt.date | None:
    value = data.get(REGISTER_START.name)
    if value is None:
        return None
    day = _as_date(value)
    if day is None:
        problems.error(
            path,
            data.line_of(REGISTER_START.name),
            f"'start' must be a date YYYY-MM-DD, not '{_shown(value)}'",
        )
    return day


class _Reader:
    """Reads the items of register.yml, each field by its declaration."""

    def __init__(
        self, path: Path, registry: Registry, problems: Problems, start: dt.date | None
    ) -> None:
        self.path, self.registry, self.problems, self.start = path, registry, problems, start

    def item(
        self,
        kind: ItemKind,
        key: str,
        line: int,
        entry: Any,
        withheld: dict[str, Any],
    ) -> RegisterItem | None:
        if not re.match(kind.id_pattern, key):
            self.problems.error(
                self.path,
                line,
                f"invalid {kind.kind} id '{_shown(key)}': write it as {kind.example}",
            )
            return None
        if entry is None:
            entry = LineDict()
            entry.lines, entry.line = {}, line
        if not isinstance(entry, LineDict):
            self.problems.error(self.path, line, f"'{key}' must be a mapping of fields")
            return None
        declared = {f.name: f for f in kind.fields}
        for name in entry:
            if name not in declared:
                close = difflib.get_close_matches(name, list(declared), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"expected {', '.join(declared)}"
                self.problems.error(
                    self.path,
                    entry.line_of(name),
                    f"'{key}': unknown field '{_shown(name)}' ({hint})",
                )
        read: dict[str, Any] = {}
        for f in kind.fields:
            value = None if f.name in withheld else entry.get(f.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if f.required and f.name not in withheld:
                    self.problems.error(self.path, line, f"'{key}': '{f.name}' is required")
                continue
            got = self._value(key, f, value, entry.line_of(f.name))
            if got is not None:
                read[f.name] = got
        due = read.pop("due", None)
        rescheduled = read.pop("rescheduled", None)
        wp = read.pop("wp", [])
        item_kind: RegisterKind = kind.kind  # type: ignore[assignment]
        (status_field,) = [f for f in kind.fields if f.name == "status"]
        return RegisterItem(
            id=key,
            kind=item_kind,
            title=read.pop("title", key),
            line=line,
            wp=[wp] if isinstance(wp, str) else wp,
            status=read.pop("status", status_field.values[0]),
            due=due[0] if due else None,
            due_text=due[1] if due else None,
            rescheduled=rescheduled,
            fields=read,
        )

    def _value(self, key: str, f: Field, value: Any, line: int) -> Any:
        """One field's value as kept, or None (reported) when it is not what `f` declares."""

        def bad(message: str) -> None:
            self.problems.error(self.path, line, f"'{key}': '{f.name}' {message}")

        kind = f.kind
        if kind is Form.DUE:
            return self._due(key, f.name, value, line)
        if kind is Form.RESCHEDULED:
            return self._rescheduled(key, value, line)
        if kind is Kind.DATE:
            day = _as_date(value)
            if day is None:
                bad(f"must be a date YYYY-MM-DD, not '{_shown(value)}'")
            return day
        if kind is Form.GROUPS or (kind is Kind.ID and f.refers):
            ids = value if isinstance(value, list) and kind is Form.GROUPS else [value]
            if not ids or not all(isinstance(v, str) and _ID_RE.match(v) for v in ids):
                what = "an id" if kind is Kind.ID else "an id or a list of ids"
                bad(f"must be {what} from {f.refers}, not '{_shown(value)}'")
                return None
            known = self.registry.groups if f.refers == "groups.yml" else self.registry.people
            unknown = [v for v in ids if v not in known]
            for v in unknown:
                close = difflib.get_close_matches(v, list(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                bad(f"names '{_shown(v)}', which is no id in {f.refers}{hint}")
            if unknown:
                return None
            return value if kind is Kind.ID else list(ids)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            bad(f"must be text, not {type_name(value)}")
            return None
        text = str(value).strip()
        if kind is Kind.ENUM and text not in f.values:
            bad(f"must be {alternatives(f.values)}, not '{_shown(text)}'")
            return None
        if kind is Form.LINK:
            if not _LINK_RE.match(text):
                bad(f"must be an http(s) URL or a DOI (10.5281/zenodo.1234), not '{_shown(text)}'")
                return None
            if _DOI_RE.match(text):  # the page links a DOI through its resolver
                return "https://doi.org/" + text.removeprefix("doi:")
        return text

    def _due(self, key: str, name: str, value: Any, line: int) -> tuple[dt.date, str] | None:
        """A due date as computed, and as written."""
        day = _as_date(value)
        if day is not None:
            return day, day.isoformat()
        m = MONTH_RE.match(value) if isinstance(value, str) else None
        if m is None:
            self.problems.error(
                self.path,
                line,
                f"'{key}': '{name}' must be a project month such as M24 or a date YYYY-MM-DD, "
                f"not '{_shown(value)}'",
            )
            return None
        if self.start is None:
            self.problems.error(
                self.path,
                line,
                f"'{key}': '{name}' is the project month {value}, but the register gives no "
                "'start' date to count from",
            )
            return None
        try:
            return due_date(self.start, int(m.group(1))), value
        except ValueError as exc:
            self.problems.error(self.path, line, f"'{key}': '{name}': {exc}")
            return None

    def _rescheduled(self, key: str, value: Any, line: int) -> Rescheduled | None:
        if not isinstance(value, LineDict):
            self.problems.error(
                self.path,
                line,
                f"'{key}': 'rescheduled' must be a mapping of 'due' and 'reason', not "
                f"{type_name(value)}",
            )
            return None
        for name in value:
            if name not in ("due", "reason"):
                self.problems.error(
                    self.path,
                    value.line_of(name),
                    f"'{key}': unknown field '{_shown(name)}' in 'rescheduled' (expected due, "
                    "reason)",
                )
        due = None
        if value.get("due") is None:
            self.problems.error(self.path, line, f"'{key}': 'rescheduled' needs its 'due'")
        else:
            due = self._due(key, "rescheduled", value["due"], value.line_of("due"))
        reason = value.get("reason")
        if reason is None or not isinstance(reason, str) or not reason.strip():
            at = value.line_of("reason") if "reason" in value else line
            self.problems.error(self.path, at, f"'{key}': 'rescheduled' needs a 'reason' (text)")
            return None
        return Rescheduled(due[0], due[1], reason.strip()) if due else None


def _as_date(value: Any) -> dt.date | None:
    """A date as YAML reads it or as text YYYY-MM-DD; None for anything else."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        with contextlib.suppress(ValueError):  # 2021-02-30
            return dt.date.fromisoformat(value.strip())
    return None


def _listed(keys: tuple[str, ...]) -> str:
    return ", ".join(keys)


def _shown(value: Any, limit: int = 80) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
