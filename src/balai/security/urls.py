# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balai.security import views
from balai.security.monitoring import views as monitoring_views

app_name = "security"

urlpatterns = [
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/export.csv", views.audit_export_csv, name="audit-export"),
    path("peringatan/", monitoring_views.alert_list, name="alert-list"),
    path(
        "peringatan/<uuid:alert_id>/",
        monitoring_views.alert_detail,
        name="alert-detail",
    ),
    path(
        "peringatan/<uuid:alert_id>/akui/",
        monitoring_views.alert_acknowledge,
        name="alert-acknowledge",
    ),
    path(
        "peringatan/<uuid:alert_id>/selesaikan/",
        monitoring_views.alert_resolve,
        name="alert-resolve",
    ),
]
