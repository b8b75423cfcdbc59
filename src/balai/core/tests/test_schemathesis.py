# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis, every check, against Balai's own OpenAPI schema (issue #10).

The schema is loaded from the running WSGI application (``/api/schema/``) and every
operation is called in process with generated valid and invalid data, as an
anonymous client and with a citizen's bearer token; every built-in check runs:
no 5xx, documented status codes, content types, headers and bodies, invalid data
rejected, valid data accepted, unsupported methods, authentication not ignored,
object-level authorisation.

One adjustment, named here: ``positive_data_acceptance`` is not asked of operations
whose input has rules a JSON schema cannot state (a NIK's structure, date and region;
whether a one-time code is the one that was sent; the requirement codes an
application's service asks for, one per uploaded file, and a file with content;
Open311's latitude and longitude both or neither, and a report's location). A
schema-valid but wrong NIK or code is rightly a 400 there, and the schema documents
that 400.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from balai.accounts.services import api_token_create
from balai.accounts.tests.factories import AgencyFactory, UserFactory

load_all_checks()
ALL_CHECKS = list(CHECKS.get_all())

# input rules beyond a JSON schema: see the module doc
BUSINESS_RULES = {
    ("POST", "/api/v1/signups/"),
    ("POST", "/api/v1/signups/{signup_id}/verify/"),
    ("POST", "/api/v1/applications/"),
    # one requirement code per file, and only codes the application's service asks for
    ("POST", "/api/v1/applications/{application_id}/answer/"),
    ("POST", "/api/v1/applications/{application_id}/documents/"),
    # a NOP's structure (18 digits, dotted or plain) and a plausible tax year
    ("GET", "/api/v1/tax/pbb/{nop}/{year}/"),
    # a vehicle registration's structure (area code, 1-4 digits, up to three letters)
    ("GET", "/api/v1/tax/pkb/{registration}/{year}/"),
    # Open311: lat and long both or neither; a report needs a location
    ("GET", "/open311/v2/services.json"),
    ("POST", "/open311/v2/requests.json"),
}


@pytest.fixture(autouse=True)
def _quiet_and_open(settings, db):
    settings.RATELIMIT_ENABLE = False  # thousands of calls from one "address"
    AgencyFactory()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request served in process must not close the
    database connection that holds the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _project_schema() -> dict:
    """The schema ``/api/schema/`` serves, generated without a request: nothing may
    touch the database while tests are collected (PostgreSQL would keep that
    connection's transaction open beside the tests')."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_project_schema())
schema.app = get_wsgi_application()  # every call is served in process


EXCHANGE_PREFIX = "/api/v1/registry/"


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, db, citizen_token, staff_and_exchange):
    key = (case.method.upper(), case.path)
    business = key in BUSINESS_RULES or _blank_or_nul((case.body, case.query))
    excluded = [positive_data_acceptance] if business else []
    for headers in ({}, {"Authorization": f"Bearer {citizen_token}"}):
        case.call_and_validate(
            headers=headers, checks=ALL_CHECKS, excluded_checks=excluded
        )
    # past the permission checks: an officer (token from a TOTP-verified session) and
    # an exchange client under an agreement reach the operations meant for them; no
    # generated input may make any of them fail on the server (issue #20). The
    # exchange client's credential is for the register's exchange operations only;
    # anywhere else it is refused at authentication like any unknown token, which the
    # anonymous and citizen calls above already cover, so it is sent there alone.
    officer, exchange = staff_and_exchange
    headers = exchange if case.path.startswith(EXCHANGE_PREFIX) else officer
    response = case.call(headers=headers)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path}: {response.status_code}"
    )


def _blank_or_nul(value: object) -> bool:
    """Whether a text in the input holds U+0000 or only whitespace. Every text field
    of the API refuses both with a documented 400 (DRF trims text, so whitespace
    alone is blank; PostgreSQL cannot store U+0000), which a JSON schema's ``type:
    string`` and ``minLength`` cannot state."""
    if isinstance(value, str):
        return "\x00" in value or (value != "" and not value.strip())
    if isinstance(value, bytes):
        return b"\x00" in value
    if isinstance(value, dict):
        return any(_blank_or_nul(k) or _blank_or_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_blank_or_nul(item) for item in value)
    return False


@pytest.fixture
def citizen_token(db) -> str:
    """A citizen's bearer token, once per operation like the officer's below: the
    examples of one operation run in one test's transaction, and none of them can
    revoke it (no operation takes a token or ends the account); rate limits are off
    above, so the same citizen is never refused for the number of calls."""
    return api_token_create(actor=UserFactory(), name="schemathesis")


@pytest.fixture
def staff_and_exchange(db) -> list[dict[str, str]]:
    """Once per operation (Hypothesis runs the examples in one test's transaction)."""
    import datetime as dt

    from django.utils import timezone

    from balai.accounts.testing import verified
    from balai.accounts.tests.factories import StaffFactory
    from balai.registry.exchange.models import DataSharingAgreement
    from balai.registry.exchange.services import api_client_create

    registry = AgencyFactory(code="disdukcapil")
    officer = api_token_create(
        actor=verified(StaffFactory(agency=registry)), name="schemathesis"
    )
    consumer = AgencyFactory(code="bpjs-kesehatan")
    purpose = "health_insurance_enrolment"
    agreement = DataSharingAgreement.objects.create(
        consumer=consumer,
        title="Schemathesis",
        legal_basis="Permendagri 102/2019",
        purpose_code=purpose,
        purpose_description="Health insurance enrolment",
        allowed_fields=["full_name", "birth_date", "sex", "village_code"],
        valid_from=timezone.localdate() - dt.timedelta(days=1),
    )
    client = api_client_create(
        agency=consumer, agreement=agreement, name="schemathesis", rate_limit=10**6
    )
    return [
        {"Authorization": f"Bearer {officer}"},
        {"Authorization": f"Bearer {client.credential}", "X-Purpose": purpose},
    ]


# --- Open311 GeoReport v2 ------------------------------------------------------------

OPEN311_SPEC = (
    Path(__file__).resolve().parents[2] / "reports" / "api" / "open311" / "openapi.yaml"
)
open311 = schemathesis.openapi.from_path(OPEN311_SPEC)
open311.app = get_wsgi_application()  # called in process, like the API above


@open311.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_open311_keeps_to_its_description(case, db, open311_key):
    """The same, for Open311 (its description: reports/api/open311/openapi.yaml),
    with a category, a report and a real API key in the database."""
    key = open311_key
    if case.method == "POST" and isinstance(case.body, dict):
        case.body = {**case.body, "api_key": key}
    key_of_case = (case.method.upper(), case.path)
    excluded = [positive_data_acceptance] if key_of_case in BUSINESS_RULES else []
    case.call_and_validate(checks=ALL_CHECKS, excluded_checks=excluded)


@pytest.fixture
def open311_key(db, settings) -> str:
    """A category, a report and a real API key, once per operation (the examples of
    one operation share the test's transaction; rate limits are off above)."""
    from balai.reports.services import open311_client_create
    from balai.reports.tests.factories import category, submitted

    settings.OPEN311_JURISDICTIONS = ["bandung.go.id"]
    category()
    submitted()
    _client, key = open311_client_create(name="schemathesis", actor=None)
    return key
