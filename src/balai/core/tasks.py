# SPDX-License-Identifier: EUPL-1.2
"""One import for background tasks: Django 6's ``django.tasks`` or its backport."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typed against the backport, which Django 5.2 runs
    from django_tasks import default_task_backend, task
else:
    try:  # Django >= 6.0
        from django.tasks import default_task_backend, task
    except ImportError:  # Django 5.2 LTS with the django-tasks backport
        from django_tasks import default_task_backend, task

__all__ = ["default_task_backend", "task"]
