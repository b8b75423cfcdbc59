# SPDX-License-Identifier: EUPL-1.2
"""The public verification page: by code (where the QR code leads) and by upload.

Public and rate limited per client address: codes cannot be guessed (100 random
bits), the limits keep the signature checks from being used to burn CPU.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from balai.cases.documents import outcomes, verification
from balai.cases.documents.codes import display_code, normalise_code
from balai.cases.documents.constants import Outcome
from balai.cases.documents.forms import CodeForm, UploadForm
from balai.core import ratelimit
from balai.core.errors import BalaiError

TEMPLATE = "issued_documents/verify.html"


def _context(
    result: verification.VerificationResult | None, **extra: Any
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "result": result,
        "texts": outcomes.bilingual(result.outcome) if result else [],
        "tone": outcomes.tone(result.outcome) if result else "",
        "max_mb": settings.DOCUMENT_UPLOAD_MAX_BYTES // (1024 * 1024),
    }
    context.update(extra)
    return context


@require_safe
@ratelimit.limit("document_verify", methods=("GET", "HEAD"))
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The status of the document behind a code; 404 (with the page) if none."""
    result = verification.verify_code(code, actor=request.user)
    canonical = normalise_code(code) or ""
    context = _context(
        result,
        code=display_code(canonical) if canonical else code[:40],
        upload_form=UploadForm(initial={"code": canonical}),
        code_form=CodeForm(),
    )
    status = 404 if result.outcome == Outcome.UNKNOWN else 200
    return render(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.limit("document_upload", methods=("POST",))
@ratelimit.limit("document_verify", methods=("GET", "HEAD"))
def verify_upload(request: HttpRequest) -> HttpResponse:
    """GET: the forms (``?code=`` leads to the code's page); POST: check a PDF."""
    code_form = CodeForm(request.GET if "code" in request.GET else None)
    if code_form.is_bound and code_form.is_valid():
        return redirect("documents:verify", code=code_form.cleaned_data["code"])
    posted = request.method == "POST"
    upload_form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    result = None
    if posted and upload_form.is_valid():
        try:
            result = verification.verify_upload(
                upload_form.cleaned_data["file"],
                code_hint=upload_form.cleaned_data.get("code") or "",
                actor=request.user,
            )
        except BalaiError as exc:
            upload_form.add_error("file", verification.upload_error(exc))
    context = _context(result, upload_form=upload_form, code_form=code_form)
    return render(request, TEMPLATE, context)


@login_required
@require_safe
def receipt_download(request: HttpRequest, reference: str) -> HttpResponse:
    """The signed receipt of a payment, for the person who paid it."""
    from balai.cases.documents.receipts import receipt_issue
    from balai.cases.documents.selectors import document_pdf
    from balai.payments import selectors as payments

    if payments.paid_order_for_payer(reference, request.user) is None:
        raise Http404
    try:
        document = receipt_issue(reference)
    except BalaiError as exc:
        messages.error(request, exc.message)
        return redirect("portal:home")
    if document is None:
        raise Http404
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bukti-bayar-{document.number}.pdf"'
    )
    return response
