# SPDX-License-Identifier: EUPL-1.2
"""``balai payments deliver``: hand undelivered settlements to their payables.
``balai payments reconcile FILE.csv``: list mismatches with a provider's settlement
file; exit code 1 when there is any."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import BalaiError
from balai.payments import reconciliation, services


class Command(BaseCommand):
    help = "Payments: deliver pending settlements."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("deliver", help="Deliver settlements a crash left behind.")
        reconcile = sub.add_parser("reconcile", help="Compare a settlement file.")
        reconcile.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "deliver":
            count = services.settlements_deliver_pending()
            self.stdout.write(f"{count} settlement(s) delivered")
            return
        try:
            with open(options["file"], encoding="utf-8-sig") as handle:
                rows = reconciliation.parse(handle.read())
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        except BalaiError as exc:
            raise CommandError(exc.message) from exc
        mismatches = reconciliation.reconcile(rows)
        for item in mismatches:
            self.stdout.write(
                f"{item.kind}\t{item.transaction_id}\t{item.reference or '-'}\t"
                f"file={item.file_amount if item.file_amount is not None else '-'}\t"
                f"balai={item.balai_amount if item.balai_amount is not None else '-'}\t"
                f"line={item.line or '-'}"
            )
        self.stdout.write(f"{len(rows)} row(s), {len(mismatches)} mismatch(es)")
        if mismatches:
            raise SystemExit(1)
