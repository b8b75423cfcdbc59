# SPDX-License-Identifier: EUPL-1.2
"""Pages of the cases app (mounted at the site root; each path carries its prefix)."""

from django.urls import path

from balai.cases.views import applying, citizen, officer, satisfaction

app_name = "cases"

APP = "permohonan/<uuid:application_id>/"
STAFF = "petugas/permohonan/<uuid:application_id>/"

urlpatterns = [
    path("permohonan/", citizen.application_list, name="application-list"),
    path(
        "permohonan/baru/<slug:slug>/",
        applying.application_start,
        name="application-start",
    ),
    path(APP, citizen.application_detail, name="application-detail"),
    path(
        f"{APP}dokumen/", applying.application_documents, name="application-documents"
    ),
    path(f"{APP}ubah/", applying.application_edit, name="application-edit"),
    path(f"{APP}tinjau/", applying.application_review, name="application-review"),
    path(
        f"{APP}tanda-terima/", applying.application_receipt, name="application-receipt"
    ),
    path(f"{APP}jawab/", citizen.application_answer, name="application-answer"),
    path(f"{APP}batalkan/", citizen.application_withdraw, name="application-withdraw"),
    path(f"{APP}hasil.pdf", citizen.application_output, name="application-output"),
    path(f"{APP}survei/", citizen.application_survey, name="application-survey"),
    path(
        f"{APP}berkas/<uuid:document_id>/",
        citizen.document_download,
        name="document-download",
    ),
    path("petugas/permohonan/", officer.officer_inbox, name="officer-inbox"),
    path(STAFF, officer.officer_detail, name="officer-detail"),
    path(f"{STAFF}hasil.pdf", officer.officer_output, name="officer-output"),
    path(f"{STAFF}ambil/", officer.officer_claim, name="officer-claim"),
    path(f"{STAFF}tugaskan/", officer.officer_assign, name="officer-assign"),
    path(
        f"{STAFF}berkas/<uuid:document_id>/periksa/",
        officer.officer_document_check,
        name="officer-document-check",
    ),
    path(
        f"{STAFF}perbaikan/",
        officer.officer_request_revision,
        name="officer-request-revision",
    ),
    path(f"{STAFF}teruskan/", officer.officer_escalate, name="officer-escalate"),
    path(f"{STAFF}setujui/", officer.officer_approve, name="officer-approve"),
    path(f"{STAFF}tolak/", officer.officer_reject, name="officer-reject"),
    path(
        "petugas/ikm/",
        satisfaction.satisfaction_dashboard,
        name="satisfaction-dashboard",
    ),
]
