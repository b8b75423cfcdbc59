# SPDX-License-Identifier: EUPL-1.2
"""Auditors search and export the log; everyone else is kept out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.security import policies
from balai.security.audit import record
from balai.security.audit.export import CSV_COLUMNS
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry
from balai.security.tests.audit_support import officer

pytestmark = pytest.mark.django_db

LIST = reverse("security:audit-list")
EXPORT = reverse("security:audit-export")


@pytest.fixture
def auditor_client(client):
    auditor = StaffFactory(roles=["auditor"])
    login(client, auditor)
    pass_two_factor(client, auditor)
    client.user = auditor
    return client


def _csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("role", ["auditor", "security_officer"])
def test_audit_readers_with_two_factor_see_the_log(client, role):
    reader = StaffFactory(roles=[role])
    record(actor=officer(), action="person.read", purpose="checking case 42")
    login(client, reader)
    pass_two_factor(client, reader)

    response = client.get(LIST)

    assert response.status_code == 200
    assert "checking case 42" in response.content.decode()


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_officers_and_citizens_get_403(client, url):
    for user in (StaffFactory(roles=["officer", "system_admin"]), UserFactory()):
        login(client, user)
        if user.is_staff:
            pass_two_factor(client, user)
        assert client.get(url).status_code == 403
        client.logout()
    assert not AuditEntry.objects.filter(action="audit.export").exists()


def test_auditor_without_two_factor_is_sent_to_two_factor(client):
    auditor = StaffFactory(roles=["auditor"])
    login(client, auditor)

    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two-factor")
    assert not policies.can_view_audit(auditor)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_filters_narrow_the_entries(auditor_client):
    subject = uuid.uuid4()
    record(actor=officer(), action="person.read", subject_id=subject, purpose="wanted")
    record(actor=officer(), action="person.read", purpose="other person")
    record(actor=officer(), action="user.update", subject_id=subject, purpose="write")

    page = auditor_client.get(
        LIST, {"action": "person.*", "subject_id": str(subject)}
    ).content.decode()

    assert "wanted" in page
    assert "other person" not in page
    assert "write" not in page


def test_htmx_request_gets_only_the_table(auditor_client):
    record(actor=officer(), action="person.read", purpose="in the table")

    response = auditor_client.get(LIST, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "in the table" in body
    assert 'id="audit-table"' in body
    assert "<html" not in body


def test_pages_go_back_by_id(auditor_client):
    for number in range(55):
        record(actor=None, action="test.event", purpose=f"event-{number:02d}")

    first = auditor_client.get(LIST, {"action": "test.event"})
    oldest_shown = first.context["entries"][-1].id
    second = auditor_client.get(LIST, {"action": "test.event", "before": oldest_shown})

    assert len(first.context["entries"]) == 50
    assert first.context["next_before"] == oldest_shown
    assert [e.purpose for e in second.context["entries"]] == [
        f"event-{n:02d}" for n in range(4, -1, -1)
    ]
    assert second.context["next_before"] is None


def test_invalid_filters_show_errors_and_no_entries(auditor_client):
    record(actor=None, action="test.event", purpose="secret-marker")
    response = auditor_client.get(LIST, {"actor_id": "not-a-uuid"})
    assert response.status_code == 200
    assert response.context["entries"] == []
    assert "secret-marker" not in response.content.decode()
    assert "error-summary" in response.content.decode()


def test_csv_export_contains_the_filtered_entries_and_is_audited(auditor_client):
    subject = uuid.uuid4()
    today = timezone.localdate()
    record(actor=officer(), action="person.read", subject_id=subject, purpose="one")
    record(actor=officer(), action="person.read", subject_id=subject, purpose="=1+2")
    record(actor=officer(), action="person.read", purpose="someone else")

    response = auditor_client.get(
        EXPORT,
        {
            "subject_id": str(subject),
            "date_from": today.isoformat(),
            "date_to": today.isoformat(),
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [row["purpose"] for row in rows] == ["one", "'=1+2"]  # formula defused
    assert {row["subject_id"] for row in rows} == {str(subject)}
    export = AuditEntry.objects.get(action="audit.export")
    assert export.actor_id == auditor_client.user.pk
    assert export.role == "auditor"
    assert str(subject) in export.purpose
    assert verify_chain().ok


def test_export_outside_the_dates_is_empty_but_still_audited(auditor_client):
    record(actor=None, action="test.event")
    long_ago = timezone.localdate() - dt.timedelta(days=400)

    rows = _csv(auditor_client.get(EXPORT, {"date_to": long_ago.isoformat()}))

    assert rows == []
    assert AuditEntry.objects.filter(action="audit.export").count() == 1


def test_command_line_export_writes_csv_and_is_audited(capsys):
    record(actor=None, action="test.event", purpose="from the shell")
    today = timezone.localdate().isoformat()

    call_command("audit", "export", "--from", today, "--to", today)

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["purpose"] for row in rows] == ["from the shell"]
    export = AuditEntry.objects.get(action="audit.export")
    assert export.actor_kind == "system"
    assert export.purpose.startswith("command-line")


def test_list_queries_do_not_grow_with_the_entries(auditor_client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert auditor_client.get(LIST).status_code == 200
        return len(captured)

    record(actor=officer(), action="person.read")
    few = count_queries()
    for _ in range(30):
        record(actor=officer(), action="person.read", changes=["address"])
    assert count_queries() == few


def test_auditors_read_names_and_search_by_name_agency_and_nik(auditor_client):
    from balai.accounts.tests.factories import AgencyFactory, make_nik

    agency = AgencyFactory(name="Dinas Kependudukan Uji")
    clerk = StaffFactory(agency=agency, roles=["officer"], full_name="Sri Wahyuni")
    other = StaffFactory(roles=["officer"], full_name="Budi Santoso")
    citizen = UserFactory(full_name="Rina Kusumawati", nik=make_nik(777, female=True))
    record(actor=clerk, action="person.read", target=citizen, purpose="kasus A")
    record(actor=other, action="person.read", purpose="kasus B")

    page = auditor_client.get(LIST).content.decode()
    assert "Sri Wahyuni" in page and "Dinas Kependudukan Uji" in page
    assert "Rina Kusumawati" in page
    assert "Petugas" in page  # the role, not its code
    assert ">officer<" not in page

    def found(**criteria):
        return auditor_client.get(LIST, criteria).content.decode()

    by_name = found(actor="sri wahyuni")
    assert "kasus A" in by_name and "kasus B" not in by_name
    by_agency = found(agency="kependudukan uji")
    assert "kasus A" in by_agency and "kasus B" not in by_agency
    by_nik = found(subject=citizen.nik)  # through the blind index
    assert "kasus A" in by_nik and "kasus B" not in by_nik
    assert "kasus A" not in found(subject="3174000000000000")
    # a citizen's account by their whole name (the keyed name index, not decryption);
    # case, spacing and punctuation do not matter, a part of the name is not enough
    by_citizen_name = found(subject="RINA  kusumawati")
    assert "kasus A" in by_citizen_name and "kasus B" not in by_citizen_name
    assert "kasus A" not in found(subject="Rina")
