# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.participation.views import budgeting, home
from balai.participation.views import polls as poll_views

app_name = "participation"

urlpatterns = [
    path("partisipasi/", home.home, name="home"),
    path("partisipasi/jajak-pendapat/", poll_views.poll_list, name="poll-list"),
    path(
        "partisipasi/jajak-pendapat/cek-tanda-terima/",
        poll_views.receipt_check,
        name="poll-receipt-check",
    ),
    path(
        "partisipasi/jajak-pendapat/kelola/",
        poll_views.poll_manage,
        name="poll-manage",
    ),
    path(
        "partisipasi/jajak-pendapat/kelola/<uuid:poll_id>/buka/",
        poll_views.poll_open,
        name="poll-open",
    ),
    path(
        "partisipasi/jajak-pendapat/kelola/<uuid:poll_id>/tutup/",
        poll_views.poll_close,
        name="poll-close",
    ),
    path(
        "partisipasi/jajak-pendapat/<uuid:poll_id>/",
        poll_views.poll_detail,
        name="poll-detail",
    ),
    path(
        "partisipasi/jajak-pendapat/<uuid:poll_id>/pilih/",
        poll_views.poll_vote,
        name="poll-vote",
    ),
    path(
        "partisipasi/jajak-pendapat/<uuid:poll_id>/hasil/",
        poll_views.poll_results,
        name="poll-results",
    ),
]

# --- consultations and opinion mapping ---------------------------------------------
from balai.participation.views import (  # noqa: E402
    consultations,
    consultations_manage,
    opinion,
)

K = "partisipasi/konsultasi/<uuid:pk>/"
M = "partisipasi/kelola/konsultasi/"

urlpatterns += [
    # consultations (public)
    path(
        "partisipasi/konsultasi/",
        consultations.consultation_list,
        name="consultation-list",
    ),
    path(K, consultations.consultation_detail, name="consultation-detail"),
    path(K + "komentar/", consultations.comment_create, name="comment-create"),
    path(
        K + "komentar/<uuid:comment_pk>/setuju/",
        consultations.comment_support_view,
        name="comment-support",
    ),
    path(
        K + "komentar/<uuid:comment_pk>/banding/",
        consultations.comment_appeal_view,
        name="comment-appeal",
    ),
    path(K + "matriks/", consultations.matrix_page, name="matrix"),
    path(K + "matriks.csv", consultations.matrix_csv_view, name="matrix-csv"),
    path(K + "matriks.pdf", consultations.matrix_pdf_view, name="matrix-pdf"),
    path(K + "dokumen/<str:doc>/", consultations.draft_document, name="draft-document"),
    path(K + "opini/", opinion.opinion_page, name="opinion"),
    path(K + "opini/pernyataan/", opinion.statement_add_view, name="statement-add"),
    path(
        K + "opini/<uuid:statement_pk>/suara/",
        opinion.statement_vote_view,
        name="statement-vote",
    ),
    # consultations (officers)
    path(M, consultations_manage.manage_list, name="consultation-manage-list"),
    path(M + "baru/", consultations_manage.draft_publish, name="draft-publish"),
    path(
        M + "<uuid:pk>/",
        consultations_manage.manage_detail,
        name="consultation-manage",
    ),
    path(
        M + "<uuid:pk>/masukan-luring/",
        consultations_manage.offline_view,
        name="offline-input",
    ),
    path(M + "<uuid:pk>/tutup/", consultations_manage.close_view, name="close"),
    path(
        M + "<uuid:pk>/komentar/<uuid:comment_pk>/jawab/",
        consultations_manage.response_view,
        name="response",
    ),
    path(
        M + "<uuid:pk>/komentar/<uuid:comment_pk>/sembunyikan/",
        consultations_manage.hide_view,
        name="comment-hide",
    ),
    path(
        M + "<uuid:pk>/komentar/<uuid:comment_pk>/banding/",
        consultations_manage.appeal_decide_view,
        name="appeal-decide",
    ),
]

urlpatterns += [
    # Musrenbang and participatory budgeting
    path("partisipasi/musrenbang/", budgeting.musrenbang_list, name="musrenbang"),
    path("partisipasi/musrenbang/usul/", budgeting.proposal_new, name="musrenbang-new"),
    path(
        "partisipasi/musrenbang/saya/", budgeting.my_proposals, name="musrenbang-mine"
    ),
    path(
        "partisipasi/musrenbang/tinjau/",
        budgeting.review_queue,
        name="musrenbang-review",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/",
        budgeting.proposal_detail,
        name="musrenbang-detail",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/dukung/",
        budgeting.proposal_support,
        name="musrenbang-support",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/putuskan/",
        budgeting.proposal_decide,
        name="musrenbang-decide",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/anggaran/",
        budgeting.proposal_link_budget,
        name="musrenbang-link-budget",
    ),
    path(
        "partisipasi/musrenbang/usulan/<str:public_id>/foto/<str:photo_id>/",
        budgeting.proposal_photo,
        name="musrenbang-photo",
    ),
    path("partisipasi/anggaran/", budgeting.budget_round_list, name="budget-rounds"),
    path(
        "partisipasi/anggaran/baru/",
        budgeting.budget_round_new,
        name="budget-round-new",
    ),
    path(
        "partisipasi/anggaran/<str:pk>/buka/",
        budgeting.budget_round_move_view,
        {"action": "open"},
        name="budget-round-open",
    ),
    path(
        "partisipasi/anggaran/<str:pk>/tutup/",
        budgeting.budget_round_move_view,
        {"action": "close"},
        name="budget-round-close",
    ),
    path(
        "partisipasi/anggaran/<str:pk>/",
        budgeting.budget_round_detail,
        name="budget-round",
    ),
]
