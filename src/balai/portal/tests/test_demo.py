# SPDX-License-Identifier: EUPL-1.2
"""``balai demo`` and ``balai seed`` are deterministic and idempotent.

Seeding the demo is the slowest thing these tests do, so the module seeds it once
(``demo_output``, in a transaction rolled back at the module's end, see
``balai.core.testing.shared_db``); each test runs in a savepoint of it, and the tests
that run ``balai demo`` again run it over that seeded database, which is what a
second ``make demo`` meets.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

import pytest

from balai.accounts.models import Agency, GovernmentUnit, User
from balai.accounts.seed import DEMO_STAFF
from balai.core.testing.shared_db import module_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]


@pytest.fixture(scope="module")
def demo_output(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    _session_keyring: str,
) -> Iterator[str]:
    """``balai demo --residents 5`` once for the module; what it printed."""
    from django.db import transaction

    folder = tmp_path_factory.mktemp("demo")
    with module_data(django_db_blocker, folder, _session_keyring):
        out = StringIO()
        with pytest.MonkeyPatch.context() as patch:
            # as ``immediate_on_commit``: the module's transaction never commits
            patch.setattr(transaction, "on_commit", lambda func, *a, **k: func())
            call_command("demo", "--residents", "5", stdout=out)
        yield out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Agency.objects.count(),
        GovernmentUnit.objects.count(),
        Group.objects.count(),
    )


def test_demo_twice_changes_nothing_and_prints_logins(demo_output, settings):
    first = _counts()
    hashes = dict(User.objects.values_list("email", "password"))
    assert first[0] > len(DEMO_STAFF) and hashes
    call_command("demo", "--residents", "5", stdout=StringIO())
    assert _counts() == first
    assert dict(User.objects.values_list("email", "password")) == hashes
    text = demo_output
    for login in DEMO_STAFF:
        assert login.email in text
    assert "warga@balai.test" in text
    assert settings.DEMO_PASSWORD in text
    assert "http://127.0.0.1:8000/" in text


def test_demo_port_is_printed(demo_output):
    out = StringIO()
    call_command("demo", "--port", "8123", "--residents", "0", stdout=out)
    assert "http://127.0.0.1:8123/" in out.getvalue()


def test_printed_logins_work(demo_output, client, settings):
    response = client.post(
        reverse("accounts:login"),
        {"username": "warga@balai.test", "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {
            "username": "petugas.disdukcapil@balai.test",
            "password": settings.DEMO_PASSWORD,
        },
        follow=True,
    )
    # staff are asked to enrol two-factor authentication first
    assert response.redirect_chain[-1][0] == reverse("accounts:two-factor")


def test_demo_links_follow_its_port(demo_output, settings, monkeypatch):
    """QR codes, verification text and printed links carry the demo's own port."""
    from balai.cases.documents.codes import verification_url

    monkeypatch.delenv("BALAI_PUBLIC_BASE_URL", raising=False)
    out = StringIO()
    call_command("demo", "--port", "8123", "--residents", "0", stdout=out)
    text = out.getvalue()
    assert "127.0.0.1:8000" not in text
    assert settings.PUBLIC_BASE_URL == "http://127.0.0.1:8123"
    assert verification_url("ABCD").startswith("http://127.0.0.1:8123/verify/")


def test_demo_keeps_a_public_address_given_in_the_environment(
    demo_output, settings, monkeypatch
):
    monkeypatch.setenv("BALAI_PUBLIC_BASE_URL", "https://demo.example.go.id")
    settings.PUBLIC_BASE_URL = "https://demo.example.go.id"
    call_command("demo", "--port", "8123", "--residents", "0", stdout=StringIO())
    assert settings.PUBLIC_BASE_URL == "https://demo.example.go.id"


def test_make_demo_serves_designed_error_pages_and_its_own_address():
    """`make demo PORT=…` runs without Django's debug pages, links on its port."""
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    root = Path(__file__).resolve().parents[4]
    dry = subprocess.run(
        ["make", "-n", "demo", "PORT=8123"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    for command in ("balai demo --port 8123", "balai runserver 127.0.0.1:8123"):
        line = next(x for x in dry.splitlines() if command in x)
        assert "BALAI_DEBUG=${BALAI_DEBUG:-false}" in line, line
        address = "${BALAI_PUBLIC_BASE_URL:-http://127.0.0.1:8123}"
        assert f"BALAI_PUBLIC_BASE_URL={address}" in line, line


def test_demo_government_has_one_name(demo_output, settings):
    """A name set after the demo was seeded renames its one unit (no second one)."""
    from balai.accounts.models import GovernmentUnit

    assert GovernmentUnit.objects.count() == 1
    settings.GOVERNMENT_UNIT_NAME = "Pemerintah Kota Uji"
    call_command("demo", "--residents", "0", stdout=StringIO())
    assert list(GovernmentUnit.objects.values_list("name", flat=True)) == [
        "Pemerintah Kota Uji"
    ]
