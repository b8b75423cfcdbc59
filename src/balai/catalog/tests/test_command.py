# SPDX-License-Identifier: EUPL-1.2
"""``balai catalog validate``: prints every error by file and field, exits non-zero."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from balai.accounts.tests.factories import AgencyFactory
from balai.catalog.loader import SHIPPED_DIRECTORY


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("catalog", "validate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_shipped_catalog_validates_with_a_warning_when_no_agencies(db):
    out, err = run()
    assert "14 service(s) valid." in out
    assert "agency codes were not checked" in out
    assert err == ""


def test_agency_codes_are_checked_when_the_database_has_agencies(db):
    for code in ("disdukcapil", "dpmptsp", "bapenda", "diskominfo"):
        AgencyFactory(code=code)
    with pytest.raises(CommandError, match="2 error"):
        run(
            str(SHIPPED_DIRECTORY / "sktm.yaml"),
            str(SHIPPED_DIRECTORY / "kia.yaml"),
            str(SHIPPED_DIRECTORY / "surat-domisili.yaml"),
        )


def test_agency_check_passes_for_known_codes(db):
    AgencyFactory(code="disdukcapil")
    out, _err = run(str(SHIPPED_DIRECTORY / "kia.yaml"))
    assert "1 service(s) valid." in out
    assert "warning" not in out


def test_every_error_is_printed_and_the_command_fails(db, valid_raw, write_service):
    valid_raw["sla_working_days"] = 0
    valid_raw["steps"][0]["role"] = "camat"
    broken = write_service(valid_raw)
    other = write_service("slug: [", "pbg.yaml")
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 error"):
        call_command(
            "catalog",
            "validate",
            str(broken),
            str(other),
            stdout=io.StringIO(),
            stderr=err,
        )
    printed = err.getvalue()
    assert "kia.yaml: sla_working_days: must be a positive number" in printed
    assert "kia.yaml: steps.0.role: 'camat' is not a role" in printed
    assert "pbg.yaml: not valid YAML" in printed


def test_a_missing_path_is_an_error(db, tmp_path):
    with pytest.raises(CommandError):
        run(str(tmp_path / "nothing.yaml"))
