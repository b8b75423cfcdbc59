# SPDX-License-Identifier: EUPL-1.2
"""Labels for the accounts' message templates, in the language they are rendered in."""

from __future__ import annotations

from django import template

from balai.accounts.constants import CorrectionItem
from balai.security.monitoring.constants import Severity, alert_title

register = template.Library()


@register.filter
def correction_item(value: object) -> str:
    """The item's label to use mid-sentence: "date of birth", but "NIK"."""
    if value not in CorrectionItem.values:
        return str(value or "")
    label = str(CorrectionItem(value).label)
    return label if label.isupper() else label[:1].lower() + label[1:]


@register.filter
def security_alert_title(alert: object) -> str:
    """The alert's title in the active language: the rule's own wording for its
    target, else the title it was raised with."""
    if not isinstance(alert, dict):
        return ""
    rule, target = str(alert.get("rule") or ""), str(alert.get("target") or "")
    if rule and target:
        return alert_title(rule, target)
    return str(alert.get("title") or "")


@register.filter
def severity(value: object) -> str:
    return str(Severity(value).label) if value in Severity.values else str(value)
