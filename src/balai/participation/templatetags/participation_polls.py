# SPDX-License-Identifier: EUPL-1.2
"""``{% open_polls %}``: the polls box of the participation landing page."""

from __future__ import annotations

from typing import Any

from django import template

from balai.participation import poll_selectors
from balai.participation.models import Poll

register = template.Library()


@register.inclusion_tag("participation/polls/_home_polls.html", takes_context=True)
def open_polls(context: dict[str, Any], limit: int = 5) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    polls = poll_selectors.poll_list(user, status=Poll.Status.OPEN)[:limit]
    return {"polls": list(polls)}
