# SPDX-License-Identifier: EUPL-1.2
"""``balai audit verify`` proves the audit chain intact; ``audit seal`` chains pending
entries; ``audit export`` dumps CSV.

``verify`` exits 0 when the chain is intact and 2 naming the first bad entry when it
is not; entries not sealed yet are reported apart. ``seal`` is the periodic step (run
it every minute from the host's scheduler): entries are normally sealed right after
their transaction commits, and this catches any left behind (a process that stopped
between its commit and its seal). ``export`` writes the selected entries as CSV to
standard output and records the export in the log.
"""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from argparse import ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.security.audit.export import audit_export, csv_lines
from balai.security.audit.seal import seal_pending
from balai.security.audit.verify import verify_chain
from balai.security.monitoring.constants import EventKind
from balai.security.monitoring.services import security_event_record
from balai.security.selectors import AuditFilters

BROKEN_EXIT_STATUS = 2


def _checkpoint(value: str) -> tuple[int | tuple[int, int], str]:
    position, _sep, entry_hash = value.partition(":")
    chain, slash, entry_id = position.rpartition("/")
    if (
        not entry_id.isdigit()
        or (slash and not chain.isdigit())
        or len(entry_hash) != 64
    ):
        raise ArgumentTypeError(
            "expected ID:HASH or CHAIN/ID:HASH (a 64-digit hex hash)"
        )
    point: int | tuple[int, int] = (
        (int(chain), int(entry_id)) if slash else int(entry_id)
    )
    return point, entry_hash.lower()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ArgumentTypeError("expected a date as YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "Verify the tamper-evident audit chain, or export audit entries as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser(
            "verify", help="Walk the whole chain; exit 2 at the first bad entry."
        )
        verify.add_argument(
            "--checkpoint",
            action="append",
            type=_checkpoint,
            default=[],
            metavar="ID:HASH",
            help="A head recorded earlier outside the database (repeatable; "
            "CHAIN/ID:HASH for a chain other than 1).",
        )
        commands.add_parser(
            "seal", help="Chain every committed entry not sealed yet (periodic)."
        )
        export = commands.add_parser(
            "export", help="Write entries as CSV to standard output (oldest first)."
        )
        export.add_argument("--from", dest="date_from", type=_date)
        export.add_argument("--to", dest="date_to", type=_date)
        export.add_argument("--action", default="")
        export.add_argument("--actor-id", type=uuid.UUID)
        export.add_argument("--agency-id", type=uuid.UUID)
        export.add_argument("--subject-id", type=uuid.UUID)
        export.add_argument("--object-type", default="")
        export.add_argument("--object-id", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self._verify(dict(options["checkpoint"]))
        elif options["subcommand"] == "seal":
            sealed = seal_pending()
            self.stdout.write(f"Sealed {sealed} audit entries.")
        else:
            self._export(options)

    def _verify(self, checkpoints: dict[int | tuple[int, int], str]) -> None:
        result = verify_chain(checkpoints=checkpoints)
        if not result.ok:
            details: dict[str, Any] = {
                "first_bad_id": result.first_bad_id,
                "code": result.code,
            }
            where = ""
            if result.chains > 1:
                details["chain"] = result.chain
                where = f" of chain {result.chain}"
            security_event_record(kind=EventKind.AUDIT_VERIFY_FAILED, details=details)
            raise CommandError(
                f"Audit chain broken at entry {result.first_bad_id}{where} "
                f"({result.code}): {result.reason}. {result.checked} entries "
                "before it verified.",
                returncode=BROKEN_EXIT_STATUS,
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {result.checked} entries.")
        )
        if result.unsealed:
            oldest = (
                result.oldest_unsealed.isoformat() if result.oldest_unsealed else ""
            )
            self.stdout.write(
                self.style.WARNING(
                    f"Not sealed yet: {result.unsealed} entries (HMAC valid; oldest "
                    f"from {oldest}). Sealing follows each commit; if they stay, "
                    "run `balai audit seal`."
                )
            )
        else:
            self.stdout.write("Not sealed yet: 0 entries.")
        if result.chains <= 1:
            self.stdout.write(
                f"Head: {result.last_id}:{result.last_hash} "
                "(record it elsewhere; pass it later as --checkpoint)."
            )
            return
        self.stdout.write(
            f"{result.chains} chains. Heads (record them elsewhere; pass them later "
            "as --checkpoint):"
        )
        for chain, (seq, entry_hash) in sorted(result.heads.items()):
            self.stdout.write(f"  {chain}/{seq}:{entry_hash}")

    def _export(self, options: dict[str, Any]) -> None:
        filters = AuditFilters(
            action=options["action"],
            actor_id=options["actor_id"],
            agency_id=options["agency_id"],
            subject_id=options["subject_id"],
            object_type=options["object_type"],
            object_id=options["object_id"],
            date_from=options["date_from"],
            date_to=options["date_to"],
        )
        entries = audit_export(
            actor=None, filters=filters, channel=f"command-line ({_os_user()})"
        )
        for line in csv_lines(entries):
            self.stdout.write(line, ending="")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"
