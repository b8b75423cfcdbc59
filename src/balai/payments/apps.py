# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "balai.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from balai.payments import policies  # noqa: F401  (registers the rules)
