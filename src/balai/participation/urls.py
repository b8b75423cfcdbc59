# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.participation.views import home
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
