# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "balai.finance"
    label = "finance"
    verbose_name = _("Public finance")

    def ready(self) -> None:
        from balai.finance import policies, receivers

        receivers.connect()
        _ = policies
