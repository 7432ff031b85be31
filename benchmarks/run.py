"""`make bench`: does the archive scale to 8,000 meetings?

For each size N (default 1,000 and 8,000) the benchmark generates a synthetic archive of N
meeting records with a register of 300 items that the records mention, and its vanilla
baseline (benchmarks.generate: the same published meeting pages as plain Markdown in a
Material site with the search plugin and without the minutes plugin), then builds each with
`mkdocs build -q -d site` in a subprocess and measures

- wall time: time.perf_counter() around the mkdocs process (generation is not included);
- peak memory: the maximum resident set size of the mkdocs process. Each build runs under a
  tiny `python -c` wrapper whose only child is mkdocs; after waiting for it the wrapper reads
  getrusage(RUSAGE_CHILDREN).ru_maxrss, which then covers exactly that one process (read in
  the benchmark's own process it would be the maximum over every build run so far);
- pages written (the .html files of the site), the site's size in bytes, and the bytes a
  search query transfers (`search_transfer_bytes`).

It then builds the full site once more in a fresh Python process (as `mkdocs build` runs:
not in the benchmark's own, whose heap would weigh on the build's worker), with timers
wrapped around the plugin's phases (the package is not changed): parse
(minutes.core.archive.load_archive), aggregate+generate (the declared outputs' pages and
files) and the rest of the build, render and write (the total minus those two).

It prints a table and the ratios of this run against the targets of the issue: full/vanilla
wall time at 8,000 meetings at most 1.5; t(8,000)/t(1,000) of the full build at most 8.8,
that is 1.1 times the size ratio (the same bound is shown for the peak-memory ratio), and
writes the same figures as JSON (--json). --profile also runs each full build under cProfile
and prints the 25 entries of largest cumulative time (the statistics stay in the work folder).

Then what a reader's page costs (benchmarks/page_weight.py), per size: the heaviest HTML
page (at most 400 KB, growing at most 1.25x from the smallest size to the largest), the
register's pages, the page views in headless Chromium; and, apart, because a year of minutes
as one document is large by design, the heaviest compiled page (`meetings/<series>/<YYYY>/
compiled/`): its bytes, meetings and bytes per meeting, at most 1.5 MB and growing at most
1.25x, and one view of it. At the largest size that page is printed to PDF by `minutes
compile`'s Printer: seconds (under 30), pages, meetings and bookmarks missing.

    .venv/bin/python -m benchmarks.run [--sizes 1000,8000] [--out .bench] [--profile] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import hashlib
import io
import json
import logging
import os
import platform
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import serve_bench
from .generate import BUILD_EPOCH, SEED, generate_pair

BIN = Path(sys.executable).parent
MKDOCS = BIN / "mkdocs"
FULL_VS_VANILLA_TARGET = 1.5  # full build time / vanilla build time, at the largest size
GENERATE_TARGET_S = 3.0  # aggregation and generation of the full build, at 8,000 meetings
# make serve: seconds from saving a record to its page served, by archive size
SERVE_TARGETS = ((600, 2.0), (8000, 5.0))
SCALING_SLACK = 1.1  # t(large)/t(small) <= 1.1 x the size ratio: 8.8 for 1,000 -> 8,000
PROFILE_TOP = 25
VARIANTS = ("vanilla", "full")

# Runs `argv[2:]` as its only child and writes its wall time and peak RSS to `argv[1]`.
WRAPPER = """\
import json, resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
code = subprocess.run(cmd).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as fh:
    json.dump({"returncode": code, "wall_s": wall, "maxrss_kib": usage.ru_maxrss,
               "cpu_s": usage.ru_utime + usage.ru_stime}, fh)
"""


class BenchError(RuntimeError):
    pass


@dataclass
class BuildResult:
    n: int
    variant: str
    wall_s: float  # the fastest of the runs
    peak_mib: float  # the largest of the runs
    cpu_s: float
    pages: int
    site_bytes: int
    search_bytes: int
    runs_s: list[float] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# what a built site weighs


def search_transfer_bytes(site_dir: Path) -> int:
    """The bytes the browser downloads to answer one search query (index included).

    A site searched with Pagefind (site/pagefind/) is measured in headless Chromium: a query
    typed into the header's search box, every response counted until the first results show
    (benchmarks/search_bytes.py); -1 when no Chromium is installed. Otherwise it is Material's
    built-in search, whose worker fetches the whole site/search/search_index.json before the
    first query (0 when the site has no index).
    """
    if (site_dir / "pagefind").is_dir():
        from .search_bytes import chromium, query_bytes

        return query_bytes(site_dir)["bytes"] if chromium() else -1
    index = site_dir / "search" / "search_index.json"
    return index.stat().st_size if index.is_file() else 0


def site_figures(site_dir: Path) -> tuple[int, int]:
    """(pages written: the .html files, total bytes of every file) of a built site."""
    pages = size = 0
    for path in site_dir.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            pages += path.suffix == ".html"
    return pages, size


# --------------------------------------------------------------------------------------------
# builds


def build_env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    env.pop("MINUTES_INCLUDE_INTERNAL", None)  # the default (public) edition
    return env


def build_subprocess(root: Path, stats_file: Path, log_file: Path) -> dict[str, Any]:
    """`mkdocs build -q -d site` in `root`, under the measuring wrapper."""
    root, stats_file, log_file = root.resolve(), stats_file.resolve(), log_file.resolve()
    shutil.rmtree(root / "site", ignore_errors=True)
    stats_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-c", WRAPPER, str(stats_file),
           str(MKDOCS), "build", "-q", "-d", "site"]
    with log_file.open("w", encoding="utf-8") as log:
        proc = subprocess.run(cmd, cwd=root, env=build_env(), stdout=log,
                              stderr=subprocess.STDOUT, check=False)
    stats: dict[str, Any] = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    if proc.returncode != 0 or stats.get("returncode") != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BenchError(f"mkdocs build failed in {root} (log: {log_file}):\n{tail}")
    return stats


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _forget_parse_caches() -> None:
    """Empty the plugin's in-memory record cache (kept for `mkdocs serve`): builds start cold."""
    import minutes.adapters.plugin

    caches = getattr(minutes.adapters.plugin, "_PARSE_CACHES", None)
    if isinstance(caches, dict):
        caches.clear()


def build_in_process(root: Path, site_dir: Path) -> float:
    """A full, cold `mkdocs build` of `root` inside this process, as the mkdocs command runs it."""
    _forget_parse_caches()
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    with _environment(env), _quiet_mkdocs():
        included = os.environ.pop("MINUTES_INCLUDE_INTERNAL", None)
        try:
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            start = time.perf_counter()
            config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            elapsed = time.perf_counter() - start
            # The plugin hands what is left to the collector's permanent generation at the
            # end of a build command, as the process then ends; this one goes on.
            gc.unfreeze()
            gc.collect()
            return elapsed
        finally:
            _forget_parse_caches()
            if included is not None:
                os.environ["MINUTES_INCLUDE_INTERNAL"] = included


@contextlib.contextmanager
def phase_timers() -> Iterator[dict[str, float]]:
    """Seconds spent in the plugin's phases while the block runs (wrappers, no package change).

    parse: minutes.core.archive.load_archive (the plugin calls it by the name its module
    imported); generate: the plugin's `_make_outputs`, which makes the pages and files of every
    declared output of phases PAGES and FILES (minutes.outputs.pipeline.OUTPUTS), with the
    aggregates they share (computed by each side that needs them). Both are wall time: on a
    machine with two CPUs each runs on two processes (runtime/pool.py), and the time is
    what the build waits for.
    """
    import minutes.adapters.plugin

    seconds = {"parse": 0.0, "generate": 0.0}

    def timed(fn: Callable[..., Any], phase: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[phase] += time.perf_counter() - start

        return wrapper

    plugin = minutes.adapters.plugin  # the names it imported, looked up as it calls them
    base = plugin.MinutesPluginBase
    patches: list[tuple[object, str, object]] = [
        (plugin, "load_archive", timed(getattr(plugin, "load_archive"), "parse")),  # noqa: B009
        (base, "_make_outputs", timed(base._make_outputs, "generate")),
    ]
    saved = [(obj, name, obj.__dict__.get(name)) for obj, name, _ in patches]
    for obj, name, value in patches:
        setattr(obj, name, value)
    try:
        yield seconds
    finally:
        for obj, name, value in saved:
            if value is None:
                delattr(obj, name)
            else:
                setattr(obj, name, value)


def phases_here(root: Path, site_dir: Path) -> dict[str, float]:
    """The phases of a full build of `root` (`phase_timers`), in this process."""
    with phase_timers() as seconds:
        total = _in_process(build_in_process, root, site_dir)
    parse, generate = seconds["parse"], seconds["generate"]
    return {
        "total_s": total,
        "parse_s": parse,
        "generate_s": generate,
        "render_write_s": max(0.0, total - parse - generate),
    }


def measure_phases(root: Path, site_dir: Path) -> dict[str, float]:
    """`phases_here` in a fresh Python process, as `mkdocs build` runs.

    Not in this one, whose heap holds whatever the benchmark made before: after the fork,
    the build's worker and this process copy the pages they share as they write them, so
    what the process holds is part of what the build costs.
    """
    code = (
        "import json, sys; from pathlib import Path; from benchmarks.run import phases_here; "
        "print(json.dumps(phases_here(Path(sys.argv[1]), Path(sys.argv[2]))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(root.resolve()), str(site_dir.resolve())],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"the build with phase timers of {root} failed:\n{proc.stderr[-3000:]}")
    phases: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return phases


def profile_build(root: Path, site_dir: Path, stats_path: Path, top: int = PROFILE_TOP) -> str:
    """The full build under cProfile: the `top` entries by cumulative time, as text."""
    profiler = cProfile.Profile()
    profiler.runcall(build_in_process, root, site_dir)
    profiler.dump_stats(str(stats_path))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def plugin_fingerprint() -> str:
    """A hash of the installed minutes package's files, to tell if it changed during a run."""
    import minutes

    root = Path(minutes.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# one size


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _in_process(fn: Callable[..., Any], *args: Any) -> Any:
    """Run an in-process build step; its failure is the benchmark's, reported without a trace."""
    try:
        return fn(*args)
    except Exception as exc:
        raise BenchError(f"the in-process build of {args[0]} failed: {exc!r}") from exc


def bench_size(n: int, work: Path, *, repeat: int, profile: bool, seed: int) -> dict[str, Any]:
    """Generate, build and measure both variants of size `n` in `work`."""
    _say(f"[N={n}] generating the archives in {work}")
    start = time.perf_counter()
    full, vanilla, summary = generate_pair(work, n, seed, register=True)
    generation_s = time.perf_counter() - start
    roots = {"vanilla": vanilla, "full": full}
    stats: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
    for i in range(repeat):
        for variant in VARIANTS:
            _say(f"[N={n}] mkdocs build, {variant} (run {i + 1} of {repeat})")
            s = build_subprocess(
                roots[variant], work / f"{variant}-stats.json", work / f"{variant}-build.log"
            )
            stats[variant].append(s)
            _say(f"[N={n}]   {s['wall_s']:.1f} s, {s['maxrss_kib'] / 1024:.0f} MiB")
    results = []
    for variant in VARIANTS:
        site = roots[variant] / "site"
        pages, size = site_figures(site)
        runs = stats[variant]
        fastest = min(runs, key=lambda s: float(s["wall_s"]))
        results.append(BuildResult(
            n=n,
            variant=variant,
            wall_s=float(fastest["wall_s"]),
            peak_mib=max(float(s["maxrss_kib"]) for s in runs) / 1024,
            cpu_s=float(fastest["cpu_s"]),
            pages=pages,
            site_bytes=size,
            search_bytes=search_transfer_bytes(site),
            runs_s=[float(s["wall_s"]) for s in runs],
        ))

    _say(f"[N={n}] a build with phase timers, in a fresh process")
    phase_site = work / "site-phases"
    phases = measure_phases(full, phase_site)
    shutil.rmtree(phase_site, ignore_errors=True)
    out: dict[str, Any] = {
        "n": n,
        "generation_s": generation_s,
        "archive": {**asdict(summary), "public": summary.public},
        "builds": [asdict(r) for r in results],
        "phases": phases,
    }
    _say(f"[N={n}] make serve: edit, add and delete a record, time until served")
    out["serve"] = asdict(serve_bench.measure(full, build_env()))
    if profile:
        _say(f"[N={n}] in-process build under cProfile")
        profile_site = work / "site-profile"
        stats_path = work.parent / f"profile-{n}.pstats"
        out["profile"] = _in_process(profile_build, full, profile_site, stats_path)
        out["profile_stats"] = str(stats_path)
        shutil.rmtree(profile_site, ignore_errors=True)
    return out


# --------------------------------------------------------------------------------------------
# minutes diff


def bench_diff(sizes: Sequence[int], out: Path, seed: int = SEED) -> list[dict[str, Any]]:
    """Time `minutes diff` on a git repository of the synthetic archive of each size.

    The archive is committed, then a change commit appends an action and a decision to the
    newest public record (3 changes). Timed (wall, one subprocess each): `minutes diff HEAD~1
    HEAD` (both sides read from git) and `minutes diff HEAD~1` (the working tree against it).
    """
    from .generate import generate_archive

    figures = []
    for n in sizes:
        root = out / f"diff-{n}"
        generate_archive(root, n, seed)
        env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
               "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}

        def git(*args: str, root: Path = root, env: dict[str, str] = env) -> None:
            subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

        git("init", "-q", "-b", "main")
        git("add", "-A")
        git("commit", "-q", "-m", "archive")
        public = [p for p in (root / "meetings").rglob("*.md")
                  if "\nvisibility: internal\n" not in p.read_text(encoding="utf-8")]
        newest = max(public, key=lambda p: (p.name, str(p)))
        with newest.open("a", encoding="utf-8") as fh:
            fh.write("\n- [ ] a new action of the benchmark\n\nDecision: a new decision.\n")
        git("commit", "-q", "-a", "-m", "change")
        row: dict[str, Any] = {"n": n}
        for key, argv in (("commits_s", ["HEAD~1", "HEAD"]), ("worktree_s", ["HEAD~1"])):
            start = time.perf_counter()
            result = subprocess.run([str(BIN / "minutes"), "diff", *argv, "--format", "json"],
                                    cwd=root, capture_output=True, text=True, check=False)
            row[key] = time.perf_counter() - start
            if result.returncode != 0:
                raise BenchError(f"minutes diff at N={n} failed: {result.stderr.strip()}")
            row["changes"] = len(json.loads(result.stdout)["changes"])
        print(f"minutes diff at N={n}: {row['commits_s']:.1f} s between two commits, "
              f"{row['worktree_s']:.1f} s against the working tree ({row['changes']} changes)")
        figures.append(row)
        shutil.rmtree(root, ignore_errors=True)
    return figures


# --------------------------------------------------------------------------------------------
# the report


def ratios(per_size: list[dict[str, Any]]) -> dict[str, Any]:
    def build(entry: dict[str, Any], variant: str) -> dict[str, Any]:
        return next(b for b in entry["builds"] if b["variant"] == variant)

    by_n = {e["n"]: e for e in per_size}
    largest = max(by_n)
    full_over_vanilla = {
        str(n): build(e, "full")["wall_s"] / build(e, "vanilla")["wall_s"] for n, e in by_n.items()
    }
    out: dict[str, Any] = {
        "full_over_vanilla": full_over_vanilla,
        "full_over_vanilla_peak": {
            str(n): build(e, "full")["peak_mib"] / build(e, "vanilla")["peak_mib"]
            for n, e in by_n.items()
        },
        "full_over_vanilla_target": FULL_VS_VANILLA_TARGET,
        "full_over_vanilla_at": largest,
        "full_over_vanilla_ok": full_over_vanilla[str(largest)] <= FULL_VS_VANILLA_TARGET,
        "scaling": None,
    }
    if len(by_n) >= 2:
        small = min(by_n)
        size_ratio = largest / small
        target = SCALING_SLACK * size_ratio
        big_full, small_full = build(by_n[largest], "full"), build(by_n[small], "full")
        big_van, small_van = build(by_n[largest], "vanilla"), build(by_n[small], "vanilla")
        time_ratio = big_full["wall_s"] / small_full["wall_s"]
        peak_ratio = big_full["peak_mib"] / small_full["peak_mib"]
        out["scaling"] = {
            "n_small": small,
            "n_large": largest,
            "size_ratio": size_ratio,
            "time_ratio": time_ratio,
            "time_target": target,
            "time_ok": time_ratio <= target,
            "peak_ratio": peak_ratio,
            "peak_target": target,
            "peak_ok": peak_ratio <= target,
            "vanilla_time_ratio": big_van["wall_s"] / small_van["wall_s"],
            "vanilla_peak_ratio": big_van["peak_mib"] / small_van["peak_mib"],
        }
    return out


def serve_target(n: int) -> float:
    """The edit-to-preview target for an archive of n meetings (interpolated between sizes)."""
    (n0, t0), (n1, t1) = SERVE_TARGETS
    if n <= n0:
        return t0
    return t0 + (t1 - t0) * (min(n, n1) - n0) / (n1 - n0)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell.ljust(w) if i == 1 and header[1] == "variant" else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(result: dict[str, Any]) -> str:
    per_size: list[dict[str, Any]] = result["sizes"]
    rows = []
    for e in per_size:
        for b in e["builds"]:
            rows.append([
                str(b["n"]), b["variant"], f"{b['wall_s']:.1f}", f"{b['peak_mib']:.0f}",
                str(b["pages"]), f"{b['site_bytes'] / 2**20:.1f}", str(b["search_bytes"]),
            ])
    lines = [
        _table(["N", "variant", "wall s", "peak MiB", "pages", "site MiB", "search bytes"], rows),
        "",
        "Ratios measured in this run:",
    ]
    r = result["ratios"]
    for n, value in r["full_over_vanilla"].items():
        target = ""
        if int(n) == r["full_over_vanilla_at"]:
            target = f"  (target <= {r['full_over_vanilla_target']:.2f}: "
            target += f"{_mark(r['full_over_vanilla_ok'])})"
        peak = r["full_over_vanilla_peak"][n]
        lines.append(f"  full/vanilla wall time at N={n}: {value:.2f}{target}"
                     f"   [peak memory {peak:.2f}]")
    s = r["scaling"]
    if s:
        a, b = s["n_large"], s["n_small"]
        lines.append(
            f"  t({a})/t({b}), full build: {s['time_ratio']:.2f}  (size ratio "
            f"{s['size_ratio']:.2f}, target <= {s['time_target']:.2f}: {_mark(s['time_ok'])})"
            f"   [vanilla {s['vanilla_time_ratio']:.2f}]"
        )
        lines.append(
            f"  peak({a})/peak({b}), full build: {s['peak_ratio']:.2f}  (size ratio "
            f"{s['size_ratio']:.2f}, same bound {s['peak_target']:.2f}: {_mark(s['peak_ok'])})"
            f"   [vanilla {s['vanilla_peak_ratio']:.2f}]"
        )
    lines += ["", "Phases of the full build (one build per N, in a fresh process):"]
    rows = []
    for e in per_size:
        p = e["phases"]
        total = p["total_s"] or 1.0

        def cell(key: str, p: dict[str, float] = p, total: float = total) -> str:
            return f"{p[key]:.1f} ({100 * p[key] / total:.0f}%)"

        rows.append([str(e["n"]), f"{p['total_s']:.1f}", cell("parse_s"), cell("generate_s"),
                     cell("render_write_s")])
    lines.append(_table(
        ["N", "total s", "parse s", "aggregate+generate s", "render/write s"], rows
    ))
    for e in per_size:
        if e["n"] >= 8000:
            ok = e["phases"]["generate_s"] <= GENERATE_TARGET_S
            lines.append(f"  aggregate+generate at N={e['n']}: {e['phases']['generate_s']:.1f} s "
                         f"(target <= {GENERATE_TARGET_S:.0f} s: {_mark(ok)})")
    lines += ["", "Edit to preview (make serve: mkdocs serve --dirty), seconds until served:"]
    rows = []
    for e in per_size:
        sv = e.get("serve")
        if not sv:
            continue
        full = next(b for b in e["builds"] if b["variant"] == "full")["wall_s"]
        limit = serve_target(e["n"])
        worst = max(sv["edit"], sv["add"], sv["delete"])
        rows.append([
            str(e["n"]), f"{sv['first_build']:.1f}",
            *(f"{sv[k]:.2f} ({sv[k] / full:.3f})" for k in ("edit", "add", "delete")),
            f"<= {limit:.0f}: {_mark(worst <= limit)}",
        ])
    if rows:
        lines.append(_table(
            ["N", "first build", "edit (/full)", "add (/full)", "delete (/full)", "target"], rows
        ))
    gen = ", ".join(f"N={e['n']}: {e['generation_s']:.1f} s" for e in per_size)
    lines += ["", f"Generation (not in the build times): {gen}"]
    m = result.get("machine", {})
    if "load_before" in m:
        lines.append(
            f"Load average (1 min) before/after: {m['load_before'][0]:.2f}/"
            f"{m['load_after'][0]:.2f} on {m['cpus']} CPUs"
        )
    fp = result.get("plugin", {})
    if fp and fp["before"] != fp["after"]:
        lines.append(
            f"WARNING: the minutes package changed during the run ({fp['before']} -> "
            f"{fp['after']}): the figures mix versions of it; run again."
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# what a reader's page view costs (benchmarks/page_weight.py)

HEAVIEST_PAGE_TARGET = 400_000  # bytes of any HTML page at the largest size
HEAVIEST_RATIO_TARGET = 1.25  # heaviest page at the largest size / at the smallest
PAGE_VIEW_TARGET = 800_000  # bytes fetched until the load event, at the largest size
SEARCH_TARGET = 600_000  # bytes until a search's first results, at the largest size
# A compiled page (a series' year as one document) is outside the budgets above: its own.
COMPILED_PAGE_TARGET = 1_500_000  # bytes of the heaviest compiled page at the largest size
COMPILED_RATIO_TARGET = 1.25  # a year's document does not grow with the archive's history
PDF_SECONDS_TARGET = 30.0  # seconds to print the heaviest compiled page, at the largest size
WEEKLY_YEAR = 52  # the issue's weekly series' year; the generated one skips a few weeks


def measure_page_weight(site_dir: Path, pdf: bool = False) -> dict[str, Any]:
    """The heaviest HTML page, the heaviest compiled page and the page views of a built full
    site (nothing if none); with `pdf`, that compiled page printed to PDF too."""
    from .page_weight import measure

    if not site_dir.is_dir():
        return {}
    _say(f"page views in headless Chromium{' and a PDF' if pdf else ''}: {site_dir}")
    try:
        return measure(site_dir, pdf=pdf)
    except Exception as exc:  # a browser problem must not lose the build figures
        return {"error": repr(exc)}


def compiled_report(sized: list[dict[str, Any]]) -> list[str]:
    """The target lines of the heaviest compiled page and of its PDF (at the largest size)."""
    with_compiled = [e for e in sized if e["page_weight"].get("compiled")]
    lines = []
    if with_compiled:
        small, large = with_compiled[0], with_compiled[-1]
        cs, cl = small["page_weight"]["compiled"], large["page_weight"]["compiled"]
        lines.append(
            f"  heaviest compiled page at N={large['n']} ({cl['path']}, {cl['meetings']} "
            f"meetings, {cl['bytes_per_meeting']:.0f} bytes each): {cl['bytes']} bytes  (target "
            f"<= {COMPILED_PAGE_TARGET}: {_mark(cl['bytes'] <= COMPILED_PAGE_TARGET)})"
            f"   [{WEEKLY_YEAR} meetings at that rate: "
            f"{cl['bytes_per_meeting'] * WEEKLY_YEAR:.0f} bytes]"
        )
        if large is not small:
            ratio = cl["bytes"] / cs["bytes"] if cs["bytes"] else float("inf")
            lines.append(
                f"  heaviest compiled page {large['n']}/{small['n']}: {ratio:.2f}  (target <= "
                f"{COMPILED_RATIO_TARGET:.2f}: {_mark(ratio <= COMPILED_RATIO_TARGET)})"
            )
    pdf = sized[-1]["page_weight"].get("pdf")
    if pdf:
        n = sized[-1]["n"]
        if "skipped" in pdf:
            lines.append(f"  compiled page PDF at N={n}: skipped: {pdf['skipped']}")
        elif "error" in pdf:
            lines.append(f"  compiled page PDF at N={n} ({pdf['path']}): {_mark(False)}: "
                         f"{pdf['error']}")
        else:
            missing = len(pdf["missing_bookmarks"])
            ok = pdf["seconds"] < PDF_SECONDS_TARGET and not missing
            lines.append(
                f"  compiled page PDF at N={n} ({pdf['path']}): {pdf['seconds']:.1f} s "
                f"({pdf['total_s']:.1f} s with the browser's start), {pdf['pages']} pages, "
                f"{pdf['meetings']} meetings, {missing} bookmarks missing, {pdf['pdf_bytes']} "
                f"bytes  (target < {PDF_SECONDS_TARGET:.0f} s, a bookmark per meeting: "
                f"{_mark(ok)})"
            )
    return lines


def page_weight_report(per_size: list[dict[str, Any]]) -> str:
    """The heaviest page and the page views per N, with the ratios against the targets."""
    sized = [e for e in per_size if e.get("page_weight", {}).get("heaviest")]
    if not sized:
        return "Page weight: not measured."
    lines = ["Page weight (HTML pages; page views in headless Chromium, empty cache, "
             "everything fetched until the load event):"]
    rows = []
    for e in sized:
        pw = e["page_weight"]
        h = pw["heaviest"]
        rows.append([str(e["n"]), "heaviest HTML page", h["path"], str(h["bytes"]), "", ""])
        for label, page in pw.get("register", {}).items():
            rows.append([str(e["n"]), label + " (HTML)", page["path"], str(page["bytes"]), "", ""])
        c = pw.get("compiled")
        if c:
            v = c.get("view")
            rows.append([str(e["n"]), f"heaviest compiled page ({c['meetings']} meetings, "
                         f"{c['bytes_per_meeting']:.0f} B each)", c["path"], str(c["bytes"]),
                         "", ""])
            if v:
                rows.append([str(e["n"]), "compiled page view", v["path"], str(v["bytes"]),
                             str(v["requests"]), f"{v['load_s']:.2f}"])
        for label, v in pw.get("views", {}).items():
            extra = " SITEMAP" if v["sitemap"] else ""
            extra += " DATA" if v["data_files"] else ""
            rows.append([str(e["n"]), label + extra, v["path"], str(v["bytes"]),
                         str(v["requests"]), f"{v['load_s']:.2f}"])
    lines.append(_table(["N", "what", "path", "bytes", "requests", "load s"], rows))
    small, large = sized[0], sized[-1]
    hs, hl = small["page_weight"]["heaviest"]["bytes"], large["page_weight"]["heaviest"]["bytes"]
    lines += ["", "Targets:"]
    lines.append(f"  heaviest HTML page at N={large['n']}: {hl} bytes  (target <= "
                 f"{HEAVIEST_PAGE_TARGET}: {_mark(hl <= HEAVIEST_PAGE_TARGET)})")
    for label, page in large["page_weight"].get("register", {}).items():
        lines.append(f"  {label} at N={large['n']} ({page['path']}): {page['bytes']} bytes HTML  "
                     f"(target <= {HEAVIEST_PAGE_TARGET}: "
                     f"{_mark(page['bytes'] <= HEAVIEST_PAGE_TARGET)})")
    if large is not small:
        ratio = hl / hs if hs else float("inf")
        lines.append(f"  heaviest page {large['n']}/{small['n']}: {ratio:.2f}  (target <= "
                     f"{HEAVIEST_RATIO_TARGET:.2f}: {_mark(ratio <= HEAVIEST_RATIO_TARGET)})")
    views_l = large["page_weight"].get("views", {})
    views_s = small["page_weight"].get("views", {})
    for label, v in views_l.items():
        ok = v["bytes"] <= PAGE_VIEW_TARGET and not v["sitemap"] and not v["data_files"]
        line = (f"  {label} view at N={large['n']}: {v['bytes']} bytes, sitemap.xml "
                f"{'fetched' if v['sitemap'] else 'not fetched'}, whole data files "
                f"{'fetched' if v['data_files'] else 'not fetched'}  (target <= "
                f"{PAGE_VIEW_TARGET}, none fetched: {_mark(ok)})")
        if label in views_s and large is not small and views_s[label]["bytes"]:
            r = v["bytes"] / views_s[label]["bytes"]
            t = v["load_s"] / views_s[label]["load_s"] if views_s[label]["load_s"] else 0.0
            line += f"   [{large['n']}/{small['n']}: bytes {r:.2f}, load time {t:.2f}]"
        lines.append(line)
    full = next((b for b in large["builds"] if b["variant"] == "full"), None)
    if full is not None and full["search_bytes"] >= 0:
        sb = full["search_bytes"]
        lines.append(f"  search, first results at N={large['n']}: {sb} bytes  (target < "
                     f"{SEARCH_TARGET}: {_mark(sb < SEARCH_TARGET)})")
    return "\n".join(lines + compiled_report(sized))


# --------------------------------------------------------------------------------------------
# the command


def check_seconds(meetings: Path) -> float:
    """Wall time of the whole check (registries and records) of one meetings folder."""
    from minutes.core.archive import load_archive
    from minutes.core.options import Options
    from minutes.core.problems import Problems

    start = time.perf_counter()
    load_archive(meetings, Options(), Problems())
    return time.perf_counter() - start


# Real minutes of other projects, beside the repository as CI lays it out (README.md there).
REAL_PROSE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "public-minutes"


def bench_real_prose(corpus: Path = REAL_PROSE) -> list[str]:
    """The credential rules' false alarms on real minutes (which hold no credential: every
    line reported is a false alarm), and the whole check's speed on them (docs/format.md §8).

    Each record is read as the check reads it (files.read_text: invisible characters dropped,
    line ends made LF), so the figure is what the check reports."""
    from minutes.core import credentials, files
    from minutes.core.options import Options
    from minutes.core.problems import Problems

    meetings = corpus / "meetings"
    if not meetings.is_dir():
        return [f"real prose: skipped, no corpus at {corpus}"]
    records = sorted(meetings.rglob("*.md"))
    limit = Options().max_record_mib * files.MIB
    size = lines = alarms = alarmed = 0
    for path in records:
        text = files.read_text(path, meetings, "record", limit, Problems())
        if text is None:  # refused by the check before any rule reads it
            continue
        size += path.stat().st_size
        lines += text.count("\n") + 1
        found = credentials.scan(text)
        alarms += len(found)
        alarmed += bool(found)
    mb = size / 1024 / 1024
    seconds = min(check_seconds(meetings) for _ in range(2))
    return [
        f"false alarms on real prose: {alarms} lines in {alarmed} records of {len(records)} "
        f"({alarms * 10_000 / max(lines, 1):.2f} per 10,000 lines)",
        f"the check on real prose: {mb:.2f} MB, {mb / seconds:.2f} MB/s",
    ]


def bench_adversarial(
    work: Path, megabytes: float, seed: int = SEED, corpus: Path = REAL_PROSE
) -> list[str]:
    """The check's time per MB on hostile records next to ordinary ones (docs/format.md §9.1),
    and its false alarms and speed on real minutes (bench_real_prose).

    Ordinary: a synthetic archive (generate.py). Adversarial: records made only of the lines
    that once stalled the check (adversarial.py), as many MB as asked for.
    """
    from .adversarial import hostile_archive_records
    from .generate import generate_archive

    ordinary = work / "ordinary"
    n = max(20, int(megabytes * 400))  # a synthetic record is about 2.5 kB
    generate_archive(ordinary, n, seed)
    hostile = work / "adversarial"
    meetings = hostile / "meetings"
    shutil.copytree(ordinary / "meetings", meetings, ignore=shutil.ignore_patterns("*.md"))
    for rel, text in hostile_archive_records(int(megabytes * 1024 * 1024)).items():
        path = meetings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    figures = []
    for name, root in (("ordinary", ordinary), ("adversarial", hostile)):
        mb = sum(p.stat().st_size for p in (root / "meetings").rglob("*.md")) / 1024 / 1024
        seconds = min(check_seconds(root / "meetings") for _ in range(2))
        figures.append((name, mb, seconds / mb))
    lines = ["", "== the check on adversarial input =="]
    for name, mb, per_mb in figures:
        lines.append(f"{name:12} {mb:6.2f} MB  {per_mb:7.3f} s/MB")
    lines.append(f"adversarial / ordinary: {figures[1][2] / figures[0][2]:.2f}x per MB")
    return lines + bench_real_prose(corpus)


def dense_mention_body(ids: Sequence[str], index: int, size: int = 3500) -> str:
    """A record body of about `size` bytes of bullets each naming three registered ids: the
    most mentions a record could hold, for the mention finder's time per MB."""
    lines = ["## Register status", ""]
    used = 0
    k = index
    while used < size:
        a, b, c = (ids[(k + j * 7) % len(ids)] for j in range(3))
        line = f"- {a} is on track, {b} was discussed with {c}; see {a} again."
        lines.append(line)
        used += len(line) + 1
        k += 1
    return "\n".join(lines) + "\n"


def bench_mentions(work: Path, megabytes: float, seed: int = SEED) -> dict[str, Any]:
    """Is finding the register's ids in the records one linear pass (docs/format.md §3.4)?

    The check's time per MB (best of two) on a synthetic archive with its register and
    mentions, on the same archive without register.yml (no id is looked for), and on records
    of the same size made only of bullets that each mention three registered ids (about 60
    mentions a kB), with the register. Linear: the dense records cost per MB a bounded
    multiple of the ordinary ones, whatever their size.
    """
    import re

    from .generate import generate_archive

    n = max(20, int(megabytes * 280))  # a synthetic record is about 3.6 kB
    ordinary = work / "ordinary"
    generate_archive(ordinary, n, seed, register=True)
    bare = work / "no-register"
    shutil.copytree(ordinary, bare)
    (bare / "meetings" / "register.yml").unlink()
    dense = work / "dense"
    shutil.copytree(ordinary, dense)
    ids = re.findall(r"^  ([A-Z]+[0-9.]+):$", (ordinary / "meetings" / "register.yml")
                     .read_text(encoding="utf-8"), re.M)
    for i, path in enumerate(sorted((dense / "meetings").rglob("*.md"))):
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        path.write_text(front + "\n---\n" + dense_mention_body(ids, i), encoding="utf-8")
    figures: dict[str, Any] = {"records": n, "register_items": len(ids)}
    for name, root in (("with register", ordinary), ("without register", bare),
                       ("dense mentions", dense)):
        mb = sum(p.stat().st_size for p in (root / "meetings").rglob("*.md")) / 1024 / 1024
        seconds = min(check_seconds(root / "meetings") for _ in range(2))
        figures[name] = {"mb": mb, "s_per_mb": seconds / mb}
    shutil.rmtree(work, ignore_errors=True)
    return figures


def mentions_report(figures: dict[str, Any]) -> list[str]:
    lines = ["", f"== finding the register's mentions ({figures['records']} records, "
             f"{figures['register_items']} items) =="]
    for name in ("with register", "without register", "dense mentions"):
        f = figures[name]
        lines.append(f"{name:17} {f['mb']:6.2f} MB  {f['s_per_mb']:7.3f} s/MB")
    base = figures["without register"]["s_per_mb"]
    lines.append(f"with register / without: {figures['with register']['s_per_mb'] / base:.2f}x "
                 f"per MB; dense mentions / without: "
                 f"{figures['dense mentions']['s_per_mb'] / base:.2f}x per MB")
    return lines


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be integers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive: {text!r}")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Build synthetic archives with and without the minutes plugin and compare.",
    )
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 8000],
                        help="meeting counts, comma-separated (default: 1000,8000)")
    parser.add_argument("--out", type=Path, default=Path(".bench"),
                        help="work folder (default: .bench, ignored by git)")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the figures (default: OUT/results.json)")
    parser.add_argument("--profile", action="store_true",
                        help=f"also profile each full build; print the top {PROFILE_TOP} "
                             "cumulative entries")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated archives and sites in OUT/N/")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build each variant this many times; report the fastest run")
    parser.add_argument("--adversarial-mb", type=float, default=2.0,
                        help="MB of hostile records, and of records dense with mentions, for "
                             "the check's time per MB (0: skip)")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out: Path = args.out.resolve()
    json_path: Path = args.json or out / "results.json"
    out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    fingerprint_before = plugin_fingerprint()
    per_size = []
    try:
        for n in args.sizes:
            work = out / str(n)
            try:
                per_size.append(bench_size(
                    n, work, repeat=max(1, args.repeat), profile=args.profile, seed=args.seed
                ))
                per_size[-1]["page_weight"] = measure_page_weight(
                    work / "full" / "site", pdf=n == args.sizes[-1]
                )
            finally:
                if not args.keep:
                    shutil.rmtree(work, ignore_errors=True)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    result: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            # other work on the machine skews the timings: the 1/5/15-minute load averages
            "load_before": list(load_before),
            "load_after": list(os.getloadavg()),
        },
        "plugin": {"before": fingerprint_before, "after": plugin_fingerprint()},
        "seed": args.seed,
        "sizes": per_size,
        "ratios": ratios(per_size),
    }
    if args.profile:
        for e in per_size:
            print(f"\n== cProfile of the full build, N={e['n']} "
                  f"(top {PROFILE_TOP} by cumulative time; stats in {e['profile_stats']}) ==")
            print(e["profile"])
    print(report(result))
    print()
    print(page_weight_report(per_size))
    if args.adversarial_mb > 0:
        print("\n".join(bench_adversarial(out / "adversarial", args.adversarial_mb, args.seed)))
        shutil.rmtree(out / "adversarial", ignore_errors=True)
        result["mentions"] = bench_mentions(out / "mentions", args.adversarial_mb, args.seed)
        print("\n".join(mentions_report(result["mentions"])))
    try:
        result["diff"] = bench_diff(args.sizes, out, args.seed)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nFigures written to {json_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
