# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Callable

from django.test import Client

import pytest

from balai.accounts.constants import Role
from balai.accounts.models import Agency
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory


@pytest.fixture
def staff_client(client: Client) -> Callable:
    """A client signed in as the given staff member, second factor passed for real."""

    def make(user) -> Client:
        login(client, user)
        pass_two_factor(client, user)
        return client

    return make


@pytest.fixture
def dukcapil(db) -> Agency:
    return Agency.objects.filter(code="disdukcapil").first() or AgencyFactory(
        code="disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil"
    )


@pytest.fixture
def officer(dukcapil):
    return StaffFactory(agency=dukcapil)


@pytest.fixture
def head(dukcapil):
    return StaffFactory(
        agency=dukcapil, roles=[Role.AGENCY_HEAD], email="kepala@uji.balai.test"
    )
