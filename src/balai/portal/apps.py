# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "balai.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from balai.core import navigation
        from balai.portal import my_data
        from balai.security.policy import can

        my_data.register_sections()
        # staff find their work first in the main menu (the page checks the policy)
        navigation.register_link(
            "main",
            "accounts:staff-home",
            _("Staff area"),
            visible=lambda user: can(user, "accounts.view_staff_area"),
            order=5,
        )
