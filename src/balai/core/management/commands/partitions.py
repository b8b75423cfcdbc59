# SPDX-License-Identifier: EUPL-1.2
"""``balai partitions status|apply|ensure``: partitioned tables on PostgreSQL.

``apply`` converts the tables of ``balai.core.partitions.TABLES`` (the audit log and
the reports by month, the register's residents by the province of the NIK) into
partitioned tables, in place; ``ensure`` adds the coming months' partitions and those
of provinces new in the regions data (run it monthly); ``status`` lists them. On
SQLite the tables stay plain and the command says so (exit status 0: nothing to do
there).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from balai.core import partitions


class Command(BaseCommand):
    help = "Partition the large tables on PostgreSQL (status, apply, ensure)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("status", "apply", "ensure"))

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write(
                f"Partitioned tables need PostgreSQL; on {connection.vendor} the "
                "tables stay as they are."
            )
            return
        for spec in partitions.TABLES:
            action = options["action"]
            if action == "apply":
                done = partitions.apply(spec)
                verb = f"partitioned {spec.kind}" if done else "already partitioned"
                self.stdout.write(f"{spec.table}: {verb}.")
            elif action == "ensure":
                created = partitions.ensure(spec)
                self.stdout.write(
                    f"{spec.table}: {len(created)} new partitions"
                    + (f" ({', '.join(created)})" if created else "")
                    + "."
                )
            names = partitions.partitions(spec.table)
            if action == "status" or names:
                self.stdout.write(
                    f"{spec.table}: "
                    + (
                        f"{len(names)} partitions, {names[0]} … {names[-1]}"
                        if names
                        else "not partitioned"
                    )
                )
