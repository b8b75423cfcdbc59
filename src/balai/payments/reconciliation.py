# SPDX-License-Identifier: EUPL-1.2
"""Reconciliation: a provider's settlement file against Balai's settled orders.

The file is CSV with a header: ``transaction_id,order_id,amount,settled_at``
(``order_id`` is Balai's order id as sent to the provider, ``amount`` whole rupiah,
``settled_at`` ISO 8601). Every mismatch is listed:

- ``missing``: Balai settled an order in the file's period that the file lacks;
- ``unknown``: the file has a transaction Balai knows no settled order for;
- ``amount``: the amounts differ;
- ``paid_twice``: one order appears with two transactions in the file, or the
  file's transaction is the second payment Balai flagged for refund.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.payments.constants import ErrorCode, OrderStatus, Outcome
from balai.payments.models import PaymentNotification, PaymentOrder

COLUMNS = ("transaction_id", "order_id", "amount", "settled_at")
MAX_ROWS = 200_000


@dataclass(frozen=True)
class Row:
    line: int
    transaction_id: str
    order_id: str
    amount: Decimal
    settled_at: dt.datetime


@dataclass(frozen=True)
class Mismatch:
    kind: str  # missing, unknown, amount, paid_twice
    transaction_id: str
    reference: str
    file_amount: Decimal | None
    balai_amount: Decimal | None
    line: int | None


def _error(message: str) -> BalaiError:
    return BalaiError(message, code=ErrorCode.INVALID_SETTLEMENT_FILE)


def parse(text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise _error(
            _("The settlement file needs the header %(header)s.")
            % {"header": ",".join(COLUMNS)}
        )
    rows = []
    for number, record in enumerate(reader, start=2):
        if number > MAX_ROWS:
            raise _error(_("The settlement file has too many rows."))
        try:
            amount = Decimal(record["amount"])
            moment = parse_datetime(record["settled_at"] or "")
        except (InvalidOperation, ValueError):
            amount, moment = Decimal(-1), None
        if moment is None or amount < 0 or not record["transaction_id"]:
            raise _error(
                _("Line %(line)d of the settlement file is not valid.")
                % {"line": number}
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        rows.append(
            Row(number, record["transaction_id"], record["order_id"], amount, moment)
        )
    return rows


def reconcile(rows: list[Row]) -> list[Mismatch]:
    """Every mismatch between ``rows`` and the orders settled in their period."""
    if not rows:
        return []
    start = timezone.localdate(min(row.settled_at for row in rows))
    end = timezone.localdate(max(row.settled_at for row in rows))
    paid = {
        order.provider_reference: order
        for order in PaymentOrder.objects.filter(
            status=OrderStatus.PAID,
            paid_at__date__gte=start,
            paid_at__date__lte=end,
        )
    }
    by_transaction = {
        order.provider_reference: order
        for order in PaymentOrder.objects.filter(
            status=OrderStatus.PAID,
            provider_reference__in=[row.transaction_id for row in rows],
        )
    }
    refunds = set(
        PaymentNotification.objects.filter(
            outcome__in=[Outcome.REFUND, Outcome.REFUSED],
            transaction_id__in=[row.transaction_id for row in rows],
        ).values_list("transaction_id", flat=True)
    )
    found: list[Mismatch] = []
    seen_orders: dict[str, str] = {}
    for row in rows:
        order = by_transaction.get(row.transaction_id)
        if row.transaction_id in refunds:
            found.append(
                Mismatch(
                    "paid_twice", row.transaction_id, "", row.amount, None, row.line
                )
            )
            continue
        if order is None:
            found.append(
                Mismatch("unknown", row.transaction_id, "", row.amount, None, row.line)
            )
            continue
        earlier = seen_orders.get(str(order.pk))
        if earlier is not None and earlier != row.transaction_id:
            found.append(
                Mismatch(
                    "paid_twice",
                    row.transaction_id,
                    order.reference,
                    row.amount,
                    order.paid_amount,
                    row.line,
                )
            )
        seen_orders[str(order.pk)] = row.transaction_id
        if order.paid_amount != row.amount:
            found.append(
                Mismatch(
                    "amount",
                    row.transaction_id,
                    order.reference,
                    row.amount,
                    order.paid_amount,
                    row.line,
                )
            )
    in_file = {row.transaction_id for row in rows}
    for transaction_id, order in sorted(paid.items()):
        if transaction_id not in in_file:
            found.append(
                Mismatch(
                    "missing",
                    transaction_id,
                    order.reference,
                    None,
                    order.paid_amount,
                    None,
                )
            )
    return found
