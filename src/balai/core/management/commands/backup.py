# SPDX-License-Identifier: EUPL-1.2
"""``balai backup DIR``: the database, the private files and a manifest with checksums.

Never the keyring: back it up apart (docs/operations.md, Backups).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.backup import MANIFEST, BackupError, create_backup, sha256_file


class Command(BaseCommand):
    help = "Back up the database and the private files into a new directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a new (or empty) directory")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        started = time.perf_counter()
        try:
            manifest = create_backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        from balai.security.audit import record

        record(
            actor=None,
            action="system.backup",
            object_type="backup",
            object_id=manifest["created_at"],
            purpose="backup",
        )
        rows = sum(manifest["tables"].values())
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['files'])} files ({size / 1e6:.1f} MB) to {directory} "
            f"in {seconds:.1f} s."
        )
        self.stdout.write(
            f"manifest sha256 {sha256_file(directory / MANIFEST)} "
            "(the keyring is not in it: keep its own backup)"
        )
