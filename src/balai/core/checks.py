# SPDX-License-Identifier: EUPL-1.2
"""Deploy checks of the project's own settings (``balai check --deploy``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def check_public_base_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Links in messages and documents' QR codes need the public https address."""
    value = str(getattr(settings, "PUBLIC_BASE_URL", "") or "")
    if not value:
        return [
            Error(
                "BALAI_PUBLIC_BASE_URL is not set: messages and documents' QR codes "
                "would carry no address citizens can open.",
                hint="Set BALAI_PUBLIC_BASE_URL=https://<the public host name>.",
                id="core.E001",
            )
        ]
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        return [
            Error(
                f"BALAI_PUBLIC_BASE_URL must be an https address, not {value!r}.",
                hint="For example BALAI_PUBLIC_BASE_URL=https://layanan.kota.go.id",
                id="core.E002",
            )
        ]
    return []
