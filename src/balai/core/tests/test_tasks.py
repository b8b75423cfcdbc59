# SPDX-License-Identifier: EUPL-1.2
"""The task shim picks the configured django.tasks backend."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from balai.core.tasks import task


@task()
def double_task(value: int) -> int:
    return value * 2


def test_immediate_backend_runs_tasks_inline():
    result = double_task.enqueue(21)
    assert result.return_value == 42


def test_worker_refuses_without_database_backend(settings):
    settings.TASKS_BACKEND_NAME = "immediate"
    with pytest.raises(CommandError, match="BALAI_TASKS_BACKEND=database"):
        call_command("worker", "--batch")


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_and_the_worker_runs_the_task(settings):
    """A real queue: enqueue stores the task; ``balai worker --batch`` runs it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "notifications"],
        }
    }
    settings.TASKS_BACKEND_NAME = "database"
    result = double_task.enqueue(21)
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == "READY"
    call_command("worker", "--batch", "--interval", "0")
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == 42
