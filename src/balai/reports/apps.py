# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from balai.core.seeding import SeedContext


class ReportsConfig(AppConfig):
    name = "balai.reports"
    label = "reports"
    verbose_name = _("Citizen reports")

    def ready(self) -> None:
        from balai.core import seeding
        from balai.reports import receivers

        seeding.register("reports", _seed)
        receivers.connect()
        _navigation()


def _seed(context: SeedContext) -> None:
    from balai.reports.seed import seed_reports

    seed_reports(context)


def _navigation() -> None:
    from balai.core import navigation, sitemap
    from balai.reports import policies

    navigation.register_link(
        "main", "reports:pwa-report", _("Report a problem"), order=20
    )
    navigation.register_link("main", "reports:public-list", _("Reports"), order=25)
    # reporting a problem is the catalog's "pengaduan" service (kind report)
    sitemap.register_page(
        "reports:public-list",
        title=_("Reports"),
        summary=_(
            "Reports from citizens on a list and a map, with what the agencies did; "
            "follow a report to hear of every update."
        ),
        keywords=("laporan warga", "peta laporan", "ikuti laporan", "status laporan"),
    )
    navigation.register_link(
        "staff",
        "reports:board-list",
        _("Citizen reports"),
        visible=lambda user: (
            policies.is_board_staff(user) or policies.is_triage_staff(user)
        ),
        order=40,
        description=_(
            "Reports from citizens routed to your agency, on a list and a map."
        ),
    )
