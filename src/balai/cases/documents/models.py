# SPDX-License-Identifier: EUPL-1.2
"""An issued document: the signed PDF, its public code and what the public may see.

The holder's name and the printed fields are personal data, so they are ciphertext;
``holder_initials`` is computed at issue time and is all the public page shows. The
PDF lives in private storage (no URL): citizens get it through cases, which checks
ownership, and the public only ever sees the verification page.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.cases.documents.constants import (
    DocumentStatus,
    RevocationReason,
    SignatureLevel,
)
from balai.core.models import BaseModel
from balai.core.storage import private_storage
from balai.security.crypto.fields import EncryptedCharField, EncryptedTextField


def document_pdf_path(instance: IssuedDocument, filename: str) -> str:
    """``issued-documents/<year>/<uuid>.pdf``: nothing about the holder in the name."""
    year = (instance.issued_at or timezone.now()).year
    return f"issued-documents/{year}/{instance.pk.hex}.pdf"


class IssuedDocument(BaseModel):
    """One issued, signed output document (a deed, a family card, a letter)."""

    code = models.CharField(_("verification code"), max_length=24, unique=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.SlugField(_("template"), max_length=60)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    number = models.CharField(_("document number"), max_length=80)
    reference = models.CharField(_("application number"), max_length=40, db_index=True)
    holder_name = EncryptedCharField(_("holder's name"), max_length=200)
    holder_initials = models.CharField(_("holder's initials"), max_length=20)
    fields = EncryptedTextField(_("printed data"))
    pdf = models.FileField(
        _("PDF file"),
        upload_to=document_pdf_path,
        storage=private_storage,
        max_length=200,
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.VALID,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"),
        max_length=20,
        choices=RevocationReason.choices,
        blank=True,
    )
    # Staff's own words may name people: ciphertext, never shown publicly.
    revocation_note = EncryptedTextField(_("revocation note"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    signer_subject = models.CharField(_("signing certificate subject"), max_length=500)
    signer_serial = models.CharField(_("signing certificate serial"), max_length=80)
    signer_fingerprint = models.CharField(
        _("signing certificate SHA-256 fingerprint"), max_length=64
    )
    signature_level = models.CharField(
        _("signature level"),
        max_length=4,
        choices=SignatureLevel.choices,
        default=SignatureLevel.PADES_B_B,
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at"]
        constraints = [
            # One valid document per number and agency; a revoked one may be reissued.
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=models.Q(status=DocumentStatus.VALID),
                name="issued_documents_one_valid_number_per_agency",
            ),
            models.CheckConstraint(
                condition=models.Q(status=DocumentStatus.VALID)
                | models.Q(revoked_at__isnull=False),
                name="issued_documents_revoked_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.code})"

    @property
    def field_items(self) -> list[tuple[str, str]]:
        """The printed (label, value) pairs, in order."""
        return [(str(label), str(value)) for label, value in _load(self.fields)]

    def is_expired(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today


def _load(text: str | None) -> list[list[str]]:
    return json.loads(text) if text else []


def dump_fields(fields: list[tuple[str, str]]) -> str:
    return json.dumps([[label, value] for label, value in fields], ensure_ascii=False)
