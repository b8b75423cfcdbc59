# SPDX-License-Identifier: EUPL-1.2
"""Supporting documents the citizen uploads, and the officer's check of each."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.cases.constants import DocumentCheck
from balai.core.models import BaseModel
from balai.core.storage import private_storage
from balai.security.crypto.fields import EncryptedTextField


def requirement_name(service_slug: str, code: str) -> str:
    from balai.cases import catalog_access
    from balai.core.errors import BalaiError

    try:
        service = catalog_access.service_get(service_slug)
    except BalaiError:
        return code
    for requirement in service.requirements:
        if requirement.code == code:
            return str(requirement.name)
    return code


def document_path(instance: ApplicationDocument, filename: str) -> str:
    """``cases/<application>/<uuid>.<ext>``: the client's file name is never used."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"cases/{instance.application_id}/{uuid.uuid4().hex}.{ext}"


class ApplicationDocument(BaseModel):
    """One uploaded file for one requirement; a new upload supersedes the old one."""

    application = models.ForeignKey(
        "cases.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    requirement_code = models.SlugField(_("requirement"), max_length=80)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=document_path, max_length=200
    )
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    is_current = models.BooleanField(_("current"), default=True)
    information_request = models.ForeignKey(
        "cases.InformationRequest",
        verbose_name=_("sent in answer to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    check_status = models.CharField(
        _("check"),
        max_length=10,
        choices=DocumentCheck.choices,
        default=DocumentCheck.PENDING,
    )
    check_note = EncryptedTextField(_("note of the check"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.requirement_code} ({self.content_type})"

    @property
    def requirement_name(self) -> str:
        """The requirement's name in the active language (its code if the service
        no longer lists it): what pages show instead of the slug."""
        return requirement_name(self.application.service_slug, self.requirement_code)

    @property
    def audit_subject_id(self) -> uuid.UUID:
        return self.application.applicant_id
