# SPDX-License-Identifier: EUPL-1.2
"""Models of the accounts app, one topic per module."""

from balai.accounts.models.agencies import Agency, GovernmentUnit
from balai.accounts.models.corrections import (
    DataCorrectionRequest,
    correction_document_path,
)
from balai.accounts.models.resets import PasswordReset
from balai.accounts.models.users import ApiToken, SignupVerification, User, UserManager

__all__ = [
    "Agency",
    "ApiToken",
    "DataCorrectionRequest",
    "GovernmentUnit",
    "PasswordReset",
    "SignupVerification",
    "User",
    "UserManager",
    "correction_document_path",
]
