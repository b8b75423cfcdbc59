# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "balai.reports"
    label = "reports"
    verbose_name = _("Citizen reports")
