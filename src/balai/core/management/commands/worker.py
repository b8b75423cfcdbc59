# SPDX-License-Identifier: EUPL-1.2
"""``balai worker``: run background tasks from the database queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run a django-tasks database worker (needs BALAI_TASKS_BACKEND=database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name", default="*", help="queue to work, * for all"
        )
        parser.add_argument("--batch", action="store_true", help="exit when idle")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.TASKS_BACKEND_NAME != "database":
            raise CommandError(
                "The worker needs BALAI_TASKS_BACKEND=database; with the "
                f"{settings.TASKS_BACKEND_NAME!r} backend tasks run elsewhere."
            )
        worker_args = ["--queue-name", options["queue_name"]]
        worker_args += ["--interval", str(options["interval"])]
        if options["batch"]:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args)
