# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the cases pages and API (see security's test_policy_matrix).

The matrix's officer and agency head belong to agency ``disdukcapil``; applications
are for ``akta-kelahiran`` (a Disdukcapil service), made lazily per world and cached
on it, so each row builds only what it needs.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.test import override_settings

from balai.cases import catalog_access, services
from balai.cases.constants import IKM_ELEMENTS
from balai.cases.tests.catalog import SIMPLE
from balai.cases.tests.support import (
    BIRTH,
    birth_service,
    pdf,
)
from balai.registry.tests.factories import couple, register_officer, verified
from balai.security.tests.matrix_support import SIGNED_IN, row

HANDLERS = {"officer", "agency_head"}


class _Upload:
    """A file the test client can send again and again (one per matrix test)."""

    name = "berkas.pdf"
    content_type = "application/pdf"

    def read(self) -> bytes:
        from balai.cases.tests.support import PDF

        return PDF


def _cache(w: dict[str, Any]) -> dict[str, Any]:
    if "cases" not in w:
        officer = register_officer()
        father, mother, family = couple(officer)
        w["cases"] = {
            "officer": officer,
            "mother": mother,
            "father": father,
            "family": family,
        }
    return w["cases"]


def _answers(w: dict[str, Any]) -> dict[str, Any]:
    import datetime as dt

    from django.utils import timezone

    cache = _cache(w)
    return {
        "child_name": "Matriks Anak",
        "child_sex": "M",
        "birth_date": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
        "birth_place": "Bandung",
        "birth_facility": "rumah-sakit",
        "birth_attendant": "bidan",
        "birth_order": 1,
        "mother_nik": cache["mother"].nik,
        "mother_name": cache["mother"].full_name,
        "kk_number": cache["family"].kk_number,
        "reporter_relationship": "ibu",
        "declaration": True,
    }


def _new(w: dict[str, Any], *, submit: bool = True) -> Any:
    application = services.application_start(
        actor=w["citizen"], service=birth_service(), answers=_answers(w)
    )
    for code in ("surat-keterangan-lahir", "kartu-keluarga"):
        services.document_upload(
            actor=w["citizen"],
            application=application,
            requirement_code=code,
            file=pdf(),
        )
    if submit:
        application = services.application_submit(
            actor=w["citizen"], application=application
        )
    return application


def _get(w: dict[str, Any], key: str) -> Any:
    cache = _cache(w)
    if key not in cache:
        cache[key] = _MAKERS[key](w)
    return cache[key]


def _in_review(w: dict[str, Any]) -> Any:
    return services.application_claim(actor=verified(w["officer"]), application=_new(w))


def _completed(w: dict[str, Any]) -> Any:
    from balai.cases.documents.pki.devca import ensure_ca
    from balai.cases.documents.testing import TestPki

    application = services.application_claim(
        actor=_cache(w)["officer"], application=_new(w)
    )
    with (
        tempfile.TemporaryDirectory() as directory,
        override_settings(
            SIGNING_DIR=directory, SIGNING_TRUST_ROOTS=[], SIGNING_TSA_URL=""
        ),
    ):
        from pathlib import Path

        ensure_ca(Path(directory), key_type="ec")
        TestPki(Path(directory)).certify(application.agency)
        officer = _cache(w)["officer"]
        for document in application.documents.filter(is_current=True):
            services.document_check(actor=officer, document=document, ok=True)
        services.application_approve(actor=officer, application=application)
        return services.application_approve(
            actor=verified(w["agency_head"]), application=application, confirmed=True
        )


def _simple(w: dict[str, Any]) -> Any:
    """A document-less, register-less test service (``catalog_services/``, the matrix
    points BALAI_CATALOG_DIR at the test catalog), so approving needs no signing key."""
    application = services.application_start(
        actor=w["citizen"],
        service=catalog_access.service_get(SIMPLE),
        answers={"purpose": "uji matriks"},
    )
    application = services.application_submit(
        actor=w["citizen"], application=application
    )
    return services.application_claim(
        actor=verified(w["officer"]), application=application
    )


def _needs_revision(w: dict[str, Any]) -> Any:
    return services.revision_request(
        actor=verified(w["officer"]),
        application=_in_review(w),
        reason="KK buram",
        requirement_codes=["kartu-keluarga"],
    ).application


_MAKERS = {
    "draft": lambda w: _new(w, submit=False),
    "submitted": _new,
    "in_review": _in_review,
    "needs_revision": _needs_revision,
    "completed": _completed,
    "simple": _simple,
}

# an officer of the agency with a known id, whom the head may assign
COLLEAGUE_ID = "6d0c1a52-5b1e-4c7f-9a0e-2f3b4c5d6e7f"


def _with_colleague(key: str) -> Any:
    def kwargs(w: dict[str, Any]) -> dict[str, Any]:
        from balai.accounts.models import User

        if not User.objects.filter(pk=COLLEAGUE_ID).exists():
            register_officer(id=COLLEAGUE_ID)
        return {"application_id": _get(w, key).pk}

    return kwargs


def app(key: str) -> Any:
    return lambda w: {"application_id": _get(w, key).pk}


def doc(key: str) -> Any:
    def kwargs(w: dict[str, Any]) -> dict[str, Any]:
        application = _get(w, key)
        return {
            "application_id": application.pk,
            "document_id": application.documents.filter(is_current=True).first().pk,
        }

    return kwargs


CITIZEN = {"citizen"}
CASE_STAFF = {"officer", "officer_other_agency", "agency_head"}

ROWS = {
    "cases:application-list": row(SIGNED_IN),
    "cases:application-start": row(
        {"citizen", "other_citizen"}, kwargs=lambda w: {"slug": BIRTH}
    ),
    "cases:application-detail": row(CITIZEN, kwargs=app("submitted")),
    "cases:application-documents": row(CITIZEN, kwargs=app("draft")),
    "cases:application-edit": row(CITIZEN, kwargs=app("draft")),
    "cases:application-review": row(CITIZEN, kwargs=app("draft")),
    "cases:application-receipt": row(CITIZEN, kwargs=app("submitted")),
    "cases:application-answer": row(CITIZEN, kwargs=app("submitted")),
    "cases:application-withdraw": row(CITIZEN, method="POST", kwargs=app("submitted")),
    "cases:application-output": row(CITIZEN, kwargs=app("completed")),
    "cases:application-survey": row(CITIZEN, kwargs=app("completed")),
    "cases:document-download": row(CITIZEN | HANDLERS, kwargs=doc("submitted")),
    "cases:officer-inbox": row(CASE_STAFF),
    "cases:satisfaction-dashboard": row(CASE_STAFF),
    "cases:officer-detail": row(HANDLERS, kwargs=app("submitted")),
    "cases:officer-output": row(HANDLERS, kwargs=app("completed")),
    "cases:officer-claim": row(HANDLERS, method="POST", kwargs=app("submitted")),
    # only the head assigns; officers are refused (404)
    "cases:officer-assign": row(
        {"agency_head"}, method="POST", kwargs=app("submitted"), data={"officer": "x"}
    ),
    "cases:officer-document-check": row(
        HANDLERS, method="POST", kwargs=doc("in_review"), data={"decision": "ok"}
    ),
    "cases:officer-request-revision": row(
        HANDLERS, method="POST", kwargs=app("in_review"), data={"reason": "KK buram"}
    ),
    "cases:officer-escalate": row(
        HANDLERS, method="POST", kwargs=app("in_review"), data={"reason": "khusus"}
    ),
    "cases:officer-approve": row(HANDLERS, method="POST", kwargs=app("simple")),
    "cases:officer-reject": row(
        HANDLERS,
        method="POST",
        kwargs=app("in_review"),
        data={"reason": "tidak sesuai"},
    ),
    "cases-api:application-list": row(SIGNED_IN),
    "cases-api:application-detail": row(CITIZEN | HANDLERS, kwargs=app("submitted")),
    "cases-api:application-document-create": row(
        CITIZEN,
        method="POST",
        kwargs=app("draft"),
        data={"requirement": "kartu-keluarga", "file": _Upload()},
    ),
    "cases-api:application-submit": row(CITIZEN, method="POST", kwargs=app("draft")),
    "cases-api:application-withdraw": row(
        CITIZEN, method="POST", kwargs=app("submitted")
    ),
    "cases-api:application-claim": row(
        HANDLERS, method="POST", kwargs=app("submitted")
    ),
    "cases-api:application-request-revision": row(
        HANDLERS, method="POST", kwargs=app("in_review"), data={"reason": "KK buram"}
    ),
    "cases-api:application-approve": row(HANDLERS, method="POST", kwargs=app("simple")),
    "cases-api:application-counts": row(CASE_STAFF),
    "cases-api:satisfaction": row(CASE_STAFF),
    "cases-api:application-document-download": row(
        CITIZEN | HANDLERS, kwargs=doc("submitted")
    ),
    "cases-api:application-answer": row(
        CITIZEN, method="POST", kwargs=app("needs_revision"), data={"text": "sudah"}
    ),
    "cases-api:application-output": row(CITIZEN, kwargs=app("completed")),
    "cases-api:application-survey": row(
        CITIZEN,
        method="POST",
        kwargs=app("completed"),
        data={name: 4 for name, _label in IKM_ELEMENTS},
    ),
    # only the head assigns (and sees whom to); officers are refused (403)
    "cases-api:application-colleagues": row({"agency_head"}, kwargs=app("submitted")),
    "cases-api:application-assign": row(
        {"agency_head"},
        method="POST",
        kwargs=_with_colleague("submitted"),
        data={"officer": COLLEAGUE_ID},
    ),
    "cases-api:application-document-check": row(
        HANDLERS, method="POST", kwargs=doc("in_review"), data={"decision": "ok"}
    ),
    "cases-api:application-escalate": row(
        HANDLERS, method="POST", kwargs=app("in_review"), data={"reason": "khusus"}
    ),
    "cases-api:application-reject": row(
        HANDLERS,
        method="POST",
        kwargs=app("in_review"),
        data={"reason": "tidak sesuai"},
    ),
}
