# SPDX-License-Identifier: EUPL-1.2
"""The "Data Saya" page, its JSON export and the section registry."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts import data_rights, services
from balai.accounts.constants import CorrectionItem, Role
from balai.accounts.tests.conftest import login
from balai.accounts.tests.factories import (
    AgencyFactory,
    StaffFactory,
    UserFactory,
    make_nik,
)
from balai.notifications.services import message_send
from balai.portal import data_sections
from balai.security import audit
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db

MY_DATA = "/data-saya/"
EXPORT = "/data-saya/ekspor.json"


def _citizen_client(user) -> Client:
    client = Client()
    login(client, user)
    return client


@pytest.fixture
def two_citizens():
    first = UserFactory(
        full_name="Rina Kusumawati",
        email="rina@contoh.id",
        nik=make_nik(501, female=True),
        phone="+6281234560001",
    )
    second = UserFactory(
        full_name="Bambang Suharto",
        email="bambang@contoh.id",
        nik=make_nik(502),
    )
    # The second citizen has data of every kind too: none of it may leak.
    message_send(
        channel="email",
        recipient=second.email,
        template="generic",
        context={"subject": "Untuk Bambang", "body": "Pesan pribadi"},
        user_id=str(second.pk),
    )
    services.api_token_create(actor=second, name="token-bambang")
    AgencyFactory(code="disdukcapil")
    data_rights.correction_request_submit(
        user=second, item=CorrectionItem.FULL_NAME, requested_value="Bambang S."
    )
    return first, second


def test_page_shows_the_citizens_own_data_and_nothing_of_another(two_citizens):
    first, second = two_citizens
    services.api_token_create(actor=first, name="token-rina")
    html = _citizen_client(first).get(MY_DATA).content.decode()
    assert "Rina Kusumawati" in html
    assert "rina@contoh.id" in html
    assert "+6281234560001" in html
    assert f"{first.nik[:4]}********{first.nik[-4:]}" in html  # masked by default
    assert "<details>" in html and first.nik in html  # full NIK behind a disclosure
    assert "token-rina" in html
    for leak in (
        second.full_name,
        second.email,
        second.nik,
        "token-bambang",
        "Bambang S.",
    ):
        assert leak not in html


def test_page_is_not_cached_and_lists_the_sections_in_order(two_citizens):
    response = _citizen_client(two_citizens[0]).get(MY_DATA)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    positions = [
        html.index(f'id="{key}"')
        for key in (
            "account",
            "notifications",
            "api_tokens",
            "correction_requests",
            "accesses",
        )
    ]
    assert positions == sorted(positions)


def test_access_list_shows_agency_role_and_purpose_but_not_the_officer(
    two_citizens,
):
    citizen = two_citizens[0]
    agency = AgencyFactory(name="Dinas Sosial Uji")
    officer = StaffFactory(agency=agency, roles=[Role.OFFICER], full_name="Joko Anwar")
    audit.record_read(
        actor=officer,
        purpose="checking a social assistance application",
        target=citizen,
        subject_id=citizen.pk,
    )
    html = _citizen_client(citizen).get(MY_DATA).content.decode()
    assert "Dinas Sosial Uji" in html
    assert "Petugas" in html  # the role, in Indonesian
    assert "checking a social assistance application" in html
    assert "Joko Anwar" not in html
    assert officer.email not in html
    assert str(officer.pk) not in html


def test_access_list_is_paginated(two_citizens):
    citizen = two_citizens[0]
    officer = StaffFactory(agency=AgencyFactory(), roles=[Role.OFFICER])
    for number in range(23):
        audit.record_read(
            actor=officer, purpose=f"purpose number {number}", subject_id=citizen.pk
        )
    client = _citizen_client(citizen)
    first_page = client.get(MY_DATA).content.decode()
    assert "purpose number 22" in first_page
    assert "purpose number 2<" not in first_page
    assert "accesses-page=2" in first_page
    second_page = client.get(MY_DATA + "?accesses-page=2").content.decode()
    assert "purpose number 0<" in second_page
    assert "purpose number 22" not in second_page


def test_export_is_json_with_every_section_and_is_audited(two_citizens):
    first, second = two_citizens
    response = _citizen_client(first).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="data-saya-{today}.json"'
    )
    data = json.loads(response.content.decode("utf-8"))
    assert data["format"] == "balai.personal-data.v1"
    assert data["subject_id"] == str(first.pk)
    assert set(data["sections"]) >= {
        "account",
        "notifications",
        "api_tokens",
        "correction_requests",
        "accesses",
    }
    account = data["sections"]["account"]["data"]
    assert account["full_name"] == "Rina Kusumawati"
    assert account["nik"] == first.nik
    assert account["birth_date"] == "1990-05-12"
    assert isinstance(data["sections"]["accesses"]["items"], list)
    raw = response.content.decode("utf-8")
    for leak in (second.full_name, second.email, second.nik):
        assert leak not in raw
    entry = AuditEntry.objects.get(action="person.export")
    assert entry.actor_id == first.pk
    assert entry.subject_id == first.pk
    assert "UU 27/2022" in entry.purpose


def test_export_lists_messages_tokens_and_corrections(two_citizens):
    _first, second = two_citizens
    data = json.loads(_citizen_client(second).get(EXPORT).content)
    sections = data["sections"]
    message = sections["notifications"]["items"][0]
    assert set(message) == {"date", "template", "channel", "status"}
    assert message["template"] == "generic"
    corrections = sections["correction_requests"]["items"]
    assert corrections[0]["requested_value"] == "Bambang S."
    assert corrections[0]["status"] == "submitted"
    assert sections["api_tokens"]["items"][0]["name"] == "token-bambang"


def test_other_apps_plug_in_a_section(two_citizens):
    def population(user):
        return data_sections.Section(
            key="population",
            title="Population register",
            facts=[data_sections.Fact("family_card", "KK number", f"KK-{user.pk}")],
        )

    data_sections.register("population", population, order=20)
    try:
        citizen = two_citizens[0]
        client = _citizen_client(citizen)
        html = client.get(MY_DATA).content.decode()
        assert f"KK-{citizen.pk}" in html
        assert html.index('id="account"') < html.index('id="population"')
        assert html.index('id="population"') < html.index('id="notifications"')
        data = json.loads(client.get(EXPORT).content)
        assert data["sections"]["population"]["data"] == {
            "family_card": f"KK-{citizen.pk}"
        }
    finally:
        data_sections.unregister("population")


@pytest.mark.parametrize("url", [MY_DATA, EXPORT, "/data-saya/koreksi/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not AuditEntry.objects.filter(action="person.export").exists()


def test_home_page_card_links_to_my_data(client):
    assert 'href="/data-saya/"' in client.get("/").content.decode()


def test_reverse_names():
    assert reverse("portal:my-data") == MY_DATA
    assert reverse("portal:my-data-export") == EXPORT
    assert reverse("portal:my-data-correction") == "/data-saya/koreksi/"


def test_codes_are_said_in_words_actions_purposes_and_messages(two_citizens):
    """No "application.claim", English purpose or "cases_submit" on the page."""
    citizen = two_citizens[0]
    officer = StaffFactory(agency=AgencyFactory(), roles=[Role.OFFICER])
    audit.record(
        actor=officer,
        action="application.claim",
        subject_id=citizen.pk,
        object_type="cases.application",
        object_id="1",
        purpose="processing a citizen's application for a public service",
    )
    audit.record(
        actor=officer,
        action="report.reroute",
        subject_id=citizen.pk,
        object_type="reports.report",
        object_id="2",
        purpose="Handling the citizen report on the reports board",
    )
    message_send(
        channel="email",
        recipient=citizen.email,
        template="cases_submit",
        context={"subject": "Permohonan diterima", "body": "-"},
        user_id=str(citizen.pk),
    )
    html = _citizen_client(citizen).get(MY_DATA).content.decode()
    for code in (
        "application.claim",
        "report.reroute",
        "processing a citizen's application",
        "Handling the citizen report",
        "cases_submit",
    ):
        assert code not in html
    assert "Permohonan Anda: Mulai diperiksa" in html
    assert "memproses permohonan layanan publik Anda" in html
    assert "Permohonan diterima" in html
