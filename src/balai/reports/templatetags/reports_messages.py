# SPDX-License-Identifier: EUPL-1.2
"""Labels for the reports' message templates, in the language they are rendered in."""

from __future__ import annotations

from django import template

from balai.reports.constants import CloseReason, Status

register = template.Library()


@register.filter
def report_status(value: object) -> str:
    """``"in_progress"`` → "In progress" (translated)."""
    return str(Status(value).label) if value in Status.values else str(value or "")


@register.filter
def close_reason(value: object) -> str:
    """``"fixed"`` → "Fixed" (translated); "" for none."""
    return str(CloseReason(value).label) if value in CloseReason.values else ""
