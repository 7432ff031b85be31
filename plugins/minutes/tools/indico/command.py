"""`minutes import-indico`: a record for each event of an Indico export (a file, an event or a
category URL), checked as `minutes check` would check it.

`import_indico` prints nothing: it returns an `ImportSummary` (what it did, its exit status and
the lines to print), which the CLI prints. The archive's settings come from the caller, which
reads them through the engine's loader; `Progress` tells what takes time while it runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from minutes.core.archive import load_archive
from minutes.core.problems import Problem, Problems, display_path
from minutes.core.registry import Registry, load_registry
from minutes.core.settings import ArchiveSettings
from minutes.tools.indico.client import FetchError, export_request, fetch_export, is_url
from minutes.tools.indico.export import Event, IndicoError, parse_events
from minutes.tools.indico.people import (
    UNKNOWN_FILE,
    UnknownPeople,
    people_entry,
    unknown_people_file,
)
from minutes.tools.indico.record import Rendered, render_record
from minutes.tools.indico.update import update_record
from minutes.tools.newrecord import record_path

PROG = "minutes import-indico"
Stream = Literal["out", "err"]


@dataclass
class ImportRequest:
    """What `minutes import-indico` was asked to do."""

    source: str  # an export file or an Indico event / category URL
    series: str | None = None
    minutes_file: str | None = None  # the notes of a single event, as HTML
    start: dt.date | None = None  # --from
    end: dt.date | None = None  # --to
    update: bool = False
    token: str | None = None
    timeout: float = 30.0


class Progress(Protocol):
    """What an import tells while it runs, before its summary."""

    def reading(self, url: str) -> None:
        """The export is being read from Indico at `url`."""

    def events(self, events: list[Event]) -> Iterable[Event]:
        """A category's events, as the import goes through them."""


class Quiet:
    """A `Progress` that tells nothing."""

    def reading(self, url: str) -> None:
        pass

    def events(self, events: list[Event]) -> Iterable[Event]:
        return events


@dataclass
class ImportSummary:
    """What an import did, and what to tell about it: `lines` to print in order, each on
    stdout or stderr. `status` is the exit status: 0 done, 1 done with problems to fix, 2
    nothing done (the last line says why)."""

    status: int = 0
    read: int = 0  # events in the export, readable or not
    outside: int = 0  # events outside --from/--to
    written: list[str] = field(default_factory=list)  # records, as display paths
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    people: UnknownPeople = field(default_factory=UnknownPeople)  # named, not registered
    dropped: Counter[str] = field(default_factory=Counter)  # reason -> lines left out
    problems: list[str] = field(default_factory=list)  # events not imported, and why
    checked: list[Problem] = field(default_factory=list)  # the check's, in records written
    lines: list[tuple[Stream, str]] = field(default_factory=list)

    def say(self, stream: Stream, text: str) -> None:
        self.lines.append((stream, text))


class _Stop(Exception):
    """Nothing (more) to do: the message says why, `status` is the exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def import_indico(
    request: ImportRequest,
    settings: ArchiveSettings,
    session: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write a record for each event of the export `request` names, then check them as
    `minutes check` would. `session` stands in for `requests` (tests); nothing is printed.
    """
    run = _Import(request, settings, progress or Quiet())
    try:
        run.run(session)
    except _Stop as stop:
        run.summary.status = stop.status
        run.summary.say("err", f"{PROG}: {stop}")
    return run.summary


def _plural(n: int, word: str) -> str:
    plural = {"person": "people", "series": "series"}.get(word, word + "s")
    return f"{n} {word if n == 1 else plural}"


class _Import:
    """One run of the command, step by step; each step adds to `summary`."""

    def __init__(self, request: ImportRequest, settings: ArchiveSettings, progress: Progress):
        self.request = request
        self.settings = settings
        self.root = settings.meetings_dir
        self.progress = progress
        self.summary = ImportSummary()
        self.category = False  # many events: report each record, never stop at one
        self.notes: list[str] = []  # what each record has to tell, said after the last one
        self.changed: list[Path] = []  # records written or updated
        self.done: dict[Path, str] = {}  # record -> title of the event imported into it

    def run(self, session: Any) -> None:
        source = self.request.source
        events = self.read_events(self.read_export(session))
        notes_html = self.read_notes()
        if not self.root.is_dir():
            raise _Stop(f"{display_path(self.root)}: no such meetings directory")
        registry = load_registry(self.root, Problems())
        series = self.series(registry)
        chosen = self.choose(events)
        if not self.category and not chosen:
            date = events[0].start.date().isoformat()
            raise _Stop(f"{source}: the event ({date}) is outside --from/--to: nothing imported", 1)
        items = self.progress.events(chosen) if self.category else chosen
        for event in items:
            self.import_event(event, series, registry, notes_html)
        self.summary.lines += [("err", note) for note in self.notes]
        self.tell_unknown(registry)
        self.check_and_conclude()

    def read_export(self, session: Any) -> Any:
        """The export's JSON, from a file or from Indico."""
        request, source = self.request, self.request.source
        if is_url(source):
            try:
                wanted = export_request(source, request.start, request.end)
                self.progress.reading(wanted.url)
                data = fetch_export(wanted.url, request.token, request.timeout, session)
            except FetchError as exc:
                raise _Stop(str(exc)) from None
            self.category = wanted.category
            return data
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise _Stop(f"{source}: {exc.strerror or exc}") from None
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise _Stop(f"{source}: not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            where = f"(line {exc.lineno}, column {exc.colno})"
            raise _Stop(f"{source}: not JSON: {exc.msg} {where}") from None

    def read_events(self, data: Any) -> list[Event]:
        """The events of the export; those that cannot be read are problems of a category."""
        source = self.request.source
        try:
            events, bad = parse_events(data)
        except IndicoError as exc:
            if self.category and "holds no event" in str(exc):
                message = f"{source}: the category holds no event in the dates asked for"
                raise _Stop(message, 1) from None
            raise _Stop(f"{source}: {exc}") from None
        self.category = self.category or len(events) + len(bad) > 1
        self.summary.read = len(events) + len(bad)
        self.summary.problems += [f"{source}: {message}" for message in bad]
        return events

    def read_notes(self) -> str | None:
        """The HTML of --minutes, which stands for a single event's notes."""
        name = self.request.minutes_file
        if name is None:
            return None
        if self.category:
            raise _Stop("--minutes applies to the export of a single event")
        try:
            return Path(name).read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise _Stop(f"{name}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise _Stop(f"{name}: not UTF-8 text") from None

    def series(self, registry: Registry) -> str:
        """--series, or the only series of series.yml."""
        known = ", ".join(sorted(registry.series)) or "none"
        series = self.request.series
        if series is None:
            if len(registry.series) != 1:
                raise _Stop(f"name the series with --series (series.yml has: {known})")
            return next(iter(registry.series))
        if series not in registry.series:
            raise _Stop(f"unknown series '{series}' (known: {known})")
        return series

    def choose(self, events: list[Event]) -> list[Event]:
        """The events within --from/--to, in time order."""
        start, end = self.request.start, self.request.end
        chosen = [
            e
            for e in events
            if (start is None or e.start.date() >= start) and (end is None or e.start.date() <= end)
        ]
        self.summary.outside = len(events) - len(chosen)
        chosen.sort(key=lambda e: e.start)
        return chosen

    def import_event(
        self, event: Event, series: str, registry: Registry, notes_html: str | None
    ) -> None:
        """Write (or update) the record of `event`, unless its day has one already."""
        summary = self.summary
        path = record_path(self.root, series, event.start.date())
        shown = display_path(path)
        if path in self.done:
            summary.problems.append(
                f"{shown}: '{event.title}' is on the same day as '{self.done[path]}', imported "
                "just before it: not imported (one record per series and day)"
            )
            summary.skipped.append(shown)
            return
        if path.exists() and not self.request.update:
            if not self.category:
                raise _Stop(
                    f"{shown} exists already; not overwriting it "
                    "(use --update to refresh the parts the import owns)",
                    1,
                )
            summary.skipped.append(shown)
            return
        rendered = render_record(event, series, registry, notes_html)
        self.take_notes(event, rendered, shown)
        text = rendered.text
        if path.exists():
            current = path.read_text(encoding="utf-8")
            updated = update_record(current, text)
            if updated is None:
                summary.problems.append(
                    f"{shown}: its front-matter cannot be read, so it was not updated"
                )
                summary.skipped.append(shown)
                return
            if updated == current:
                summary.unchanged.append(shown)
                self.done[path] = event.title
                return
            text = updated
            summary.updated.append(shown)
        else:
            summary.written.append(shown)
        self.done[path] = event.title
        self.changed.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)  # never a half-written record

    def take_notes(self, event: Event, rendered: Rendered, shown: str) -> None:
        """What the record of `event` left out, whom it names unregistered, which agenda items
        name no group."""
        prefix = f"{shown}: " if self.category else ""
        notes = self.notes
        if event.has_description:
            notes.append(
                f"{prefix}left out the event description "
                "(Indico keeps the video-conference invitation there)"
            )
        if rendered.unlinked:
            links = _plural(rendered.unlinked, "video-conference link")
            notes.append(f"{prefix}left out the address of {links}")
        if rendered.dropped:
            why = "; ".join(f"{n} × {what}" for what, n in sorted(rendered.dropped.items()))
            total = sum(rendered.dropped.values())
            notes.append(
                f"{prefix}dropped {_plural(total, 'line')} that must never be published: {why}"
            )
            self.summary.dropped.update(rendered.dropped)
        for person in rendered.unknown:
            self.summary.people.add(person, named_in=shown)
        groups_file = display_path(self.root / "groups.yml")
        for title, parent in rendered.ungrouped:
            notes.append(
                f"{prefix}'{title}' (in '{parent}') names no group of {groups_file}: if it is "
                "a group's report, add that name to the group's aliases"
            )

    def tell_unknown(self, registry: Registry) -> None:
        """people.unknown.yml, and for a single event each entry to paste into people.yml."""
        people = self.summary.people.entries()
        if not people:
            return
        if not self.category:
            taken: set[str] = set()
            people_file = display_path(self.root / "people.yml")
            for person, _ in people:
                self.summary.say("err", people_entry(person, registry, people_file, taken))
        text = unknown_people_file(people, registry)
        (self.root / UNKNOWN_FILE).write_text(text, encoding="utf-8")

    def check_and_conclude(self) -> None:
        """The check's problems in the records written, and the verdict."""
        summary, root = self.summary, self.root
        problems = Problems()
        load_archive(root, self.settings.options, problems)
        base = root if root.is_absolute() else root.resolve()  # as load_archive names its files
        touched = {display_path(base / p.relative_to(root)) for p in self.changed}
        summary.checked = [p for p in problems.sorted() if p.path in touched]
        for p in summary.checked:
            summary.say("out", str(p))
        errors = sum(p.severity == "error" for p in summary.checked)
        warnings = sum(p.severity == "warning" for p in summary.checked)
        elsewhere = len(set(problems.errors)) - errors
        if elsewhere:
            summary.say("err", f"({_plural(elsewhere, 'error')} in other files: run minutes check)")
        verdict = (
            f"minutes check: {_plural(errors, 'error')}" if errors else "minutes check: no errors"
        )
        if warnings:
            verdict += f", {_plural(warnings, 'warning')}"
        if self.category:
            self.conclude_category(verdict, errors)
            return
        # A record the import could not update (its front-matter cannot be read) is a
        # problem to fix: said, and the import fails, as in a category.
        for message in summary.problems:
            summary.say("err", message)
        done = summary.written + summary.updated + summary.unchanged + summary.skipped
        (path_shown,) = done or ["nothing"]
        verb = "wrote" if summary.written else "updated" if summary.updated else "left unchanged"
        failed = bool(errors or summary.problems)
        summary.say("err" if failed else "out", f"{verb} {path_shown}; {verdict}")
        summary.status = 1 if failed else 0

    def conclude_category(self, verdict: str, errors: int) -> None:
        """The problems and the counts of a category's import."""
        summary, update = self.summary, self.request.update
        for message in summary.problems:
            summary.say("out", message)
        unknown_note = ""
        if summary.people:
            names = ", ".join(person.name for person, _ in summary.people.entries())
            unknown_note = (
                f": {names} (entries to check and move to "
                f"{display_path(self.root / 'people.yml')}: "
                f"{display_path(self.root / UNKNOWN_FILE)})"
            )
        outside = f" ({summary.outside} outside --from/--to)" if summary.outside else ""
        lines = [
            f"events read: {summary.read}{outside}",
            f"records written: {len(summary.written)}"
            + (f", updated: {len(summary.updated)}" if update else ""),
            f"skipped: {len(summary.skipped)}"
            + (
                " (they exist already: --update refreshes the parts the import owns)"
                if summary.skipped and not update
                else ""
            ),
            f"unknown people: {len(summary.people)}{unknown_note}",
            f"problems: {len(summary.problems)}",
            verdict + (" (listed above, with what to fix)" if errors else ""),
        ]
        summary.lines += [("out", line) for line in lines]
        summary.status = 1 if errors or summary.problems or summary.skipped else 0
