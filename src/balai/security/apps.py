# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "balai.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        # A missing or malformed keyring stops every command (runserver, migrate...)
        # here, before anything is written.
        from balai.security.crypto.keyring import keyring

        keyring()

        from balai.security import policies
        from balai.security.monitoring import policies as monitoring_policies
        from balai.security.monitoring import receivers as monitoring_receivers

        monitoring_receivers.connect()
        del policies, monitoring_policies  # imported for their @rule declarations
