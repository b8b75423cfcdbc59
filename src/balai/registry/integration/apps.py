# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryIntegrationConfig(AppConfig):
    name = "balai.registry.integration"
    label = "registry_integration"
    verbose_name = _("Register integration")
