# SPDX-License-Identifier: EUPL-1.2
"""``balai cases_sla``: alert staff about applications near or past their due date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.cases.services import sla_alerts_raise


class Command(BaseCommand):
    help = (
        "Alert officers and agency heads about applications due within one working "
        "day or overdue. Idempotent; run it hourly from cron or a systemd timer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        raised = sla_alerts_raise()
        self.stdout.write(f"SLA alerts raised: {raised}")
