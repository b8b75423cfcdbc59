# SPDX-License-Identifier: EUPL-1.2
"""A registry of demo-data seeders: each app contributes one from its AppConfig.

``balai seed`` runs the seeders in registration order (apps register in floor order), so
later issues extend the demo data without touching the command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Faker is imported by the seed command, not when Django starts
    import faker


@dataclass
class SeedContext:
    """What every seeder receives: size knobs, a deterministic Faker, an output."""

    residents: int
    seed: int
    fake: faker.Faker
    write: Callable[[str], None]
    progress: bool = True


Seeder = Callable[[SeedContext], None]
_seeders: list[tuple[str, Seeder]] = []


def register(name: str, seeder: Seeder) -> None:
    """Register a seeder once under ``name``."""
    if any(existing == name for existing, _fn in _seeders):
        return
    _seeders.append((name, seeder))


def seeders() -> list[tuple[str, Seeder]]:
    return list(_seeders)


def make_context(
    *, residents: int, seed: int, write: Callable[[str], None], progress: bool = True
) -> SeedContext:
    import faker

    fake = faker.Faker("id_ID")
    fake.seed_instance(seed)
    return SeedContext(
        residents=residents, seed=seed, fake=fake, write=write, progress=progress
    )
