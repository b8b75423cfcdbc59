# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

import pytest


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user(
        email="siti.rahma@example.test",
        password="Contoh-Sandi-2026!",
        full_name="Siti Rahma",
    )


@pytest.fixture
def get_request(rf: RequestFactory):
    """A GET request as the middleware would leave it (anonymous, session, messages)."""

    def build(path: str = "/halaman/"):
        from django.contrib.auth.models import AnonymousUser

        request = rf.get(path)
        request.user = AnonymousUser()
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return request

    return build


@pytest.fixture(autouse=True)
def _demo_address_stays_in_its_test(settings):
    """`balai demo --port` points the public address at its port (in-process);
    an override here keeps that from leaking into later tests."""
    settings.PUBLIC_BASE_URL = settings.PUBLIC_BASE_URL
