# SPDX-License-Identifier: EUPL-1.2
"""The public finance API (read-only), under /api/v1/finance/.

The same figures as the transparency portal ``/anggaran/``: budget against
realisation by agency, programme classification, account, region and funding
source, per fiscal year and budget version, the monthly cash plan against
realisation, and the code trees. Classification totals only: no entries, documents
or payees. Amounts are whole rupiah.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core.api.pagination import LimitOffsetPagination
from balai.core.api.schema import paginated
from balai.finance import selectors
from balai.finance.constants import Dimension, VersionStatus
from balai.finance.models import Account, Activity, FundingSource, Location

DIMENSIONS = [
    Dimension.AGENCY.value,
    Dimension.ACTIVITY.value,
    Dimension.ACCOUNT.value,
    Dimension.LOCATION.value,
    Dimension.FUND.value,
]
SIDES = ["4", "5", "6"]
# what a CharField accepts anyway (DRF refuses NUL characters), stated in the schema
# so that clients (and schemathesis) know a NUL is not a valid code
NO_NUL = r"^[^\x00]*$"

TREES: dict[str, Any] = {
    "activity": Activity,
    "account": Account,
    "fund": FundingSource,
    "location": Location,
}


class VersionOutputSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    kind = serializers.CharField(help_text="murni, pergeseran or perubahan")
    title = serializers.CharField()
    approved_at = serializers.DateTimeField()


class YearOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    version_in_force = serializers.IntegerField(allow_null=True)
    versions = VersionOutputSerializer(many=True)


class BudgetFilterSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Fiscal year"
    )
    dimension = serializers.ChoiceField(
        choices=DIMENSIONS,
        required=False,
        default=Dimension.AGENCY.value,
        help_text="agency, activity (programme tree), account, location or fund",
    )
    side = serializers.ChoiceField(
        choices=SIDES,
        required=False,
        default="5",
        help_text="4 revenue, 5 spending, 6 financing",
    )
    level = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=6,
        help_text="Level of the code tree (activity 1-5, account 1-6)",
    )
    parent = serializers.RegexField(  # type: ignore[assignment]
        NO_NUL,
        required=False,
        max_length=40,
        help_text="Only the children of this code",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=32767,
        help_text="Number of an approved version of the year (default: in force)",
    )


class BudgetRowOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    budget = serializers.IntegerField()
    realised = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class CashPlanFilterSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Fiscal year"
    )


class CashPlanMonthOutputSerializer(serializers.Serializer[Any]):
    month = serializers.IntegerField()
    planned = serializers.IntegerField()
    realised = serializers.IntegerField()
    planned_cumulative = serializers.IntegerField()
    realised_cumulative = serializers.IntegerField()


class CashPlanOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    budget = serializers.IntegerField()
    months = CashPlanMonthOutputSerializer(many=True)


class CodeFilterSerializer(serializers.Serializer[Any]):
    parent = serializers.RegexField(  # type: ignore[assignment]
        NO_NUL,
        required=False,
        max_length=40,
        help_text="Only the children of this code",
    )
    level = serializers.IntegerField(required=False, min_value=1, max_value=6)


class CodeOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    parent = serializers.CharField(allow_null=True)  # type: ignore[assignment]


def _year(value: int | None) -> int | None:
    """The year asked for, else the default one; ``None`` when it has no approved
    budget (the answer is then an empty page, not an error: the year is valid)."""
    year = value if value is not None else selectors.default_year()
    return year if year in selectors.fiscal_years() else None


def _page(
    request: Request, view: APIView, rows: list[Any], serializer: Any
) -> Response:
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


class YearListApi(APIView):
    """Fiscal years with an approved budget, newest first, and their versions."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="finance_years_list",
        responses={200: paginated(YearOutputSerializer)},
        tags=["finance"],
    )
    def get(self, request: Request) -> Response:
        from balai.finance.services.budget import version_in_force

        rows = []
        for year in selectors.fiscal_years():
            in_force = version_in_force(fiscal_year=year)
            rows.append(
                {
                    "year": year,
                    "version_in_force": in_force.number if in_force else None,
                    "versions": [
                        v
                        for v in selectors.versions_of(year)
                        if v.status == VersionStatus.APPROVED
                    ],
                }
            )
        return _page(request, self, rows, YearOutputSerializer)


class BudgetApi(APIView):
    """Budget against realisation (to today, or the year's end) by one dimension.

    A year without an approved budget, or a version number that is not an approved
    version of the year, answers an empty page. ``level`` and ``parent`` apply to
    the activity and account trees only."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="finance_budget_list",
        parameters=[BudgetFilterSerializer],
        responses={200: paginated(BudgetRowOutputSerializer)},
        tags=["finance"],
    )
    def get(self, request: Request) -> Response:
        filters = BudgetFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        year = _year(data.get("year"))
        if year is None:
            return _page(request, self, [], BudgetRowOutputSerializer)
        version = None
        if data.get("version") is not None:
            version = (
                selectors.versions_of(year)
                .filter(number=data["version"], status=VersionStatus.APPROVED)
                .first()
            )
            if version is None:  # no such approved version: nothing to compare
                return _page(request, self, [], BudgetRowOutputSerializer)
        dimension = data["dimension"]
        level = data.get("level")
        if dimension in (Dimension.ACTIVITY, Dimension.ACCOUNT):
            level = level or 3
        else:  # flat lists: no levels, no parents
            level = None
            data["parent"] = ""
        result = selectors.breakdown(
            year=year,
            dimension=dimension,
            akun=data["side"],
            level=None if data.get("parent") else level,
            parent=data.get("parent") or None,
            version=version,
        )
        rows = [
            {
                "code": row.code,
                "name": row.name,
                "budget": row.budget,
                "realised": row.realised,
                "percent": float(row.percent) if row.percent is not None else None,
            }
            for row in result.rows
        ]
        return _page(request, self, rows, BudgetRowOutputSerializer)


class CashPlanApi(APIView):
    """The spending cash plan (anggaran kas) month by month against realisation
    (a year without a budget answers zeros)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="finance_cash_plan_retrieve",
        parameters=[CashPlanFilterSerializer],
        responses={200: CashPlanOutputSerializer},
        tags=["finance"],
    )
    def get(self, request: Request) -> Response:
        filters = CashPlanFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        year = filters.validated_data.get("year") or (
            selectors.default_year() or timezone.localdate().year
        )
        plan = selectors.cash_plan_curve(year=year)
        return Response(CashPlanOutputSerializer(plan).data)


class CodeListApi(APIView):
    """One code tree: activity (urusan → sub kegiatan), account, fund, location."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="finance_codes_list",
        parameters=[
            OpenApiParameter(
                "tree",
                str,
                OpenApiParameter.PATH,
                enum=list(TREES),
                description="activity, account, fund or location",
            ),
            CodeFilterSerializer,
        ],
        responses={200: paginated(CodeOutputSerializer)},
        tags=["finance"],
    )
    def get(self, request: Request, tree: str) -> Response:
        model = TREES.get(tree)
        if model is None:
            raise NotFound(_("No such code tree."))
        filters = CodeFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        rows: QuerySet[Any] = model.objects.order_by("code")
        names = {f.name for f in model._meta.get_fields()}
        if data.get("parent"):
            if "parent" not in names:
                return self._page(request, model.objects.none())
            rows = rows.filter(parent__code=data["parent"])
        if data.get("level") is not None:
            if "level" not in names:
                return self._page(request, model.objects.none())
            rows = rows.filter(level=data["level"])
        if "parent" in names:
            rows = rows.select_related("parent")
        return self._page(request, rows)

    def _page(self, request: Request, rows: QuerySet[Any]) -> Response:
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = [
            {
                "code": code.code,
                "name": code.name,
                "level": getattr(code, "level", None),
                "parent": code.parent.code if getattr(code, "parent", None) else None,
            }
            for code in page or []
        ]
        return paginator.get_paginated_response(
            CodeOutputSerializer(data, many=True).data
        )
