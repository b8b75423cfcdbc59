# SPDX-License-Identifier: EUPL-1.2
"""``balai reports_sla``: alert agencies about reports past their service time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.reports.services import sla_alerts_raise


class Command(BaseCommand):
    help = (
        "Alert officers and agency heads once about reports past their service time. "
        "Idempotent; run it hourly from cron or a systemd timer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        raised = sla_alerts_raise()
        self.stdout.write(f"SLA alerts raised: {raised}")
