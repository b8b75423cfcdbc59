# SPDX-License-Identifier: EUPL-1.2
"""Links to lower apps' domain events, wired in ``CasesConfig.ready``."""

from __future__ import annotations

from balai.core.payables import register_payable_kind


def connect() -> None:
    """Application fees are the payable kind ``PMH`` (their number is the reference):
    a settled payment moves the application from awaiting payment to review."""
    from balai.cases.constants import NUMBER_PREFIX
    from balai.cases.services.fees import fee_settled

    register_payable_kind(NUMBER_PREFIX, fee_settled)
