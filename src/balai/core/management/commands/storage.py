# SPDX-License-Identifier: EUPL-1.2
"""``balai storage sweep``: remove private files that no row points to.

A process killed between writing a file and committing the row that names it (an
application's upload, a report photo, an issued document) leaves an orphan: encrypted,
named only by a random id, never served. Run the sweep daily; files younger than the
grace period (default 24 hours) are kept, since their transaction may still be running.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.storage import sweep_private_orphans

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Remove private files no row points to (orphans of interrupted writes)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help=self.help)
        sweep.add_argument(
            "--older-than-hours",
            type=float,
            default=24.0,
            help="keep orphans younger than this (default 24)",
        )
        sweep.add_argument(
            "--dry-run", action="store_true", help="list the orphans, remove nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["older_than_hours"]
        if hours < 0:
            raise CommandError("--older-than-hours must not be negative")
        report = sweep_private_orphans(
            older_than_seconds=int(hours * 3600), dry_run=options["dry_run"]
        )
        orphans = report.orphans or []
        for name in orphans:
            self.stdout.write(name)
        verb = "would remove" if options["dry_run"] else "removed"
        self.stdout.write(
            f"{report.files} private files, {len(orphans)} orphans, {verb} "
            f"{len(orphans) if options['dry_run'] else report.removed}"
        )
        logger.info(
            "storage.sweep files=%s orphans=%s removed=%s",
            report.files,
            len(orphans),
            report.removed,
        )
