# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxConfig(AppConfig):
    name = "balai.tax"
    label = "tax"
    verbose_name = _("Local taxes")

    def ready(self) -> None:
        from balai.core.payables import register_payable_kind
        from balai.tax.constants import PAYABLE_KIND
        from balai.tax.services import bill_settled

        register_payable_kind(PAYABLE_KIND, bill_settled)
