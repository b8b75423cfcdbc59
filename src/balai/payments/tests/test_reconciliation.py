# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

import pytest

from balai.core.errors import BalaiError
from balai.payments import reconciliation, services
from balai.payments.backends.base import Notification
from balai.payments.constants import NotificationStatus
from balai.payments.tests import support

pytestmark = pytest.mark.django_db
HEADER = "transaction_id,order_id,amount,settled_at\n"


def _settle(order, transaction_id: str, amount=None) -> None:
    services.notification_apply(
        provider="simulator",
        event=Notification(
            event_id=f"{transaction_id}-settled",
            order_key=str(order.pk),
            status=NotificationStatus.SETTLED,
            amount=order.amount if amount is None else Decimal(amount),
            transaction_id=transaction_id,
            occurred_at=timezone.now(),
        ),
    )


def _line(transaction_id: str, order, amount) -> str:
    return f"{transaction_id},{order.pk},{amount},{timezone.now().isoformat()}\n"


def test_a_matching_file_has_no_mismatch(tmp_path: Path, capsys) -> None:
    first, second = support.order(10000), support.order(20000)
    _settle(first, "T1")
    _settle(second, "T2")
    text = HEADER + _line("T1", first, 10000) + _line("T2", second, 20000)
    assert reconciliation.reconcile(reconciliation.parse(text)) == []
    path = tmp_path / "settlement.csv"
    path.write_text(text)
    call_command("payments", "reconcile", str(path))
    assert "2 row(s), 0 mismatch(es)" in capsys.readouterr().out


def test_every_kind_of_mismatch_is_listed_with_exit_code_1(tmp_path: Path) -> None:
    missing, differs, twice = (support.order(a) for a in (10000, 20000, 30000))
    _settle(missing, "T-missing")
    _settle(differs, "T-differs")
    _settle(twice, "T-first")
    _settle(twice, "T-second")  # flagged for refund by Balai
    text = (
        HEADER
        + _line("T-differs", differs, 25000)
        + _line("T-first", twice, 30000)
        + _line("T-second", twice, 30000)
        + _line("T-stranger", twice, 5000)
    )
    kinds = sorted(m.kind for m in reconciliation.reconcile(reconciliation.parse(text)))
    assert kinds == ["amount", "missing", "paid_twice", "unknown"]
    path = tmp_path / "settlement.csv"
    path.write_text(text)
    with pytest.raises(SystemExit) as exit_:
        call_command("payments", "reconcile", str(path))
    assert exit_.value.code == 1


@pytest.mark.parametrize(
    "text",
    [
        "id,amount\n1,2\n",
        HEADER + "T1,x,abc,2026-01-01T00:00:00+07:00\n",
        HEADER + "T1,x,100,yesterday\n",
    ],
)
def test_a_bad_file_is_refused_clearly(text: str) -> None:
    with pytest.raises(BalaiError) as error:
        reconciliation.parse(text)
    assert error.value.code == "invalid_settlement_file"


def test_the_bapenda_page_lists_mismatches_and_refuses_others(client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from balai.accounts.constants import Role
    from balai.accounts.tests.conftest import login, pass_two_factor
    from balai.accounts.tests.factories import AgencyFactory, StaffFactory

    order = support.order(10000)
    _settle(order, "T1")
    officer = StaffFactory(agency=AgencyFactory(code="bapenda"))
    login(client, officer)
    pass_two_factor(client, officer)
    text = HEADER + _line("T1", order, 9000)
    response = client.post(
        "/pembayaran/petugas/",
        {"file": SimpleUploadedFile("s.csv", text.encode())},
    )
    assert response.status_code == 200
    assert 'data-kind="amount"' in response.content.decode()
    bad = client.post(
        "/pembayaran/petugas/", {"file": SimpleUploadedFile("s.csv", b"x,y\n1,2\n")}
    )
    assert bad.status_code == 400
    other = StaffFactory(roles=[Role.OFFICER])
    client.logout()
    login(client, other)
    pass_two_factor(client, other)
    assert client.get("/pembayaran/petugas/").status_code == 403
