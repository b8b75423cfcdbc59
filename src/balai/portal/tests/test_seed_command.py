# SPDX-License-Identifier: EUPL-1.2
"""``balai seed`` is deterministic for a seed and refuses production.

On an empty database (``test_demo.py`` shares one seeded demo between its tests).
"""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

import pytest

from balai.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]


def _synthetic() -> list[User]:
    """Seeded citizens; emails are encrypted, so they are matched in Python."""
    return [
        user
        for user in User.objects.all()
        if (user.email or "").endswith("@contoh.balai.test")
    ]


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
