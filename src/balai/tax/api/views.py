# SPDX-License-Identifier: EUPL-1.2
"""GovStack-style bill inquiry: a PBB-P2 bill's amount due and status."""

from __future__ import annotations

from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core import ratelimit
from balai.core.errors import NotFound
from balai.tax import selectors, services
from balai.tax.constants import ErrorCode


class PbbBillInquiryApi(APIView):
    """Amount due today (principal and late interest) and status; no owner data."""

    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ratelimit.NamedRateThrottle]
    rate_limit_name = "tax_inquiry"

    @extend_schema(
        operation_id="tax_pbb_bill_inquiry",
        responses={
            200: inline_serializer(
                "PbbBillInquiry",
                {
                    "nop": serializers.CharField(),
                    "year": serializers.IntegerField(),
                    "status": serializers.CharField(),
                    "currency": serializers.CharField(),
                    "principal": serializers.IntegerField(),
                    "interest": serializers.IntegerField(),
                    "amount_due": serializers.IntegerField(),
                    "due_date": serializers.DateField(),
                },
            )
        },
    )
    def get(self, request: Request, nop: str, year: int) -> Response:
        digits = services.nop_clean(nop)
        bill = selectors.bill_for_inquiry(digits, year)
        if bill is None:
            raise NotFound(
                _("No PBB-P2 bill for this NOP and year."),
                code=ErrorCode.BILL_NOT_FOUND,
            )
        due = services.bill_amount_due(bill)
        paid = bill.status != "unpaid"
        return Response(
            {
                "nop": bill.tax_object.nop,
                "year": bill.year,
                "status": bill.status,
                "currency": "IDR",
                "principal": int(bill.principal),
                "interest": 0 if paid else int(due.interest),
                "amount_due": 0 if paid else int(due.total),
                "due_date": bill.due_date,
            }
        )


class PkbBillInquiryApi(APIView):
    """A vehicle's PKB bill for a year: the PKB and opsen lines and status; no owner
    data. The registration number is written without spaces (``D1234ABC``)."""

    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ratelimit.NamedRateThrottle]
    rate_limit_name = "tax_inquiry"

    @extend_schema(
        operation_id="tax_pkb_bill_inquiry",
        responses={
            200: inline_serializer(
                "PkbBillInquiry",
                {
                    "registration": serializers.CharField(),
                    "year": serializers.IntegerField(),
                    "status": serializers.CharField(),
                    "currency": serializers.CharField(),
                    "pkb": serializers.IntegerField(),
                    "opsen": serializers.IntegerField(),
                    "amount_due": serializers.IntegerField(),
                    "due_date": serializers.DateField(),
                },
            )
        },
    )
    def get(self, request: Request, registration: str, year: int) -> Response:
        from balai.tax.services_pkb import registration_clean

        plate = registration_clean(registration)
        bill = selectors.pkb_bill_for_inquiry(plate, year)
        if bill is None:
            raise NotFound(
                _("No PKB bill for this vehicle and year."),
                code=ErrorCode.BILL_NOT_FOUND,
            )
        return Response(
            {
                "registration": plate,
                "year": bill.year,
                "status": bill.status,
                "currency": "IDR",
                "pkb": int(bill.pkb),
                "opsen": int(bill.opsen),
                "amount_due": 0 if bill.status != "unpaid" else int(bill.principal),
                "due_date": bill.due_date,
            }
        )


class BphtbInquiryApi(APIView):
    """A BPHTB return by its reference: NOP, amount due and status; no buyer data
    (what a notary or the land office checks before the deed)."""

    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ratelimit.NamedRateThrottle]
    rate_limit_name = "tax_inquiry"

    @extend_schema(
        operation_id="tax_bphtb_inquiry",
        responses={
            200: inline_serializer(
                "BphtbInquiry",
                {
                    "reference": serializers.CharField(),
                    "nop": serializers.CharField(),
                    "status": serializers.CharField(),
                    "currency": serializers.CharField(),
                    "npop": serializers.IntegerField(),
                    "bphtb": serializers.IntegerField(),
                    "amount_due": serializers.IntegerField(),
                    "verified": serializers.BooleanField(),
                },
            )
        },
    )
    def get(self, request: Request, reference: str) -> Response:
        filed = selectors.bphtb_return_for_inquiry(reference.strip().upper())
        if filed is None:
            raise NotFound(
                _("No BPHTB return with this reference."),
                code=ErrorCode.RETURN_NOT_FOUND,
            )
        unpaid = filed.status == "filed"
        return Response(
            {
                "reference": filed.reference,
                "nop": filed.tax_object.nop,
                "status": filed.status,
                "currency": "IDR",
                "npop": int(filed.npop),
                "bphtb": int(filed.principal),
                "amount_due": int(filed.principal) if unpaid else 0,
                "verified": filed.status == "verified",
            }
        )
