# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.core.errors import BalaiError, Conflict
from balai.registry.tests.factories import register_officer, registered
from balai.tax import services
from balai.tax.constants import ErrorCode
from balai.tax.models import Objection, TaxBill
from balai.tax.tests.support import NIK, tax_object

pytestmark = pytest.mark.django_db
BORN = dt.date(1990, 8, 17)


@pytest.fixture
def owner(sample_regions) -> object:
    registered(register_officer(), nik=NIK, birth_date=BORN, full_name="Hendra W")
    tax_object()
    services.assessment_run(year=timezone.localdate().year)
    return UserFactory(nik=NIK, birth_date=BORN)


def test_objection_flow_reduces_the_bill_with_history(client, owner) -> None:
    bill = TaxBill.objects.get()
    client.force_login(owner, backend="balai.accounts.backends.LoginBackend")
    url = f"/pajak/tagihan/{bill.pk}/keberatan/"
    bad = client.post(url, {"reason": "salah", "requested_principal": "abc"})
    assert bad.status_code == 400
    assert 'value="abc"' in bad.content.decode()  # what was typed is kept
    ok = client.post(
        url,
        {
            "reason": "Luas bangunan 80 m², bukan 100 m².",
            "requested_principal": "780000",
        },
    )
    assert ok.status_code == 302
    objection = Objection.objects.get()
    with pytest.raises(Conflict):
        services.objection_file(
            actor=owner,
            bill_id=bill.pk,
            reason="Sekali lagi keberatan.",
            requested_principal=1,
        )
    officer = StaffFactory(agency=AgencyFactory(code="bapenda"))
    client.logout()
    login(client, officer)
    pass_two_factor(client, officer)
    assert "Luas bangunan 80" in client.get("/pajak/petugas/").content.decode()
    decided = client.post(
        f"/pajak/petugas/keberatan/{objection.pk}/",
        {"decision": "accept", "principal": "780000", "note": "Diukur ulang."},
    )
    assert decided.status_code == 302
    bill.refresh_from_db()
    assert bill.principal == Decimal(780000)
    assert bill.computation["reduction"] == "30000"
    objection.refresh_from_db()
    assert objection.status == "accepted" and objection.decided_by == officer
    client.force_login(owner, backend="balai.accounts.backends.LoginBackend")
    page = client.get("/pajak/").content.decode()
    assert "Diukur ulang." in page and "780.000" in page


def test_objections_refuse_bad_input_and_strangers(owner) -> None:
    bill = TaxBill.objects.get()
    for reason, asked, field in [
        ("pendek", 1, "reason"),
        ("Alasan yang cukup panjang.", bill.principal, "requested_principal"),
        ("Alasan yang cukup panjang.", -5, "requested_principal"),
    ]:
        with pytest.raises(BalaiError) as error:
            services.objection_file(
                actor=owner, bill_id=bill.pk, reason=reason, requested_principal=asked
            )
        assert field in error.value.field_errors
    with pytest.raises(BalaiError) as error:
        services.objection_file(
            actor=UserFactory(), bill_id=bill.pk, reason="x" * 20, requested_principal=1
        )
    assert error.value.code == ErrorCode.BILL_NOT_FOUND
    objection = services.objection_file(
        actor=owner, bill_id=bill.pk, reason="x" * 20, requested_principal=1
    )
    with pytest.raises(PermissionDenied):
        services.objection_decide(
            actor=StaffFactory(), objection_id=objection.pk, accept=True
        )
    officer = StaffFactory(agency=AgencyFactory(code="bapenda"))
    rejected = services.objection_decide(
        actor=officer, objection_id=objection.pk, accept=False, note="Sesuai data."
    )
    assert rejected.status == "rejected"
    bill.refresh_from_db()
    assert bill.principal == Decimal(810000)
