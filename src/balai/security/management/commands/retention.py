# SPDX-License-Identifier: EUPL-1.2
"""``balai retention purge [--dry-run]``: delete what is past its retention period.

Security events, the IP addresses in them and in audit entries (chain version 4 and
later), and the logs of finished background tasks
(settings ``BALAI_RETENTION_*_DAYS``); each purge writes an audit entry. Run daily.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.security.retention import retention_purge


class Command(BaseCommand):
    help = "Purge security events, IP addresses and task logs past their retention."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help=self.help)
        purge.add_argument(
            "--dry-run", action="store_true", help="count what would go, purge nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        verb = "would purge" if dry_run else "purged"
        for item in retention_purge(dry_run=dry_run):
            if item.before is None:
                self.stdout.write(f"{item.what}: kept for ever (retention 0)")
            else:
                self.stdout.write(
                    f"{item.what}: {verb} {item.rows} older than {item.days} days "
                    f"(before {item.before:%Y-%m-%d %H:%M})"
                )
            if item.kept:
                self.stdout.write(
                    f"{item.what}: kept {item.kept} (audit chain versions before 4 "
                    "hash the address itself; docs/security.md, Retention)"
                )
