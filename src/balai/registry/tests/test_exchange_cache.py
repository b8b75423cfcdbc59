# SPDX-License-Identifier: EUPL-1.2
"""The exchange lookup's fast path: clients resolved once per process for seconds,
dropped at once on a change; the secret checked every call; the same output bytes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from rest_framework.renderers import JSONRenderer

from balai.registry.exchange import clients, selectors, services
from balai.registry.exchange.constants import ReleasableField
from balai.registry.exchange.serializers import RegistryResidentOutputSerializer
from balai.registry.models import Resident
from balai.registry.services import death_register
from balai.registry.tests.exchange_support import (
    agreement,
    assert_problem,
    caller,
    fetch,
    insurer,
    issue,
)
from balai.registry.tests.factories import registered

CLIENT_TABLE = "registry_apiclient"


@pytest.fixture
def budi(officer: Any) -> Resident:
    return registered(
        officer, full_name="Budi Santoso", birth_date=dt.date(1990, 5, 12)
    )


def _client_reads(api: Any, nik: str, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = fetch(api, nik)
    assert response.status_code == status, response.content
    return sum(
        q["sql"].lstrip().upper().startswith("SELECT") and CLIENT_TABLE in q["sql"]
        for q in captured.captured_queries
    )


def test_the_client_is_resolved_once_then_served_from_this_process(budi):
    api = caller(issue(agreement(insurer(), ["nik", "full_name"])))
    assert _client_reads(api, budi.nik) == 1
    assert _client_reads(api, budi.nik) == 0
    assert _client_reads(api, budi.nik) == 0


def test_the_secret_is_still_checked_on_every_call(budi):
    issued = issue(agreement(insurer(), ["nik"]))
    assert fetch(caller(issued), budi.nik).status_code == 200  # now cached
    client_id = issued.client.client_id
    wrong = caller(None)
    wrong.credentials(
        HTTP_AUTHORIZATION=f"Bearer {client_id}.not-the-secret",
        HTTP_X_PURPOSE="health_insurance_enrolment",
    )
    assert_problem(fetch(wrong, budi.nik), 401, "invalid_credentials")


def test_revoking_a_client_takes_effect_at_once(budi):
    issued = issue(agreement(insurer(), ["nik"]))
    api = caller(issued)
    assert fetch(api, budi.nik).status_code == 200
    services.api_client_revoke(client=issued.client)
    assert_problem(fetch(api, budi.nik), 401, "client_revoked")


def test_changing_the_agreement_takes_effect_at_once(budi):
    found = agreement(insurer(), ["nik"])
    api = caller(issue(found))
    assert fetch(api, budi.nik).json() == {"nik": budi.nik, "fields": ["nik"]}

    found.allowed_fields = ["nik", "full_name"]
    found.save()
    assert fetch(api, budi.nik).json()["fields"] == ["nik", "full_name"]

    found.valid_to = timezone.localdate() - dt.timedelta(days=1)
    found.save()
    assert_problem(fetch(api, budi.nik), 403, "agreement_inactive")


def test_deactivating_the_agency_takes_effect_at_once(budi):
    found = agreement(insurer(), ["nik"])
    api = caller(issue(found))
    assert fetch(api, budi.nik).status_code == 200
    found.consumer.is_active = False
    found.consumer.save()
    assert_problem(fetch(api, budi.nik), 403, "agreement_inactive")


def test_another_process_forgetting_makes_this_one_reload(budi):
    api = caller(issue(agreement(insurer(), ["nik"])))
    assert _client_reads(api, budi.nik) == 1
    assert _client_reads(api, budi.nik) == 0
    # what forget_all() in another process does to the shared cache
    cache.incr(clients.GENERATION_KEY)
    assert _client_reads(api, budi.nik) == 1


def test_entries_expire_after_their_seconds(budi, settings, monkeypatch):
    settings.REGISTRY_CLIENT_CACHE_SECONDS = 5
    api = caller(issue(agreement(insurer(), ["nik"])))
    assert _client_reads(api, budi.nik) == 1
    later = clients.time.monotonic() + 6
    monkeypatch.setattr(clients.time, "monotonic", lambda: later)
    assert _client_reads(api, budi.nik) == 1


@pytest.mark.parametrize(
    "fields",
    [list(ReleasableField.values), ["birth_date", "nik", "village_code", "status"]],
)
def test_output_is_byte_for_byte_the_serializers(budi, officer, fields):
    death_register(actor=officer, resident=budi, death_date=dt.date(2024, 1, 5))
    issued = issue(agreement(insurer(), fields))
    response = fetch(caller(issued), budi.nik)
    assert response.status_code == 200
    data = selectors.resident_release(client=issued.client, nik=budi.nik)
    expected = JSONRenderer().render(RegistryResidentOutputSerializer(data).data)
    assert response.content == expected
