# SPDX-License-Identifier: EUPL-1.2
"""OpenAPI pieces of the exchange API: its security scheme and the purpose header."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from balai.registry.exchange.constants import PURPOSE_HEADER

SCHEME = "registryClient"

PURPOSE_PARAMETER = OpenApiParameter(
    name=PURPOSE_HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "The purpose code of the client's data-sharing agreement, for example "
        "`health_insurance_enrolment`. Any other value is refused with 403 "
        "`purpose_not_allowed`."
    ),
)


class ApiClientScheme(OpenApiAuthenticationExtension):
    target_class = "balai.registry.exchange.auth.ApiClientAuthentication"
    name = SCHEME

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "<client_id>.<secret>",
            "description": (
                "Register API client credential, issued with "
                "`balai registry_client create`."
            ),
        }


class SignedInPersonRefusalScheme(OpenApiAuthenticationExtension):
    """Not a way in (it only leads to a 403): no requirement, no definition."""

    target_class = "balai.registry.exchange.auth.SignedInPersonRefusal"
    name: list[str] = []

    def get_security_requirement(self, auto_schema: Any) -> None:  # type: ignore[override]
        return None

    def get_security_definition(self, auto_schema: Any) -> list[Any]:
        return []


def _problem(text: Any) -> OpenApiResponse:
    return OpenApiResponse(description=text)


ERRORS: dict[int, OpenApiResponse] = {
    400: _problem(
        _("Invalid input; `invalid_params` names each field (problem+json).")
    ),
    401: _problem(_("Missing, wrong or revoked client credential (problem+json).")),
    403: _problem(
        _(
            "Agreement not in force (`agreement_inactive`), purpose missing or not the "
            "agreement's (`purpose_required`, `purpose_not_allowed`) (problem+json)."
        )
    ),
    429: _problem(_("The client's rate limit is exceeded (problem+json).")),
}
NOT_FOUND = {404: _problem(_("No resident has this NIK (problem+json)."))}
