# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "balai.finance"
    label = "finance"
    verbose_name = _("Public finance")

    def ready(self) -> None:
        from balai.core import seeding
        from balai.finance import policies, receivers

        seeding.register("finance", _seed)
        receivers.connect()
        _navigation(policies)


def _seed(context: object) -> None:
    from balai.finance.seed import seed_finance

    seed_finance(context)


def _navigation(policies: object) -> None:
    from balai.core import navigation, sitemap

    sitemap.register_page(
        "finance:transparency",
        title=_("Regional budget"),
        summary=_(
            "How the regional budget (APBD) is planned and spent: the budget in force "
            "next to what has been received and spent so far, by agency and "
            "programme, downloadable as open data."
        ),
        keywords=("apbd", "anggaran", "transparansi", "belanja daerah", "open data"),
    )

    navigation.register_link(
        "staff",
        "finance:dashboard",
        _("Budget dashboard"),
        visible=policies.can_view_dashboard,  # type: ignore[attr-defined]
        order=60,
        description=_(
            "Budget against realisation by agency and programme, down to each entry."
        ),
    )
