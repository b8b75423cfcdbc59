# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

import pytest

from balai.accounts.constants import Role
from balai.accounts.models import Agency
from balai.accounts.testing import verified
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.finance.services.codes import codes_load_all


@pytest.fixture
def codes(db: Any) -> None:
    """The shipped code lists, loaded as the demo and production load them."""
    codes_load_all()


@pytest.fixture
def agency(db: Any) -> Agency:
    return AgencyFactory(code="dinas-pu", name="Dinas Pekerjaan Umum")


@pytest.fixture
def bapenda(db: Any) -> Agency:
    return AgencyFactory(code="bapenda", name="Badan Pendapatan Daerah")


@pytest.fixture
def keeper(agency: Agency) -> Any:
    """A finance officer (BPKAD) who passed the second factor."""
    return verified(StaffFactory(agency=agency, roles=[Role.FINANCE_OFFICER]))


@pytest.fixture
def officer(agency: Agency) -> Any:
    return verified(StaffFactory(agency=agency, roles=[Role.OFFICER]))


@pytest.fixture
def head(agency: Agency) -> Any:
    return StaffFactory(agency=agency, roles=[Role.AGENCY_HEAD])


@pytest.fixture
def staff_client(client: Client) -> Callable[[Any], Client]:
    """A client signed in as the given staff member, second factor passed for real."""

    def make(user: Any) -> Client:
        login(client, user)
        pass_two_factor(client, user)
        return client

    return make
