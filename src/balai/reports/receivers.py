# SPDX-License-Identifier: EUPL-1.2
"""Cache invalidation: any change to what Open311 lists show empties their caches.

Connected in ``ReportsConfig.ready()``. A saved or deleted report, photo, note,
category or agency (its name is in each list entry) moves the list generation
(``api.open311.lists``), so every cached answer, cached total and kept entry
(``rowcache``) is left behind at once, in every process sharing the cache. Writes
that bypass signals (``QuerySet.update``) are covered by the short cache lifetime;
the reports services always also save one of these models in the same change.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

DISPATCH = "balai.reports.open311_cache"


def _changed(sender: Any, **kwargs: Any) -> None:
    from balai.reports.api.open311.lists import bump_generation

    bump_generation()  # now, and again once the change is visible to others
    transaction.on_commit(bump_generation)


def connect() -> None:
    from balai.accounts.models import Agency
    from balai.reports.models import Category, Photo, Report, ReportUpdate

    for model in (Report, Photo, ReportUpdate, Category, Agency):
        uid = f"{DISPATCH}.{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete")
