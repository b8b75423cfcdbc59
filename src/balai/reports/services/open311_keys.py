# SPDX-License-Identifier: EUPL-1.2
"""Open311 API keys: issued once (the plaintext is shown once), kept as SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.reports.models import Open311Client
from balai.security import audit

KEY_PREFIX = "o311_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def open311_client_create(*, name: str, actor: Any = None) -> tuple[Open311Client, str]:
    """Create a client and return it with its key (the only time the key exists)."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise BalaiError(_("Give the client a name of at most 120 characters."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    client = Open311Client.objects.create(
        name=name,
        key_prefix=key[: len(KEY_PREFIX) + 6],
        key_digest=_digest(key),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, action="open311_client.create", target=client)
    return client, key


def open311_client_resolve(key: str) -> Open311Client | None:
    """The active client holding ``key``, or None (constant-time digest compare)."""
    key = (key or "").strip()
    if not key or len(key) > 200:
        return None
    digest = _digest(key)
    client = Open311Client.objects.filter(key_digest=digest, is_active=True).first()
    if client is None or not hmac.compare_digest(client.key_digest, digest):
        return None
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        Open311Client.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


@transaction.atomic
def open311_client_revoke(*, client: Open311Client, actor: Any) -> None:
    client.is_active = False
    client.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=actor, action="open311_client.revoke", target=client)
