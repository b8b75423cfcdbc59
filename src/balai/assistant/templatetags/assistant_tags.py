# SPDX-License-Identifier: EUPL-1.2
from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def assistant_poll_seconds() -> int:
    """How often a page asks for an officer's new turns (ASSISTANT_POLL_SECONDS)."""
    return int(settings.ASSISTANT_POLL_SECONDS)
