# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Regions are reference data: ``balai load_regions`` loads them (``make demo``
    runs it before seeding), so ``balai seed`` does not reload 91,599 rows each time."""

    name = "balai.regions"
    label = "regions"
    verbose_name = _("Regions")
