# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "balai.registry"
    label = "registry"
    verbose_name = _("Population register")

    def ready(self) -> None:
        from balai.core import seeding
        from balai.registry import audit_names, policies

        seeding.register("registry", _seed)
        _navigation(policies)
        audit_names.register()
        _exchange_cache()


def _exchange_cache() -> None:
    """A saved client, agreement or agency drops the resolved exchange clients."""
    from django.db.models.signals import post_delete, post_save

    from balai.accounts.models import Agency
    from balai.registry.exchange.clients import forget_on_change
    from balai.registry.exchange.models import ApiClient, DataSharingAgreement

    for model in (ApiClient, DataSharingAgreement, Agency):
        uid = f"balai.registry.exchange_clients.{model.__name__}"
        post_save.connect(forget_on_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(forget_on_change, sender=model, dispatch_uid=uid + ".del")


def _seed(context: object) -> None:
    from balai.registry.seed import seed_register

    seed_register(context)  # type: ignore[arg-type]


def _navigation(policies: object) -> None:
    from balai.core import navigation, sitemap

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
    sitemap.register_page(
        "registry-statistics:population-detail",
        title=_("Population statistics"),
        summary=_(
            "How many people live in each district and village, by sex and age "
            "group, from the population register; downloadable as CSV and JSON."
        ),
        keywords=("statistik", "jumlah penduduk", "data penduduk", "demografi"),
    )
