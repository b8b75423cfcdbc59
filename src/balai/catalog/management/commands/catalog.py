# SPDX-License-Identifier: EUPL-1.2
"""``balai catalog validate [PATH ...]``: check service files, report every error.

Each problem is printed as ``<file>: <field path>: <message>``; the command exits
non-zero when any file has an error. Agency codes are checked against the database
when it has agencies; without any (a fresh install, CI) that check is a warning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from balai.catalog.errors import CatalogProblem
from balai.catalog.loader import CatalogLoad, default_directory, load_paths


def agency_problems(loaded: CatalogLoad) -> list[CatalogProblem]:
    """Unknown agency codes: errors when the database has agencies, else one warning."""
    from django.apps import apps

    agency_model = apps.get_model("accounts", "Agency")
    try:
        known = set(agency_model.objects.values_list("code", flat=True))
    except DatabaseError:
        known = set()
    if not known:
        return [
            CatalogProblem(
                "",
                "",
                "the database has no agencies yet; agency codes were not checked",
                warning=True,
            )
        ]
    return [
        CatalogProblem(
            f"{service.slug}.yaml",
            "agency",
            f"{service.agency!r} is not an agency code",
        )
        for service in loaded.services.values()
        if service.agency not in known
    ]


class Command(BaseCommand):
    help = "Work with the service catalog (validate: check every service file)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        validate = actions.add_parser(
            "validate", help="Check service files and report errors by file and field."
        )
        validate.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Files or folders (default: the catalog folder the site serves).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["paths"] or [default_directory()]
        loaded = load_paths(paths)
        problems = loaded.problems + agency_problems(loaded)
        for problem in problems:
            (self.stderr if not problem.warning else self.stdout).write(str(problem))
        errors = [problem for problem in problems if not problem.warning]
        if errors:
            raise CommandError(
                f"{len(errors)} error(s) in the catalog; "
                f"{len(loaded.services)} service(s) valid."
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(loaded.services)} service(s) valid.")
        )
