# SPDX-License-Identifier: EUPL-1.2
"""Services of the password reset: request a code (and, by e-mail, a link), set a
new password with it.

- the same answer whether or not an account exists (no enumeration);
- a 6-digit code to the e-mail address or number typed, if it is an account's; by
  e-mail also a link with a 256-bit secret; only hashes are stored;
- single-use, expiring (``PASSWORD_RESET_TTL_MINUTES``), ``PASSWORD_RESET_MAX_ATTEMPTS``
  wrong codes, rate-limited per address (views) and per account (here);
- audited; afterwards every session ends (Django checks a hash of the password
  on every request), API tokens are revoked, the log-in delay is cleared, and the
  owner is told that the password changed.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import logins
from balai.accounts.constants import Channel, ErrorCode
from balai.accounts.identifiers import normalise_email, normalise_phone
from balai.accounts.models import ApiToken, PasswordReset, User
from balai.core import ratelimit
from balai.core.errors import BalaiError
from balai.notifications.services import message_send
from balai.security import audit
from balai.security.masking import mask_email, mask_phone

logger = logging.getLogger(__name__)

PURPOSE = "password reset"


@dataclass(frozen=True)
class ResetRequested:
    """What the person sees: the same for every input."""

    reset_id: uuid.UUID  # a real reset's id, or a random one
    destination: str  # the typed address or number, masked


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _masked(identifier: str) -> str:
    identifier = identifier.strip()
    if "@" in identifier:
        return mask_email(normalise_email(identifier))
    return mask_phone(normalise_phone(identifier) or identifier)


@transaction.atomic
def password_reset_request(
    *, identifier: str, link_base: str = "", language: str = "id"
) -> ResetRequested:
    """Send a reset code to ``identifier`` (an e-mail address or mobile number) if
    it belongs to an active account; answer the same either way.

    ``link_base`` (e.g. ``https://host/akun/lupa-sandi/tautan/``) adds a link to
    e-mails."""
    code = _code()
    code_hash = make_password(code)  # hashed in every case: same time either way
    user = User.objects.get_by_login(identifier)
    answer = ResetRequested(reset_id=uuid.uuid4(), destination=_masked(identifier))
    if user is None or not user.is_active:
        logger.info("accounts.password_reset_unknown")
        return answer
    if not ratelimit.hit("password_reset_account", f"user:{user.pk}").allowed:
        logger.info("accounts.password_reset_throttled user=%s", user.pk)
        return answer
    channel = Channel.EMAIL if "@" in identifier else Channel.SMS
    recipient = user.email if channel == Channel.EMAIL else user.phone
    link_secret = secrets.token_urlsafe(32) if channel == Channel.EMAIL else None
    user.password_resets.filter(used_at__isnull=True).update(used_at=timezone.now())
    reset = PasswordReset.objects.create(
        user=user,
        channel=channel,
        code_hash=code_hash,
        link_digest=_digest(link_secret) if link_secret else None,
        expires_at=timezone.now()
        + timedelta(minutes=settings.PASSWORD_RESET_TTL_MINUTES),
    )
    message_send(
        channel=channel,
        recipient=recipient or "",
        template="password_reset",
        context={
            "name": user.get_short_name(),
            "code": code,
            "link": f"{link_base}{link_secret}/" if link_secret and link_base else "",
            "minutes": settings.PASSWORD_RESET_TTL_MINUTES,
        },
        language=user.language or language,
        user_id=str(user.pk),
        sensitive=True,
    )
    audit.record(
        actor=None,
        actor_kind="anonymous",
        action="user.password_reset_request",
        target=user,
        purpose=PURPOSE,
    )
    return ResetRequested(reset_id=reset.pk, destination=answer.destination)


def _wrong() -> BalaiError:
    return BalaiError(
        _("That code is not right or no longer valid. Check the message or ask again."),
        code=ErrorCode.INVALID_CODE,
        field_errors={"code": [_("That code is not right or no longer valid.")]},
    )


def password_reset_find(
    *, reset_id: str | None = None, link: str | None = None
) -> PasswordReset | None:
    """The live reset of an id or a link secret, or None."""
    query = PasswordReset.objects.select_related("user").filter(
        used_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
    )
    if link:
        return query.filter(link_digest=_digest(link)).first()
    try:
        return query.filter(pk=uuid.UUID(str(reset_id))).first()
    except ValueError:
        return None


def password_reset_confirm(
    *,
    password: str,
    reset_id: str | None = None,
    code: str = "",
    link: str | None = None,
) -> User:
    """Set a new password with a reset code (``reset_id`` + ``code``) or a link
    secret; BalaiError when either is wrong, used or expired, or the password weak."""
    reset = password_reset_find(reset_id=reset_id, link=link)
    code = "".join(ch for ch in code if ch in "0123456789")
    if reset is None:
        make_password(code)  # the hashing a real check does
        raise _wrong()
    if reset.attempts >= settings.PASSWORD_RESET_MAX_ATTEMPTS:
        raise BalaiError(
            _("Too many wrong codes. Ask for a new one."),
            code=ErrorCode.TOO_MANY_ATTEMPTS,
            field_errors={"code": [_("Too many wrong codes. Ask for a new one.")]},
        )
    if not link and not check_password(code, reset.code_hash):
        # counted outside any transaction, so guessing stops even though we raise
        PasswordReset.objects.filter(pk=reset.pk).update(attempts=F("attempts") + 1)
        raise _wrong()
    try:
        validate_password(password, user=reset.user)
    except ValidationError as exc:
        raise BalaiError(
            _("Choose a stronger password."),
            code="weak_password",
            field_errors={"password": list(exc.messages)},
        ) from exc
    return _complete(reset=reset, password=password)


@transaction.atomic
def _complete(*, reset: PasswordReset, password: str) -> User:
    now = timezone.now()
    claimed = PasswordReset.objects.filter(pk=reset.pk, used_at__isnull=True).update(
        used_at=now
    )
    if not claimed:  # a concurrent request used it first
        raise _wrong()
    user = reset.user
    user.set_password(password)  # every session's auth hash is now stale: all end
    user.save(update_fields=["password"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now
    )
    for identifier in (user.email, user.phone):
        if identifier:
            logins.login_delay_clear(identifier)
    audit.record(
        actor=None,
        actor_kind="anonymous",
        action="user.password_reset",
        target=user,
        purpose=PURPOSE,
        changes=["password", *(["api_tokens"] if revoked else [])],
    )
    message_send(
        channel=reset.channel,
        recipient=(user.email if reset.channel == Channel.EMAIL else user.phone) or "",
        template="password_changed",
        context={
            "name": user.get_short_name(),
            "changed_at": timezone.localtime(now).strftime("%d-%m-%Y %H:%M"),
        },
        language=user.language,
        user_id=str(user.pk),
    )
    logger.info("accounts.password_reset user=%s", user.pk)
    return user
