# SPDX-License-Identifier: EUPL-1.2
"""Connectors bring posts from outside platforms; each turns a platform's payloads
into ingest rows. ``CONNECTORS`` maps a name to its class."""

from balai.sentiment.connectors.base import Connector, Fetch, FetchError
from balai.sentiment.connectors.mastodon import MastodonConnector

CONNECTORS: dict[str, type[Connector]] = {"mastodon": MastodonConnector}

__all__ = ["CONNECTORS", "Connector", "Fetch", "FetchError", "MastodonConnector"]
