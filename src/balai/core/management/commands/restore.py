# SPDX-License-Identifier: EUPL-1.2
"""``balai restore DIR``: restore a ``balai backup`` into an empty system.

Checks every checksum first and refuses a system that holds data; afterwards compares
every table's row count with the manifest and verifies the audit chain (which needs
the keyring the backup was made under).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup directory into an empty database and MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a directory written by balai backup")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = restore_backup(Path(options["directory"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Restored {report.tables} tables ({report.rows} rows, every count as in "
            f"the manifest) and {report.files} files in {seconds:.1f} s."
        )
        if not report.audit_ok:
            raise CommandError(
                f"The audit chain does not verify after the restore: "
                f"{report.audit_reason} (is this the keyring of the backup?)"
            )
        from balai.security.audit import record, seal_pending

        record(
            actor=None,
            action="system.restore",
            object_type="backup",
            object_id=report.manifest["created_at"],
            purpose="restore",
        )
        seal_pending()
        self.stdout.write(f"Audit chain verified: {report.audit_checked} entries.")
        if report.pending_migrations:
            self.stdout.write(
                f"{report.pending_migrations} migrations of this release are not "
                "applied yet: run balai migrate."
            )
