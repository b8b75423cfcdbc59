# SPDX-License-Identifier: EUPL-1.2
"""Officer pages: who gets in, what they see, what gets audited."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.registry.constants import EventKind
from balai.registry.tests.factories import (
    couple,
    identity_agency,
)
from balai.security.models import AuditEntry

SERVICE = {"purpose": "service"}


def _urls(world) -> list[str]:
    resident = world["resident"]
    family = resident.memberships.get().family
    return [
        reverse("registry:resident-search"),
        reverse("registry:resident-detail", args=[resident.pk]),
        reverse("registry:resident-history", args=[resident.pk]),
        reverse("registry:family-detail", args=[family.pk]),
        reverse("registry:event-create", args=[EventKind.DEATH]),
    ]


def test_a_disdukcapil_officer_with_2fa_reaches_every_page(officer_client, world):
    for url in _urls(world):
        response = officer_client.get(url, SERVICE)
        assert response.status_code == 200, url


def test_an_officer_of_a_disdukcapil_unit_is_register_staff(client, world):
    upt = AgencyFactory(code="disdukcapil-upt-x", parent=identity_agency())
    staff = StaffFactory(agency=upt, roles=[Role.AGENCY_HEAD])
    login(client, staff)
    pass_two_factor(client, staff)
    assert client.get(reverse("registry:resident-search")).status_code == 200


@pytest.mark.parametrize("who", ["citizen", "other_agency", "auditor", "no_2fa"])
def test_everyone_else_is_refused(client, world, who):
    if who == "citizen":
        user = UserFactory()
    elif who == "other_agency":
        user = StaffFactory(agency=AgencyFactory(code="dinas-lain"))
    elif who == "auditor":
        user = StaffFactory(agency=identity_agency(), roles=[Role.AUDITOR])
    else:
        user = StaffFactory(agency=identity_agency())
    login(client, user)
    if who in ("other_agency", "auditor"):
        pass_two_factor(client, user)
    for url in _urls(world):
        response = client.get(url, SERVICE)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:  # staff without 2FA are sent to verify it
            assert who == "no_2fa"
            assert response["Location"].startswith(reverse("accounts:two-factor"))
    assert not AuditEntry.objects.filter(action__startswith="person.").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(reverse("registry:resident-search"))
    assert (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )


def test_search_by_nik_shows_masked_results_and_audits_the_search(
    officer_client, world
):
    resident = world["resident"]
    response = officer_client.post(
        reverse("registry:resident-search"), {"nik": resident.nik, **SERVICE}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wahyu Hidayat" in body
    results = body.split('id="results"', 1)[1]  # the form above echoes what was typed
    assert resident.nik not in results
    assert (
        f'<td class="mono nowrap">{resident.nik[:4]}********{resident.nik[-4:]}</td>'
        in results
    )
    entry = AuditEntry.objects.get(action="person.search")
    assert entry.purpose == "handling a citizen's service request"
    assert entry.changes == ["nik"] and entry.actor_id == officer_client.staff.pk


def test_search_by_name_and_birth_date_and_by_family_card(officer_client, world):
    resident = world["resident"]
    url = reverse("registry:resident-search")
    by_name = officer_client.post(
        url, {"name": "wahyu   HIDAYAT", "birth_date": "1990-05-12", **SERVICE}
    )
    assert "Wahyu Hidayat" in by_name.content.decode()
    by_card = officer_client.post(url, {"kk_number": resident.kk_number, **SERVICE})
    assert "Wahyu Hidayat" in by_card.content.decode()
    nothing = officer_client.post(
        url, {"name": "Wahyu", "birth_date": "1990-05-13", **SERVICE}
    )
    assert "Wahyu Hidayat" not in nothing.content.decode()


def test_search_needs_a_purpose_and_a_complete_criterion(officer_client, world):
    url = reverse("registry:resident-search")
    no_purpose = officer_client.post(url, {"nik": world["resident"].nik})
    assert no_purpose.status_code == 400
    name_only = officer_client.post(url, {"name": "Wahyu", **SERVICE})
    assert name_only.status_code == 400
    assert not AuditEntry.objects.filter(action="person.search").exists()


def test_search_results_fragment_for_htmx(officer_client, world):
    response = officer_client.post(
        reverse("registry:resident-search"),
        {"nik": world["resident"].nik, **SERVICE},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="results"')


def test_the_record_asks_for_a_purpose_before_showing_anything(officer_client, world):
    url = reverse("registry:resident-detail", args=[world["resident"].pk])
    response = officer_client.get(url)
    assert response.status_code == 200
    assert "Wahyu Hidayat" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="person.read").exists()
    response = officer_client.get(url, {"purpose": "other", "purpose_detail": "cek"})
    assert "Wahyu Hidayat" in response.content.decode()
    entry = AuditEntry.objects.get(action="person.read")
    assert entry.purpose == "other: cek" and entry.subject_id == world["resident"].pk


def test_family_page_audits_a_read_per_member(officer_client, world):
    husband, wife, family = couple(world["officer"])
    response = officer_client.get(
        reverse("registry:family-detail", args=[family.pk]), SERVICE
    )
    body = response.content.decode()
    assert "Agus Pratama" in body and "Siti Aminah" in body
    subjects = set(
        AuditEntry.objects.filter(action="person.read").values_list(
            "subject_id", flat=True
        )
    )
    assert subjects == {husband.pk, wife.pk}


def test_history_page_shows_the_record_as_of_a_date(officer_client, world):
    resident = world["resident"]
    url = reverse("registry:resident-history", args=[resident.pk])
    today = dt.date.today().isoformat()
    response = officer_client.get(url, {**SERVICE, "at": today})
    body = response.content.decode()
    assert response.status_code == 200 and "Wahyu Hidayat" in body
    before = officer_client.get(url, {**SERVICE, "at": "2000-01-01"})
    assert before.status_code == 200
    assert before.context["at"] is not None and before.context["state"] is None
