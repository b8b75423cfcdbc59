# SPDX-License-Identifier: EUPL-1.2
"""Users, their sign-up verifications and API tokens.

NIK, phone, email, name and date of birth are personal data, stored encrypted
(``balai.security.crypto``). The database cannot compare ciphertext: code finds people
through ``User.objects.get_by_login``, ``filter_by_nik`` and ``filter_by_contact``,
which look up the keyed blind indexes. Personal data never reaches logs.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.constants import (
    Channel,
)
from balai.accounts.models.agencies import Agency
from balai.core.models import BaseModel
from balai.security.crypto.blind import blind_lookup
from balai.security.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedEmailField,
)
from balai.security.crypto.mixins import BlindIndexMixin


class UserManager(DjangoUserManager):
    """Lookups by personal identifiers live here and nowhere else."""

    use_in_migrations = True

    def get_by_login(self, identifier: str) -> User | None:
        """The user whose email or phone is ``identifier`` (normalised), or None."""
        from balai.accounts.identifiers import normalise_email, normalise_phone

        identifier = (identifier or "").strip()
        if not identifier:
            return None
        if "@" in identifier:
            email = normalise_email(identifier)
            return self.filter(blind_lookup(self.model, "email", email)).first()
        phone = normalise_phone(identifier)
        if phone is None:
            return None
        return self.filter(blind_lookup(self.model, "phone", phone)).first()

    def get_by_natural_key(self, username: str | None) -> User:
        user = self.get_by_login(username or "")
        if user is None:
            raise self.model.DoesNotExist
        return user

    def filter_by_nik(self, nik: str) -> models.QuerySet[User]:
        return self.filter(blind_lookup(self.model, "nik", nik))

    def filter_by_contact(
        self, *, email: str | None, phone: str | None
    ) -> models.QuerySet[User]:
        query = Q(pk__in=[])
        if email:
            query |= blind_lookup(self.model, "email", email)
        if phone:
            query |= blind_lookup(self.model, "phone", phone)
        return self.filter(query)

    def _create_user(  # type: ignore[override]
        self, email: str | None, password: str | None, **extra: object
    ) -> User:
        from balai.accounts.identifiers import normalise_email

        user = self.model(email=normalise_email(email) if email else None, **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra: object
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str | None = None, password: str | None = None, **extra: object
    ) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(BlindIndexMixin, AbstractBaseUser, PermissionsMixin):
    """A person using Balai: a citizen, or a staff member of an agency.

    ``email`` stays the USERNAME_FIELD (createsuperuser, natural keys and 2FA labels
    show a real address); its uniqueness is enforced by ``email_index``.
    """

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    email = EncryptedEmailField(_("email"), max_length=254, null=True, blank=True)
    email_index = BlindIndexField(
        "email",
        "balai.accounts.identifiers.normalise_email",
        verbose_name=_("email index"),
        unique=True,
    )
    phone = EncryptedCharField(_("mobile phone"), max_length=16, null=True, blank=True)
    phone_index = BlindIndexField(
        "phone",
        "balai.accounts.identifiers.normalise_phone",
        verbose_name=_("mobile phone index"),
        unique=True,
    )
    nik = EncryptedCharField(_("NIK"), max_length=16, null=True, blank=True)
    nik_index = BlindIndexField("nik", "digits", verbose_name=_("NIK index"))
    full_name = EncryptedCharField(_("full name"), max_length=150)
    # the auditors find any account holder by name through this index (exact after
    # normalising); nothing else searches names
    full_name_index = BlindIndexField(
        "full_name",
        "balai.accounts.identifiers.normalise_name",
        verbose_name=_("name index"),
    )
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    preferred_channel = models.CharField(
        _("preferred channel"),
        max_length=8,
        choices=Channel.choices,
        default=Channel.EMAIL,
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_(
            "Staff belong to an agency and must use two-factor authentication."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    email_verified_at = models.DateTimeField(
        _("email verified at"), null=True, blank=True
    )
    phone_verified_at = models.DateTimeField(
        _("phone verified at"), null=True, blank=True
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Names are ciphertext in the database: no ordering by name there.
        ordering = ["date_joined"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik_index"],
                condition=Q(is_staff=False) & Q(nik_index__isnull=False),
                name="accounts_user_unique_citizen_nik",
                violation_error_message=_("A citizen with this NIK already exists."),
            ),
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="accounts_user_has_contact",
            ),
        ]

    def __str__(self) -> str:
        # Not the name: str() ends up in places such as Django's admin log, which
        # would hold personal data in plaintext.
        return f"user {str(self.pk)[:8]}"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else ""

    @property
    def role_names(self) -> frozenset[str]:
        """Names of the roles (groups) this user holds, cached on the instance."""
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached

    @property
    def audit_subject_id(self) -> uuid.UUID:
        """Audit entries about this account concern this person."""
        return self.pk

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    @property
    def is_citizen(self) -> bool:
        return not self.is_staff


class SignupVerification(BaseModel):
    """A one-time code sent to a new citizen's email or phone; only its hash is kept."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    code_hash = models.CharField(_("code hash"), max_length=128)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up verification")
        verbose_name_plural = _("sign-up verifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"verification {str(self.pk)[:8]}"


class ApiToken(BaseModel):
    """A bearer token for the API; only a SHA-256 digest of the secret is stored."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    second_factor = models.BooleanField(
        _("made from a session verified with two-factor authentication"),
        default=False,
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def audit_subject_id(self) -> uuid.UUID:
        return self.user_id


# --- citizens' data rights (UU 27/2022) -------------------------------------------
