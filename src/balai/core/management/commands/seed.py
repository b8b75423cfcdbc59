# SPDX-License-Identifier: EUPL-1.2
"""``balai seed --residents N --seed S``: deterministic synthetic demo data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core import seeding


class Command(BaseCommand):
    help = "Create deterministic synthetic demo data (Faker id_ID); safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, default=0, help="synthetic people")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Refusing to seed synthetic data in production.")
        if options["residents"] < 0:
            raise CommandError("--residents must be zero or more.")
        context = seeding.make_context(
            residents=options["residents"],
            seed=options["seed"],
            write=lambda line: self.stdout.write(line),
            progress=not options["no_progress"],
        )
        for name, seeder in seeding.seeders():
            try:
                seeder(context)
            except Exception as exc:  # command boundary: report and stop
                raise CommandError(f"seeding {name} failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Seed data is in place."))
