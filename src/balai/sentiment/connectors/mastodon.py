# SPDX-License-Identifier: EUPL-1.2
"""Reference connector: public posts of a Mastodon hashtag timeline
(``GET /api/v1/timelines/tag/<tag>``, no account needed), e.g. an instance's
#dukcapil or #layananpublik. Statuses are HTML; links, mentions and hashtags are
kept as text for ``balai.text`` to handle. Boosts and empty posts are skipped."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

from balai.sentiment.connectors.base import Connector, FetchError

_TAG = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]+>")
PAGE = 40


def html_to_text(content: str) -> str:
    text = _MARKUP.sub("", _TAG.sub("\n", content or ""))
    return html.unescape(text).strip()


class MastodonConnector(Connector):
    name = "mastodon"

    def url(self, *, max_id: str = "") -> str:
        instance = str(self.options["instance"]).rstrip("/")
        tag = urllib.parse.quote(str(self.options["tag"]).lstrip("#"))
        query = {"limit": str(PAGE)}
        if max_id:
            query["max_id"] = max_id
        if self.options.get("since_id"):
            query["since_id"] = str(self.options["since_id"])
        return f"{instance}/api/v1/timelines/tag/{tag}?{urllib.parse.urlencode(query)}"

    def parse(self, payload: bytes) -> list[dict[str, Any]]:
        try:
            statuses = json.loads(payload)
        except ValueError as exc:
            raise FetchError("not JSON") from exc
        if not isinstance(statuses, list):
            raise FetchError("expected a list of statuses")
        rows = []
        for status in statuses:
            if not isinstance(status, dict) or status.get("reblog"):
                continue
            text = html_to_text(str(status.get("content") or ""))
            if not text:
                continue
            account = status.get("account") or {}
            rows.append(
                {
                    "id": str(status.get("id") or ""),
                    "text": text[:5000],
                    "author": str(account.get("acct") or ""),
                    "time": status.get("created_at") or "",
                    "url": status.get("url") or "",
                    "engagement": sum(
                        int(status.get(key) or 0)
                        for key in (
                            "replies_count",
                            "reblogs_count",
                            "favourites_count",
                        )
                    ),
                    "platform": "mastodon",
                }
            )
        return rows

    def rows(self) -> Iterator[dict[str, Any]]:
        """Newest first, up to ``pages`` pages (default 1)."""
        max_id = ""
        for _page in range(int(self.options.get("pages", 1))):
            statuses = self.parse(self.fetch(self.url(max_id=max_id)))
            if not statuses:
                return
            yield from statuses
            max_id = statuses[-1]["id"]
