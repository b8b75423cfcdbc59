# SPDX-License-Identifier: EUPL-1.2
"""Every write of the tax app: objects, the annual assessment, paying bills.

The assessment (``assessment_run``) walks the active objects in NOP order in
batches; each batch's bills and the run's cursor commit together, so a run that
stops half-way resumes after the last committed NOP, and a re-run makes no bill
twice (one bill per object and year: a unique constraint, inserts ignore it).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import BigIntegerField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict, NotFound
from balai.core.payables import Settlement
from balai.payments import services as payments
from balai.security import audit
from balai.tax import pbb
from balai.tax.constants import (
    BillStatus,
    ErrorCode,
    ObjectionStatus,
    RunStatus,
    TaxpayerKind,
)
from balai.tax.models import (
    AssessmentRun,
    Objection,
    TaxBill,
    TaxObject,
    bill_reference,
)
from balai.tax.nop import parse_nop
from balai.tax.selectors import AmountDue as AmountDue
from balai.tax.selectors import bill_amount_due as bill_amount_due

logger = logging.getLogger(__name__)

BATCH = 5000
MIN_YEAR = 2000


def _year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        value = 0
    if not MIN_YEAR <= value <= timezone.localdate().year + 1:
        raise BalaiError(
            _("The tax year must be between %(first)d and %(last)d.")
            % {"first": MIN_YEAR, "last": timezone.localdate().year + 1},
            code=ErrorCode.INVALID_YEAR,
            field_errors={"year": [_("Not a valid tax year.")]},
        )
    return value


def nop_clean(text: str) -> str:
    nop = parse_nop(text)
    if nop is None:
        message = _("A NOP has 18 digits: PP.KK.CCC.DDD.BBB-NNNN.J.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_NOP, field_errors={"nop": [message]}
        )
    return nop.digits


@transaction.atomic
def object_register(
    *,
    actor: Any,
    nop: str,
    address: str,
    land_area: int,
    land_value_m2: Decimal,
    building_area: int = 0,
    building_value_m2: Decimal = Decimal(0),
    taxpayer_name: str,
    taxpayer_nik: str = "",
    taxpayer_nib: str = "",
    village: Any = None,
    njoptkp_applies: bool = True,
) -> TaxObject:
    """Register a PBB-P2 object (an officer's act, or the demo seeder's)."""
    digits = nop_clean(nop)
    if TaxObject.objects.filter(nop=digits).exists():
        raise Conflict(
            _("NOP %(nop)s is already registered.") % {"nop": digits},
            code=ErrorCode.DUPLICATE_NOP,
        )
    if land_area < 0 or building_area < 0:
        raise BalaiError(_("Areas cannot be negative."), code=ErrorCode.INVALID_AREA)
    if land_value_m2 < 0 or building_value_m2 < 0:
        raise BalaiError(_("Values cannot be negative."), code=ErrorCode.INVALID_VALUE)
    nik = "".join(ch for ch in taxpayer_nik if ch.isdigit())
    nib = "".join(ch for ch in taxpayer_nib if ch.isdigit())
    if bool(nik) == bool(nib) or (nik and len(nik) != 16) or (nib and len(nib) != 13):
        raise BalaiError(
            _("A taxpayer has a 16-digit NIK (person) or 13-digit NIB (company)."),
            code=ErrorCode.INVALID_TAXPAYER,
        )
    obj = TaxObject(
        nop=digits,
        address=address.strip(),
        land_area=land_area,
        land_value_m2=land_value_m2,
        building_area=building_area,
        building_value_m2=building_value_m2,
        taxpayer_kind=TaxpayerKind.PERSON if nik else TaxpayerKind.COMPANY,
        taxpayer_nik=nik,
        taxpayer_nib=nib,
        taxpayer_name=taxpayer_name.strip(),
        village=village,
        njoptkp_applies=njoptkp_applies,
    )
    obj.full_clean()
    obj.save(force_insert=True)
    audit.record(
        actor=actor,
        action="tax.object_register",
        target=obj,
        changes=["nop", "taxpayer_nik", "taxpayer_name"],
        purpose=digits,
    )
    return obj


@dataclass(frozen=True)
class RunResult:
    year: int
    total: int
    done: int
    created: int
    resumed: bool


def _bills_insert(
    bills: list[tuple[Any, str, Decimal, dict[str, Any]]],
    *,
    year: int,
    rules: str,
    due_date: dt.date,
) -> None:
    """INSERT one batch of SPPT bills in one statement, skipping a bill another run
    made meanwhile (the one-bill-per-object-and-year constraint).

    The same rows ``TaxBill.objects.bulk_create(..., ignore_conflicts=True)`` writes,
    without building a model instance and preparing thirteen fields per bill: the
    values shared by the batch (timestamps, year, rules, due date, status, the empty
    payment fields) are prepared once, each field through Django's own
    ``get_db_prep_save`` for this database (test_assessment compares the result with
    the ORM's on SQLite and PostgreSQL).
    """
    if not bills:
        return
    from django.db import connection
    from django.db.models.constants import OnConflict

    meta = TaxBill._meta
    template = TaxBill(year=year, rules=rules, due_date=due_date)
    now = timezone.now()
    template.created_at = template.updated_at = now
    per_row = {"id", "tax_object", "reference", "principal", "computation"}
    fields = list(meta.concrete_fields)
    shared = {
        field.name: field.get_db_prep_save(
            getattr(template, field.attname), connection=connection
        )
        for field in fields
        if field.name not in per_row
    }
    pk_field, fk_field = meta.get_field("id"), meta.get_field("tax_object")
    money, json_field = meta.get_field("principal"), meta.get_field("computation")
    params = []
    for object_id, reference, principal, computation in bills:
        values = dict(shared)
        values["id"] = pk_field.get_db_prep_save(uuid.uuid4(), connection=connection)
        values["tax_object"] = fk_field.get_db_prep_save(
            object_id, connection=connection
        )
        values["reference"] = reference
        values["principal"] = money.get_db_prep_save(principal, connection=connection)
        values["computation"] = json_field.get_db_prep_save(
            computation, connection=connection
        )
        params.append([values[field.name] for field in fields])
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    holders = ", ".join(["%s"] * len(fields))
    insert = connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)
    suffix = connection.ops.on_conflict_suffix_sql(
        fields, OnConflict.IGNORE, None, None
    )
    sql = f"{insert} {quote(meta.db_table)} ({columns}) VALUES ({holders}) {suffix}"
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def assessment_run(
    *,
    year: Any,
    actor: Any = None,
    batch: int = BATCH,
    progress: Callable[[AssessmentRun], None] | None = None,
    stop_after: int | None = None,
) -> RunResult:
    """Make this year's SPPT bills for every active object; resumable, idempotent.
    ``stop_after`` batches is for an interrupted run (tests, operators)."""
    year = _year(year)
    try:
        rules = pbb.rules_from_settings()
    except (ValueError, ArithmeticError) as exc:
        raise BalaiError(str(exc), code=ErrorCode.INVALID_RULES) from exc
    objects = TaxObject.objects.filter(active=True)
    run, made = AssessmentRun.objects.get_or_create(
        year=year, defaults={"total": objects.count(), "rules": rules.version()}
    )
    resumed = not made and run.status == RunStatus.RUNNING and bool(run.cursor)
    if run.status == RunStatus.DONE:  # a re-run: start over, creating only what's new
        run.status, run.cursor, run.done = RunStatus.RUNNING, "", 0
        run.total = objects.count()
        run.save(update_fields=["status", "cursor", "done", "total", "updated_at"])
    fields = (
        "pk",
        "nop",
        "land_area",
        "land_m2",
        "building_area",
        "building_m2",
        "njoptkp_applies",
    )
    # NJOP per m² is whole rupiah: read as integers, without a Decimal converter
    whole = {
        "land_m2": Cast("land_value_m2", BigIntegerField()),
        "building_m2": Cast("building_value_m2", BigIntegerField()),
    }
    # computed once per run, not per bill
    version, due_date = rules.version(), rules.due_date(year)
    billed = TaxBill.objects.filter(tax_object=OuterRef("pk"), year=year)
    batches = 0
    while True:
        # plain tuples, not model instances: the run reads 7 columns per object, and
        # whether it already has this year's bill (a re-run or a resumed run)
        rows = list(
            objects.filter(nop__gt=run.cursor)
            .order_by("nop")
            .annotate(billed=Exists(billed), **whole)
            .values_list(*fields, "billed")[:batch]
        )
        if not rows:
            break
        with transaction.atomic():
            bills = []
            for pk, nop, land, land_m2, building, building_m2, applies, has in rows:
                if has:
                    continue
                computation = pbb.compute(
                    land_area=land,
                    land_value_m2=Decimal(land_m2),
                    building_area=building,
                    building_value_m2=Decimal(building_m2),
                    njoptkp_applies=applies,
                    rules=rules,
                )
                # an object below NJOPTKP owes nothing: no SPPT is issued for it
                if computation.due <= 0:
                    continue
                bills.append(
                    (
                        pk,
                        bill_reference(year, nop),
                        computation.due,
                        computation.as_json(),
                    )
                )
            _bills_insert(bills, year=year, rules=version, due_date=due_date)
            run.created += len(bills)
            run.cursor = rows[-1][1]
            run.done += len(rows)
            run.save(update_fields=["cursor", "done", "created", "updated_at"])
        if progress is not None:
            progress(run)
        batches += 1
        if stop_after is not None and batches >= stop_after:
            return RunResult(year, run.total, run.done, run.created, resumed)
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at", "updated_at"])
    audit.record(
        actor=actor,
        action="tax.assessment_run",
        target=run,
        changes=["done", "created"],
        purpose=str(year),
    )
    return RunResult(year, run.total, run.done, run.created, resumed)


def _interest_changes_after(bill: TaxBill, today: dt.date) -> dt.datetime:
    """The end of the day before the interest next grows (a code must not outlive
    its amount)."""
    due = bill.due_date
    months = pbb.months_late(due, today)
    year, month = divmod(due.month - 1 + months, 12)
    last_day = due.day
    while True:
        try:
            boundary = dt.date(due.year + year, month + 1, last_day)
            break
        except ValueError:
            last_day -= 1
    end = timezone.make_aware(dt.datetime.combine(boundary, dt.time(23, 59, 59)))
    return end


def unpaid_bill_for_update(model: Any, bill_id: Any, *, related: str) -> Any:
    """The unpaid bill ``bill_id`` of ``model`` (PBB or PKB), locked, with its
    ``related`` object; NotFound or Conflict (already paid) otherwise. Call inside
    the caller's transaction."""
    bill = (
        model.objects.select_for_update()
        .select_related(related)
        .filter(pk=bill_id)
        .first()
    )
    if bill is None:
        raise NotFound(_("No such tax bill."), code=ErrorCode.BILL_NOT_FOUND)
    if bill.status != BillStatus.UNPAID:
        raise Conflict(_("This bill has already been paid."), code=ErrorCode.BILL_PAID)
    return bill


@transaction.atomic
def bill_pay(*, actor: Any, bill_id: Any) -> Any:
    """The payment order for a bill at today's amount (principal + interest)."""
    bill = unpaid_bill_for_update(TaxBill, bill_id, related="tax_object")
    today = timezone.localdate()
    due = bill_amount_due(bill, today)
    expires = min(
        timezone.now() + dt.timedelta(hours=72), _interest_changes_after(bill, today)
    )
    if expires <= timezone.now():
        expires = timezone.now() + dt.timedelta(hours=1)
    return payments.order_create(
        reference=bill.reference,
        amount=due.total,
        description=_("PBB-P2 %(year)d, NOP %(nop)s")
        % {"year": bill.year, "nop": bill.tax_object.nop},
        payer=actor,
        payer_name=getattr(actor, "full_name", "") or "",
        expires_at=expires,
    )


def mark_bill_paid(model: Any, settlement: Settlement) -> None:
    """Mark the unpaid bill of ``model`` (PBB or PKB) with the settlement's reference
    paid; idempotent: an unknown reference, a bill already paid or a short amount
    changes nothing (and is logged). Call inside the receiver's transaction."""
    bill = (
        model.objects.select_for_update().filter(reference=settlement.reference).first()
    )
    if bill is None:
        logger.warning("tax.payment_unknown_reference")
        return
    if bill.status != BillStatus.UNPAID:
        return
    if settlement.amount < bill.principal:
        logger.warning("tax.payment_short %s=%s", model.__name__, bill.pk)
        return
    bill.status = BillStatus.PAID
    bill.paid_at = settlement.paid_at
    bill.paid_amount = settlement.amount
    bill.save(update_fields=["status", "paid_at", "paid_amount", "updated_at"])


@transaction.atomic
def bill_settled(settlement: Settlement) -> None:
    """Receiver of a settled payment for ``PBB-...``; idempotent."""
    mark_bill_paid(TaxBill, settlement)


MIN_REASON, MAX_REASON = 10, 2000


@transaction.atomic
def objection_file(
    *, actor: Any, bill_id: Any, reason: str, requested_principal: Any
) -> Objection:
    """The taxpayer objects to an unpaid bill of theirs, asking for a lower tax."""
    from balai.tax import selectors

    bill = (
        selectors.bills_for_citizen(actor)
        .select_for_update(of=("self",))
        .filter(pk=bill_id)
        .first()
    )
    if bill is None:
        raise NotFound(_("No such tax bill."), code=ErrorCode.BILL_NOT_FOUND)
    if bill.status != BillStatus.UNPAID:
        raise Conflict(_("This bill has already been paid."), code=ErrorCode.BILL_PAID)
    reason = (reason or "").strip()
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        message = _("Explain the objection in 10 to 2000 characters.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_REASON, field_errors={"reason": [message]}
        )
    try:
        asked = Decimal(str(requested_principal).strip())
    except ArithmeticError:
        asked = Decimal(-1)
    if (
        not asked.is_finite()
        or asked < 0
        or asked >= bill.principal
        or asked != int(asked)
    ):
        message = _("Ask for a whole amount of rupiah below the tax assessed.")
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_VALUE,
            field_errors={"requested_principal": [message]},
        )
    if bill.objections.filter(status=ObjectionStatus.FILED).exists():
        raise Conflict(
            _("An objection to this bill is already being decided."),
            code=ErrorCode.OBJECTION_OPEN,
        )
    objection = Objection.objects.create(
        bill=bill,
        filed_by=actor,
        reason=reason,
        requested_principal=asked,
        previous_principal=bill.principal,
    )
    audit.record(
        actor=actor,
        action="tax.objection_file",
        target=objection,
        changes=["reason", "requested_principal"],
        purpose=bill.reference,
    )
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor: Any,
    objection_id: Any,
    accept: bool,
    principal: Any = None,
    note: str = "",
) -> Objection:
    """Bapenda decides: accepted, the bill's tax becomes ``principal`` (by default
    what was asked) with the reduction shown in its computation; or rejected."""
    from balai.tax import policies

    policies.ensure_can_manage_taxes(actor)
    objection = Objection.objects.select_for_update().filter(pk=objection_id).first()
    if objection is None:
        raise NotFound(_("No such objection."))
    if objection.status != ObjectionStatus.FILED:
        raise Conflict(
            _("This objection has already been decided."),
            code=ErrorCode.OBJECTION_DECIDED,
        )
    bill = TaxBill.objects.select_for_update().get(pk=objection.bill_id)
    objection.status = ObjectionStatus.ACCEPTED if accept else ObjectionStatus.REJECTED
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.decision_note = (note or "").strip()[:500]
    if accept:
        try:
            decided = Decimal(
                str(
                    principal
                    if principal not in (None, "")
                    else objection.requested_principal
                )
            )
        except ArithmeticError:
            decided = Decimal(-1)
        if not decided.is_finite() or not 0 <= decided <= bill.principal:
            message = _("The decided tax must be between zero and the tax assessed.")
            raise BalaiError(
                message,
                code=ErrorCode.INVALID_VALUE,
                field_errors={"principal": [message]},
            )
        decided = decided.quantize(Decimal(1))
        objection.decided_principal = decided
        computation = dict(bill.computation)
        computation["reduction"] = str(bill.principal - decided)
        computation["due"] = str(decided)
        bill.computation = computation
        bill.principal = decided
        bill.save(update_fields=["principal", "computation", "updated_at"])
    objection.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "decided_principal",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="tax.objection_decide",
        target=objection,
        changes=["status", "decided_principal"],
        purpose=bill.reference,
    )
    return objection
