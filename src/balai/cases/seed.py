# SPDX-License-Identifier: EUPL-1.2
"""Demo applications of the demo citizen, so the Disdukcapil inbox is not empty.

Idempotent: each demo application carries a fixed idempotency key; an application
that exists is left as it is. Needs the accounts and register demo data (the demo
citizen's own register record, for the birth-certificate answers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balai.accounts import services as accounts_services
from balai.accounts.seed import DEMO_CITIZEN_EMAIL
from balai.cases import catalog_access, selectors, services
from balai.cases.models import Application
from balai.core.errors import BalaiError
from balai.core.samples import ONE_PAGE_PDF
from balai.core.seeding import SeedContext

OFFICER_EMAIL = "petugas.disdukcapil@balai.test"
PDF = ONE_PAGE_PDF
# key, child's name, final state
PLAN = [
    ("demo-birth-submitted", "Aditya Pratama", "submitted"),
    ("demo-birth-review", "Bunga Lestari", "in_review"),
    ("demo-birth-revision", "Citra Maharani", "needs_revision"),
    ("demo-birth-draft", "Dimas Saputra", "draft"),
]


def _verified(user: Any) -> Any:
    """The seeder acts as the officer from the server's shell (audited)."""
    return accounts_services.staff_acting_from_command(user=user, purpose="demo data")


def _answers(values: dict[str, Any], name: str, days_ago: int) -> dict[str, Any]:
    return {
        "child_name": name,
        "child_sex": "F" if name.split()[0][-1] == "a" else "M",
        "birth_date": (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat(),
        "birth_place": "Bandung",
        "birth_facility": "rumah-sakit",
        "birth_attendant": "bidan",
        "birth_order": 2,
        "mother_nik": values["nik"],
        "mother_name": values["full_name"],
        "kk_number": values["kk_number"],
        "reporter_relationship": "ibu",
        "declaration": True,
    }


def _one(
    citizen: Any,
    officer: Any,
    values: dict[str, Any],
    plan: tuple[str, str, str],
    n: int,
) -> bool:
    key, name, state = plan
    if Application.objects.filter(applicant=citizen, create_key=key).exists():
        return False
    service = catalog_access.service_get("akta-kelahiran")
    application = services.application_start(
        actor=citizen,
        service=service,
        answers=_answers(values, name, 5 + n),
        idempotency_key=key,
    )
    for code in ("surat-keterangan-lahir", "kartu-keluarga"):
        services.document_upload(
            actor=citizen,
            application=application,
            requirement_code=code,
            file=SimpleUploadedFile(f"{code}.pdf", PDF, content_type="application/pdf"),
        )
    if state == "draft":
        return True
    application = services.application_submit(actor=citizen, application=application)
    if state == "submitted":
        return True
    application = services.application_claim(actor=officer, application=application)
    if state == "needs_revision":
        services.revision_request(
            actor=officer,
            application=application,
            reason="Surat keterangan lahir kurang jelas; mohon unggah ulang.",
            requirement_codes=["surat-keterangan-lahir"],
        )
    return True


def seed_applications(context: SeedContext) -> None:
    """A draft, a new, a claimed and a returned birth-certificate application."""
    citizen = get_user_model().objects.get_by_login(DEMO_CITIZEN_EMAIL)
    officer = get_user_model().objects.get_by_login(OFFICER_EMAIL)
    if citizen is None or officer is None:
        context.write("cases: no demo citizen or officer; skipped")
        return
    values = selectors.register_values_for(citizen)
    if not values:
        context.write("cases: the demo citizen is not in the register; skipped")
        return
    created = 0
    for n, plan in enumerate(PLAN):
        try:
            created += _one(citizen, _verified(officer), values, plan, n)
        except BalaiError as exc:
            context.write(f"cases: demo application {plan[0]} skipped ({exc.code})")
    context.write(f"cases: {created} new demo applications")
