# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxConfig(AppConfig):
    name = "balai.tax"
    label = "tax"
    verbose_name = _("Local taxes")

    def ready(self) -> None:
        from balai.core import navigation, seeding
        from balai.core.payables import register_payable_kind
        from balai.tax import policies  # noqa: F401  (registers the rules)
        from balai.tax.constants import PAYABLE_KIND
        from balai.tax.services import bill_settled

        register_payable_kind(PAYABLE_KIND, bill_settled)
        navigation.register_link(
            "main", "tax:my-taxes", _("My taxes"), visible=_is_citizen, order=35
        )
        navigation.register_link(
            "staff",
            "tax:officer-roll",
            _("Tax roll (PBB-P2)"),
            visible=_is_tax_staff,
            order=40,
            description=_("Objects, assessment runs, arrears and collection."),
        )
        seeding.register("tax", _seed)


def _is_citizen(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and not user.is_staff)


def _is_tax_staff(user: Any) -> bool:
    from balai.tax.policies import can_manage_taxes

    return can_manage_taxes(user)


def _seed(context: Any) -> None:
    from balai.tax.seed import seed_taxes

    seed_taxes(context)
