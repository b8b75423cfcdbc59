# SPDX-License-Identifier: EUPL-1.2
"""The admin app, configured to use Balai's 2FA-guarded admin site."""

from django.contrib.admin.apps import AdminConfig


class BalaiAdminConfig(AdminConfig):
    default_site = "balai.accounts.admin_site.BalaiAdminSite"
