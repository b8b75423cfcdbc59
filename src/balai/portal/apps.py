# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "balai.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from balai.core import navigation, sitemap
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
        sitemap.register_page(
            "portal:my-data",
            title=_("My data"),
            summary=_(
                "See the personal data the government holds about you and who looked "
                "at it, download it, ask for a correction and manage your consents "
                "(UU 27/2022 on personal data protection)."
            ),
            keywords=("data saya", "data pribadi", "koreksi data", "pdp", "privasi"),
        )
        sitemap.register_page(
            "portal:about",
            title=_("About this portal"),
            summary=_(
                "Who runs this portal, what it offers and how your data is protected."
            ),
            keywords=("tentang", "kontak", "balai"),
        )
