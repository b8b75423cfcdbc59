# SPDX-License-Identifier: EUPL-1.2
"""Django's ``flush``, lifting the audit log's append-only triggers while it runs.

``flush`` empties every table (the test runner calls it after each transactional
test). The triggers refuse exactly that for the audit table: DELETE on SQLite and
TRUNCATE on PostgreSQL. Wiping a whole database is an administrator's act, as is
dropping a trigger, so this command lifts them for the flush and puts them back.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from balai.security.audit import triggers


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        present = triggers.TABLE in connection.introspection.table_names()
        if present:
            triggers.uninstall(connection)
        try:
            super().handle(**options)
        finally:
            if present:
                triggers.install(connection)
