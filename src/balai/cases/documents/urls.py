# SPDX-License-Identifier: EUPL-1.2
"""Public verification of issued documents (mounted at the site root).

``/verify/<code>`` is what the QR code on every document points to, so the path
stays the same whatever the interface language.
"""

from django.urls import path

from balai.cases.documents import views

app_name = "documents"
urlpatterns = [
    path("verify/", views.verify_upload, name="verify-upload"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("bukti-bayar/<str:reference>/", views.receipt_download, name="receipt"),
]
