"""The `minutes` command: check an archive, start a new record, show what a change does."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from minutes import __version__
from minutes.adapters import read_options
from minutes.core.archive import Archive, load_archive
from minutes.core.problems import Problem, Problems, display_path
from minutes.core.settings import ArchiveSettings, SettingsError, find_config
from minutes.core.settings import resolve as resolve_settings
from minutes.runtime.pool import fork_map
from minutes.tools.indico.client import TOKEN_ENV
from minutes.tools.newrecord import new_record, record_path

if TYPE_CHECKING:
    from minutes.tools.indico import ImportRequest

T = TypeVar("T")


def _annotation(p: Problem) -> str:
    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    kind = {"error": "error", "warning": "warning", "note": "notice"}[p.severity]
    return f"::{kind} file={esc(p.path, True)},line={p.line}::{esc(p.message)}"


def resolve(path: Path | None) -> ArchiveSettings:
    """The archive's settings, its options read by the engine's loader."""
    return resolve_settings(path, read_options)


def cmd_check(args: argparse.Namespace) -> int:
    settings = resolve(Path(args.path) if args.path else None)
    problems = Problems()
    # Records are read on two cores where there are two (as the build reads them).
    archive = load_archive(settings.meetings_dir, settings.options, problems, mapper=fork_map)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems.sorted():
        print(p)
        if github:
            print(_annotation(p))
    errors = len(problems.errors)
    reg = archive.registry
    counts = ", ".join(
        _count(n, word)
        for n, word in (
            (archive.record_files, "record"),
            (len(reg.series), "series"),
            (len(reg.groups), "group"),
            (len(reg.people), "person"),
        )
    )
    if errors:
        print(f"{_count(errors, 'error')} in {counts}", file=sys.stderr)
        return 1
    # notes (invisible characters dropped) are counted, never fail (docs/format.md §9)
    tail = "".join(
        f", {_count(n, word)}"
        for n, word in ((len(problems.warnings), "warning"), (len(problems.notes), "note"))
        if n
    )
    print(f"checked {counts}: no errors{tail}")
    return 0


def _count(n: int, word: str) -> str:
    plural = {"series": "series", "person": "people"}.get(word, word + "s")
    return f"{n} {word if n == 1 else plural}"


def cmd_new(args: argparse.Namespace) -> int:
    settings = resolve(Path(args.dir) if args.dir else None)
    problems = Problems()
    archive = load_archive(settings.meetings_dir, settings.options, problems)
    if args.series not in archive.registry.series:
        known = ", ".join(sorted(archive.registry.series)) or "none"
        print(f"minutes new: unknown series '{args.series}' (known: {known})", file=sys.stderr)
        return 2
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"minutes new: malformed date '{args.date}' (expected YYYY-MM-DD)", file=sys.stderr)
        return 2
    path = record_path(settings.meetings_dir, args.series, date)
    if path.exists():
        print(f"minutes new: {path} exists already; not overwriting it", file=sys.stderr)
        return 1
    text = new_record(archive, args.series, date)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:
        fh.write(text)
    print(display_path(path))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from minutes.tools.diff import RENDERERS, ArchiveFailed, diff_revisions
    from minutes.tools.gitrev import GitError

    settings = resolve(Path(args.dir) if args.dir else None)
    site_url = args.site_url or settings.site_url
    try:
        report = diff_revisions(
            settings.meetings_dir,
            settings.options,
            args.base,
            args.head,
            internal=args.internal,
            site_url=site_url,
        )
    except GitError as exc:
        print(f"minutes diff: {exc}", file=sys.stderr)
        return 2
    except ArchiveFailed as exc:
        for side in exc.failed:
            errors = _count(len(side.errors), "error")
            print(
                f"minutes diff: the archive at {side.side.title} fails its check ({errors}):",
                file=sys.stderr,
            )
            for p in side.errors:
                print(p, file=sys.stderr)
        return 2
    sys.stdout.write(RENDERERS[args.format](report))
    return 1 if args.strict and report.warnings else 0


def _archive_for(args: argparse.Namespace) -> tuple[ArchiveSettings, Archive] | None:
    """The archive at `--dir` as read, or None after printing its errors (they fail a check)."""
    settings = resolve(Path(args.dir) if args.dir else None)
    problems = Problems()
    archive = load_archive(settings.meetings_dir, settings.options, problems)
    if problems.errors:
        for p in problems.errors:
            print(p, file=sys.stderr)
        print(
            f"minutes {args.command}: {_count(len(problems.errors), 'error')} in the archive "
            "(see `minutes check`)",
            file=sys.stderr,
        )
        return None
    return settings, archive


def cmd_remind(args: argparse.Namespace) -> int:
    from minutes.tools.remind import RENDERERS, remind

    loaded = _archive_for(args)
    if loaded is None:
        return 2
    settings, archive = loaded
    edition = archive.edition(args.internal, settings.options.publish_drafts)
    today = args.today or dt.date.today()
    report = remind(edition, today, args.days, args.site_url or settings.site_url)
    sys.stdout.write(RENDERERS[args.format](report))
    return 1 if args.fail_on_overdue and report.overdue else 0


def cmd_announce(args: argparse.Namespace) -> int:
    from minutes.tools.announce import RENDERERS, AnnounceError, announcement, render_eml

    loaded = _archive_for(args)
    if loaded is None:
        return 2
    settings, archive = loaded
    try:
        message = announcement(
            archive, args.meeting, args.internal, args.site_url or settings.site_url
        )
    except AnnounceError as exc:
        print(f"minutes announce: {exc}", file=sys.stderr)
        return 2
    if args.format == "eml":
        sys.stdout.flush()
        sys.stdout.buffer.write(render_eml(message, args.to, args.sender))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(RENDERERS[args.format](message))
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"malformed date '{text}' (expected YYYY-MM-DD)") from None


def cmd_import_indico(args: argparse.Namespace) -> int:
    from minutes.tools.indico import ImportRequest

    token = os.environ.get(args.token_env, "").strip() or None
    request = ImportRequest(
        source=args.source,
        series=args.series,
        minutes_file=args.minutes,
        start=args.start,
        end=args.end,
        update=args.update,
        token=token,
        timeout=args.timeout,
    )
    return run_import_indico(request, resolve(Path(args.dir) if args.dir else None))


class _ImportProgress:
    """What `minutes import-indico` tells on stderr while it runs: the URL it reads, and a
    progress bar over a category's events when stderr is a terminal."""

    def __init__(self, err: TextIO) -> None:
        self.err = err

    def reading(self, url: str) -> None:
        print(f"reading {url}", file=self.err)

    def events(self, events: list[T]) -> Iterable[T]:
        if not self.err.isatty():
            return events
        from tqdm import tqdm

        return tqdm(events, desc="importing", unit="event", file=self.err)  # type: ignore[no-any-return]


def run_import_indico(
    request: ImportRequest,
    settings: ArchiveSettings,
    out: TextIO | None = None,
    err: TextIO | None = None,
    session: Any = None,
) -> int:
    """Run `minutes import-indico` and print its summary; returns the exit status."""
    from minutes.tools.indico import import_indico

    out, err = out or sys.stdout, err or sys.stderr
    summary = import_indico(request, settings, session, _ImportProgress(err))
    for stream, line in summary.lines:
        print(line, file=out if stream == "out" else err)
    return summary.status


def cmd_init(args: argparse.Namespace) -> int:
    from minutes.tools.init import InitError, init_archive

    target = Path(args.dir)
    try:
        result = init_archive(
            target, args.title, args.series, args.series_name, args.timezone, args.requirement
        )
    except InitError as exc:
        print(f"minutes init: {exc}", file=sys.stderr)
        return 2
    shown = display_path(target.resolve())
    for rel in result.written:
        print(f"wrote {display_path(target / rel)}")
    for rel in result.identical:
        print(f"kept {display_path(target / rel)} (the same already)")
    for rel in result.skipped:
        print(
            f"minutes init: {display_path(target / rel)} exists already; left as it is",
            file=sys.stderr,
        )
    if result.skipped:
        print(
            f"minutes init: {_count(len(result.skipped), 'file')} not written: compare them "
            "with a fresh `minutes init` into an empty folder",
            file=sys.stderr,
        )
        return 1
    first = f"minutes new {args.series}" if args.series else "add a series to meetings/series.yml"
    print(f"next: cd {shown}, then `make serve`; {first}")
    return 0


def cmd_github_issue(args: argparse.Namespace) -> int:
    from minutes.tools.github_issue import GitHubError, Target, update_issue

    body = Path(args.body_file).read_text(encoding="utf-8")
    try:
        result = update_issue(Target.from_environment(), args.title, body)
    except GitHubError as exc:
        print(f"minutes github-issue: {exc}", file=sys.stderr)
        return 2
    print(result.line())
    return 0


def _compile_usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with the arguments of `minutes compile`, if anything."""
    if args.all and args.series:
        return "give SERIES --year YYYY or --all, not both"
    if not args.all and not args.series:
        return "give SERIES --year YYYY, or --all"
    if args.series and args.year is None:
        return "SERIES needs --year YYYY"
    if args.all and args.year is not None:
        return "--year goes with SERIES; --all prints every series and year"
    if args.all and args.pdf:
        return "--pdf names the PDF of one series and year; with --all, give --out DIR"
    if args.out and not args.all:
        return "--out goes with --all; for one series and year, give --pdf FILE"
    if args.downloads and not (args.all and args.site):
        return "--downloads needs --all --site DIR: the built site the PDFs are attached to"
    if args.downloads and args.out:
        return "--downloads writes the PDFs into the site; --out goes without it"
    if args.internal and args.downloads:
        return "--internal cannot go with --downloads: an internal PDF must never reach the site"
    if args.internal and args.site:
        return (
            "--internal builds the internal edition, --site DIR prints a site built already "
            "(in whatever edition it was built): give one of them"
        )
    return None


BUILD_TAIL_LINES = 20  # of a failed build's output, shown by `minutes compile`


def cmd_compile(args: argparse.Namespace) -> int:
    from minutes.adapters.build import BuildFailed, build_site

    problem = _compile_usage_error(args)
    if problem:
        print(f"minutes compile: {problem}", file=sys.stderr)
        return 2
    config = Path(args.config) if args.config else find_config(Path.cwd())
    options, site_url = read_options(config) if config else ({}, None)
    if args.site:
        site = Path(args.site)
        if not site.is_dir():
            print(f"minutes compile: {args.site}: no such folder (a built site)", file=sys.stderr)
            return 2
        if args.downloads and not options.get("compiled_pdf", False):
            where = display_path(config) if config else "mkdocs.yml"
            print(f"no PDF attached: the option compiled_pdf is off in {where}")
            return 0
        return _compile_site(site, args, site_url)
    if config is None:
        print(
            "minutes compile: no mkdocs.yml here or in a folder above: give --config FILE, "
            "or --site DIR for a site built already",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="minutes-compile-") as tmp:
        site = Path(tmp) / "site"
        try:
            output = build_site(config.resolve(), site, internal=args.internal)
        except BuildFailed as exc:
            tail = exc.output.rstrip("\n").splitlines()[-BUILD_TAIL_LINES:]
            for line in tail:
                print(line, file=sys.stderr)
            print(f"minutes compile: the build of {display_path(config)} failed", file=sys.stderr)
            return 1
        # A record with errors is left out of the site, so out of the PDF: say which.
        for line in output.splitlines():
            if line.startswith("ERROR"):
                print(line, file=sys.stderr)
        return _compile_site(site, args, site_url)


def _compile_site(site: Path, args: argparse.Namespace, site_url: str | None) -> int:
    """Print the compiled pages the arguments name, of the site built in `site`."""
    from minutes.site.urls import compiled_pdf, compiled_pdf_name
    from minutes.tools.compile import CompileError, Printer, compiled_pages

    pages = compiled_pages(site)
    if args.all:
        if not pages:
            print("no compiled minutes in the site: no PDF written")
            return 0
        out = Path(args.out or ".")
        jobs = [
            (c, site / compiled_pdf(c.series, c.year))
            if args.downloads
            else (c, out / compiled_pdf_name(c.series, c.year))
            for c in pages
        ]
    else:
        wanted = [c for c in pages if (c.series, c.year) == (args.series, args.year)]
        if not wanted:
            years: dict[str, list[str]] = {}
            for c in pages:
                years.setdefault(c.series, []).append(str(c.year))
            there = "; ".join(f"{sid} {', '.join(ys)}" for sid, ys in years.items())
            print(
                f"minutes: no compiled minutes of {args.series} in {args.year} "
                f"({'there are: ' + there if there else 'the site has none'})",
                file=sys.stderr,
            )
            return 1
        jobs = [(wanted[0], Path(args.pdf or compiled_pdf_name(args.series, args.year)))]
    status = 0
    try:
        with Printer(site, site_url) as printer:
            for compiled, path in jobs:
                printed = printer.print(compiled, path)
                print(
                    f"{display_path(path.resolve())}: {_count(printed.pages, 'page')}, "
                    f"{printed.seconds:.1f} s"
                )
                for title in printed.missing_bookmarks:
                    print(
                        f"minutes compile: {display_path(path.resolve())}: no bookmark for "
                        f"'{title}'",
                        file=sys.stderr,
                    )
                    status = 1
    except CompileError as exc:  # NoBrowser among them: the message says what to install
        print(f"minutes compile: {exc}", file=sys.stderr)
        return 1
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutes", description="Check and write meeting records of a minutes archive."
    )
    parser.add_argument("--version", action="version", version=f"minutes {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check", help="check every record and registry; print path:line: message per problem"
    )
    check.add_argument(
        "path", nargs="?", help="meetings folder or archive root (default: ./meetings)"
    )
    check.set_defaults(func=cmd_check)
    init = sub.add_parser(
        "init", help="start a new archive repository in DIR (never overwrites a file)"
    )
    init.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: here")
    init.add_argument("--title", default="Meeting minutes", help="the site's title")
    init.add_argument("--series", metavar="ID", help="a first series, e.g. tcm")
    init.add_argument("--series-name", metavar="NAME", help="its name (default: the id)")
    init.add_argument("--timezone", default="UTC", help="of meetings without one (default: UTC)")
    init.add_argument(
        "--requirement",
        metavar="SPEC",
        help="what requirements.txt installs (default: the minutes that runs init, where pip "
        "recorded it came from)",
    )
    init.set_defaults(func=cmd_init)
    new = sub.add_parser("new", help="start the record of a new meeting of SERIES")
    new.add_argument("series")
    new.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new.add_argument(
        "--dir", help="meetings folder (default: ./meetings from the archive's mkdocs.yml)"
    )
    new.set_defaults(func=cmd_new)
    diff = sub.add_parser(
        "diff",
        help="what changes in the archive from BASE to HEAD: meetings, actions, decisions, "
        "attendance, registries",
    )
    diff.add_argument(
        "base",
        nargs="?",
        metavar="BASE",
        help="git revision (default: the merge base of HEAD with the default branch)",
    )
    diff.add_argument(
        "head", nargs="?", metavar="HEAD", help="git revision (default: the working tree)"
    )
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when an action id reads differently (renumbered actions)",
    )
    diff.add_argument(
        "--internal",
        action="store_true",
        help="include internal records (default: the public edition, as the site)",
    )
    diff.add_argument("--site-url", help="link items to this site (default: mkdocs.yml site_url)")
    diff.add_argument(
        "--dir", help="meetings folder (default: ./meetings from the archive's mkdocs.yml)"
    )
    diff.set_defaults(func=cmd_diff)
    remind = sub.add_parser(
        "remind",
        help="open actions overdue or due soon, by owner, and the drafts awaiting approval",
    )
    remind.add_argument(
        "--days",
        type=int,
        metavar="N",
        help="actions due within N days (default: before their series' next meeting, else 14)",
    )
    remind.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    remind.add_argument(
        "--today", type=_date, metavar="YYYY-MM-DD", help="the day to count from (default: today)"
    )
    remind.add_argument(
        "--internal",
        action="store_true",
        help="include internal records (default: the public edition, as the site)",
    )
    remind.add_argument(
        "--fail-on-overdue", action="store_true", help="exit 1 when an action is overdue"
    )
    remind.add_argument("--site-url", help="link items to this site (default: mkdocs.yml site_url)")
    remind.add_argument(
        "--dir", help="meetings folder (default: ./meetings from the archive's mkdocs.yml)"
    )
    remind.set_defaults(func=cmd_remind)
    announce = sub.add_parser(
        "announce", help="the message that circulates a meeting's minutes (text, Markdown, .eml)"
    )
    announce.add_argument("meeting", metavar="MEETING", help="meeting id, e.g. tcm-2021-06-09")
    announce.add_argument("--format", choices=("text", "markdown", "eml"), default="text")
    announce.add_argument("--site-url", help="link to this site (default: mkdocs.yml site_url)")
    announce.add_argument("--to", help="the .eml's To: header")
    announce.add_argument("--from", dest="sender", help="the .eml's From: header")
    announce.add_argument(
        "--internal", action="store_true", help="allow an internal record (default: refused)"
    )
    announce.add_argument(
        "--dir", help="meetings folder (default: ./meetings from the archive's mkdocs.yml)"
    )
    announce.set_defaults(func=cmd_announce)
    imp = sub.add_parser(
        "import-indico",
        help="write meeting records from an Indico export: a file, an event or a category URL",
    )
    imp.add_argument(
        "source",
        metavar="SOURCE",
        help="export file (JSON, one event or a category), or https://HOST/event/ID/ "
        "or https://HOST/category/ID/",
    )
    imp.add_argument("--minutes", metavar="NOTES.html", help="a single event's minutes as HTML")
    imp.add_argument("--series", help="series id (default: the only series in series.yml)")
    imp.add_argument(
        "--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="only events from that day"
    )
    imp.add_argument(
        "--to", dest="end", type=_date, metavar="YYYY-MM-DD", help="only events until that day"
    )
    imp.add_argument(
        "--update",
        action="store_true",
        help="refresh the parts of existing records the import owns (title, times, time zone, "
        "location, Indico link; attendance while empty); the body is never touched",
    )
    imp.add_argument(
        "--meetings-dir",
        "--dir",
        dest="dir",
        help="meetings folder (default: ./meetings from the archive's mkdocs.yml)",
    )
    imp.add_argument(
        "--token-env",
        default=TOKEN_ENV,
        metavar="NAME",
        help=f"environment variable holding an Indico API token (default: {TOKEN_ENV})",
    )
    imp.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="HTTP timeout (default: 30)"
    )
    imp.set_defaults(func=cmd_import_indico)
    comp = sub.add_parser(
        "compile",
        help="print a series' year of minutes, its compiled page, to a tagged PDF with "
        "bookmarks (headless Chromium)",
    )
    comp.add_argument("series", nargs="?", metavar="SERIES", help="series id, e.g. tcm")
    comp.add_argument("--year", type=int, metavar="YYYY", help="the year (with SERIES)")
    comp.add_argument(
        "--pdf", metavar="FILE", help="the PDF to write (default: SERIES-YYYY.pdf here)"
    )
    comp.add_argument(
        "--all", action="store_true", help="one PDF per series and year, SERIES-YYYY.pdf"
    )
    comp.add_argument("--out", metavar="DIR", help="the folder of --all's PDFs (default: here)")
    comp.add_argument(
        "--internal",
        action="store_true",
        help="build the internal edition (default: the public edition, as the site)",
    )
    comp.add_argument(
        "--site",
        metavar="DIR",
        help="a site built already (default: build one into a temporary folder)",
    )
    comp.add_argument(
        "--downloads",
        action="store_true",
        help="with --all --site DIR: write each PDF into the site, where its compiled page "
        "links to it, when mkdocs.yml's option compiled_pdf is true (else nothing)",
    )
    comp.add_argument(
        "--config", metavar="FILE", help="the archive's mkdocs.yml (default: here or above)"
    )
    comp.set_defaults(func=cmd_compile)
    gh = sub.add_parser(
        "github-issue",
        help="create the open GitHub issue TITLE, or replace its body (for scheduled CI: "
        "$GITHUB_REPOSITORY, $GITHUB_TOKEN, $GITHUB_API_URL)",
    )
    gh.add_argument("--title", required=True, help='the exact title, e.g. "Open actions"')
    gh.add_argument("--body-file", required=True, metavar="FILE", help="the body, Markdown")
    gh.set_defaults(func=cmd_github_issue)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"minutes: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
