# SPDX-License-Identifier: EUPL-1.2
"""``balai worker``: run background tasks from the database queue.

``balai worker canary KEY [--sleep S]`` enqueues the idempotent canary task instead
(an operator's end-to-end check of the workers; see balai.core.workers).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core import workers


class Command(BaseCommand):
    help = "Run a database task worker (needs BALAI_TASKS_BACKEND=database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", nargs="?", choices=["run", "canary"], default="run"
        )
        parser.add_argument("key", nargs="?", default="", help="canary: its key")
        parser.add_argument("--sleep", type=float, default=0.0, help="canary: seconds")
        parser.add_argument(
            "--queue-name", default="*", help="queues to work (comma separated), * all"
        )
        parser.add_argument("--batch", action="store_true", help="exit when idle")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.TASKS_BACKEND_NAME != "database":
            raise CommandError(
                "The worker needs BALAI_TASKS_BACKEND=database; with the "
                f"{settings.TASKS_BACKEND_NAME!r} backend tasks run elsewhere."
            )
        if options["action"] == "canary":
            if not options["key"]:
                raise CommandError("balai worker canary KEY: give the canary a key.")
            result = workers.canary.enqueue(options["key"], options["sleep"])
            self.stdout.write(str(result.id))
            return
        worker_id = workers.new_worker_id()
        os.environ["BALAI_WORKER_ID"] = worker_id
        logging.getLogger("django_tasks").setLevel(logging.INFO)
        worker = workers.BalaiWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
