# SPDX-License-Identifier: EUPL-1.2
"""Users, government units and agencies (OPD).

NIK, phone and email are personal data. Code never filters on these columns directly:
it goes through ``User.objects.get_by_login`` and ``User.objects.filter_by_nik``, so
that the security issue's encrypted fields with blind indexes replace them in a plain
migration without touching callers. They never reach logs or ``__str__``.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.constants import AgencyKind, Channel, UnitLevel
from balai.core.models import BaseModel


class GovernmentUnit(BaseModel):
    """A government that runs Balai: a regency, a city, a province or a ministry."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=UnitLevel.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("government unit")
        verbose_name_plural = _("government units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(BaseModel):
    """An agency (OPD) of a government unit; agencies nest (a UPT under a dinas)."""

    unit = models.ForeignKey(
        GovernmentUnit,
        verbose_name=_("government unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=12, choices=AgencyKind.choices, default=AgencyKind.DINAS
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def lineage_ids(self) -> list[uuid.UUID]:
        """This agency's id and those of its ancestors, nearest first."""
        ids: list[uuid.UUID] = []
        node: Agency | None = self
        seen: set[uuid.UUID] = set()
        while node is not None and node.pk not in seen:
            ids.append(node.pk)
            seen.add(node.pk)
            node = node.parent
        return ids


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
            return self.filter(email=normalise_email(identifier)).first()
        phone = normalise_phone(identifier)
        if phone is None:
            return None
        return self.filter(phone=phone).first()

    def get_by_natural_key(self, username: str | None) -> User:
        user = self.get_by_login(username or "")
        if user is None:
            raise self.model.DoesNotExist
        return user

    def filter_by_nik(self, nik: str) -> models.QuerySet[User]:
        return self.filter(nik=nik)

    def filter_by_contact(
        self, *, email: str | None, phone: str | None
    ) -> models.QuerySet[User]:
        query = Q(pk__in=[])
        if email:
            query |= Q(email=email)
        if phone:
            query |= Q(phone=phone)
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


class User(AbstractBaseUser, PermissionsMixin):
    """A person using Balai: a citizen, or a staff member of an agency."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(
        _("email"), max_length=254, unique=True, null=True, blank=True
    )
    phone = models.CharField(
        _("mobile phone"), max_length=16, unique=True, null=True, blank=True
    )
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
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
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik"],
                condition=Q(is_staff=False) & Q(nik__isnull=False),
                name="accounts_user_unique_citizen_nik",
            ),
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="accounts_user_has_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or f"user {str(self.pk)[:8]}"

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

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
