# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.accounts import views

app_name = "accounts"

urlpatterns = [
    path("daftar/", views.signup, name="signup"),
    path("daftar/verifikasi/", views.signup_verify, name="signup-verify"),
    path("daftar/kirim-ulang/", views.signup_resend, name="signup-resend"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("2fa/", views.two_factor, name="two-factor"),
    path("", views.account, name="account"),
    path("token/<uuid:token_id>/cabut/", views.api_token_revoke, name="token-revoke"),
    path("staf/", views.staff_home, name="staff-home"),
]
