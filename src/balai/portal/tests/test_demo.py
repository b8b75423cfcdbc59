# SPDX-License-Identifier: EUPL-1.2
"""``balai demo`` and ``balai seed`` are deterministic and idempotent."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

import pytest

from balai.accounts.models import Agency, GovernmentUnit, User
from balai.accounts.seed import DEMO_STAFF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Agency.objects.count(),
        GovernmentUnit.objects.count(),
        Group.objects.count(),
    )


def _synthetic() -> list[User]:
    """Seeded citizens; emails are encrypted, so they are matched in Python."""
    return [
        user
        for user in User.objects.all()
        if (user.email or "").endswith("@contoh.balai.test")
    ]


def test_demo_twice_changes_nothing_and_prints_logins(settings):
    out = StringIO()
    call_command("demo", "--residents", "5", stdout=out)
    first = _counts()
    hashes = dict(User.objects.values_list("email", "password"))
    call_command("demo", "--residents", "5", stdout=StringIO())
    assert _counts() == first
    assert dict(User.objects.values_list("email", "password")) == hashes
    text = out.getvalue()
    for login in DEMO_STAFF:
        assert login.email in text
    assert "warga@balai.test" in text
    assert settings.DEMO_PASSWORD in text
    assert "http://127.0.0.1:8000/" in text


def test_demo_port_is_printed():
    out = StringIO()
    call_command("demo", "--port", "8123", "--residents", "0", stdout=out)
    assert "http://127.0.0.1:8123/" in out.getvalue()


def test_printed_logins_work(client, settings):
    call_command("demo", "--residents", "0", stdout=StringIO())
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


def test_seed_is_deterministic_for_a_seed():
    from django.db import transaction

    # the first run is rolled back whole (its users are referenced by what later
    # seeders wrote for them: comments, ballots, proposals)
    with transaction.atomic():
        call_command(
            "seed",
            "--residents",
            "20",
            "--seed",
            "7",
            "--no-progress",
            stdout=StringIO(),
        )
        first = sorted((u.nik, u.full_name) for u in _synthetic())
        transaction.set_rollback(True)
    assert not _synthetic()
    call_command(
        "seed", "--residents", "20", "--seed", "7", "--no-progress", stdout=StringIO()
    )
    second = sorted((u.nik, u.full_name) for u in _synthetic())
    assert first == second and len(first) == 20


def test_seed_refuses_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed", stdout=StringIO())


def test_demo_links_follow_its_port(settings, monkeypatch):
    """QR codes, verification text and printed links carry the demo's own port."""
    from balai.cases.documents.codes import verification_url

    monkeypatch.delenv("BALAI_PUBLIC_BASE_URL", raising=False)
    out = StringIO()
    call_command("demo", "--port", "8123", "--residents", "0", stdout=out)
    text = out.getvalue()
    assert "127.0.0.1:8000" not in text
    assert settings.PUBLIC_BASE_URL == "http://127.0.0.1:8123"
    assert verification_url("ABCD").startswith("http://127.0.0.1:8123/verify/")


def test_demo_keeps_a_public_address_given_in_the_environment(settings, monkeypatch):
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


def test_demo_government_has_one_name(settings):
    from balai.accounts.models import GovernmentUnit

    settings.GOVERNMENT_UNIT_NAME = "Pemerintah Kota Uji"
    call_command("demo", "--residents", "0", stdout=StringIO())
    assert list(GovernmentUnit.objects.values_list("name", flat=True)) == [
        "Pemerintah Kota Uji"
    ]
