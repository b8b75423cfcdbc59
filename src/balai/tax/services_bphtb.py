# SPDX-License-Identifier: EUPL-1.2
"""Writes of BPHTB: the buyer's return (SSPD-BPHTB), paying it, Bapenda's check.

Self-assessed (spec §4): the buyer files a return citing the NOP of a registered
PBB-P2 object, the transaction price and the kind of acquisition; the buyer is the
filer's own register record (NIK through the register's selector). The duty is
``tariff × (NPOP − NPOPTKP)`` with NPOP the higher of the price and the object's
NJOP (:func:`balai.tax.levies.bphtb`); NPOPTKP is the region's value for the buyer's
first acquisition, none for a later one, and the higher family value for an
inheritance or a will. Filing opens a payment order (reference ``BPHTB-<year>-…``,
a payable kind of its own, whose settlements finance books as BPHTB revenue); the
settled payment marks it paid, and a Bapenda officer verifies or rejects it with a
reason (a rejected paid return is then a refund for the payments page).
"""

from __future__ import annotations

import logging
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict, NotFound
from balai.core.payables import Settlement
from balai.payments import services as payments
from balai.registry.selectors.residents import resident_for_citizen
from balai.security import audit
from balai.security.crypto.blind import index_for
from balai.tax import levies, policies
from balai.tax.constants import (
    BPHTB_PAYABLE_KIND,
    FAMILY_ACQUISITIONS,
    AcquisitionKind,
    ErrorCode,
    ReturnStatus,
)
from balai.tax.models import BphtbReturn, TaxObject
from balai.tax.services import nop_clean

logger = logging.getLogger(__name__)

MAX_PRICE = Decimal(10) ** 15
MIN_NOTE, MAX_NOTE = 10, 500


def _price(value: Any) -> Decimal:
    try:
        price = Decimal(str(value).strip().replace(".", "").replace(",", ""))
    except (InvalidOperation, ValueError):
        price = Decimal(-1)
    if not price.is_finite() or price <= 0 or price >= MAX_PRICE:
        message = _("Enter the transaction price in whole rupiah, above zero.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_PRICE, field_errors={"price": [message]}
        )
    return price


def object_njop(obj: TaxObject) -> Decimal:
    return obj.land_area * obj.land_value_m2 + obj.building_area * obj.building_value_m2


def _npoptkp(nik: str, acquisition: str, rules: levies.BphtbRules) -> Decimal:
    """The family value for inheritance or a will; the first acquisition's value
    once per buyer (an earlier return not rejected has used it); else none."""
    if acquisition in FAMILY_ACQUISITIONS:
        return rules.npoptkp_family
    used = (
        BphtbReturn.objects.filter(
            buyer_nik_index=index_for(BphtbReturn, "buyer_nik", nik), npoptkp__gt=0
        )
        .exclude(status=ReturnStatus.REJECTED)
        .exclude(acquisition__in=list(FAMILY_ACQUISITIONS))
        .exists()
    )
    return Decimal(0) if used else rules.npoptkp


def _reference(year: int) -> str:
    return f"{BPHTB_PAYABLE_KIND}-{year}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def bphtb_file(*, actor: Any, nop: str, price: Any, acquisition: str) -> BphtbReturn:
    """The signed-in buyer's return for acquiring the object ``nop``."""
    resident = resident_for_citizen(actor)
    if resident is None or not resident.nik:
        raise BalaiError(
            _(
                "Your account is not linked to a record of the population register, "
                "so Balai cannot name you as the buyer. Ask at the Dukcapil office."
            ),
            code=ErrorCode.NOT_IN_REGISTER,
        )
    digits = nop_clean(nop)
    obj = TaxObject.objects.filter(nop=digits, active=True).first()
    if obj is None:
        message = _("No PBB-P2 object is registered under this NOP.")
        raise BalaiError(
            message, code=ErrorCode.UNKNOWN_NOP, field_errors={"nop": [message]}
        )
    if acquisition not in AcquisitionKind.values:
        message = _("Choose the kind of acquisition.")
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_KIND,
            field_errors={"acquisition": [message]},
        )
    amount = _price(price)
    try:
        rules = levies.bphtb_rules()
    except ValueError as exc:
        raise BalaiError(str(exc), code=ErrorCode.INVALID_RULES) from exc
    # one buyer files one return at a time: serialise on the buyer's earlier returns
    nik = str(resident.nik)
    list(
        BphtbReturn.objects.select_for_update().filter(
            buyer_nik_index=index_for(BphtbReturn, "buyer_nik", nik)
        )
    )
    npoptkp = _npoptkp(nik, acquisition, rules)
    njop = object_njop(obj)
    result = levies.bphtb(
        price=amount, njop=njop, rate_percent=rules.rate_percent, npoptkp=npoptkp
    )
    year = timezone.localdate().year
    for _attempt in range(5):
        filed = BphtbReturn(
            reference=_reference(year),
            tax_object=obj,
            filed_by=actor,
            buyer_nik=nik,
            buyer_name=str(resident.full_name),
            acquisition=acquisition,
            price=amount,
            njop=njop,
            npop=result.npop,
            npoptkp=result.npoptkp,
            principal=result.due,
            computation={**levies.as_json(result), "price": str(amount)},
        )
        try:
            with transaction.atomic():
                filed.save(force_insert=True)
            break
        except IntegrityError:
            continue  # a reference collision: draw again
    else:  # pragma: no cover - 32 random bits five times over
        raise RuntimeError("could not draw an unused BPHTB reference")
    audit.record(
        actor=actor,
        action="tax.bphtb_file",
        target=filed,
        changes=["buyer_nik", "price", "acquisition"],
        purpose=digits,
    )
    return filed


@transaction.atomic
def bphtb_pay(*, actor: Any, return_id: Any) -> Any:
    """The payment order for a filed return (a return with nothing due needs none)."""
    filed = BphtbReturn.objects.select_for_update().filter(pk=return_id).first()
    if filed is None:
        raise NotFound(_("No such BPHTB return."), code=ErrorCode.RETURN_NOT_FOUND)
    if filed.status != ReturnStatus.FILED or filed.principal <= 0:
        raise Conflict(
            _("This return has nothing left to pay."), code=ErrorCode.BILL_PAID
        )
    return payments.order_create(
        reference=filed.reference,
        amount=filed.principal,
        description=_("BPHTB %(reference)s, NOP %(nop)s")
        % {"reference": filed.reference, "nop": filed.tax_object.nop},
        payer=actor,
        payer_name=getattr(actor, "full_name", "") or "",
    )


@transaction.atomic
def bphtb_settled(settlement: Settlement) -> None:
    """Receiver of a settled payment for ``BPHTB-...``; idempotent."""
    filed = (
        BphtbReturn.objects.select_for_update()
        .filter(reference=settlement.reference)
        .first()
    )
    if filed is None:
        logger.warning("tax.payment_unknown_reference")
        return
    if filed.status != ReturnStatus.FILED:
        return
    if settlement.amount < filed.principal:
        logger.warning("tax.payment_short bphtb=%s", filed.pk)
        return
    filed.status = ReturnStatus.PAID
    filed.paid_at = settlement.paid_at
    filed.paid_amount = settlement.amount
    filed.save(update_fields=["status", "paid_at", "paid_amount", "updated_at"])


@transaction.atomic
def bphtb_decide(
    *, actor: Any, return_id: Any, approve: bool, note: str = ""
) -> BphtbReturn:
    """Bapenda verifies a paid return (the deed may then be signed) or rejects a
    filed or paid one, giving the reason (e.g. a declared price below market)."""
    policies.ensure_can_manage_taxes(actor)
    filed = BphtbReturn.objects.select_for_update().filter(pk=return_id).first()
    if filed is None:
        raise NotFound(_("No such BPHTB return."), code=ErrorCode.RETURN_NOT_FOUND)
    if filed.status in (ReturnStatus.VERIFIED, ReturnStatus.REJECTED):
        raise Conflict(
            _("This return has already been decided."), code=ErrorCode.RETURN_DECIDED
        )
    note = (note or "").strip()
    if approve and filed.status != ReturnStatus.PAID and filed.principal > 0:
        raise Conflict(
            _("A return is verified only after its BPHTB is paid."),
            code=ErrorCode.RETURN_NOT_PAID,
        )
    if not approve and not MIN_NOTE <= len(note) <= MAX_NOTE:
        message = _("Give the reason for the rejection in 10 to 500 characters.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_REASON, field_errors={"note": [message]}
        )
    filed.status = ReturnStatus.VERIFIED if approve else ReturnStatus.REJECTED
    filed.decided_by = actor
    filed.decided_at = timezone.now()
    filed.decision_note = note[:MAX_NOTE]
    filed.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="tax.bphtb_decide",
        target=filed,
        changes=["status", "decision_note"],
        purpose=filed.reference,
    )
    return filed
