# SPDX-License-Identifier: EUPL-1.2
"""Officer pages of the population register, under /register/."""

from django.urls import path

from balai.registry.views import documents, events, records, search

app_name = "registry"

urlpatterns = [
    path("penduduk/", search.resident_search, name="resident-search"),
    path(
        "penduduk/<uuid:resident_id>/",
        records.resident_detail,
        name="resident-detail",
    ),
    path(
        "penduduk/<uuid:resident_id>/riwayat/",
        records.resident_history,
        name="resident-history",
    ),
    path("keluarga/<uuid:family_id>/", records.family_detail, name="family-detail"),
    path("peristiwa/<slug:kind>/", events.event_create, name="event-create"),
    path(
        "dokumen/<uuid:document_id>/", documents.event_document, name="event-document"
    ),
]
