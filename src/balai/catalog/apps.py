# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "balai.catalog"
    label = "catalog"
    verbose_name = _("Service catalog")

    def ready(self) -> None:
        from balai.core import navigation, sitemap

        navigation.register_link(
            "main", "catalog:service-list", _("Services"), order=10
        )
        sitemap.register_page(
            "catalog:service-list",
            title=_("Services"),
            summary=_(
                "Every service you can apply for, with its requirements, fee, "
                "service time and steps; search it in everyday words."
            ),
            keywords=("layanan", "daftar layanan", "semua layanan", "katalog"),
        )
