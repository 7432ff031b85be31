"""`minutes github-issue`: keep one open GitHub issue, found by its exact title, up to date.

The scheduled workflow (.github/workflows/open-actions.yml) writes `minutes remind --format
markdown` to a file and hands it here: the issue is created when no open issue has that title,
and its body is replaced otherwise. It uses GitHub's REST API at $GITHUB_API_URL (default
https://api.github.com) for $GITHUB_REPOSITORY (`owner/name`) with the token $GITHUB_TOKEN,
sent in an `Authorization: Bearer` header and nowhere else: no message of this module holds it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from minutes import __version__

API_ENV = "GITHUB_API_URL"
REPOSITORY_ENV = "GITHUB_REPOSITORY"
TOKEN_ENV = "GITHUB_TOKEN"
DEFAULT_API = "https://api.github.com"
TIMEOUT = 30.0  # seconds, for the connection and for each read
MAX_PAGES = 50  # 100 open issues a page: 5,000 open issues is far more than an archive has


class GitHubError(Exception):
    """GitHub could not be asked or refused: a one-line message for the user, without the token."""


@dataclass(frozen=True)
class Target:
    """Where the issue lives and the token that may write it."""

    api_url: str
    repository: str  # owner/name
    token: str

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Target:
        """The target the GitHub Actions environment names; GitHubError when a part is missing."""
        env = os.environ if env is None else env
        token = env.get(TOKEN_ENV, "").strip()
        repository = env.get(REPOSITORY_ENV, "").strip()
        if not token:
            raise GitHubError(
                f"${TOKEN_ENV} is not set: the workflow passes ${{{{ github.token }}}}"
            )
        owner, _, name = repository.partition("/")
        if not owner or not name or "/" in name:
            raise GitHubError(f"${REPOSITORY_ENV} is '{repository}', not owner/name")
        api = env.get(API_ENV, "").strip() or DEFAULT_API
        return cls(api.rstrip("/"), repository, token)


@dataclass(frozen=True)
class IssueResult:
    """What was done: `created`, `updated` or `unchanged`, to which issue."""

    action: str
    number: int
    url: str

    def line(self) -> str:
        return f"{self.action} issue #{self.number}: {self.url}"


class _Client:
    def __init__(self, target: Target, session: requests.Session | None = None) -> None:
        self.target = target
        self.session = session or requests.Session()
        self.headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {target.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": f"minutes/{__version__}",
        }

    def _safe(self, text: str) -> str:
        return " ".join(text.replace(self.target.token, "***").split())

    def request(
        self, method: str, url: str, params: dict[str, Any] | None = None, body: Any = None
    ) -> requests.Response:
        shown = self._safe(url.split("?")[0])
        try:
            response = self.session.request(
                method, url, params=params, json=body, headers=self.headers, timeout=TIMEOUT
            )
        except requests.RequestException as exc:
            raise GitHubError(
                self._safe(f"{method} {shown}: cannot reach GitHub ({type(exc).__name__})")
            ) from None
        if response.status_code >= 400:
            raise GitHubError(self._safe(f"{method} {shown}: {_refusal(response)}"))
        return response

    def json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise GitHubError(
                self._safe(f"{response.request.method} {response.url}: the answer is not JSON")
            ) from None


def _refusal(response: requests.Response) -> str:
    reason = f"{response.status_code} {response.reason or ''}".strip()
    try:
        message = response.json().get("message")
    except (ValueError, AttributeError):
        message = None
    hint = {
        401: f" (check ${TOKEN_ENV})",
        403: " (the workflow needs `permissions: issues: write`)",
        404: f" (check ${REPOSITORY_ENV} and the token's access)",
    }.get(response.status_code, "")
    return f"GitHub answered {reason}" + (f": {message}" if message else "") + hint


def find_issue(client: _Client, title: str) -> dict[str, Any] | None:
    """The open issue (not pull request) titled exactly `title`; the oldest when there are more."""
    url: str | None = f"{client.target.api_url}/repos/{client.target.repository}/issues"
    params: dict[str, Any] | None = {"state": "open", "per_page": 100}
    found: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        if url is None:
            break
        response = client.request("GET", url, params=params)
        items = client.json(response)
        if not isinstance(items, list):
            raise GitHubError(f"GET {url.split('?')[0]}: the answer is not a list of issues")
        found += [
            item
            for item in items
            if isinstance(item, dict) and "pull_request" not in item and item.get("title") == title
        ]
        url = response.links.get("next", {}).get("url")  # the next page's URL has its query
        params = None
    return min(found, key=lambda item: int(item["number"])) if found else None


def update_issue(
    target: Target, title: str, body: str, session: requests.Session | None = None
) -> IssueResult:
    """Create the open issue `title` with `body`, or replace the body of the one there is."""
    client = _Client(target, session)
    issues = f"{target.api_url}/repos/{target.repository}/issues"
    issue = find_issue(client, title)
    if issue is None:
        created = client.json(client.request("POST", issues, body={"title": title, "body": body}))
        return IssueResult("created", int(created["number"]), str(created.get("html_url", "")))
    number = int(issue["number"])
    if (issue.get("body") or "") == body:
        return IssueResult("unchanged", number, str(issue.get("html_url", "")))
    edited = client.json(client.request("PATCH", f"{issues}/{number}", body={"body": body}))
    return IssueResult("updated", number, str(edited.get("html_url", issue.get("html_url", ""))))
