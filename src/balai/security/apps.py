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
        _navigation()
        del policies, monitoring_policies  # imported for their @rule declarations


def _navigation() -> None:
    from django.utils.translation import gettext_lazy as _

    from balai.core import navigation
    from balai.security.monitoring.policies import can_view_alerts
    from balai.security.policies import can_view_audit

    navigation.register_link(
        "staff",
        "security:audit-list",
        _("Audit log"),
        visible=can_view_audit,
        order=90,
        description=_("Who did what, when and why; verifiable and exportable."),
    )
    navigation.register_link(
        "staff",
        "security:alert-list",
        _("Security alerts"),
        visible=can_view_alerts,
        order=91,
        description=_("Failed logins, lockouts, mass reads and other warnings."),
    )
