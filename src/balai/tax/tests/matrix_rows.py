# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the tax pages and API (see security's test_policy_matrix).

"Pajak Saya" is for any signed-in person (staff and citizens without objects see an
empty list); paying a bill is for its owner only — nobody in the matrix owns the
row's bill, so every signed-in role gets 404. The inquiry page and API are public.
"""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import EVERYONE, SIGNED_IN, row


def _bill(w: dict[str, Any]) -> Any:
    if "tax_bill" not in w:
        from django.utils import timezone

        from balai.tax import services
        from balai.tax.models import TaxBill
        from balai.tax.tests.support import tax_object

        obj = tax_object(nop="351501000100199990")
        services.assessment_run(year=timezone.localdate().year)
        w["tax_bill"] = TaxBill.objects.get(tax_object=obj)
    return w["tax_bill"]


def _objection(w: dict[str, Any]) -> Any:
    if "tax_objection" not in w:
        from balai.accounts.tests.factories import UserFactory
        from balai.tax.models import Objection

        bill = _bill(w)
        w["tax_objection"] = Objection.objects.create(
            bill=bill,
            filed_by=UserFactory(),
            reason="Luas bangunan lebih kecil.",
            requested_principal=bill.principal - 1,
            previous_principal=bill.principal,
        )
    return w["tax_objection"]


def _pkb_bill(w: dict[str, Any]) -> Any:
    if "tax_pkb_bill" not in w:
        import datetime as dt
        from decimal import Decimal

        from django.utils import timezone

        from balai.tax import services_pkb
        from balai.tax.models import PkbBill

        vehicle = services_pkb.vehicle_register(
            actor=None,
            registration="D 9090 MX",
            kind="car",
            make_model="Toyota Avanza",
            year_made=2020,
            njkb=Decimal(190_000_000),
            weight=Decimal("1.05"),
            owner_nik="3273011708900009",
            owner_name="Uji Matriks",
            registered_on=dt.date(2020, 6, 1),
        )
        services_pkb.pkb_bills_issue(year=timezone.localdate().year)
        w["tax_pkb_bill"] = PkbBill.objects.get(vehicle=vehicle)
    return w["tax_pkb_bill"]


def _bphtb(w: dict[str, Any]) -> Any:
    if "tax_bphtb" not in w:
        from decimal import Decimal

        from balai.accounts.tests.factories import UserFactory
        from balai.tax.models import BphtbReturn

        obj = _bill(w).tax_object
        w["tax_bphtb"] = BphtbReturn.objects.create(
            reference="BPHTB-2026-MATRIX01",
            tax_object=obj,
            filed_by=UserFactory(),
            buyer_nik="3273011708900009",
            buyer_name="Uji Matriks",
            acquisition="sale",
            price=Decimal(800_000_000),
            njop=Decimal(700_000_000),
            npop=Decimal(800_000_000),
            npoptkp=Decimal(80_000_000),
            principal=Decimal(36_000_000),
            computation={},
        )
    return w["tax_bphtb"]


ROWS = {
    "tax:my-taxes": row(SIGNED_IN),
    "tax:bill-pay": row(
        set(), method="POST", kwargs=lambda w: {"bill_id": _bill(w).pk}
    ),
    "tax:pbb-inquiry": row(EVERYONE),
    # the revenue agency's staff (none in the matrix) and finance officers
    "tax:officer-roll": row({"finance_officer"}),
    # the bill's owner only (nobody in the matrix): 404 for every signed-in role
    "tax:objection-file": row(set(), kwargs=lambda w: {"bill_id": _bill(w).pk}),
    "tax:objection-decide": row(
        {"finance_officer"},
        method="POST",
        kwargs=lambda w: {"objection_id": _objection(w).pk},
        data={"decision": "reject"},
    ),
    # a vehicle's owner only (nobody in the matrix): 404 for every signed-in role
    "tax:pkb-pay": row(
        set(), method="POST", kwargs=lambda w: {"bill_id": _pkb_bill(w).pk}
    ),
    "tax:bphtb-file": row(SIGNED_IN),
    # the filer and the buyer only (nobody in the matrix)
    "tax:bphtb-detail": row(set(), kwargs=lambda w: {"return_id": _bphtb(w).pk}),
    "tax:bphtb-pay": row(
        set(), method="POST", kwargs=lambda w: {"return_id": _bphtb(w).pk}
    ),
    "tax:officer-bphtb": row({"finance_officer"}),
    "tax:bphtb-decide": row(
        {"finance_officer"},
        method="POST",
        kwargs=lambda w: {"return_id": _bphtb(w).pk},
        data={"decision": "reject", "note": "Harga di bawah nilai pasar."},
    ),
    "tax-api:pkb-inquiry": row(
        EVERYONE,
        kwargs=lambda w: {"registration": "D9090MX", "year": _pkb_bill(w).year},
    ),
    "tax-api:bphtb-inquiry": row(
        EVERYONE, kwargs=lambda w: {"reference": _bphtb(w).reference}
    ),
    "tax-api:pbb-inquiry": row(
        EVERYONE,
        kwargs=lambda w: {"nop": _bill(w).tax_object.nop, "year": _bill(w).year},
    ),
}
