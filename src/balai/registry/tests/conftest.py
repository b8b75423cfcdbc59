# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory
from balai.registry.tests.factories import identity_agency, register_officer, registered


@pytest.fixture
def officer(db, sample_regions) -> Any:
    """A verified Disdukcapil officer (regions loaded)."""
    return register_officer()


@pytest.fixture
def world(db, sample_regions) -> dict[str, Any]:
    """A register officer (for services) and one registered resident."""
    officer = register_officer()
    resident = registered(officer, full_name="Wahyu Hidayat")
    return {"officer": officer, "resident": resident}


@pytest.fixture
def officer_client(client, world) -> Any:
    """A client signed in as a Disdukcapil officer with a verified second factor."""
    staff = StaffFactory(agency=identity_agency())
    login(client, staff)
    pass_two_factor(client, staff)
    client.staff = staff
    return client
