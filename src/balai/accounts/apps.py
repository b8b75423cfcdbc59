# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"
    verbose_name = _("Accounts and agencies")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from balai.accounts import audit_names, policies, roles
        from balai.accounts.api import schema
        from balai.accounts.receivers import notify_security_officers
        from balai.core import seeding
        from balai.security.monitoring.signals import alert_raised

        post_migrate.connect(roles.sync_roles_receiver, sender=self)
        alert_raised.connect(
            notify_security_officers,
            dispatch_uid="balai.accounts.notify_security_officers",
        )
        seeding.register("accounts", _seed)
        _navigation()
        audit_names.register()
        del policies, schema  # imported for their declarations


def _seed(context: object) -> None:
    from balai.accounts.seed import seed_accounts

    seed_accounts(context)  # type: ignore[arg-type]


def _navigation() -> None:
    from django.utils.translation import gettext_lazy as _

    from balai.core import navigation, sitemap
    from balai.security.policy import can

    navigation.register_link(
        "staff",
        "accounts:correction-list",
        _("Correction requests"),
        visible=lambda user: can(user, "accounts.view_correction_queue"),
        order=30,
        description=_("Citizens' requests to correct their data (UU 27/2022)."),
    )
    navigation.register_link(
        "main", "portal:my-data", _("My data"), visible=navigation.signed_in, order=80
    )
    sitemap.register_page(
        "accounts:signup",
        title=_("Create an account"),
        summary=_(
            "Sign up with your NIK, e-mail address or mobile number to apply for "
            "services online, follow your applications and reports and pay taxes."
        ),
        keywords=("daftar", "buat akun", "registrasi", "akun baru"),
    )
    sitemap.register_page(
        "accounts:password-reset",
        title=_("Forgot your password?"),
        summary=_(
            "Set a new password with a code sent to your e-mail address or mobile "
            "number."
        ),
        keywords=("lupa sandi", "lupa password", "reset password", "ganti sandi"),
    )
    # staff find their work area in the main menu (verified staff: the page's policy)
    navigation.register_link(
        "main",
        "accounts:staff-home",
        _("Work area"),
        visible=lambda user: can(user, "accounts.view_staff_area"),
        order=5,
    )
