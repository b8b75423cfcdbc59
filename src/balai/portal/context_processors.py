# SPDX-License-Identifier: EUPL-1.2
"""Values every page template can use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site and government unit names, and the current view name for the navigation.

    Reads settings and the resolved URL only (no database), so that error pages can
    use it safely.
    """
    match = getattr(request, "resolver_match", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "GOVERNMENT_UNIT_NAME": settings.GOVERNMENT_UNIT_NAME,
        "current_view_name": match.view_name if match else "",
    }
