# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "balai.reports"
    label = "reports"
    verbose_name = _("Citizen reports")

    def ready(self) -> None:
        from balai.core import seeding
        from balai.reports import policies

        seeding.register("reports", _seed)
        del policies  # imported for its rule declarations


def _seed(context: object) -> None:
    from balai.reports.seed import seed_reports

    seed_reports(context)  # type: ignore[arg-type]
