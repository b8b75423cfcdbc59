# SPDX-License-Identifier: EUPL-1.2
"""Values every page template can use."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from balai.core import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    """Site and government unit names, and the current view name for the navigation.

    Reads settings, the resolved URL and the registered navigation links only (no
    database), so that error pages can use it safely.
    """
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "GOVERNMENT_UNIT_NAME": settings.GOVERNMENT_UNIT_NAME,
        "current_view_name": match.view_name if match else "",
        # apps' entry points (balai.core.navigation), lazily: only pages that
        # render the menu pay for it
        "main_links": SimpleLazyObject(lambda: navigation.links_for("main", user)),
        "footer_links": SimpleLazyObject(lambda: navigation.links_for("footer", user)),
        # the language switch's options (what {% get_language_info_list %} gave)
        "language_options": _language_options(tuple(settings.LANGUAGES)),
    }


@functools.lru_cache(maxsize=8)
def _language_options(languages: tuple[tuple[str, Any], ...]) -> list[dict[str, Any]]:
    return [translation.get_language_info(code) for code, _name in languages]
