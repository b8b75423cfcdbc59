# SPDX-License-Identifier: EUPL-1.2
"""Roles, agency kinds and error codes of the accounts app."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Each role is a Django group of the same name; staff roles are agency-scoped."""

    CITIZEN = "citizen", _("Citizen")
    OFFICER = "officer", _("Officer")
    AGENCY_HEAD = "agency_head", _("Agency head")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    AUDITOR = "auditor", _("Auditor")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


STAFF_ROLES = frozenset(
    {
        Role.OFFICER,
        Role.AGENCY_HEAD,
        Role.FINANCE_OFFICER,
        Role.AUDITOR,
        Role.SECURITY_OFFICER,
        Role.SYSTEM_ADMIN,
    }
)


class AgencyKind(models.TextChoices):
    DINAS = "dinas", _("Department (dinas)")
    BADAN = "badan", _("Agency (badan)")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    KECAMATAN = "kecamatan", _("District office")
    KELURAHAN = "kelurahan", _("Village office")
    KEMENTERIAN = "kementerian", _("Ministry")
    OTHER = "other", _("Other")


class UnitLevel(models.TextChoices):
    NATIONAL = "national", _("National (ministry)")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency")
    CITY = "city", _("City")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class ErrorCode(StrEnum):
    INVALID_CODE = "invalid_code"
    CODE_EXPIRED = "code_expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    ALREADY_REGISTERED = "already_registered"
    INVALID_NIK = "invalid_nik"
    INVALID_PHONE = "invalid_phone"
    CONTACT_REQUIRED = "contact_required"


class CorrectionItem(models.TextChoices):
    """Which piece of a person's data a correction request is about."""

    FULL_NAME = "full_name", _("Full name")
    BIRTH_DATE = "birth_date", _("Date of birth")
    NIK = "nik", _("NIK")
    ADDRESS = "address", _("Address")
    OTHER = "other", _("Other")


class CorrectionStatus(models.TextChoices):
    """Where a correction request stands (states.py-style transitions in services)."""

    TRIAGE = "triage", _("Awaiting assignment")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RESOLVED = "resolved", _("Resolved")


# UU 27/2022: a controller acts on a correction request within 3 x 24 hours.
CORRECTION_RESPONSE_HOURS = 72


class CorrectionDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class CorrectionErrorCode(StrEnum):
    INVALID_TRANSITION = "invalid_transition"
    INVALID_CORRECTION = "invalid_correction"
    REASON_REQUIRED = "reason_required"
