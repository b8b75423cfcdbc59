# SPDX-License-Identifier: EUPL-1.2
"""``balai keys status|rotate|retire``: manage the encryption keys (never shown)."""

from __future__ import annotations

import logging
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.storage import PLAINTEXT, private_file_keys, rotate_private_files
from balai.security.crypto import keyring as keyring_module
from balai.security.crypto.keyring import KeyringError, keyring
from balai.security.crypto.rotation import (
    NOT_ENCRYPTED,
    encrypted_columns,
    key_usage,
    keys_in_use,
    reencrypt,
)
from balai.security.monitoring.constants import EventKind
from balai.security.monitoring.services import security_event_record

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Show, rotate and retire the keys that encrypt personal data."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("status", help="Key ids and rows per key per column.")
        rotate = actions.add_parser(
            "rotate", help="Add a key, make it active, re-encrypt every column."
        )
        rotate.add_argument("--batch-size", type=int, default=1000)
        rotate.add_argument(
            "--resume",
            action="store_true",
            help="Re-encrypt under the current active key without adding a key.",
        )
        rotate.add_argument(
            "--max-batches",
            type=int,
            default=None,
            help="Stop after this many batches (resume later with --resume).",
        )
        rotate.add_argument("--no-progress", action="store_true")
        retire = actions.add_parser(
            "retire", help="Remove keys that no stored value uses any more."
        )
        retire.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "status":
                self.status()
            elif action == "rotate":
                self.rotate(options)
            else:
                self.retire(dry_run=options["dry_run"])
        except KeyringError as exc:
            raise CommandError(str(exc)) from exc

    def status(self) -> None:
        ring = keyring()
        self.stdout.write(f"keyring: {ring.source}")
        self.stdout.write(f"active key: {ring.active}")
        self.stdout.write(f"keys: {', '.join(sorted(ring.keys))}")
        for column in encrypted_columns():
            usage = key_usage(column)
            shown = ", ".join(f"{kid}={n}" for kid, n in sorted(usage.items()))
            self.stdout.write(f"  {column.label}: {shown or 'no values'}")
            if NOT_ENCRYPTED in usage:
                self.stderr.write(
                    f"  warning: {column.label} holds {usage[NOT_ENCRYPTED]} values "
                    "that are not encrypted."
                )
        files = private_file_keys()
        shown = ", ".join(f"{kid}={n}" for kid, n in sorted(files.items()))
        self.stdout.write(f"  private files: {shown or 'none'}")
        if files.get(PLAINTEXT):
            self.stderr.write(
                f"  warning: {files[PLAINTEXT]} private files are not encrypted; "
                "`balai keys rotate --resume` encrypts them."
            )

    def rotate(self, options: dict[str, Any]) -> None:
        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not options["resume"]:
            ring = keyring().with_new_active_key()
            keyring_module.save(ring)
            logger.info("security.key_added active=%s", ring.active)
            self.stdout.write(f"Added key {ring.active}; it encrypts new data now.")
        active = keyring().active
        report = reencrypt(
            batch_size=batch_size,
            max_batches=options["max_batches"],
            progress=not options["no_progress"],
            stream=cast(TextIO, self.stderr._out),
        )
        self.stdout.write(
            f"Re-encrypted {report.values} values in {report.rows} rows "
            f"({report.batches} batches) under {active}."
        )
        if not report.complete:
            self.stdout.write(
                "Stopped early; run `balai keys rotate --resume` to finish."
            )
            return
        files = rotate_private_files()
        self.stdout.write(
            f"Re-encrypted {files.reencrypted} of {files.files} private files "
            f"under {active}."
        )
        security_event_record(
            kind=EventKind.KEY_ROTATION,
            details={"key_id": active, "values": report.values},
        )
        self.stdout.write(
            "Restart every Balai process so that all of them encrypt with "
            f"{active}, run `balai keys rotate --resume` once more to catch values "
            "written meanwhile, then `balai keys retire`."
        )

    def retire(self, *, dry_run: bool) -> None:
        ring = keyring()
        used = keys_in_use() | (set(private_file_keys()) - {PLAINTEXT})
        unknown = used - set(ring.keys)
        if unknown:
            raise CommandError(
                f"Stored values use keys missing from the keyring: "
                f"{', '.join(sorted(unknown))}. Restore them before retiring any key."
            )
        retired = set(ring.keys) - used - {ring.active}
        kept = sorted(set(ring.keys) - retired)
        if not retired:
            self.stdout.write(
                f"Nothing to retire: every key is in use or active ({', '.join(kept)})."
            )
            return
        names = ", ".join(sorted(retired))
        if dry_run:
            self.stdout.write(f"Would retire {names}; keeping {', '.join(kept)}.")
            return
        keyring_module.save(ring.without(retired))
        logger.info("security.keys_retired keys=%s", names)
        self.stdout.write(f"Retired {names}; keeping {', '.join(kept)}.")
