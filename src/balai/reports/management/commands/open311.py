# SPDX-License-Identifier: EUPL-1.2
"""``balai open311 create-key NAME`` prints a new API key (shown once);
``balai open311 list`` and ``balai open311 revoke PREFIX`` manage the others."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import BalaiError
from balai.reports.models import Open311Client
from balai.reports.services import open311_client_create, open311_client_revoke


class Command(BaseCommand):
    help = "Manage Open311 API keys of client applications."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create-key", help="Create a client and print its key.")
        create.add_argument("name")
        sub.add_parser("list", help="List clients (never their keys).")
        revoke = sub.add_parser("revoke", help="Revoke a client by key prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create-key":
            try:
                client, key = open311_client_create(name=options["name"])
            except BalaiError as exc:
                raise CommandError(exc.message) from exc
            self.stderr.write(f"Open311 client {client.name} created; keep this key:")
            self.stdout.write(key)
        elif action == "list":
            for client in Open311Client.objects.all():
                state = "active" if client.is_active else "revoked"
                self.stdout.write(f"{client.key_prefix}\t{state}\t{client.name}")
        else:
            found = Open311Client.objects.filter(key_prefix=options["prefix"]).first()
            if found is None:
                raise CommandError("No client with that key prefix.")
            open311_client_revoke(client=found, actor=None)
            self.stdout.write(f"revoked {found.key_prefix}")
