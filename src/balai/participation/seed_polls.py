# SPDX-License-Identifier: EUPL-1.2
"""Demo polls: one open poll for Kota Bandung (the demo citizen may vote) and one
closed poll with results, its ballots cast for synthetic residents of the register
through the same secret-ballot write as real votes. Idempotent by title."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from balai.accounts.models import Agency
from balai.participation.models import Poll, PollOption
from balai.participation.services.polls import ballots_mix, cast_ballot
from balai.regions.models import Region
from balai.registry.models import Resident

OPEN_TITLE = "Prioritas pembangunan Kota Bandung 2027"
CLOSED_TITLE = "Hari bebas kendaraan bermotor (car free day) di Jalan Dago"
OPEN_OPTIONS = [
    "Perbaikan jalan dan trotoar",
    "Drainase dan penanganan banjir",
    "Ruang terbuka hijau dan taman",
    "Transportasi umum",
]
CLOSED_OPTIONS = ["Setiap Minggu pagi", "Dua kali sebulan", "Dihentikan"]


def _agency() -> Agency | None:
    for code in ("bappeda", "diskominfo", "dinas-pu"):
        agency = Agency.objects.filter(code=code).first()
        if agency is not None:
            return agency
    return Agency.objects.order_by("code").first()


def _poll(
    agency: Agency, title: str, options: list[str], **fields: Any
) -> tuple[Poll, bool]:
    existing = Poll.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    poll = Poll.objects.create(agency=agency, title=title, **fields)
    PollOption.objects.bulk_create(
        [
            PollOption(poll=poll, label=label, position=i)
            for i, label in enumerate(options)
        ]
    )
    return poll, True


@transaction.atomic
def seed_polls(context: Any) -> None:
    agency = _agency()
    if agency is None:
        context.write("polls: no agency, skipped")
        return
    now = timezone.now()
    city = Region.objects.filter(code="32.73").first()
    _poll(
        agency,
        OPEN_TITLE,
        OPEN_OPTIONS,
        description=(
            "Pilih paling banyak dua bidang yang menurut Anda harus didahulukan "
            "dalam rencana kerja pemerintah kota tahun depan."
        ),
        kind=Poll.Kind.MULTIPLE,
        max_choices=2,
        status=Poll.Status.OPEN,
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=28),
        results_live=True,
        min_age=17,
        region=city,
    )
    closed, created = _poll(
        agency,
        CLOSED_TITLE,
        CLOSED_OPTIONS,
        description=(
            "Seberapa sering car free day di Jalan Ir. H. Juanda sebaiknya diadakan?"
        ),
        kind=Poll.Kind.SINGLE,
        status=Poll.Status.OPEN,
        opens_at=now - dt.timedelta(days=40),
        closes_at=now + dt.timedelta(days=1),
        min_age=17,
        region=city,
    )
    if created:
        rng = random.Random(context.seed)  # noqa: S311 (demo data)
        options = [str(pk) for pk in closed.options.values_list("pk", flat=True)]
        voters = Resident.objects.filter(status="alive").order_by("id")[:400]
        for resident in voters:
            choice = rng.choices(options, weights=[6, 3, 1])[0]
            cast_ballot(poll=closed, resident=resident, option_ids=[choice])
        closed.status = Poll.Status.CLOSED
        closed.closes_at = now - dt.timedelta(days=10)
        closed.closed_at = closed.closes_at
        closed.save(update_fields=["status", "closes_at", "closed_at", "updated_at"])
        transaction.on_commit(lambda: ballots_mix(poll_id=closed.pk, force=True))
    context.write("polls: an open and a closed poll")
