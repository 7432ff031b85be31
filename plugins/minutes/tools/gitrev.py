"""The meetings folder of an archive as it was at a git revision, read without a checkout.

`git ls-tree` lists the folder's files at a commit and `git cat-file --batch` hands over their
contents, which are written into a temporary folder that `load_archive` then reads exactly as a
build reads a checkout. One `Snapshot` holds one revision at a time: moving it to a second
revision (or to the working tree) rewrites only the files that differ, and the parse cache of
the core (the one `mkdocs serve` uses) then parses only those again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from minutes.core.archive import Archive, Options, ParseCache, find_records, load_archive
from minutes.core.problems import Problem, Problems, display_path
from minutes.core.registry import REGISTRY_FILES

# Where the default base is looked for, in order: the remote's default branch, then the usual
# names of a default branch.
DEFAULT_BRANCHES = ("refs/remotes/origin/HEAD", "refs/remotes/origin/main", "main", "master")
REGULAR_FILE_MODES = (b"100644", b"100755")  # symlinks (120000) and submodules are not read


class GitError(Exception):
    """A git command failed or a revision does not exist: the message is one line."""


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    """Run git in `repo` and return its standard output."""
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=data,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise GitError("git is not installed (minutes diff reads the archive's history)") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else f"git {args[0]} failed")
    return result.stdout


def toplevel(start: Path) -> Path:
    """The root of the git work tree that holds `start`."""
    folder = start if start.is_dir() else start.parent
    try:
        out = git(folder, "rev-parse", "--show-toplevel")
    except GitError:
        raise GitError(f"{display_path(start)} is not inside a git repository") from None
    return Path(out.decode().strip()).resolve()


def commit_of(repo: Path, rev: str) -> str:
    """The commit a revision names; GitError when there is none."""
    try:
        if rev.startswith("-") or not rev:
            raise GitError(rev)
        out = git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision '{rev}' (no such branch, tag or commit)") from None
    return out.decode().strip()


def default_base(repo: Path) -> tuple[str, str]:
    """(commit, description) of the merge base of HEAD with the default branch."""
    head = commit_of(repo, "HEAD")
    for ref in DEFAULT_BRANCHES:
        try:
            branch = commit_of(repo, ref)
        except GitError:
            continue
        try:
            base = git(repo, "merge-base", head, branch).decode().strip()
        except GitError:
            raise GitError(f"HEAD and {short_ref(ref)} have no common history") from None
        return base, f"merge base with {short_ref(ref)}"
    names = ", ".join(short_ref(r) for r in DEFAULT_BRANCHES)
    raise GitError(f"no default branch to compare with (looked for {names}); name a BASE revision")


def short_ref(ref: str) -> str:
    return ref.removeprefix("refs/remotes/").removeprefix("refs/heads/")


def tree_files(repo: Path, commit: str, folder: str) -> dict[str, str]:
    """Regular files below `folder` (relative to the repository root) at `commit`: path -> blob."""
    spec = [] if folder == "." else ["--", folder]
    out = git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, *spec)
    files: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha = meta.split(b" ")
        if kind == b"blob" and mode in REGULAR_FILE_MODES:
            files[path.decode("utf-8", "surrogateescape")] = sha.decode()
    return files


def read_blobs(repo: Path, shas: list[str]) -> dict[str, bytes]:
    """The contents of blobs, all through one `git cat-file --batch`."""
    unique = list(dict.fromkeys(shas))
    if not unique:
        return {}
    out = git(repo, "cat-file", "--batch", data="".join(s + "\n" for s in unique).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in unique:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        if len(header) != 3:
            raise GitError(f"git cat-file: no blob {sha}")
        size = int(header[2])
        blobs[sha] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return blobs


def blob_sha(data: bytes) -> str:
    """The id git gives a file's contents."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass
class Side:
    """One side of a comparison: what the user named and what it resolved to."""

    label: str  # "main", "HEAD~2", "working tree"
    commit: str | None  # None: the working tree
    note: str = ""  # "merge base with origin/main"

    @property
    def title(self) -> str:
        if self.commit is None:
            return self.label
        short = self.commit[:9]
        extra = f", {self.note}" if self.note else ""
        return f"{self.label} ({short}{extra})" if self.label != short else f"{short}{extra}"


@dataclass
class Loaded:
    """An archive read at one side, with the problems its check found (paths as users see them)."""

    side: Side
    archive: Archive
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class Snapshot:
    """A temporary copy of the meetings folder, moved from revision to revision."""

    def __init__(self, repo: Path, meetings_dir: Path, work: Path, options: Options) -> None:
        self.repo = repo
        self.source = meetings_dir  # the meetings folder of the working tree
        if not meetings_dir.resolve().is_relative_to(repo):
            raise GitError(f"{display_path(meetings_dir)} is not inside the repository {repo}")
        self.folder = meetings_dir.resolve().relative_to(repo).as_posix()
        self.root = work
        self.dir = work / self.folder if self.folder != "." else work
        self.options = options
        self.cache = ParseCache()
        self.files: dict[str, str] = {}  # path below self.dir -> blob id

    def load(self, side: Side) -> Loaded:
        """Move the copy to `side` and read the archive there."""
        if side.commit is None:
            wanted = self._worktree_files()
            contents: dict[str, bytes] = {}
            for rel, (sha, data) in wanted.items():
                if self.files.get(rel) != sha:
                    contents[rel] = data
            target = {rel: sha for rel, (sha, _) in wanted.items()}
        else:
            prefix = "" if self.folder == "." else self.folder + "/"
            target = {
                path.removeprefix(prefix): sha
                for path, sha in tree_files(self.repo, side.commit, self.folder).items()
            }
            changed = {rel: sha for rel, sha in target.items() if self.files.get(rel) != sha}
            blobs = read_blobs(self.repo, list(changed.values()))
            contents = {rel: blobs[sha] for rel, sha in changed.items()}
        self._apply(target, contents)
        self.dir.mkdir(parents=True, exist_ok=True)  # no folder at a revision: an empty archive
        problems = Problems()
        archive = load_archive(self.dir, self.options, problems, self.cache)
        return Loaded(side, archive, [self._shown(p, side) for p in problems.sorted()])

    def _worktree_files(self) -> dict[str, tuple[str, bytes]]:
        """What a build of the working tree reads: the registries and the records."""
        src = self.source
        paths = [src / name for name in REGISTRY_FILES if (src / name).is_file()]
        paths += find_records(src)
        out: dict[str, tuple[str, bytes]] = {}
        for path in paths:
            data = path.read_bytes()
            out[path.relative_to(src).as_posix()] = (blob_sha(data), data)
        return out

    def _apply(self, target: dict[str, str], contents: dict[str, bytes]) -> None:
        gone = [rel for rel in self.files if rel not in target]
        touched = gone + list(contents)
        if any(PurePosixPath(rel).name in REGISTRY_FILES for rel in touched):
            self.cache = ParseCache()  # names resolve against the registries: parse all again
        for rel in gone:
            (self.dir / rel).unlink(missing_ok=True)
            self.cache.entries.pop(self.dir / rel, None)
        for rel, data in contents.items():
            path = self.dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink() or path.is_dir():
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            path.write_bytes(data)
            # A rewrite can keep the size and, on a coarse clock, the time: forget the parse.
            self.cache.entries.pop(path, None)
        self.files = dict(target)

    def _shown(self, problem: Problem, side: Side) -> Problem:
        """A problem's path as the user knows the file: in the working tree or the repository."""
        path = Path(problem.path)
        if not path.is_absolute():
            path = Path.cwd() / path
        if not path.is_relative_to(self.dir):
            return problem
        rel = path.relative_to(self.dir)
        if side.commit is None:
            return replace(problem, path=display_path(self.source / rel))
        return replace(problem, path=(PurePosixPath(self.folder) / rel.as_posix()).as_posix())
