# SPDX-License-Identifier: EUPL-1.2
"""Run in a child process by the concurrency tests: set up Django against the test
database named in the environment and allocate NIKs (imports nothing at module level
that needs Django to be set up)."""

from __future__ import annotations

import datetime as dt
import os


def allocate_niks(
    env: dict[str, str], count: int, birth_iso: str, sex: str
) -> list[str]:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from balai.registry.services.nik_allocation import nik_allocate

    try:
        return [
            nik_allocate(
                district_code="32.73.01",
                birth_date=dt.date.fromisoformat(birth_iso),
                sex=sex,
            )
            for _ in range(count)
        ]
    finally:
        connection.close()
