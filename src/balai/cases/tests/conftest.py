# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

import pytest

from balai.accounts.tests.conftest import staff_client  # noqa: F401 (fixture)
from balai.cases.documents.testing import TestPki, signing_pki  # noqa: F401 (fixture)
from balai.cases.tests.catalog import catalog_dir_for_tests
from balai.cases.tests.support import World, make_world
from balai.regions.testing import load_sample_regions

REGIONS = ("32.73.01",)


@pytest.fixture(autouse=True)
def _test_catalog(settings: Any) -> None:
    """The shipped services plus the test services (BALAI_CATALOG_DIR)."""
    settings.CATALOG_DIR = str(catalog_dir_for_tests())


@pytest.fixture
def world(db: Any, signing_pki: TestPki) -> World:  # noqa: F811
    """Disdukcapil staff, another agency's officer, a couple in the register and the
    mother's citizen account; the agency can sign documents. Only Kota Bandung's
    Sukasari district is loaded (its villages and ancestors): that is all the
    register needs here, at a tenth of the full sample's cost."""
    load_sample_regions(REGIONS)
    return make_world(signing_pki)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run on-commit hooks (notifications) inside the test's transaction."""
    return django_capture_on_commit_callbacks
