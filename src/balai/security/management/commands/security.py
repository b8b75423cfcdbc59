# SPDX-License-Identifier: EUPL-1.2
"""``balai security scan``: run the time-window monitoring rules (for cron).

Exit status 0 either way; alerts go to the dashboard (/keamanan/peringatan/) and to
the security officers.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.security.monitoring.scan import security_scan


class Command(BaseCommand):
    help = "Security monitoring: run the time-window rules (mass reads)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser(
            "scan", help="Count person-record reads per actor; raise alerts."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = security_scan()
        self.stdout.write(
            f"Security scan: {report.offenders} actor(s) above the mass-read "
            f"threshold, {report.events_recorded} new event(s) recorded."
        )
