# SPDX-License-Identifier: EUPL-1.2
"""Vocabulary, limits and error codes of the register's exchange API."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_BULK_RECORDS = 10_000
# Residents looked up (and audit entries appended) per query in a bulk verification.
BULK_CHUNK_SIZE = 1_000
DEFAULT_RATE_LIMIT = 600  # requests per minute per client
PURPOSE_HEADER = "X-Purpose"
CLIENT_ID_PREFIX = "rc_"
SECRET_BYTES = 32
AUDIT_OBJECT_TYPE = "registry.resident"


class ReleasableField(models.TextChoices):
    """What an agreement may release about a resident (the fixed vocabulary)."""

    NIK = "nik", _("NIK")
    FULL_NAME = "full_name", _("Full name")
    BIRTH_DATE = "birth_date", _("Date of birth")
    BIRTH_PLACE = "birth_place", _("Place of birth")
    SEX = "sex", _("Sex")
    ADDRESS = "address", _("Address")
    RT = "rt", _("RT")
    RW = "rw", _("RW")
    VILLAGE_CODE = "village_code", _("Village code")
    KK_NUMBER = "kk_number", _("Family card number")
    RELIGION = "religion", _("Religion")
    MARITAL_STATUS = "marital_status", _("Marital status")
    OCCUPATION = "occupation", _("Occupation")
    STATUS = "status", _("Status")
    DATE_OF_DEATH = "date_of_death", _("Date of death")


class LawfulBasis(models.TextChoices):
    """Bases for processing personal data, UU 27/2022 Pasal 20 ayat (2)."""

    CONSENT = "consent", _("The person's explicit consent")
    CONTRACT = "contract", _("Performance of a contract with the person")
    LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation of the recipient")
    VITAL_INTEREST = "vital_interest", _("The person's vital interests")
    PUBLIC_TASK = "public_task", _("A public task or public service by law")
    LEGITIMATE_INTEREST = "legitimate_interest", _("A legitimate interest")


class VerificationResult(models.TextChoices):
    MATCH = "match", _("Match")
    NO_MATCH = "no_match", _("No match")
    DECEASED = "deceased", _("Deceased")


class Action:
    """Audit actions written by the exchange API."""

    VERIFY = "person.verify"
    READ = "person.read"
    VERIFY_BULK = "person.verify_bulk"
    READ_REFUSED = "person.read_refused"  # no consent under a consent-based agreement


class ErrorCode(StrEnum):
    """Stable codes of the exchange API's problem responses."""

    INVALID_CREDENTIALS = "invalid_credentials"
    CLIENT_REVOKED = "client_revoked"
    AGREEMENT_INACTIVE = "agreement_inactive"
    PURPOSE_REQUIRED = "purpose_required"
    PURPOSE_NOT_ALLOWED = "purpose_not_allowed"
    CONSENT_REQUIRED = "consent_required"
    NOT_AN_API_CLIENT = "not_an_api_client"
    TOO_MANY_RECORDS = "too_many_records"
    NOT_FOUND = "not_found"
