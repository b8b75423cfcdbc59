# SPDX-License-Identifier: EUPL-1.2
"""One import for background tasks: Django 6's ``django.tasks`` or its backport."""

try:  # Django >= 6.0
    from django.tasks import default_task_backend, task  # type: ignore[import-not-found]
except ImportError:  # Django 5.2 LTS with the django-tasks backport
    from django_tasks import default_task_backend, task

__all__ = ["default_task_backend", "task"]
