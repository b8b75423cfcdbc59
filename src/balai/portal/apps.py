# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "balai.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from balai.portal import my_data

        my_data.register_sections()
