# SPDX-License-Identifier: EUPL-1.2
"""The connector interface: ``rows()`` yields ingest rows (``id``, ``text``,
``author``, ``time``, ``url``, ``engagement``, ``platform``) read through a ``fetch``
callable, so the network is one swappable function and tests replay recorded
payloads through the same parsing code."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

Fetch = Callable[[str], bytes]
TIMEOUT_S = 20
MAX_BYTES = 5 * 1024 * 1024


class FetchError(Exception):
    """The platform could not be read (network, status, size or format)."""


def http_fetch(url: str) -> bytes:
    """GET ``url`` (https only) and return at most ``MAX_BYTES`` of the body."""
    if not url.startswith("https://"):
        raise FetchError("connectors only read https:// addresses")
    request = urllib.request.Request(  # noqa: S310 (https checked above)
        url, headers={"Accept": "application/json", "User-Agent": "Balai/0.1"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            body: bytes = response.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FetchError(str(exc)) from exc
    if len(body) > MAX_BYTES:
        raise FetchError("response too large")
    return body


class Connector:
    """Base class: subclasses set ``name`` and implement ``rows``."""

    name = ""

    def __init__(self, *, fetch: Fetch = http_fetch, **options: Any) -> None:
        self.fetch = fetch
        self.options = options

    def rows(self) -> Iterator[dict[str, Any]]:
        raise NotImplementedError
