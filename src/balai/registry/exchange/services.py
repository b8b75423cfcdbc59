# SPDX-License-Identifier: EUPL-1.2
"""Writes of the exchange API: issuing, resolving, touching and revoking clients."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Agency
from balai.core.errors import BalaiError
from balai.registry.exchange import clients
from balai.registry.exchange.constants import (
    CLIENT_ID_PREFIX,
    DEFAULT_RATE_LIMIT,
    SECRET_BYTES,
    LawfulBasis,
)
from balai.registry.exchange.models import (
    ApiClient,
    DataSharingAgreement,
    ExchangeConsent,
)
from balai.registry.selectors import resident_for_citizen
from balai.security import audit

SEPARATOR = "."
_DUMMY_DIGEST = hashlib.sha256(b"balai-no-such-client").hexdigest()


@dataclass(frozen=True)
class IssuedClient:
    """A new client and its credential; the secret exists only in this object."""

    client: ApiClient
    secret: str

    @property
    def credential(self) -> str:
        """``<client_id>.<secret>``, what goes after ``Bearer`` in the header."""
        return f"{self.client.client_id}{SEPARATOR}{self.secret}"


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def api_client_create(
    *,
    agency: Agency,
    agreement: DataSharingAgreement,
    name: str,
    rate_limit: int = DEFAULT_RATE_LIMIT,
    actor: Any = None,
) -> IssuedClient:
    """Issue a client of ``agency`` under its own ``agreement``; the secret is
    returned once and only its SHA-256 digest is stored. Audited."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    client = ApiClient(
        agency=agency,
        agreement=agreement,
        name=name.strip(),
        client_id=CLIENT_ID_PREFIX + secrets.token_hex(12),
        secret_digest=secret_digest(secret),
        rate_limit=rate_limit,
    )
    client.full_clean()
    client.save()
    audit.record(actor=actor, action="api_client.create", target=client)
    return IssuedClient(client=client, secret=secret)


def api_client_resolve(credential: str) -> tuple[ApiClient | None, bool]:
    """The client named by ``<client_id>.<secret>`` and whether the secret matches
    (constant-time digest comparison on every call, also when there is no such
    client). The resolved client may come from this process's short cache."""
    client_id, _sep, secret = credential.partition(SEPARATOR)
    client = clients.client_for(client_id) if client_id and secret else None
    expected = client.secret_digest if client is not None else _DUMMY_DIGEST
    matches = hmac.compare_digest(expected, secret_digest(secret))
    return (client, matches) if client is not None else (None, False)


def api_client_touch(client: ApiClient) -> None:
    """Record the last use of a client, at most once a minute."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > timedelta(minutes=1):
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: Any = None) -> ApiClient:
    """Revoke ``client`` for good (idempotent); audited the first time."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor=actor, action="api_client.revoke", target=client)
    return client


# --- consent (agreements whose lawful basis is the person's consent) ---------------


class ConsentError(BalaiError):
    code = "consent_invalid"


def _consent_agreement(agreement_id: Any) -> DataSharingAgreement:
    agreement = DataSharingAgreement.objects.filter(
        pk=agreement_id, lawful_basis=LawfulBasis.CONSENT
    ).first()
    if agreement is None or not agreement.is_current():
        raise ConsentError(_("This agreement does not ask for your consent."))
    return agreement


@transaction.atomic
def consent_give(*, user: Any, agreement_id: Any) -> ExchangeConsent:
    """The signed-in citizen consents to releases of their own record under a
    consent-based agreement (idempotent). Audited as the person's own action."""
    resident = resident_for_citizen(user)
    if resident is None:
        raise ConsentError(
            _("Your account is not linked to a record in the population register.")
        )
    agreement = _consent_agreement(agreement_id)
    active = ExchangeConsent.objects.filter(
        agreement=agreement, resident=resident, withdrawn_at__isnull=True
    ).first()
    if active is not None:
        return active
    consent = ExchangeConsent.objects.create(
        agreement=agreement, resident=resident, given_by=user
    )
    audit.record(
        actor=user, action="consent.give", target=consent, purpose=agreement.title
    )
    return consent


@transaction.atomic
def consent_withdraw(*, user: Any, agreement_id: Any) -> int:
    """Withdraw the citizen's consent under an agreement; releases stop at once.
    Returns how many active consents were withdrawn (0 or 1)."""
    resident = resident_for_citizen(user)
    if resident is None:
        return 0
    withdrawn = 0
    for consent in ExchangeConsent.objects.select_for_update().filter(
        agreement_id=agreement_id, resident=resident, withdrawn_at__isnull=True
    ):
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at", "updated_at"])
        audit.record(
            actor=user,
            action="consent.withdraw",
            target=consent,
            purpose=consent.agreement.title,
        )
        withdrawn += 1
    return withdrawn
