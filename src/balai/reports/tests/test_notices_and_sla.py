# SPDX-License-Identifier: EUPL-1.2
"""Messages about reports (template files, full links, each person's language) and
service times in working days or hours (``balai.core.sla``)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.core.sla import ServiceTime, end_of_day
from balai.core.workdays import add_working_days
from balai.reports import services
from balai.reports.constants import CloseReason, Status
from balai.reports.models import Category, Report
from balai.reports.tests.factories import agency, category, rule, submitted

pytestmark = pytest.mark.django_db
BASE = "https://lapor.bandung.go.id"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PUBLIC_BASE_URL = BASE


@pytest.fixture
def pu():
    found = agency("dinas-pu")
    rule(agency=found, category=category())
    return found


def _verified(user):
    """A real TOTP verification (accounts.testing), never a patched is_verified."""
    from balai.accounts.testing import verified

    return verified(user)


def test_the_receipt_names_the_service_time_and_links_the_report(
    outbox, immediate_on_commit
):
    english = UserFactory(language="en", email="ani@contoh.id")
    category("pju-mati", sla_working_days=3, sla_hours=None, name_en="Street light")
    report = submitted(service_code="pju-mati", reporter=english)
    indonesian = UserFactory(language="id", email="budi@contoh.id")
    report_id = submitted(reporter=indonesian).public_id
    by_recipient = {m.recipient: m for m in outbox}
    first = by_recipient["ani@contoh.id"]
    assert first.subject == f"We received your report {report.public_id}"
    assert "within 3 working days" in first.body
    assert "(Street light)" in first.body
    assert f"{BASE}/laporan/{report.public_id}/" in first.body
    second = by_recipient["budi@contoh.id"]
    assert second.subject == f"Laporan Anda {report_id} telah kami terima"
    assert "dalam 72 jam" in second.body


def test_an_open311_contact_email_gets_the_receipt_and_status_changes(
    pu, outbox, immediate_on_commit
):
    report = submitted(contact={"email": "warga.tanpa.akun@contoh.id"})
    assert [m.recipient for m in outbox] == ["warga.tanpa.akun@contoh.id"]
    outbox.clear()
    services.report_status_change(
        actor=_verified(StaffFactory(agency=pu)),
        report=report,
        status=Status.CLOSED,
        close_reason=CloseReason.FIXED,
        note="Sudah ditambal.",
    )
    (message,) = outbox
    assert message.recipient == "warga.tanpa.akun@contoh.id"
    assert f"Laporan {report.public_id}" in message.body
    assert "kini: Ditutup (Sudah diperbaiki)." in message.body
    assert "Sudah ditambal." in message.body
    assert f"{BASE}/laporan/{report.public_id}/" in message.body


def test_followers_hear_of_public_comments_in_their_language_not_the_author(
    pu, outbox, immediate_on_commit
):
    officer = _verified(StaffFactory(agency=pu, email="petugas@pu.go.id"))
    report = submitted()
    follower = UserFactory(language="en", email="follower@contoh.id")
    services.report_follow(actor=follower, report=report)
    services.report_follow(actor=officer, report=report)
    outbox.clear()
    services.report_comment(
        actor=officer, report=report, text="Tim dijadwalkan besok.", is_public=True
    )
    (message,) = outbox
    assert message.recipient == "follower@contoh.id"
    assert message.subject == f"Update on report {report.public_id}"
    assert "There is a new update" in message.body
    assert "Tim dijadwalkan besok." in message.body


def test_a_working_day_category_is_due_at_the_end_of_its_last_working_day():
    category("trotoar-rusak", sla_working_days=5, sla_hours=None)
    report = submitted(service_code="trotoar-rusak")
    requested = timezone.localdate(report.requested_at)
    assert report.due_at == end_of_day(add_working_days(requested, 5))
    assert str(ServiceTime(working_days=5)) in ("5 working days", "5 hari kerja")


def test_a_category_has_working_days_or_hours_never_both_nor_neither():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    for days, hours in ((3, 12), (None, None)):
        candidate = Category(code="x", name_id="X", sla_working_days=days)
        candidate.sla_hours = hours
        with pytest.raises(ValidationError):
            candidate.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            candidate.save()


def test_overdue_reports_alert_the_agency_once_with_a_link_to_the_board(
    pu, outbox, immediate_on_commit, capsys
):
    head = StaffFactory(agency=pu, email="kepala@pu.go.id", language="en")
    late, on_time = submitted(), submitted()
    Report.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    outbox.clear()
    call_command("reports_sla")
    assert "SLA alerts raised: 1" in capsys.readouterr().out
    (message,) = outbox
    assert message.recipient == head.email
    assert message.subject == "1 report past its deadline"
    assert late.public_id in message.body and on_time.public_id not in message.body
    assert f"{BASE}/petugas/laporan/?overdue=on" in message.body
    call_command("reports_sla")
    assert "SLA alerts raised: 0" in capsys.readouterr().out
    assert len(outbox) == 1
    late.refresh_from_db()
    assert late.is_overdue and not on_time.is_overdue
