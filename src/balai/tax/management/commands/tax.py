# SPDX-License-Identifier: EUPL-1.2
"""``balai tax assess YEAR``: the annual PBB-P2 assessment (resumable, idempotent)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import BalaiError
from balai.tax import services
from balai.tax.models import AssessmentRun


class Command(BaseCommand):
    help = "Local taxes: run the annual PBB-P2 assessment."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        assess = sub.add_parser("assess", help="Make this year's SPPT bills.")
        assess.add_argument("year", type=int)
        assess.add_argument("--batch", type=int, default=services.BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        show = sys.stderr.isatty()

        def progress(run: AssessmentRun) -> None:
            if show:
                sys.stderr.write(f"\r{run.done}/{run.total} ({run.percent}%)")

        try:
            result = services.assessment_run(
                year=options["year"], batch=options["batch"], progress=progress
            )
        except BalaiError as exc:
            raise CommandError(exc.message) from exc
        if show:
            sys.stderr.write("\n")
        self.stdout.write(
            f"{result.year}: {result.done} objects assessed, {result.created} new bills"
            + (" (resumed)" if result.resumed else "")
        )
