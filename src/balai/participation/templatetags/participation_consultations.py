# SPDX-License-Identifier: EUPL-1.2
"""``{% open_consultations as rows %}``: the landing page's open consultations,
without the landing view having to know about consultations."""

from __future__ import annotations

from django import template

from balai.participation.consultations_selectors import consultation_open_list
from balai.participation.models import Consultation

register = template.Library()


@register.simple_tag
def open_consultations(limit: int = 5) -> list[Consultation]:
    return consultation_open_list(limit)
