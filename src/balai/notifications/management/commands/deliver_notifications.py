# SPDX-License-Identifier: EUPL-1.2
"""Send queued messages and retry failed ones whose time has come (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.notifications.selectors import message_status_counts
from balai.notifications.services import messages_deliver_due


class Command(BaseCommand):
    help = "Send due queued and failed notification messages, then print outbox counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit",
            type=int,
            default=100,
            help="Attempt at most this many messages (default 100).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        attempted = messages_deliver_due(limit=limit)
        counts = message_status_counts()
        summary = " ".join(f"{status}={total}" for status, total in counts.items())
        self.stdout.write(f"Attempted {attempted} message(s). Outbox: {summary}")
