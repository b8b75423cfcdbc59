# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of consultations and opinion mapping. The consultation the rows
use belongs to ``disdukcapil`` (the matrix's officer and agency head); its comment
is by a third citizen, the hidden comment (for the appeal) by the matrix's citizen.

Merged into the app's ``matrix_rows.ROWS`` (the integrator adds
``ROWS.update(matrix_rows_consultations.ROWS)`` there)."""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import EVERYONE, row

OFFICERS = {"officer", "officer_other_agency", "agency_head"}
HANDLERS = {"officer", "agency_head"}
CITIZENS = {"citizen", "other_citizen"}


def objects(w: dict[str, Any]) -> dict[str, Any]:
    if "consultation_objects" not in w:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from balai.accounts.models import Agency
        from balai.accounts.services import staff_acting_from_command
        from balai.accounts.tests.factories import StaffFactory, UserFactory
        from balai.participation.services import consultations as services
        from balai.participation.services import opinion
        from balai.participation.tests.consultation_factories import open_consultation
        from balai.reports.tests.factories import jpeg_with_gps

        home = Agency.objects.get(code="disdukcapil")
        actor = staff_acting_from_command(
            user=StaffFactory(agency=home), purpose="matrix"
        )
        consultation = open_consultation(actor)
        attachment = services.draft_attachment_add(
            actor=actor,
            draft=consultation.draft,
            title="Peta lokasi",
            file=SimpleUploadedFile("peta.jpg", jpeg_with_gps(), "image/jpeg"),
        )
        comment = services.comment_submit(
            actor=UserFactory(), consultation=consultation, text="Usul"
        )
        hidden = services.comment_submit(
            actor=w["citizen"], consultation=consultation, text="Kasar"
        )
        services.comment_hide(actor=actor, comment=hidden, reason="Kasar")
        statement = opinion.statement_add(
            actor=actor, consultation=consultation, text="Trotoar bebas PKL"
        )
        w["consultation_objects"] = {
            "consultation": consultation,
            "attachment": attachment,
            "comment": comment,
            "hidden": hidden,
            "statement": statement,
        }
    return w["consultation_objects"]


def _pk(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects(w)["consultation"].pk}


def _api(w: dict[str, Any]) -> dict[str, Any]:
    return {"consultation_id": objects(w)["consultation"].pk}


def _comment(w: dict[str, Any]) -> dict[str, Any]:
    return {**_pk(w), "comment_pk": objects(w)["comment"].pk}


def _hidden(w: dict[str, Any]) -> dict[str, Any]:
    return {**_pk(w), "comment_pk": objects(w)["hidden"].pk}


def _statement(w: dict[str, Any]) -> dict[str, Any]:
    return {**_pk(w), "statement_pk": objects(w)["statement"].pk}


def _document(w: dict[str, Any]) -> dict[str, Any]:
    return {**_pk(w), "doc": str(objects(w)["attachment"].pk)}


APPEAL = {"answer": "Tetap", "restore": "0"}
ANSWER = {"decision": "not_accepted", "reason": "Tidak sesuai"}

ROWS = {
    "participation:consultation-list": row(EVERYONE),
    "participation:consultation-detail": row(EVERYONE, kwargs=_pk),
    "participation:matrix": row(EVERYONE, kwargs=_pk),
    "participation:matrix-csv": row(EVERYONE, kwargs=_pk),
    "participation:matrix-pdf": row(EVERYONE, kwargs=_pk),
    "participation:draft-document": row(EVERYONE, kwargs=_document),
    "participation:opinion": row(EVERYONE, kwargs=_pk),
    "participation:comment-create": row(
        CITIZENS, method="POST", kwargs=_pk, data={"text": "Komentar"}
    ),
    "participation:comment-support": row(CITIZENS, method="POST", kwargs=_comment),
    "participation:comment-appeal": row(
        {"citizen"}, method="POST", kwargs=_hidden, data={"text": "Tidak kasar"}
    ),
    "participation:statement-add": row(
        CITIZENS | HANDLERS, method="POST", kwargs=_pk, data={"text": "Pernyataan"}
    ),
    "participation:statement-vote": row(
        CITIZENS, method="POST", kwargs=_statement, data={"value": "1"}
    ),
    "participation:consultation-manage-list": row(OFFICERS),
    "participation:draft-publish": row(OFFICERS, method="POST"),
    "participation:consultation-manage": row(HANDLERS, kwargs=_pk),
    "participation:offline-input": row(
        HANDLERS,
        method="POST",
        kwargs=_pk,
        data={"channel": "letter", "source": "Surat RT", "text": "Usul"},
    ),
    "participation:close": row(HANDLERS, method="POST", kwargs=_pk, data={}),
    "participation:response": row(
        HANDLERS, method="POST", kwargs=_comment, data=ANSWER
    ),
    "participation:comment-hide": row(
        HANDLERS, method="POST", kwargs=_comment, data={"reason": "Spam"}
    ),
    "participation:appeal-decide": row(
        HANDLERS,
        method="POST",
        kwargs=_hidden,
        data={"answer": "Tetap", "restore": "0"},
    ),
    "participation-api:consultation-list": row(EVERYONE),
    "participation-api:consultation-detail": row(EVERYONE, kwargs=_api),
    "participation-api:consultation-opinion-map": row(EVERYONE, kwargs=_api),
}
