# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal

from django.core.management import call_command

import pytest

from balai.core.errors import BalaiError, Conflict
from balai.tax import services
from balai.tax.constants import ErrorCode
from balai.tax.models import AssessmentRun, TaxBill
from balai.tax.tests.support import tax_object

pytestmark = pytest.mark.django_db


def _objects(count: int) -> None:
    for serial in range(1, count + 1):
        tax_object(
            nop=f"3515010001001{serial:04d}0",
            land_area=100 + serial,
            taxpayer_nik=f"32730117089{serial:05d}",
        )


def test_a_run_bills_every_object_with_its_computation() -> None:
    tax_object()
    result = services.assessment_run(year=2026)
    assert (result.total, result.done, result.created) == (1, 1, 1)
    bill = TaxBill.objects.get()
    assert bill.reference == "PBB-2026-351501000100100010"
    assert bill.principal == Decimal(810_000)
    assert bill.computation["njop"] == "550000000"
    assert "Sidoarjo" in bill.rules
    assert str(bill.due_date) == "2026-08-31"


def test_a_rerun_is_idempotent_and_an_interrupted_run_resumes() -> None:
    _objects(7)
    first = services.assessment_run(year=2026, batch=3, stop_after=1)
    assert first.done == 3 and TaxBill.objects.count() == 3
    run = AssessmentRun.objects.get(year=2026)
    assert run.status == "running" and run.percent == 42
    second = services.assessment_run(year=2026, batch=3)
    assert second.resumed and second.done == 7 and second.created == 7
    again = services.assessment_run(year=2026, batch=3)
    assert again.done == 7 and again.created == 7  # nothing new was made
    assert TaxBill.objects.count() == 7


def test_the_command_runs_the_assessment(capsys) -> None:
    _objects(2)
    call_command("tax", "assess", "2026")
    assert "2 objects assessed, 2 new bills" in capsys.readouterr().out


@pytest.mark.parametrize("year", ["abc", 1999, 2999])
def test_bad_years_are_refused(year: object) -> None:
    with pytest.raises(BalaiError) as error:
        services.assessment_run(year=year)
    assert error.value.code == ErrorCode.INVALID_YEAR


def test_object_registration_validates_its_input() -> None:
    with pytest.raises(BalaiError) as error:
        tax_object(nop="35.15.010")
    assert (
        error.value.code == ErrorCode.INVALID_NOP and "nop" in error.value.field_errors
    )
    with pytest.raises(BalaiError) as error:
        tax_object(taxpayer_nik="123")
    assert error.value.code == ErrorCode.INVALID_TAXPAYER
    company = tax_object(taxpayer_nik="", taxpayer_nib="1234567890123")
    assert company.taxpayer_kind == "company"
    with pytest.raises(Conflict):
        tax_object()


def test_the_hand_written_insert_writes_what_the_orm_would() -> None:
    """The run inserts bills with one hand-written statement per batch; the rows read
    back equal a bill built and saved through the ORM from the same computation."""
    import datetime as dt

    from django.utils import timezone

    from balai.tax import pbb
    from balai.tax.models import bill_reference

    obj = tax_object()
    before = timezone.now()
    services.assessment_run(year=2026)
    made = TaxBill.objects.get()
    rules = pbb.rules_from_settings()
    computation = pbb.compute(
        land_area=obj.land_area,
        land_value_m2=obj.land_value_m2,
        building_area=obj.building_area,
        building_value_m2=obj.building_value_m2,
        njoptkp_applies=obj.njoptkp_applies,
        rules=rules,
    )
    made_id = made.pk
    TaxBill.objects.all().delete()
    orm = TaxBill.objects.create(
        tax_object=obj,
        year=2026,
        reference=bill_reference(2026, obj.nop),
        principal=computation.due,
        computation=computation.as_json(),
        rules=rules.version(),
        due_date=rules.due_date(2026),
    )
    orm.refresh_from_db()
    compared = [
        "tax_object_id",
        "year",
        "reference",
        "principal",
        "computation",
        "rules",
        "due_date",
        "status",
        "paid_at",
        "paid_amount",
    ]
    assert {f: getattr(made, f) for f in compared} == {
        f: getattr(orm, f) for f in compared
    }
    assert made_id != orm.pk and isinstance(made.due_date, dt.date)
    assert before <= made.created_at == made.updated_at <= timezone.now()
