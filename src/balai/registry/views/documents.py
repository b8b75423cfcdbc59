# SPDX-License-Identifier: EUPL-1.2
"""Downloading a supporting document (purpose stated, read audited)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from balai.registry import selectors
from balai.registry.forms.search import PurposeForm
from balai.registry.views.common import purpose_required


@login_required
@require_safe
@never_cache
@purpose_required(gettext_lazy("Open a supporting document"))
def event_document(
    request: HttpRequest, document_id: uuid.UUID, purpose: PurposeForm
) -> HttpResponse:
    """The file as a download, after the purpose is stated."""
    document = selectors.event_document_get(
        request.user, document_id, purpose=purpose.purpose_text()
    )
    return FileResponse(
        document.file,
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
