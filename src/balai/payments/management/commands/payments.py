# SPDX-License-Identifier: EUPL-1.2
"""``balai payments deliver``: hand undelivered settlements to their payables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.payments import services


class Command(BaseCommand):
    help = "Payments: deliver pending settlements."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("deliver", help="Deliver settlements a crash left behind.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "deliver":
            count = services.settlements_deliver_pending()
            self.stdout.write(f"{count} settlement(s) delivered")
