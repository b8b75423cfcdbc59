# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Agency, ApiToken, GovernmentUnit, User
from balai.security.admin_base import AuditedAdminMixin, AuditedModelAdmin


@admin.register(GovernmentUnit)
class GovernmentUnitAdmin(AuditedModelAdmin):
    list_display = ["name", "level", "region"]
    raw_id_fields = ["region"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["short_name", "name", "kind", "unit", "parent", "is_active"]
    list_filter = ["kind", "unit", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["unit", "parent"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin[User]):
    """Every opening, change and deletion of a person's account is audited (bulk
    deletions too). Roles, agency, staff and superuser flags are read-only here:
    they change through ``accounts.services.staff_create`` (with its policy and
    audit), never by ticking a box."""

    audit_noun = "user"
    audit_purpose = "back-office account administration"
    audit_reads = True

    ordering = ["-date_joined"]
    list_display = ["full_name", "agency", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "agency", "groups"]
    list_select_related = ["agency"]
    # Personal data is encrypted: the search box finds an exact email, mobile number
    # or NIK through the blind indexes (no partial or name search).
    search_fields = ["email_index"]
    search_help_text = _("An exact email address, mobile number or NIK.")
    readonly_fields = [
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "agency",
        "date_joined",
        "last_login",
        "email_verified_at",
        "phone_verified_at",
    ]
    fieldsets = (
        (None, {"fields": ("email", "phone", "password")}),
        (_("Person"), {"fields": ("full_name", "nik", "birth_date", "language")}),
        (_("Agency"), {"fields": ("agency", "job_title")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (
            _("Dates"),
            {
                "fields": (
                    "date_joined",
                    "last_login",
                    "email_verified_at",
                    "phone_verified_at",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "password1", "password2"),
            },
        ),
    )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[User], search_term: str
    ) -> tuple[QuerySet[User], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        matches = User.objects.filter_by_nik(term) | User.objects.filter_by_contact(
            email=term if "@" in term else None,
            phone=None if "@" in term else term,
        )
        return queryset.filter(pk__in=matches.values("pk")), False


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Tokens are made and revoked by their owners (services); here they are only
    looked at."""

    list_display = ["name", "prefix", "user", "created_at", "expires_at", "revoked_at"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "digest",
        "expires_at",
        "revoked_at",
        "second_factor",
        "last_used_at",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    list_select_related = ["user"]
