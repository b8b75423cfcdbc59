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
    "tax-api:pbb-inquiry": row(
        EVERYONE,
        kwargs=lambda w: {"nop": _bill(w).tax_object.nop, "year": _bill(w).year},
    ),
}
