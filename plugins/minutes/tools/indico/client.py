"""Reading an Indico export over HTTP: event and category URLs become export API requests.

Indico's HTTP export API answers `/export/event/ID.json` and `/export/categ/ID.json` with
`{"results": [event, ...]}`; `detail=contributions` adds the agenda, `from`/`to` bound a
category's events. An API token, when given, goes in an `Authorization: Bearer` header and
nowhere else: no message of this module contains it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

TOKEN_ENV = "INDICO_TOKEN"
TIMEOUT = 30.0  # seconds, for the connection and for each read

_EVENT_PATH = re.compile(r"^(?P<prefix>(?:/[^/]+)*?)/event/(?P<id>\d+)(?:/.*)?$")
_CATEGORY_PATH = re.compile(r"^(?P<prefix>(?:/[^/]+)*?)/category/(?P<id>\d+)(?:/.*)?$")
_EXPORT_PATH = re.compile(r"/export/(?:event|categ)/[\w,-]+\.json$")


class FetchError(Exception):
    """The export could not be read from Indico: the message says why, for the user."""


@dataclass(frozen=True)
class ExportRequest:
    """What to ask Indico for: the export URL and whether it is a category."""

    url: str
    category: bool


def is_url(source: str) -> bool:
    """Whether SOURCE names an Indico page or export rather than a file."""
    return source.startswith(("http://", "https://"))


def export_request(
    source: str, start: dt.date | None = None, end: dt.date | None = None
) -> ExportRequest:
    """The export API request for an Indico event or category URL.

    `https://HOST/event/1234/` becomes `https://HOST/export/event/1234.json?detail=contributions`;
    `https://HOST/category/567/` becomes `/export/categ/567.json` with `from`/`to` as well.
    An export URL is used as it is.
    """
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{source}: not an http(s) URL")
    path = parts.path.rstrip("/") or "/"
    if _EXPORT_PATH.search(path):
        return ExportRequest(source, "/export/categ/" in path)
    query: dict[str, str] = {"detail": "contributions"}
    m = _EVENT_PATH.match(path)
    if m:
        export = f"{m['prefix']}/export/event/{m['id']}.json"
        return ExportRequest(_url(parts.scheme, parts.netloc, export, query), False)
    m = _CATEGORY_PATH.match(path)
    if m:
        if start is not None:
            query["from"] = start.isoformat()
        if end is not None:
            query["to"] = end.isoformat()
        export = f"{m['prefix']}/export/categ/{m['id']}.json"
        return ExportRequest(_url(parts.scheme, parts.netloc, export, query), True)
    raise FetchError(
        f"{source}: not an Indico event or category URL "
        "(expected https://HOST/event/ID/ or https://HOST/category/ID/)"
    )


def _url(scheme: str, host: str, path: str, query: dict[str, str]) -> str:
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def fetch_export(
    url: str, token: str | None = None, timeout: float = TIMEOUT, session: Any = None
) -> Any:
    """The JSON of an export URL; FetchError says what went wrong, without the token."""
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    http = session or requests
    try:
        reply = http.get(url, headers=headers, timeout=timeout, allow_redirects=True)
    except requests.Timeout:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds (timeout)") from None
    except requests.RequestException as exc:
        raise FetchError(f"{url}: network error: {_reason(exc)}") from None
    status = reply.status_code
    if status == 404:
        raise FetchError(f"{url}: not found (HTTP 404): check the event or category number")
    if status in (401, 403):
        hint = (
            "the token was refused or lacks access"
            if token
            else f"set {TOKEN_ENV} to an Indico API token with read access"
        )
        raise FetchError(f"{url}: not allowed (HTTP {status}): {hint}")
    if status >= 400:
        raise FetchError(f"{url}: Indico answered HTTP {status}")
    try:
        data = json.loads(reply.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        kind = reply.headers.get("Content-Type", "unknown type").split(";")[0]
        raise FetchError(
            f"{url}: the reply is not an Indico export (not JSON but {kind}; "
            "a login page answers this way when the event is protected)"
        ) from None
    if not (isinstance(data, dict) and isinstance(data.get("results"), list)):
        raise FetchError(f"{url}: the reply is not an Indico export (no 'results' list)")
    return data


def _reason(exc: requests.RequestException) -> str:
    """The innermost cause of a connection error, in a few words."""
    cause: BaseException = exc
    while cause.__context__ is not None and cause.__context__ is not cause:
        cause = cause.__context__
    text = str(cause) or type(cause).__name__
    return text.split("] ")[-1] if "] " in text else text
