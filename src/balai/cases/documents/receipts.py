# SPDX-License-Identifier: EUPL-1.2
"""Receipts (bukti bayar): a signed document for every settled payment.

Payments (floor 3) cannot import this machinery (floor 4), so receipts subscribe to
``payment_settled``: after the settlement commits, a task issues the receipt as an
:class:`IssuedDocument` of the revenue agency (``PAYMENTS["revenue_agency"]``), signed
and verifiable at ``/verify/<code>`` like any issued document. Issuing is idempotent
(one valid receipt per payment reference), and a receipt that could not be made at
settlement (no certificate yet, a signing failure) is made when first downloaded.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from balai.accounts.models import Agency
from balai.cases.documents.constants import DocumentStatus
from balai.cases.documents.models import IssuedDocument
from balai.cases.documents.services import document_issue
from balai.core.errors import BalaiError
from balai.core.tasks import task
from balai.payments import selectors as payments

logger = logging.getLogger(__name__)

TEMPLATE = "bukti-bayar"


def receipt_for(reference: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(
        template=TEMPLATE, reference=reference, status=DocumentStatus.VALID
    ).first()


def _rupiah(amount: Any) -> str:
    return "Rp" + f"{int(amount):,}".replace(",", ".")


@transaction.atomic
def receipt_issue(reference: str) -> IssuedDocument | None:
    """The receipt of a settled payment (made now if missing); None if unpaid."""
    existing = receipt_for(reference)
    if existing is not None:
        return existing
    order = payments.paid_order(reference)
    if order is None:
        return None
    agency = (
        Agency.objects.select_related("unit")
        .filter(code=settings.PAYMENTS["revenue_agency"])
        .first()
    )
    if agency is None:
        raise BalaiError(f"No agency {settings.PAYMENTS['revenue_agency']!r}.")
    paid_at = timezone.localtime(order.paid_at)
    return document_issue(
        agency=agency,
        template=TEMPLATE,
        title_id="Bukti Pembayaran",
        title_en="Proof of Payment",
        number=f"BB-{paid_at:%Y%m%d}-{order.serial:010d}",
        reference=reference,
        holder_name=order.payer_name or "-",
        fields=[
            ("Referensi", reference),
            ("Uraian", order.description),
            ("Jumlah dibayar", _rupiah(order.paid_amount or order.amount)),
            ("Waktu pembayaran", paid_at.strftime("%d-%m-%Y %H:%M:%S %Z")),
            ("Virtual account", order.va_number),
            ("ID transaksi", order.provider_reference or "-"),
            ("Status", "LUNAS"),
        ],
        issued_by=None,  # the system, on a verified settlement
    )


@task()
def receipt_issue_task(reference: str) -> str:
    try:
        document = receipt_issue(reference)
    except BalaiError:
        logger.warning("documents.receipt_failed kind=%s", reference.split("-")[0])
        return "failed"
    return "issued" if document is not None else "unpaid"


def on_payment_settled(
    sender: Any, *, reference: str, amount: Any, paid_at: Any, **kwargs: Any
) -> None:
    """After the settlement commits, issue the receipt in the background."""
    transaction.on_commit(partial(receipt_issue_task.enqueue, reference))
