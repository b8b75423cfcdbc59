# SPDX-License-Identifier: EUPL-1.2
"""Filling ``Resident.nik_province`` for rows written before the column existed.

Every write sets the column itself (it is derived from the NIK on save, in bulk
inserts and in ``bulk_update``); rows older than the column have ``""`` and are filled
here in batches by decrypting their NIK with the keyring: by the migration that added
the column, and by ``balai registry nik-provinces`` (resumable: it only reads rows
still without a province, one committed batch at a time).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

BATCH_SIZE = 2000


def nik_provinces_fill(*, model: Any = None, batch_size: int = BATCH_SIZE) -> int:
    """Fill the province of every resident still without one; return how many rows
    got one. ``model``: the (historical, in a migration) Resident model."""
    if model is None:
        from balai.registry.models import Resident

        model = Resident
    filled, after = 0, None
    while True:
        rows = model.objects.filter(nik_province="").order_by("pk")
        if after is not None:
            rows = rows.filter(pk__gt=after)
        batch = list(rows.only("pk", "nik")[:batch_size])
        if not batch:
            return filled
        after = batch[-1].pk
        # reading nik_province computes it from the decrypted NIK
        changed = [row for row in batch if row.nik_province]
        with transaction.atomic():
            model.objects.bulk_update(changed, ["nik_province"])
        filled += len(changed)
