# SPDX-License-Identifier: EUPL-1.2
"""Every write of the accounts app: sign-up, verification, 2FA enrolment, API tokens."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts import policies
from balai.accounts.constants import Channel, ErrorCode, Role
from balai.accounts.identifiers import normalise_email, normalise_phone
from balai.accounts.models import Agency, ApiToken, SignupVerification, User
from balai.core.errors import BalaiError
from balai.core.phones import is_mobile_phone
from balai.notifications.services import message_send
from balai.regions.nik import NikError, parse_nik
from balai.security import audit
from balai.security.masking import mask_email, mask_phone
from balai.security.policy import Authentication, authenticated_as

logger = logging.getLogger(__name__)

CODE_DIGITS = 6


@dataclass(frozen=True)
class SignupResult:
    """What a sign-up answers, the same whether or not the details were known:
    an id to verify with, the channel and the masked destination. ``user`` is the
    new inactive account, or None when the details belonged to an account already
    (its owner was told through their own channel; no code will ever match)."""

    signup_id: uuid.UUID
    channel: str
    destination: str
    user: User | None = None
    verification: SignupVerification | None = None


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _send_code(*, user: User, channel: str, code: str) -> None:
    recipient = user.email if channel == Channel.EMAIL else user.phone
    message_send(
        channel=channel,
        recipient=recipient or "",
        template="signup_code",
        context={
            "name": user.get_short_name(),
            "code": code,
            "minutes": settings.SIGNUP_CODE_TTL_MINUTES,
        },
        language=user.language,
        user_id=str(user.pk),
        sensitive=True,
    )


def _issue_code(*, user: User, channel: str) -> SignupVerification:
    code = _new_code()
    user.verifications.filter(used_at__isnull=True).update(used_at=timezone.now())
    verification = SignupVerification.objects.create(
        user=user,
        channel=channel,
        code_hash=make_password(code),
        expires_at=timezone.now() + timedelta(minutes=settings.SIGNUP_CODE_TTL_MINUTES),
    )
    _send_code(user=user, channel=channel, code=code)
    return verification


@transaction.atomic
def citizen_signup(
    *,
    nik: str,
    full_name: str,
    birth_date: date,
    password: str,
    email: str | None = None,
    phone: str | None = None,
    language: str = "id",
) -> SignupResult:
    """Create an inactive citizen account and send it a one-time verification code.

    The account can log in only once the code is confirmed (``citizen_verify``).
    Raises BalaiError with field errors on bad input; nothing is written then.
    """
    errors: dict[str, list[str]] = {}
    try:
        parsed = parse_nik(nik)
        nik = parsed.nik
    except NikError as exc:
        errors["nik"] = [str(exc.message)]
    email = normalise_email(email) if email else None
    phone_normalised = normalise_phone(phone) if phone else None
    if phone and (phone_normalised is None or not is_mobile_phone(phone_normalised)):
        errors["phone"] = [
            _("Enter an Indonesian mobile number such as 0812 3456 7890.")
        ]
    if not email and not phone:
        errors["email"] = [_("Give an email address or a mobile number.")]
    if birth_date > timezone.localdate():
        errors["birth_date"] = [_("The date of birth cannot be in the future.")]
    if not full_name.strip():
        errors["full_name"] = [_("Enter your full name.")]
    candidate = User(full_name=full_name.strip(), email=email, phone=phone_normalised)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise BalaiError(_("Please correct the marked fields."), field_errors=errors)

    taken = User.objects.filter_by_contact(email=email, phone=phone_normalised)
    owners = list(taken.filter(is_active=True)) + list(
        User.objects.filter_by_nik(nik).filter(is_active=True, is_staff=False)
    )
    if owners:
        return _known_details(owners, email=email, phone=phone_normalised)
    # An unfinished sign-up with the same details is replaced, never duplicated.
    stale = list(taken.filter(is_active=False, is_staff=False)) + list(
        User.objects.filter_by_nik(nik).filter(is_active=False, is_staff=False)
    )
    for user in stale:
        user.delete()

    user = User(
        nik=nik,
        full_name=full_name.strip(),
        birth_date=birth_date,
        email=email,
        phone=phone_normalised,
        language=language if language in {"id", "en"} else "id",
        preferred_channel=Channel.EMAIL if email else Channel.SMS,
        is_active=False,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.full_clean(exclude=["password"])
            user.save()
    except (ValidationError, IntegrityError):
        # a concurrent sign-up took these details first: the same answer
        return _known_details([], email=email, phone=phone_normalised)
    _add_role(user, Role.CITIZEN)
    audit.record(
        actor=None,
        actor_kind="anonymous",
        action="user.create",
        target=user,
        purpose="citizen sign-up",
        changes=["nik", "full_name", "birth_date", "email", "phone"],
    )
    verification = _issue_code(user=user, channel=user.preferred_channel)
    logger.info("accounts.signup_started user=%s", user.pk)
    return SignupResult(
        signup_id=user.pk,
        channel=verification.channel,
        destination=mask_email(email) if email else mask_phone(phone_normalised),
        user=user,
        verification=verification,
    )


def _known_details(
    owners: list[User], *, email: str | None, phone: str | None
) -> SignupResult:
    """Sign-up with the details of an existing account: answer as for a new one,
    and tell each owner through their own contact (never the one typed, unless it is
    theirs). The returned id belongs to no sign-up, so no code verifies it."""
    make_password(_new_code())  # the hashing a real sign-up does
    for owner in {o.pk: o for o in owners}.values():
        channel = owner.preferred_channel
        recipient = owner.email if channel == Channel.EMAIL else owner.phone
        if not recipient:
            channel = Channel.SMS if owner.phone else Channel.EMAIL
            recipient = owner.phone or owner.email
        message_send(
            channel=channel,
            recipient=recipient or "",
            template="signup_existing",
            context={"name": owner.get_short_name()},
            language=owner.language,
            user_id=str(owner.pk),
        )
        audit.record(
            actor=None,
            actor_kind="anonymous",
            action="user.signup_attempt",
            target=owner,
            purpose="citizen sign-up with known details",
        )
    logger.info("accounts.signup_known_details owners=%s", len(owners))
    return SignupResult(
        signup_id=uuid.uuid4(),
        channel=Channel.EMAIL if email else Channel.SMS,
        destination=mask_email(email) if email else mask_phone(phone),
    )


def citizen_verify(*, user_id: str, code: str) -> User:
    """Check a sign-up code; on success the account becomes active and verified.

    A wrong code is counted even though the call fails (the count is written outside
    the failing transaction), so guessing stops after SIGNUP_CODE_MAX_ATTEMPTS.
    """
    verification = (
        SignupVerification.objects.filter(
            user_id=user_id, used_at__isnull=True, user__is_active=False
        )
        .select_related("user")
        .first()
    )
    if verification is None:
        # unknown id (or details of an existing account): exactly a wrong code
        make_password(code)  # the hashing a real check does
        raise _wrong_code()
    if verification.attempts >= settings.SIGNUP_CODE_MAX_ATTEMPTS:
        raise BalaiError(
            _("Too many wrong codes. Request a new code."),
            code=ErrorCode.TOO_MANY_ATTEMPTS,
        )
    if verification.expires_at < timezone.now():
        raise BalaiError(
            _("This code has expired. Request a new code."), code=ErrorCode.CODE_EXPIRED
        )
    code = "".join(ch for ch in code if ch in "0123456789")
    if not check_password(code, verification.code_hash):
        SignupVerification.objects.filter(pk=verification.pk).update(
            attempts=F("attempts") + 1
        )
        raise _wrong_code()
    return _activate(verification=verification)


def _wrong_code() -> BalaiError:
    return BalaiError(
        _("That code is not right. Check the message and try again."),
        code=ErrorCode.INVALID_CODE,
        field_errors={"code": [_("That code is not right.")]},
    )


@transaction.atomic
def _activate(*, verification: SignupVerification) -> User:
    now = timezone.now()
    claimed = SignupVerification.objects.filter(
        pk=verification.pk, used_at__isnull=True
    ).update(used_at=now)
    if not claimed:  # a concurrent request used the code first
        raise BalaiError(_("Request a new code."), code=ErrorCode.CODE_EXPIRED)
    user = verification.user
    user.is_active = True
    fields = ["is_active"]
    if verification.channel == Channel.EMAIL:
        user.email_verified_at = now
        fields.append("email_verified_at")
    else:
        user.phone_verified_at = now
        fields.append("phone_verified_at")
    user.save(update_fields=fields)
    audit.record(
        actor=user,
        action="user.update",
        target=user,
        purpose="sign-up verification",
        changes=fields,
    )
    logger.info("accounts.signup_verified user=%s", user.pk)
    return user


@transaction.atomic
def citizen_resend_code(*, user_id: str) -> SignupVerification | None:
    """Send a fresh code for an unfinished sign-up (the old code stops working).

    An unknown id answers the same (None, nothing sent): sign-ups with the details
    of an existing account have such ids."""
    user = User.objects.filter(pk=user_id, is_active=False, is_staff=False).first()
    if user is None:
        return None
    return _issue_code(user=user, channel=user.preferred_channel)


def _add_role(user: User, role: str) -> None:
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)


@transaction.atomic
def staff_create(
    *,
    email: str,
    full_name: str,
    password: str,
    roles: list[str],
    agency: Agency | None,
    job_title: str = "",
) -> User:
    """Create or update a staff account with roles and agency (2FA comes later)."""
    email = normalise_email(email)
    user = User.objects.get_by_login(email)
    created = user is None
    if user is None:
        user = User(email=email)
        user.set_password(password)
    user.full_name = full_name
    user.agency = agency
    user.job_title = job_title
    user.is_staff = True
    user.is_superuser = Role.SYSTEM_ADMIN in roles
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        _add_role(user, role)
    audit.record(
        actor=None,
        action="user.create" if created else "user.update",
        target=user,
        purpose="staff account provisioning",
        changes=["email", "full_name", "agency", "roles"],
    )
    return user


def totp_device_for(user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device being enrolled (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator", confirmed=False
        )
    return device


@transaction.atomic
def totp_confirm(*, user: User, token: str) -> list[str]:
    """Confirm a TOTP enrolment with a first code; returns ten one-time backup codes."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .first()
    )
    if device is None or not device.verify_token(token.strip()):
        raise BalaiError(
            _("That code is not right. Check the time on your phone and try again."),
            code=ErrorCode.INVALID_CODE,
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(10)]
    for backup in codes:
        static.token_set.create(token=backup)
    logger.info("accounts.totp_enrolled user=%s", user.pk)
    return codes


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, name: str, days: int | None = 365) -> str:
    """Create an API token for ``actor`` and return its secret; only a digest is kept.

    Only from a session (never from another token). The token carries the second
    factor of the session that made it: a staff token made from a 2FA-verified
    session acts as verified, any other token does not (``security.policy``)."""
    policies.ensure_can_manage_api_token(actor)
    secret = "blai_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:80] or "token",
        prefix=secret[:12],
        digest=_digest(secret),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
        second_factor=policies.is_verified(actor),
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        target=token,
        purpose="API access",
        changes=["name", "expires_at", "second_factor"],
    )
    return secret


def api_token_resolve(secret: str) -> ApiToken | None:
    """The live token for ``secret`` (constant-time digest comparison), or None."""
    digest = _digest(secret)
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    if token.expires_at and token.expires_at < timezone.now():
        return None
    return token


def api_token_touch(token: ApiToken) -> None:
    """Record the last use of a token, at most once a minute."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: str) -> bool:
    """Revoke one of ``actor``'s own tokens (others' are never touched); False when
    there was no such live token."""
    token = (
        ApiToken.objects.select_for_update()
        .filter(pk=token_id, user=actor, revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return False
    policies.ensure_can_manage_api_token(actor, token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        purpose="API access",
        changes=["revoked_at"],
    )
    return True


def staff_acting_from_command(*, user: User, purpose: str) -> User:
    """Let a server command (``balai seed``, ``balai demo``) act as a staff member.

    The operator at the server's shell stands in for the second factor: the user
    object is marked as authenticated by a command (``security.policy``), which is
    audited; nothing is stored, and no web request can reach this."""
    if not (user.is_active and user.is_staff):
        raise BalaiError(_("Only active staff can act from a command."))
    authenticated_as(user, Authentication("command", True, purpose))
    audit.record(
        actor=None,
        action="user.act_from_command",
        target=user,
        purpose=purpose,
    )
    return user
