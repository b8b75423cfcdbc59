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
