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
        _navigation(policies)


def _seed(context: object) -> None:
    from balai.registry.seed import seed_register

    seed_register(context)  # type: ignore[arg-type]


def _navigation(policies: object) -> None:
    from balai.core import navigation

    staff = policies.is_register_staff  # type: ignore[attr-defined]
    navigation.register_link(
        "staff",
        "registry:resident-search",
        _("Population register"),
        visible=staff,
        order=10,
        description=_("Find residents, record life events, see history."),
    )
    navigation.register_link(
        "staff",
        "registry-integration:review-queue",
        _("Data integration"),
        visible=staff,
        order=12,
        description=_("Other agencies' records waiting for a match decision."),
    )
    navigation.register_link(
        "main",
        "registry-statistics:population-detail",
        _("Statistics"),
        order=60,
    )
