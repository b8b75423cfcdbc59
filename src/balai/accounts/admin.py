# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Agency, ApiToken, GovernmentUnit, User
from balai.security import audit


@admin.register(GovernmentUnit)
class GovernmentUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region"]
    raw_id_fields = ["region"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "unit", "parent", "is_active"]
    list_filter = ["kind", "unit", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["unit", "parent"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Every opening, change and deletion of a person's account is audited."""

    ordering = ["-date_joined"]
    list_display = ["full_name", "agency", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "agency", "groups"]
    list_select_related = ["agency"]
    # Personal data is encrypted: the search box finds an exact email, mobile number
    # or NIK through the blind indexes (no partial or name search).
    search_fields = ["email_index"]
    search_help_text = _("An exact email address, mobile number or NIK.")
    readonly_fields = [
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

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        user = self.get_object(request, object_id)
        if user is not None and request.method == "GET":
            audit.record_read(
                actor=request.user, target=user, purpose="back-office account review"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: User, form: object, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        changed = list(getattr(form, "changed_data", []) or [])
        audit.record(
            actor=request.user,
            action="user.update" if change else "user.create",
            target=obj,
            purpose="back-office account administration",
            changes=[name for name in changed if name.isidentifier()],
        )

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        audit.record(
            actor=request.user,
            action="user.delete",
            target=obj,
            purpose="back-office account administration",
        )
        super().delete_model(request, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "last_used_at", "created_at"]
    list_select_related = ["user"]
