# SPDX-License-Identifier: EUPL-1.2
"""``balai reports_overdue``: alert agencies about reports past their SLA (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.reports.services.notices import reports_overdue_alert


class Command(BaseCommand):
    help = "Send the SLA overdue alerts (each report is alerted once)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reports_overdue_alert()
        self.stdout.write(f"{count} overdue reports alerted")
