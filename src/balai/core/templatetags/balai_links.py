# SPDX-License-Identifier: EUPL-1.2
"""``{% page_url 'portal:about' %}``: ``{% url %}`` for names without arguments,
resolved once per process and language (``balai.core.urlcache``).

    {% load balai_links %}
    <a href="{% page_url 'portal:home' %}">…</a>

The layout (base.html) uses it for its fixed links; pages with arguments keep
``{% url %}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from balai.core.urlcache import cached_reverse, current_scope

register = template.Library()
_SCOPE = "balai_links.scope"


@register.simple_tag(takes_context=True)
def page_url(context: Any, name: str) -> str:
    # the scope (prefix, language, URLconf) is read once per rendered page
    scope = context.render_context.get(_SCOPE)
    if scope is None:
        scope = context.render_context[_SCOPE] = current_scope()
    return cached_reverse(name, scope)
