# SPDX-License-Identifier: EUPL-1.2
"""``balai cases_sla``: raise service-time alerts now (or enqueue them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.cases.services import sla_alerts_raise
from balai.cases.tasks import sla_alerts_task


class Command(BaseCommand):
    help = (
        "Alert officers and agency heads about applications due within one working "
        "day or overdue. Idempotent; run it hourly from cron or a systemd timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the scan to the task worker instead of running it here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            sla_alerts_task.enqueue()
            self.stdout.write("SLA scan enqueued.")
            return
        raised = sla_alerts_raise()
        self.stdout.write(f"SLA alerts raised: {raised}")
