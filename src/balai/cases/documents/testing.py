# SPDX-License-Identifier: EUPL-1.2
"""Test support for apps that issue documents (cases' tests use it too).

    from balai.cases.documents.testing import signing_pki  # noqa: F401 (a fixture)

    def test_approve(signing_pki, ...):
        signing_pki.certify(agency)   # now document_issue can sign for it

Certificates are made by the same code as ``balai documents dev-ca``, with EC keys
(milliseconds), in the test's own temporary directory, never in ./var.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from balai.cases.documents.pki.devca import ensure_agency_certificate, ensure_ca


@dataclass
class TestPki:
    directory: Path

    __test__ = False  # not a test class, despite the name

    def certify(self, agency: Any, *, days: int = 365) -> Path:
        """Give ``agency`` a development signing certificate (idempotent)."""
        ensure_agency_certificate(
            self.directory,
            code=agency.code,
            name=agency.name,
            organisation=getattr(agency.unit, "name", "") or "Pemerintah Uji",
            key_type="ec",
            days=days,
        )
        return self.directory / f"{agency.code}.cert.pem"


def install_test_pki(settings: Any, directory: Path) -> TestPki:
    """Point SIGNING_DIR at ``directory`` and create a development CA there."""
    settings.SIGNING_DIR = directory
    settings.SIGNING_TRUST_ROOTS = []
    settings.SIGNING_TSA_URL = ""
    ensure_ca(directory, key_type="ec")
    return TestPki(directory)


@pytest.fixture
def signing_pki(settings: Any, tmp_path: Path) -> TestPki:
    """A development CA in the test's temporary directory (see module docstring)."""
    return install_test_pki(settings, tmp_path / "pki")
