# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.security.policy import can, ensure, known_actions


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


@pytest.mark.django_db
def test_readyz_checks_database_and_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
        "storage": "ok",
    }


@pytest.mark.django_db
def test_unknown_policy_action_is_denied():
    user = UserFactory()
    assert can(user, "nothing.declared_here") is False
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ensure(user, "nothing.declared_here")


@pytest.mark.django_db
def test_inactive_users_are_denied_everything():
    user = UserFactory(is_active=False)
    assert not any(can(user, action, user) for action in known_actions())


@pytest.mark.django_db
def test_request_id_is_echoed_or_generated(client):
    response = client.get("/tentang/", HTTP_X_REQUEST_ID="abc12345-req")
    assert response["X-Request-ID"] == "abc12345-req"
    response = client.get("/tentang/", HTTP_X_REQUEST_ID="bad id with spaces")
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_probes_answer_a_load_balancer_calling_by_ip(client, settings):
    settings.ALLOWED_HOSTS = ["balai.example.go.id"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7").status_code == 400


@pytest.mark.parametrize(
    "path", ["private/x.pdf", "a/../private/x.pdf", "./private/x.pdf", "../etc/passwd"]
)
def test_private_media_is_never_served(rf, settings, tmp_path, path):
    from django.http import Http404

    from balai.core.views import public_media

    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "x.pdf").write_bytes(b"%PDF-1.7 secret")
    with pytest.raises(Http404):
        public_media(rf.get("/media/" + path), path)


def test_sixteen_digit_identifiers_are_masked_in_log_lines():
    import logging

    from balai.core.logging import RedactIdentifiersFilter

    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/x/3273015208900007/",),
        None,
    )
    assert RedactIdentifiersFilter().filter(record)
    assert record.getMessage() == "Not Found: /x/3273********0007/"


def test_api_ping_answers_through_the_whole_stack(client, db):
    response = client.get("/api/v1/ping/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["time"].endswith(("Z", "+00:00", "+07:00"))
    assert "X-Request-ID" in response.headers or "X-Request-Id" in response.headers


def test_openapi_schema_builds_valid_without_warnings(tmp_path):
    """Every endpoint documented: drf-spectacular's validation, warnings as errors."""
    from django.core.management import call_command

    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in (
        "/api/v1/catalog/services/",
        "/api/v1/applications/",
        "/api/v1/registry/residents/lookup/",
        "/api/v1/ping/",
    ):
        assert path in text
