# SPDX-License-Identifier: EUPL-1.2
"""Downloading a supporting document (purpose stated, read audited)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from balai.registry import policies, selectors
from balai.registry.views.common import ask_purpose, stated_purpose


@login_required
@require_safe
@never_cache
def event_document(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    """The file as a download, after the purpose is stated."""
    policies.ensure_can_view_register(request.user)
    purpose = stated_purpose(request)
    if not purpose.is_valid():
        return ask_purpose(request, _("Open a supporting document"))
    document = selectors.event_document_get(
        request.user, document_id, purpose=purpose.purpose_text()
    )
    return FileResponse(
        document.file,
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
