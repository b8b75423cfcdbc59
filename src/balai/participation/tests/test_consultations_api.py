# SPDX-License-Identifier: EUPL-1.2
"""The public consultations API: list, detail with the matrix, opinion map."""

from __future__ import annotations

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.participation.services import consultations as services
from balai.participation.tests.consultation_factories import officer, open_consultation

pytestmark = pytest.mark.django_db

API = "/api/v1/participation/consultations/"


def test_list_detail_and_opinion_map(client):
    staff = officer()
    consultation = open_consultation(staff)
    comment = services.comment_submit(
        actor=UserFactory(), consultation=consultation, text="Usul"
    )
    services.response_record(
        actor=staff, comment=comment, decision="not_accepted", reason="Tidak sesuai"
    )
    rows = client.get(API).json()
    assert rows[0]["id"] == str(consultation.pk) and rows[0]["phase"] == "open"
    detail = client.get(
        f"/api/v1/participation/consultations/{consultation.pk}/"
    ).json()
    assert detail["matrix"][0]["decision"] == "not_accepted"
    assert detail["matrix"][0]["submitted_by"] in ("Citizen", "Warga")
    opinion = client.get(
        f"/api/v1/participation/consultations/{consultation.pk}/opinion-map/"
    )
    assert opinion.json()["participants"] == 0


def test_unknown_consultation_is_a_problem(client):
    response = client.get(
        "/api/v1/participation/consultations/00000000-0000-0000-0000-000000000000/"
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
