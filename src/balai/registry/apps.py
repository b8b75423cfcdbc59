# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "balai.registry"
    label = "registry"
    verbose_name = _("Population register")

    def ready(self) -> None:
        from balai.core import seeding
        from balai.registry import policies

        seeding.register("registry", _seed)
        del policies  # imported for its rule declarations


def _seed(context: object) -> None:
    from balai.registry.seed import seed_register

    seed_register(context)  # type: ignore[arg-type]
