# SPDX-License-Identifier: EUPL-1.2
"""``balai finance <subcommand>``: the finance app's operations.

- ``load-codes``: load the shipped code lists (idempotent);
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Public finance: load code lists, export the Fiscal Data Package."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("load-codes", help="Load the shipped code lists.")
        self.subparsers = sub

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "_" + options["subcommand"].replace("-", "_"))
        handler(**options)

    def _load_codes(self, **options: Any) -> None:
        from balai.finance.services.codes import codes_load_all

        for kind, result in codes_load_all().items():
            self.stdout.write(
                f"{kind}: {result.created} created, {result.renamed} renamed, "
                f"{result.unchanged} unchanged"
            )
