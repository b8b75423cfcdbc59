# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.accounts import views, views_corrections, views_password

app_name = "accounts"

urlpatterns = [
    path("daftar/", views.signup, name="signup"),
    path("daftar/verifikasi/", views.signup_verify, name="signup-verify"),
    path("daftar/kirim-ulang/", views.signup_resend, name="signup-resend"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("lupa-sandi/", views_password.reset_request, name="password-reset"),
    path("lupa-sandi/kode/", views_password.reset_code, name="password-reset-code"),
    path(
        "lupa-sandi/tautan/<str:secret>/",
        views_password.reset_link,
        name="password-reset-link",
    ),
    path("2fa/", views.two_factor, name="two-factor"),
    path("", views.account, name="account"),
    path("token/<uuid:token_id>/cabut/", views.api_token_revoke, name="token-revoke"),
    path("staf/", views.staff_home, name="staff-home"),
    path("staf/koreksi/", views_corrections.correction_list, name="correction-list"),
    path(
        "staf/koreksi/<uuid:request_id>/",
        views_corrections.correction_detail,
        name="correction-detail",
    ),
    path(
        "staf/koreksi/<uuid:request_id>/ambil/",
        views_corrections.correction_claim,
        name="correction-claim",
    ),
    path(
        "staf/koreksi/<uuid:request_id>/putuskan/",
        views_corrections.correction_resolve,
        name="correction-resolve",
    ),
    path(
        "staf/koreksi/<uuid:request_id>/dokumen/",
        views_corrections.correction_document,
        name="correction-document",
    ),
]
