# SPDX-License-Identifier: EUPL-1.2
"""Pages of the reports app (mounted at the site root; each path carries its prefix)."""

from django.urls import include, path

from balai.reports.views import board, public

app_name = "reports"
urlpatterns = [
    # public pages (no reporter identity anywhere)
    path("laporan/", public.report_list, name="public-list"),
    path("laporan/peta.json", public.report_map, name="public-map"),
    path("laporan/wilayah.json", public.report_areas, name="public-areas"),
    path("laporan/<str:public_id>/", public.report_detail, name="public-detail"),
    path(
        "laporan/<str:public_id>/ikuti/",
        public.report_follow_view,
        name="public-follow",
    ),
    path(
        "laporan/<str:public_id>/foto/<uuid:photo_id>.jpg",
        public.report_photo,
        name="public-photo",
    ),
    # the officers' board
    path("petugas/laporan/", board.board_list, name="board-list"),
    path("petugas/laporan/peta/", board.board_map, name="board-map"),
    path("petugas/laporan/statistik/", board.board_stats, name="board-stats"),
    path("petugas/laporan/massal/", board.board_bulk, name="board-bulk"),
    path("petugas/laporan/<str:public_id>/", board.board_detail, name="board-detail"),
    path(
        "petugas/laporan/<str:public_id>/status/",
        board.board_status,
        name="board-status",
    ),
    path(
        "petugas/laporan/<str:public_id>/komentar/",
        board.board_comment,
        name="board-comment",
    ),
    path(
        "petugas/laporan/<str:public_id>/tugaskan/",
        board.board_assign,
        name="board-assign",
    ),
    path(
        "petugas/laporan/<str:public_id>/alihkan/",
        board.board_reroute,
        name="board-reroute",
    ),
    path(
        "petugas/laporan/<str:public_id>/gabungkan/",
        board.board_merge,
        name="board-merge",
    ),
    path(
        "petugas/laporan/<str:public_id>/foto/<uuid:photo_id>.jpg",
        board.board_photo,
        name="board-photo",
    ),
    # Open311 GeoReport v2
    path("open311/v2/", include("balai.reports.api.open311.urls")),
    # the citizens' reporting web app (PWA), built beside this app
    path("", include("balai.reports.pwa.urls")),
]
