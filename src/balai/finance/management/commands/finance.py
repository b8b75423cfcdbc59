# SPDX-License-Identifier: EUPL-1.2
"""``balai finance <subcommand>``: the finance app's operations.

- ``load-codes``: load the shipped code lists (idempotent);
- ``export-fdp OUTDIR [--year Y]``: write the Fiscal Data Package of a year (run
  nightly by the host's scheduler);
- ``import-budget FILE --version ID`` / ``import-sp2d FILE`` / ``import-cash-plan
  FILE``: SIPD-style exports (CSV or XLSX) as recorded import batches, with the
  rejection report (``--rejects OUT.csv``); re-running changes nothing and an
  interrupted run resumes after its last committed chunk.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Public finance: load code lists, export the Fiscal Data Package."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("load-codes", help="Load the shipped code lists.")
        fdp = sub.add_parser("export-fdp", help="Write the Fiscal Data Package.")
        fdp.add_argument("outdir")
        fdp.add_argument("--year", type=int, default=None)
        budget = sub.add_parser("import-budget", help="Import SIPD budget lines.")
        budget.add_argument("file")
        budget.add_argument("--version", dest="budget_version", required=True)
        budget.add_argument("--rejects", default="")
        alerts = sub.add_parser("alerts", help="Raise absorption alerts (daily).")
        alerts.add_argument("--year", type=int, default=None)
        sp2d = sub.add_parser("import-sp2d", help="Import SIPD SP2D realisation.")
        sp2d.add_argument("file")
        sp2d.add_argument("--rejects", default="")
        cash = sub.add_parser("import-cash-plan", help="Import the cash plan.")
        cash.add_argument("file")
        cash.add_argument("--rejects", default="")
        self.subparsers = sub

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "_" + options["subcommand"].replace("-", "_"))
        handler(**options)

    def _load_codes(self, **options: Any) -> None:
        from balai.finance.services.codes import codes_load_all

        for kind, result in codes_load_all().items():
            self.stdout.write(
                f"{kind}: {result.created} created, {result.renamed} renamed, "
                f"{result.unchanged} unchanged"
            )

    def _export_fdp(self, **options: Any) -> None:
        from pathlib import Path

        from django.core.management.base import CommandError

        from balai.finance.fdp import fdp_write
        from balai.finance.selectors import default_year

        year = options["year"] or default_year()
        if year is None:
            raise CommandError("No approved budget to export.")
        path = fdp_write(outdir=Path(options["outdir"]), year=year)
        self.stdout.write(f"Fiscal Data Package {year}: {path}")

    def _actor(self) -> Any:
        from django.contrib.auth import get_user_model

        from balai.accounts.constants import Role
        from balai.accounts.services import staff_acting_from_command

        user = (
            get_user_model()
            .objects.filter(
                groups__name=Role.FINANCE_OFFICER, is_active=True, is_staff=True
            )
            .order_by("date_joined")
            .first()
        )
        if user is None:
            from django.core.management.base import CommandError

            raise CommandError("No active finance officer to act as.")
        return staff_acting_from_command(user=user, purpose="SIPD import")

    def _report(self, result: Any, rejects: str) -> None:
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged}, rejected {len(result.rejected)}"
        )
        for rejection in result.rejected[:20]:
            self.stdout.write(
                f"  row {rejection.row} {rejection.field}: {rejection.reason}"
            )
        if rejects:
            from pathlib import Path

            Path(rejects).write_text(result.report_csv(), encoding="utf-8")

    def _import(self, kind: str, version: Any = None, **options: Any) -> None:
        from pathlib import Path

        from balai.finance.sipd import batch_import, batch_result

        path = Path(options["file"])
        batch = batch_import(
            actor=self._actor(),
            kind=kind,
            data=path.read_bytes(),
            file_name=path.name,
            version=version,
        )
        self.stdout.write(
            f"batch {batch.pk} ({batch.file_format}, {batch.rows_total} rows)"
        )
        self._report(batch_result(batch), options["rejects"])

    def _import_budget(self, **options: Any) -> None:
        from balai.finance.constants import ImportKind
        from balai.finance.services.budget import version_get

        self._import(
            ImportKind.BUDGET,
            version=version_get(pk=options["budget_version"]),
            **options,
        )

    def _import_sp2d(self, **options: Any) -> None:
        from balai.finance.constants import ImportKind

        self._import(ImportKind.SP2D, **options)

    def _import_cash_plan(self, **options: Any) -> None:
        from balai.finance.constants import ImportKind

        self._import(ImportKind.CASH_PLAN, **options)

    def _alerts(self, **options: Any) -> None:
        from django.utils import timezone

        from balai.finance.services.alerts import absorption_alerts_raise

        today = timezone.localdate()
        raised = absorption_alerts_raise(
            year=options["year"] or today.year, today=today
        )
        self.stdout.write(f"Absorption alerts raised: {len(raised)}")
