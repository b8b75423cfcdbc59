# SPDX-License-Identifier: EUPL-1.2
"""Choices, outcomes and error codes of issued documents."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class RevocationReason(models.TextChoices):
    """Why a document was revoked; only this category is ever shown publicly."""

    REPLACED = "replaced", _("Replaced by a new document")
    DATA_CORRECTED = "data_corrected", _("Data corrected")
    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    COURT_ORDER = "court_order", _("Court order")
    OTHER = "other", _("Other reason")


class SignatureLevel(models.TextChoices):
    PADES_B_B = "B-B", "PAdES B-B"
    PADES_B_T = "B-T", "PAdES B-T"


class Outcome(models.TextChoices):
    """The answer of a public check, by code or by uploaded file."""

    AUTHENTIC = "authentic", _("Authentic and valid")
    REVOKED = "revoked", _("Authentic, but revoked")
    EXPIRED = "expired", _("Authentic, but expired")
    UNKNOWN = "unknown", _("Unknown code")
    TAMPERED = "tampered", _("Changed after signing")
    MODIFIED = "modified", _("Modified after signing")
    UNTRUSTED = "untrusted", _("Untrusted signature")
    UNSIGNED = "unsigned", _("Not signed")
    UNREGISTERED = "unregistered", _("Not registered")
    WRONG_SIGNER = "wrong_signer", _("Signed by another certificate")
    MISMATCH = "mismatch", _("Not the registered copy")
    UNREADABLE = "unreadable", _("Unreadable PDF")


# Outcomes that mean "this paper can be relied on as issued" (status aside).
GENUINE_OUTCOMES = frozenset({Outcome.AUTHENTIC, Outcome.REVOKED, Outcome.EXPIRED})


class ErrorCode(StrEnum):
    NO_SIGNING_CERTIFICATE = "no_signing_certificate"
    SIGNING_CERTIFICATE_EXPIRED = "signing_certificate_expired"
    SIGNING_FAILED = "signing_failed"
    DUPLICATE_NUMBER = "duplicate_document_number"
    ALREADY_REVOKED = "document_already_revoked"
    INVALID_TEMPLATE = "invalid_document_template"
    NO_FIELDS = "document_fields_required"
    INVALID_FIELD = "invalid_document_field"
