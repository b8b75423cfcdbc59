# SPDX-License-Identifier: EUPL-1.2
"""The Django admin as staff back office: staff with a verified second factor only."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from django_otp.admin import OTPAdminSite

from balai.security.policy import can


class BalaiAdminSite(OTPAdminSite):
    site_header = _("Balai back office")
    site_title = _("Balai back office")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        """Active staff, verified with 2FA, holding the admin policy."""
        return super().has_permission(request) and can(
            request.user, "accounts.use_admin"
        )
