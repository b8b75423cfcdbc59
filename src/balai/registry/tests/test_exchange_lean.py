# SPDX-License-Identifier: EUPL-1.2
"""The lean lookup answers byte for byte as the DRF view did, for every case.

Each request is sent twice, once through the lean path (``ResidentFetchApi.lean``,
the default) and once through DRF's generic dispatch alone (``lean = False``, the
view as it was), with the same request id, and the two answers must be equal:
status, every header in order, and the body's bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.test import Client
from django.urls import reverse

import pytest

from balai.registry.exchange.constants import LawfulBasis
from balai.registry.exchange.models import ApiClient
from balai.registry.exchange.services import IssuedClient, api_client_revoke
from balai.registry.exchange.views import ResidentFetchApi
from balai.registry.models import Resident
from balai.registry.tests.exchange_support import (
    FETCH_URL,
    PURPOSE,
    agreement,
    insurer,
    issue,
)
from balai.registry.tests.factories import registered
from balai.security.models import AuditEntry

NIK = "3273011708900001"
UNKNOWN = "3273011708909999"
REQUEST_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def world(officer: Any) -> dict[str, Any]:
    resident = registered(
        officer, nik=NIK, birth_date=dt.date(1990, 8, 17), full_name="Hendra Wijaya"
    )
    fields = ["nik", "full_name", "birth_date", "village_code", "date_of_death"]
    main = agreement(insurer("agency-a"), fields)
    consent = agreement(
        insurer("agency-b"),
        ["nik"],
        lawful_basis=LawfulBasis.CONSENT,
        purpose_code="membership_check",
    )
    return {"resident": resident, "main": main, "consent": consent}


def _send(
    lean: bool,
    monkeypatch: pytest.MonkeyPatch,
    *,
    issued: IssuedClient | None,
    body: bytes | str = b"",
    method: str = "post",
    purpose: str | None = PURPOSE,
    content_type: str = "application/json",
    path_suffix: str = "",
    **headers: str,
) -> Any:
    monkeypatch.setattr(ResidentFetchApi, "lean", lean)
    extra = {"HTTP_X_REQUEST_ID": REQUEST_ID, **headers}
    if issued is not None:
        extra.setdefault("HTTP_AUTHORIZATION", f"Bearer {issued.credential}")
    if purpose is not None:
        extra["HTTP_X_PURPOSE"] = purpose
    url = reverse(FETCH_URL) + path_suffix
    if method == "get":
        return Client().get(url, **extra)
    return Client().post(url, body, content_type=content_type, **extra)


def _same(first: Any, second: Any) -> None:
    assert first.status_code == second.status_code
    assert list(first.headers.items()) == list(second.headers.items())
    assert first.content == second.content


def _both(monkeypatch: pytest.MonkeyPatch, **request: Any) -> Any:
    before = _send(False, monkeypatch, **request)
    after = _send(True, monkeypatch, **request)
    _same(before, after)
    return after


def _nik_body(nik: Any) -> str:
    return json.dumps({"nik": nik})


def test_a_lookup_is_answered_by_the_lean_path_with_drfs_bytes(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = issue(world["main"])
    dispatched: list[str] = []
    real_initial = ResidentFetchApi.initial

    def initial(self: Any, request: Any, *args: Any, **kwargs: Any) -> None:
        dispatched.append(request.method)
        real_initial(self, request, *args, **kwargs)

    monkeypatch.setattr(ResidentFetchApi, "initial", initial)
    before = _send(False, monkeypatch, issued=issued, body=_nik_body(NIK))
    assert dispatched == ["POST"]  # DRF's generic steps ran
    after = _send(True, monkeypatch, issued=issued, body=_nik_body(NIK))
    assert dispatched == ["POST"]  # the lean path answered: no DRF initial()
    _same(before, after)
    assert after.status_code == 200
    assert after["Content-Type"] == "application/json"
    assert after.json() == {
        "fields": ["nik", "full_name", "birth_date", "village_code", "date_of_death"],
        "nik": NIK,
        "full_name": "Hendra Wijaya",
        "birth_date": "1990-08-17",
        "village_code": world["resident"].village_id,
        "date_of_death": None,
    }
    # each answer audited the same way: one person.read with the released fields
    reads = AuditEntry.objects.filter(
        action="person.read", subject_id=world["resident"].pk
    )
    assert reads.count() == 2
    assert {tuple(entry.changes) for entry in reads} == {
        ("birth_date", "date_of_death", "full_name", "nik", "village_code")
    }


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param(_nik_body(" 3273.0117-0890 0001 "), 200, id="separators"),
        pytest.param(_nik_body(UNKNOWN), 404, id="unknown-nik"),
        pytest.param(_nik_body("12345"), 400, id="invalid-nik"),
        pytest.param(_nik_body(""), 400, id="blank-nik"),
        pytest.param(_nik_body(None), 400, id="null-nik"),
        pytest.param(_nik_body(int(NIK)), 200, id="nik-as-a-number"),
        pytest.param(json.dumps({"other": NIK}), 400, id="no-nik"),
        pytest.param(json.dumps([NIK]), 400, id="an-array"),
        pytest.param(json.dumps({"nik": NIK, "x": {"y": 1}}), 200, id="nested"),
        pytest.param('{"nik": "' + NIK + '", "x": NaN}', 400, id="nan"),
        pytest.param('{"nik": ', 400, id="broken-json"),
        pytest.param(b'{"nik": "\xff"}', 400, id="not-utf-8"),
        pytest.param("\ufeff" + _nik_body(NIK), 400, id="byte-order-mark"),
        pytest.param("", 400, id="empty-body"),
    ],
)
def test_every_body_is_answered_as_before(
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    body: str | bytes,
    status: int,
) -> None:
    response = _both(monkeypatch, issued=issue(world["main"]), body=body)
    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        pytest.param({"HTTP_AUTHORIZATION": ""}, 401, id="no-credential"),
        pytest.param({"HTTP_AUTHORIZATION": "Bearer"}, 401, id="bearer-alone"),
        pytest.param({"HTTP_AUTHORIZATION": "Bearer a b"}, 401, id="three-parts"),
        pytest.param({"HTTP_AUTHORIZATION": "Bearer x.y"}, 401, id="unknown-client"),
        pytest.param({"HTTP_AUTHORIZATION": "Basic eDp5"}, 401, id="other-scheme"),
        pytest.param({"HTTP_AUTHORIZATION": "Bearer é.x"}, 401, id="not-ascii"),
        pytest.param({"HTTP_ACCEPT": "text/html"}, 406, id="accept-html"),
        pytest.param({"HTTP_ACCEPT": "application/json; indent=4"}, 200, id="indent"),
        pytest.param({"HTTP_ACCEPT": "application/*"}, 200, id="accept-any-app"),
        pytest.param({"HTTP_ACCEPT_LANGUAGE": "en"}, 200, id="english"),
    ],
)
def test_every_header_case_is_answered_as_before(
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    headers: dict[str, str],
    status: int,
) -> None:
    issued = issue(world["main"])
    response = _both(monkeypatch, issued=issued, body=_nik_body(NIK), **headers)
    assert response.status_code == status, response.content


def test_a_wrong_secret_is_answered_as_before(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = issue(world["main"])
    wrong = f"Bearer {issued.client.client_id}.not-the-secret"
    response = _both(
        monkeypatch, issued=issued, body=_nik_body(NIK), HTTP_AUTHORIZATION=wrong
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("purpose", "status"),
    [
        pytest.param(None, 403, id="no-purpose"),
        pytest.param("  ", 403, id="blank-purpose"),
        pytest.param("marketing", 403, id="other-purpose"),
        pytest.param(f"  {PURPOSE} ", 200, id="padded-purpose"),
    ],
)
def test_every_purpose_case_is_answered_as_before(
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    purpose: str | None,
    status: int,
) -> None:
    issued = issue(world["main"])
    response = _both(monkeypatch, issued=issued, body=_nik_body(NIK), purpose=purpose)
    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    ("request_kind", "status"),
    [
        pytest.param({"method": "get"}, 405, id="get"),
        pytest.param({"content_type": "text/plain"}, 415, id="text-body"),
        pytest.param(
            {"content_type": "application/json; charset=latin-1"}, 200, id="charset"
        ),
        pytest.param({"content_type": "Application/JSON"}, 200, id="capitals"),
        pytest.param({"path_suffix": "?format=json"}, 200, id="format-query"),
        pytest.param({"path_suffix": "?format=xml"}, 404, id="unknown-format"),
    ],
)
def test_other_methods_types_and_queries_are_answered_as_before(
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    request_kind: dict[str, str],
    status: int,
) -> None:
    issued = issue(world["main"])
    response = _both(monkeypatch, issued=issued, body=_nik_body(NIK), **request_kind)
    assert response.status_code == status, response.content


def test_a_revoked_client_and_an_agreement_out_of_force_as_before(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = issue(world["main"])
    assert _both(monkeypatch, issued=issued, body=_nik_body(NIK)).status_code == 200
    world["main"].is_active = False
    world["main"].save()
    assert _both(monkeypatch, issued=issued, body=_nik_body(NIK)).status_code == 403
    revoked = issue(world["consent"])
    api_client_revoke(client=revoked.client)
    response = _both(
        monkeypatch, issued=revoked, body=_nik_body(NIK), purpose="membership_check"
    )
    assert response.status_code == 401


def test_a_missing_consent_is_answered_as_before(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = issue(world["consent"])
    response = _both(
        monkeypatch, issued=issued, body=_nik_body(NIK), purpose="membership_check"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "consent_required"
    refusals = AuditEntry.objects.filter(
        action="person.read_refused", subject_id=world["resident"].pk
    )
    assert refusals.count() == 2


def test_the_rate_limit_is_answered_as_before(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = []
    for lean in (False, True):  # each path with a fresh client allowed one request
        issued = issue(world["main"], name=f"limited {lean}")
        ApiClient.objects.filter(pk=issued.client.pk).update(rate_limit=1)
        first = _send(lean, monkeypatch, issued=issued, body=_nik_body(NIK))
        assert first.status_code == 200
        answers.append(_send(lean, monkeypatch, issued=issued, body=_nik_body(NIK)))
    before, after = answers
    assert after.status_code == 429
    assert after.json()["code"] == "throttled"
    # the wait left in the window may differ by a second between the two requests
    assert abs(int(before["Retry-After"]) - int(after["Retry-After"])) <= 1
    del before.headers["Retry-After"], after.headers["Retry-After"]
    assert list(before.headers.items()) == list(after.headers.items())
    before_body, after_body = before.json(), after.json()
    # the detail names the seconds to wait: equal but for the number
    assert re.sub(r"\d+", "N", before_body.pop("detail")) == re.sub(
        r"\d+", "N", after_body.pop("detail")
    )
    assert before_body == after_body


def test_the_resident_is_the_one_asked_for(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch, officer: Any
) -> None:
    other: Resident = registered(
        officer, nik="3273015508920002", birth_date=dt.date(1992, 8, 15)
    )
    issued = issue(world["main"])
    response = _both(monkeypatch, issued=issued, body=_nik_body(other.nik))
    assert response.json()["nik"] == other.nik
