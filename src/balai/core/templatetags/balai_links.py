# SPDX-License-Identifier: EUPL-1.2
"""``{% page_url 'portal:about' %}``: ``{% url %}`` for names without arguments,
resolved once per process and language (``balai.core.urlcache``).

    {% load balai_links %}
    <a href="{% page_url 'portal:home' %}">…</a>

The layout (base.html) uses it for its fixed links; pages with arguments keep
``{% url %}``.
"""

from __future__ import annotations

from django import template

from balai.core.urlcache import cached_reverse

register = template.Library()


@register.simple_tag
def page_url(name: str) -> str:
    return cached_reverse(name)
