"""Reading one meeting record: front-matter, body and the checks of docs/format.md §5–§9."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutes.core import fields, files, nesting, yamlload
from minutes.core.body import GroupMatcher, scan_body
from minutes.core.fields import Field, Kind
from minutes.core.mentions import find_mentions
from minutes.core.model import Meeting, Person
from minutes.core.names import RESERVED_IDS, display_name, normalize, slugify
from minutes.core.problems import Problems, alternatives, type_name
from minutes.core.registry import Registry, check_text, check_values
from minutes.core.yamlload import LineDict

FILE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-([a-z0-9]+(?:-[a-z0-9]+)*))?\.md$")
# The declared patterns (fields.py), as the JSON Schemas have them.
ID_RE = re.compile(fields.ID_PATTERN)
DATE_RE = re.compile(fields.DATE_PATTERN)
TIME_RE = re.compile(fields.TIME_PATTERN)
URL_RE = re.compile(fields.URL_PATTERN)


@dataclass(frozen=True)
class _Declared:
    """What the reader takes from a declaration of the record fields."""

    fields: tuple[Field, ...]
    names: frozenset[str]
    sorted_names: list[str]
    by_name: dict[str, Field]
    generic: tuple[Field, ...]  # no attribute of their own: read by kind into Meeting.extra

    @classmethod
    def of(cls, declared: tuple[Field, ...]) -> _Declared:
        return cls(
            declared,
            frozenset(f.name for f in declared),
            sorted(f.name for f in declared),
            {f.name: f for f in declared},
            tuple(f for f in declared if f.attr is None),
        )


_DECLARED: _Declared | None = None


def declared() -> _Declared:
    """The reader's view of `fields.RECORD_FIELDS` as it is now (remade when it changes)."""
    global _DECLARED
    if _DECLARED is None or _DECLARED.fields is not fields.RECORD_FIELDS:
        _DECLARED = _Declared.of(fields.RECORD_FIELDS)
    return _DECLARED


@dataclass
class Context:
    """What reading a record needs besides the file: registries and plugin options."""

    registry: Registry
    strict: bool = False
    timezone: str = "UTC"
    guests: dict[str, Person] = field(default_factory=dict)
    max_record_mib: int = files.MAX_RECORD_MIB
    default_status: str = "approved"  # the plugin's `default_status`


def split_front_matter(text: str) -> tuple[str, int] | str:
    """Return (YAML text, index of the closing '---' line) or an error message."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "no front-matter: a record must begin with a line '---'"
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), i
    return "unclosed front-matter: no closing '---' line"


class _Resolver(GroupMatcher):
    def __init__(self, path: Path, ctx: Context, problems: Problems) -> None:
        self.path, self.ctx, self.problems = path, ctx, problems

    def group_of_heading(self, text: str) -> str | None:
        found = self.ctx.registry.group_index.match_prefix(text)
        return found[0] if found else None

    def group_id(self, text: str) -> str | None:
        return text if text in self.ctx.registry.groups else None

    def owner(self, name: str) -> str | None:
        return self.ctx.registry.person_index.resolve(name)

    def person(self, name: str, line: int) -> str:
        index = self.ctx.registry.person_index
        pid = index.resolve(name)
        if pid is not None:
            return pid
        hint = index.suggest(name)
        did_you_mean = f" (did you mean {' or '.join(hint)}?)" if hint else ""
        clean = normalize(name)
        guest_id = slugify(clean)
        if guest_id in RESERVED_IDS:
            guest_id += "-guest"  # people/index.md is the People page
        shown = shorten(name)
        if self.ctx.strict:
            self.problems.error(self.path, line, f"unknown person '{shown}'{did_you_mean}")
        else:
            self.problems.warning(
                self.path,
                line,
                f"unknown person '{shown}'{did_you_mean}; kept as guest '{shorten(guest_id)}'",
            )
        if guest_id not in self.ctx.guests:
            self.ctx.guests[guest_id] = Person(guest_id, display_name(name), guest=True)
        return guest_id


def parse_record(
    path: Path, meetings_dir: Path, ctx: Context, problems: Problems
) -> tuple[Meeting | None, bool]:
    """Parse and check one record: (the meeting as far as it could be read, whether it is valid).

    Problems are added to `problems`; a record with errors must not be published, but what
    could be read of it still takes part in checks across records (follow-ups).
    """
    mine = Problems()
    meeting = _parse(path, meetings_dir, ctx, mine)
    problems.extend(mine)
    return meeting, not mine.errors


def _parse(path: Path, meetings_dir: Path, ctx: Context, problems: Problems) -> Meeting | None:
    text = files.read_text(path, meetings_dir, "record", ctx.max_record_mib * files.MIB, problems)
    if text is None:
        return None

    unsafe = check_text(path, text, problems, "remove it from the record")

    rel = path.relative_to(meetings_dir)
    parts = rel.parts
    file_match = FILE_RE.match(path.name)
    if len(parts) != 3 or not file_match:
        problems.error(
            path,
            1,
            "a record belongs at <series>/<YYYY>/<YYYY-MM-DD>.md "
            "(or <YYYY-MM-DD>-<slug>.md for a second meeting on one day)",
        )
        return None
    folder_series, folder_year = parts[0], parts[1]
    file_date_text, slug = file_match.group(1), file_match.group(2)
    try:
        file_date = dt.date.fromisoformat(file_date_text)
    except ValueError:
        problems.error(path, 1, f"the file name's date '{file_date_text}' is no calendar date")
        return None

    split = split_front_matter(text)
    if isinstance(split, str):
        problems.error(path, 1, split)
        return None
    fm_text, closing = split
    try:
        data = yamlload.load(fm_text)
    except yamlload.YamlError as exc:
        problems.error(path, exc.line + 1, exc.message)
        return None
    if data is None:
        data = LineDict()
        data.lines, data.line = {}, 1
    if not isinstance(data, LineDict):
        problems.error(path, 2, "the front-matter must be a mapping of fields (key: value)")
        return None
    check_values(path, data, unsafe, problems, 1, "remove it from the record")

    def line(key: str) -> int:
        return data.line_of(key) + 1

    def err(key: str, message: str) -> None:
        problems.error(path, line(key), message)

    known = declared()
    for key in data:
        if key not in known.names:
            close = difflib.get_close_matches(key, known.sorted_names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            err(key, f"unknown field '{key}'{hint}")

    reg = ctx.registry
    # series
    series_id = folder_series
    if "series" in data:
        value = data["series"]
        if not isinstance(value, str):
            err("series", "'series' must be a series id")
        elif value != folder_series:
            err("series", f"series '{value}' differs from the folder name '{folder_series}'")
    series = reg.series.get(series_id)
    if series is None:
        problems.error(
            path, line("series") if "series" in data else 1, f"unknown series id '{series_id}'"
        )

    # date
    def date_field(key: str) -> dt.date | None:
        value = data[key]
        if isinstance(value, dt.datetime):
            err(key, f"'{key}' must be a date (YYYY-MM-DD) without a time")
            return None
        if isinstance(value, dt.date):
            return value
        day = None
        if isinstance(value, str) and DATE_RE.match(value.strip()):
            with contextlib.suppress(ValueError):  # no calendar date, e.g. 2021-02-30
                day = dt.date.fromisoformat(value.strip())
        if day is None:
            err(key, f"malformed date '{value}' (expected YYYY-MM-DD)")
        return day

    date: dt.date | None = None
    if "date" not in data:
        problems.error(path, 2 if closing > 1 else 1, "'date' is required (YYYY-MM-DD)")
    else:
        date = date_field("date")
        if date is not None and date != file_date:
            err(
                "date",
                f"date {date.isoformat()} differs from the file name's date {file_date_text}",
            )
            date = None
    if folder_year != file_date_text[:4]:
        problems.error(
            path,
            1,
            f"the record of {file_date_text} is in folder '{folder_year}', "
            f"not '{file_date_text[:4]}'",
        )

    def text_field(key: str) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            err(key, f"'{key}' must be text, not {type_name(value)}")
            return None
        return str(value)

    def text_list(key: str, required: bool = False) -> list[str]:
        if key not in data:
            if required:
                problems.error(
                    path, 2 if closing > 1 else 1, f"'{key}' is required (a list, may be empty)"
                )
            return []
        value = data[key]
        if value is None:
            return []
        if not isinstance(value, list):
            err(key, f"'{key}' must be a list, not {type_name(value)}")
            return []
        out: list[str] = []
        for item in value:
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                err(key, f"'{key}' must list names as text, not {type_name(item)}")
        return out

    def time_field(key: str) -> str | None:
        value = text_field(key)
        if value is None:
            return None
        if not TIME_RE.match(value.strip()):
            err(key, f"'{key}' must be a 24-hour time HH:MM, not '{value}'")
            return None
        hours, minutes = value.split(":")
        return f"{int(hours):02d}:{minutes}"

    def choice(key: str, values: tuple[str, ...]) -> str | None:
        value = text_field(key)
        if value is not None and value not in values:
            err(key, f"'{key}' must be {alternatives(values)}, not '{value}'")
            return None
        return value

    def url_map(key: str) -> dict[str, str]:
        raw = data.get(key)
        urls: dict[str, str] = {}
        if raw is None:
            return urls
        if not isinstance(raw, dict):
            err(key, f"'{key}' must map names to URLs, not {type_name(raw)}")
            return urls
        for name, url in raw.items():
            if not isinstance(url, str) or not URL_RE.match(url):
                err(key, f"link '{name}' must be an http(s) URL")
            else:
                urls[str(name)] = url
        return urls

    def id_field(key: str) -> str | None:
        value = text_field(key)
        if value is not None and not ID_RE.match(value):
            err(
                key,
                f"'{key}' must be an id (lowercase letters, digits and hyphens), not "
                f"'{shorten(value)}'",
            )
            return None
        return value

    def id_list(key: str, required: bool = False) -> list[str]:
        ids = text_list(key, required)
        for item in ids:
            if not ID_RE.match(item):
                err(
                    key,
                    f"'{key}' must list ids (lowercase letters, digits and hyphens), not "
                    f"'{shorten(item)}'",
                )
        return [item for item in ids if ID_RE.match(item)]

    def approvals(key: str) -> dict[str, str | None]:
        """`approves` (docs/format.md §7.1): ids, or one-key mappings of an id to a note."""
        raw = data.get(key)
        out: dict[str, str | None] = {}
        if raw is None:
            return out
        if not isinstance(raw, list):
            err(key, f"'{key}' must be a list of meeting ids, not {type_name(raw)}")
            return out
        for item in raw:
            note: Any = None
            if isinstance(item, dict) and len(item) == 1:
                ((mid, note),) = item.items()
            else:
                mid = item
            if not isinstance(mid, str) or not ID_RE.match(mid):
                shown = shorten(mid) if isinstance(mid, str) else type_name(mid)
                err(key, f"'{key}' must list meeting ids or {{id: corrections}}, not '{shown}'")
                continue
            if note is not None and (
                isinstance(note, bool) or not isinstance(note, str | int | float)
            ):
                err(key, f"the corrections to '{mid}' must be text, not {type_name(note)}")
                continue
            if mid in out:
                err(key, f"'{key}' lists '{mid}' twice")
                continue
            out[mid] = (str(note).strip() or None) if note is not None else None
        return out

    own_title = text_field("title")
    title = own_title or (series.name if series else series_id)
    start, end = time_field("start"), time_field("end")
    if start and end and end < start:
        err("end", f"'end' {end} is before 'start' {start}")
    tz = text_field("timezone") or ctx.timezone
    if "timezone" in data and not valid_timezone(tz):
        err("timezone", f"unknown time zone '{tz}' (use an IANA name such as Europe/Zurich)")

    visible = known.by_name["visibility"].values
    visibility = choice("visibility", visible) or visible[0]

    status = choice("status", known.by_name["status"].values) or ctx.default_status
    approves = approvals("approves")

    location = text_field("location")
    links = url_map("links")
    tags = text_list("tags")

    # The declared fields without an attribute of their own, read by their kind alone.
    extra: dict[str, Any] = {}
    for f in known.generic:
        if f.name not in data or data[f.name] is None:
            if f.required:
                problems.error(path, 2 if closing > 1 else 1, f"'{f.name}' is required")
            continue
        kind, key = f.kind, f.name
        read: Any
        if kind is Kind.TIME:
            read = time_field(key)
        elif kind is Kind.DATE:
            read = date_field(key)
        elif kind is Kind.ID:
            read = id_field(key)
        elif kind is Kind.ENUM:
            read = choice(key, f.values)
        elif kind is Kind.URLS:
            read = url_map(key)
        elif kind is Kind.IDS:
            read = id_list(key)
        elif kind is Kind.APPROVALS:
            read = approvals(key)
        elif kind in (Kind.NAMES, Kind.TEXTS):
            read = text_list(key)
        else:  # TEXT, NAME
            read = text_field(key)
        if read is not None:
            extra[key] = read

    resolver = _Resolver(path, ctx, problems)
    chair_name = text_field("chair")
    chair = (
        resolver.person(chair_name, line("chair"))
        if chair_name
        else (series.chair if series else None)
    )
    present = _unique(resolver.person(n, line("present")) for n in text_list("present", True))
    apologies = _unique(resolver.person(n, line("apologies")) for n in text_list("apologies"))
    both = set(present) & set(apologies)
    for pid in sorted(both):
        problems.error(path, line("apologies"), f"'{pid}' is listed both present and in apologies")

    if date is None:
        return None
    meeting_id = meeting_id_of(path, meetings_dir)
    assert meeting_id is not None
    body_lines = text.split("\n")[closing + 1 :]
    body_first = closing + 2

    def report(lineno: int, message: str) -> None:
        problems.error(path, lineno, message)

    body = "\n".join(body_lines)
    scanned = scan_body(body_lines, body_first, meeting_id, resolver, report)
    nesting.check(body, body_first, report)  # docs/format.md §9.1: what the site can show
    meeting = Meeting(
        id=meeting_id,
        series=series_id,
        date=date,
        slug=slug,
        title=title,
        path=path,
        body=body,
        body_line=body_first,
        start=start,
        end=end,
        timezone=tz,
        chair=chair,
        present=present,
        apologies=apologies,
        location=location,
        links=links,
        tags=tags,
        visibility=visibility,  # type: ignore[arg-type]
        status=status,
        approves=approves,
        approves_line=line("approves") if approves else 0,
        sections=scanned.sections,
        items=scanned.items,
        decisions=scanned.decisions,
        speaker_lines=scanned.speaker_lines,
        extra=extra,
    )
    # The register's ids it names (docs/format.md §6.7); the title only when it is its own.
    title_line = line("title") if own_title else None
    meeting.mentions, unknown, unsure = find_mentions(meeting, reg.register, title_line)
    for lineno, message in unknown:
        report(lineno, message)
    for lineno, message in unsure:  # R2 may be a release: a note, never a refusal
        problems.note(path, lineno, message)
    return meeting


def meeting_id_of(path: Path, meetings_dir: Path) -> str | None:
    """`<series>-<YYYY-MM-DD>[-<slug>]` of a record at its proper place, else None."""
    parts = path.relative_to(meetings_dir).parts
    if len(parts) != 3 or not FILE_RE.match(parts[2]):
        return None
    return f"{parts[0]}-{parts[2].removesuffix('.md')}"


def shorten(text: str, limit: int = 80) -> str:
    """A value quoted in a message: long runs of blanks folded, at most `limit` characters."""
    text = " ".join(text.split()) if len(text) > limit else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def valid_timezone(name: str) -> bool:
    """Whether `name` is an IANA time zone; a region ('Europe', 'America/Argentina') is not.

    zoneinfo raises IsADirectoryError (and other OSErrors) for a name that is a folder of
    the zone database, ValueError for malformed names: each is just "not a zone" here.
    """
    if not name or len(name) > 255 or "\0" in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError, UnicodeError):
        return False
    return True


def _unique(ids: Any) -> list[str]:
    return list(dict.fromkeys(ids))
