# SPDX-License-Identifier: EUPL-1.2
"""An expected refusal (403) is one log line, never a traceback; a crash keeps its."""

from __future__ import annotations

import logging

import pytest

from balai.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_forbidden_page_logs_one_line_without_traceback(client, caplog):
    client.force_login(UserFactory(), backend="balai.accounts.backends.LoginBackend")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/petugas/laporan/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the refusal is still logged"
    assert all(r.exc_info is None and not r.exc_text for r in records)
    assert "Forbidden" in records[0].getMessage()


def test_other_errors_keep_their_traceback():
    from django.core.exceptions import PermissionDenied

    from balai.core.logging import ExpectedRefusalFilter

    refusal = logging.LogRecord("django.request", logging.WARNING, "", 0, "x", (), None)
    refusal.status_code = 403
    try:
        raise PermissionDenied
    except PermissionDenied as exc:
        refusal.exc_info = (type(exc), exc, exc.__traceback__)
    crash = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), None)
    crash.status_code = 500
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        crash.exc_info = (type(exc), exc, exc.__traceback__)
    keep = ExpectedRefusalFilter()
    assert keep.filter(refusal) and refusal.exc_info is None
    assert keep.filter(crash) and crash.exc_info is not None
