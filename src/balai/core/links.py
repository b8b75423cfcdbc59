# SPDX-License-Identifier: EUPL-1.2
"""Absolute links for messages, documents and QR codes: ``PUBLIC_BASE_URL`` + a path.

Every message that names a page carries a full link built here, so a citizen reading an
SMS or an e-mail can open it; one setting decides the public address of the deployment.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def public_url(path: str) -> str:
    """``path`` (``/permohonan/…``) as an absolute URL on the public address."""
    base = str(getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    if not path.startswith("/"):
        path = "/" + path
    return f"{base}{path}"


def public_reverse(viewname: str, **kwargs: Any) -> str:
    """``reverse(viewname, kwargs=...)`` as an absolute URL on the public address."""
    return public_url(reverse(viewname, kwargs=kwargs or None))
