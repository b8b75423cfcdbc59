# SPDX-License-Identifier: EUPL-1.2
"""The Mastodon reference connector on recorded payloads (the network is the one
function replaced: ``fetch``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from balai.sentiment.connectors import FetchError, MastodonConnector
from balai.sentiment.connectors.base import http_fetch
from balai.sentiment.models import Post
from balai.sentiment.privacy import pseudonymise
from balai.sentiment.services import posts_ingest

PAYLOADS = Path(__file__).parent / "payloads"


def recorded(url: str) -> bytes:
    query = parse_qs(urlsplit(url).query)
    page = "page2" if "max_id" in query else "page1"
    assert urlsplit(url).path == "/api/v1/timelines/tag/dukcapil"
    return (PAYLOADS / f"mastodon_tag_{page}.json").read_bytes()


def test_statuses_become_rows():
    connector = MastodonConnector(
        fetch=recorded, instance="https://mastodon.example", tag="#dukcapil", pages=3
    )
    rows = list(connector.rows())
    assert [r["id"] for r in rows] == ["113500000000000003", "113500000000000002"]
    first, second = rows
    assert first["text"].startswith("Antrean online #Dukcapil error lagi")
    assert first["engagement"] == 18 and first["author"] == "warga_bdg"
    assert "Petugasnya ramah & sabar" in second["text"]
    assert "\n" in second["text"]  # <br> became a line break


@pytest.mark.django_db
def test_recorded_statuses_ingest_once():
    connector = MastodonConnector(
        fetch=recorded, instance="https://mastodon.example", tag="dukcapil"
    )
    rows = list(connector.rows())
    assert len(posts_ingest(items=rows, source="connector").created) == 2
    assert posts_ingest(items=rows, source="connector").duplicates == 2
    angry = Post.objects.get(external_id="113500000000000003")
    assert angry.label == "negative" and angry.agency_code == "disdukcapil"
    assert angry.author_hash == pseudonymise("warga_bdg", platform="mastodon")
    happy = Post.objects.get(external_id="113500000000000002")
    assert happy.label == "positive"


def test_bad_payloads_and_addresses_fail_clearly():
    connector = MastodonConnector(
        fetch=lambda url: b"<html>", instance="https://m.example", tag="x"
    )
    with pytest.raises(FetchError):
        list(connector.rows())
    connector = MastodonConnector(
        fetch=lambda url: b'{"error": "x"}', instance="https://m.example", tag="x"
    )
    with pytest.raises(FetchError):
        list(connector.rows())
    with pytest.raises(FetchError):
        http_fetch("http://insecure.example/api")
