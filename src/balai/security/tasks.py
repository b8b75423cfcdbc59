# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the security app."""

from __future__ import annotations

from balai.core.tasks import task


@task(queue_name="default")
def retention_purge_task() -> dict[str, int]:
    """The daily retention purge (enqueued by a scheduler, or run as
    ``balai retention purge``); returns the rows purged per kind."""
    from balai.security.retention import retention_purge

    return {item.what: item.rows for item in retention_purge()}
