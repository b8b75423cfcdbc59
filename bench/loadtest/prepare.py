# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the load test, written as JSON for the locust users (``run.py``).

Runs in a ``balai`` environment with ``BALAI_ENV=test`` (seeding refuses production)
against the load test's database: migrates, loads the regions, seeds the register and
issues the credentials each kind of user needs: citizens' API tokens, an officer's
token made in a TOTP-verified session, an Open311 API key and an exchange API client
under a data sharing agreement.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import django


def main(out: str, residents: int, citizens: int) -> None:
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    call_command("seed", residents=residents, verbosity=0, no_progress=True)

    from balai.accounts.models import Agency
    from balai.accounts.services import api_token_create
    from balai.accounts.testing import verified
    from balai.accounts.tests.factories import StaffFactory, UserFactory
    from balai.registry.constants import Sex
    from balai.registry.exchange import services as exchange
    from balai.registry.exchange.models import DataSharingAgreement
    from balai.registry.models import Family, Resident
    from balai.reports.models import Category
    from balai.reports.services import open311_client_create
    from balai.reports.tests.factories import INSIDE, category
    from balai.security.audit import seal_pending

    if not Category.objects.filter(code="jalan-berlubang").exists():
        category()  # the category the PWA and Open311 users report (seeded too)
    disdukcapil = Agency.objects.get(code="disdukcapil")
    consumer, _created = Agency.objects.get_or_create(
        code="bpjs-kesehatan",
        defaults={
            "name": "BPJS Kesehatan",
            "short_name": "BPJS",
            "unit": disdukcapil.unit,
        },
    )
    purpose = "health_insurance_enrolment"
    agreement = DataSharingAgreement.objects.create(
        consumer=consumer,
        title="Load test agreement",
        legal_basis="Permendagri 102/2019",
        purpose_code=purpose,
        purpose_description="Health insurance enrolment",
        allowed_fields=["full_name", "birth_date", "sex", "village_code"],
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    client = exchange.api_client_create(
        agency=consumer, agreement=agreement, name="loadtest", rate_limit=10_000_000
    )
    _open311, open311_key = open311_client_create(name="loadtest", actor=None)
    officer = verified(StaffFactory(agency=disdukcapil))
    officer_token = api_token_create(actor=officer, name="loadtest")
    citizen_tokens = [
        api_token_create(actor=UserFactory(), name="loadtest") for _ in range(citizens)
    ]

    # a couple on one family card: the parents of the births citizens apply for
    families = []
    for family in Family.objects.all()[:200]:
        members = [
            m.resident
            for m in family.memberships.filter(valid_to__isnull=True).select_related(
                "resident"
            )
        ]
        father = next((m for m in members if m.sex == Sex.MALE), None)
        mother = next((m for m in members if m.sex == Sex.FEMALE), None)
        if father and mother:
            families.append(
                {
                    "mother_nik": mother.nik,
                    "mother_name": mother.full_name,
                    "father_nik": father.nik,
                    "father_name": father.full_name,
                    "kk_number": family.kk_number,
                }
            )
        if len(families) >= 20:
            break
    niks = [r.nik for r in Resident.objects.all()[:2000]]
    seal_pending()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "citizen_tokens": citizen_tokens,
                "officer_token": officer_token,
                "open311_key": open311_key,
                "exchange_credential": client.credential,
                "exchange_purpose": purpose,
                "niks": niks,
                "families": families,
                "inside": list(INSIDE),
            },
            handle,
        )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
