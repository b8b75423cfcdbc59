# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "balai.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from balai.core import navigation
        from balai.payments import policies  # noqa: F401  (registers the rules)

        navigation.register_link(
            "staff",
            "payments:officer",
            _("Payments"),
            visible=_is_revenue_staff,
            order=45,
            description=_("Payments: reconciliation and refunds"),
        )


def _is_revenue_staff(user: Any) -> bool:
    from balai.payments.policies import can_manage_payments

    return can_manage_payments(user)
