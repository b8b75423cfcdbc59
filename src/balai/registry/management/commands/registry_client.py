# SPDX-License-Identifier: EUPL-1.2
"""``balai registry_client create|revoke``: issue or revoke an exchange API client.

``create`` prints the client id and the secret once; only a digest is stored, so a
lost secret means revoking the client and issuing a new one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.accounts.models import Agency
from balai.registry.exchange import services
from balai.registry.exchange.constants import DEFAULT_RATE_LIMIT
from balai.registry.exchange.models import ApiClient, DataSharingAgreement


class Command(BaseCommand):
    help = "Issue (create) or revoke an API client of the register's exchange API."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Issue a client; prints its secret.")
        create.add_argument("--agency", required=True, help="Agency code.")
        create.add_argument("--agreement", required=True, help="Agreement UUID.")
        create.add_argument("--name", required=True, help="Name of the system.")
        create.add_argument(
            "--rate-limit",
            type=int,
            default=DEFAULT_RATE_LIMIT,
            help="Requests per minute (default %(default)s).",
        )
        revoke = actions.add_parser("revoke", help="Revoke a client for good.")
        revoke.add_argument("--client-id", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self._create(options)
        else:
            self._revoke(options["client_id"])

    def _create(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency with code {options['agency']!r}.")
        try:
            agreement = DataSharingAgreement.objects.get(pk=options["agreement"])
        except (DataSharingAgreement.DoesNotExist, ValidationError, ValueError) as exc:
            raise CommandError(f"No agreement {options['agreement']!r}.") from exc
        if agreement.consumer_id != agency.pk:
            raise CommandError("The agreement belongs to another agency.")
        try:
            issued = services.api_client_create(
                agency=agency,
                agreement=agreement,
                name=options["name"],
                rate_limit=options["rate_limit"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"client_id: {issued.client.client_id}")
        self.stdout.write(f"secret:    {issued.secret}")
        self.stdout.write(f"header:    Authorization: Bearer {issued.credential}")
        self.stdout.write(f"purpose:   X-Purpose: {agreement.purpose_code}")
        self.stdout.write(
            self.style.WARNING("The secret is shown only now; store it safely.")
        )

    def _revoke(self, client_id: str) -> None:
        client = ApiClient.objects.filter(client_id=client_id).first()
        if client is None:
            raise CommandError(f"No client {client_id!r}.")
        services.api_client_revoke(client=client)
        self.stdout.write(f"revoked: {client.client_id}")
