# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "balai.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from balai.notifications import checks, policies

        del checks, policies  # imported for their @register and @rule declarations
        from balai.core.metrics import register_gauges
        from balai.notifications.metrics import outbox_gauges

        register_gauges(outbox_gauges)
