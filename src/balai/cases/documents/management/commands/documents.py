# SPDX-License-Identifier: EUPL-1.2
"""``balai documents dev-ca|cert-status|verify``: signing certificates and checks.

``dev-ca`` creates a development root CA and a signing certificate for every active
agency that lacks one (idempotent; refused in production, where certificates come
from a recognised PSrE such as BSrE). ``cert-status`` lists agencies with and
without a usable certificate and when each expires. ``verify FILE`` checks a PDF
as the public page does.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from balai.accounts.models import Agency
from balai.cases.documents.outcomes import TEXTS
from balai.cases.documents.pki.devca import (
    AGENCY_DAYS,
    KEY_TYPES,
    DevCaError,
    ensure_dev_pki,
)
from balai.cases.documents.pki.store import (
    certificate_status,
    signing_dir,
    trust_root_paths,
)
from balai.cases.documents.verification import verify_pdf


class Command(BaseCommand):
    help = "Manage document-signing certificates and check signed PDFs."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        dev_ca = actions.add_parser(
            "dev-ca", help="Create a development CA and agency certificates."
        )
        dev_ca.add_argument(
            "--dir", type=Path, default=None, help="default: SIGNING_DIR"
        )
        dev_ca.add_argument("--key-type", choices=KEY_TYPES, default="ec")
        dev_ca.add_argument("--days", type=int, default=AGENCY_DAYS)
        dev_ca.add_argument(
            "--agency", action="append", default=[], help="only this agency code"
        )
        status = actions.add_parser("cert-status", help="Agencies and certificates.")
        status.add_argument("--dir", type=Path, default=None)
        check = actions.add_parser("verify", help="Check a signed PDF file.")
        check.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options.get("dir")
        with (
            override_settings(SIGNING_DIR=directory.resolve())
            if directory
            else nullcontext()
        ):
            if options["action"] == "dev-ca":
                self.dev_ca(options)
            elif options["action"] == "cert-status":
                self.cert_status()
            else:
                self.verify(options["file"])

    def dev_ca(self, options: dict[str, Any]) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refusing to create a development CA in production: install the "
                "agencies' certificates from a recognised PSrE in SIGNING_DIR."
            )
        agencies = Agency.objects.filter(is_active=True).select_related("unit")
        if options["agency"]:
            agencies = agencies.filter(code__in=options["agency"])
            missing = set(options["agency"]) - {a.code for a in agencies}
            if missing:
                raise CommandError(
                    f"unknown agency code(s): {', '.join(sorted(missing))}"
                )
        try:
            report = ensure_dev_pki(
                signing_dir(),
                agencies,
                key_type=options["key_type"],
                days=options["days"],
            )
        except DevCaError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout.write
        out(f"signing directory: {signing_dir()}")
        out(f"development CA: {'created' if report.ca_created else 'present'}")
        for code in report.created:
            out(f"  created  {code}")
        for code in report.existing:
            out(f"  present  {code}")
        self.stdout.write(self.style.SUCCESS("Development certificates are in place."))

    def cert_status(self) -> None:
        warn_days = settings.SIGNING_EXPIRY_WARNING_DAYS
        out = self.stdout.write
        out(f"signing directory: {signing_dir()}")
        roots = ", ".join(
            f"{path}{'' if path.exists() else ' (missing)'}"
            for path in trust_root_paths()
        )
        out(f"trust roots: {roots}")
        missing = 0
        for agency in Agency.objects.filter(is_active=True).order_by("code"):
            status = certificate_status(agency.code)
            if status.error:
                out(self.style.ERROR(f"  {agency.code:<32} unusable: {status.error}"))
                missing += 1
            elif not status.present:
                out(self.style.WARNING(f"  {agency.code:<32} no certificate"))
                missing += 1
            else:
                line = (
                    f"  {agency.code:<32} expires {status.not_after:%Y-%m-%d} "
                    f"({status.days_left} days)  {status.subject}"
                )
                expiring = (
                    status.days_left is not None and status.days_left <= warn_days
                )
                out(self.style.WARNING(line) if expiring else line)
        if missing:
            out(f"{missing} active agenc{'y' if missing == 1 else 'ies'} cannot sign.")

    def verify(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        result = verify_pdf(path.read_bytes())
        _tone, title, _detail = TEXTS[result.outcome]
        self.stdout.write(f"outcome: {result.outcome.value} ({title})")
        if result.signature is not None:
            sig = result.signature
            self.stdout.write(
                f"intact: {sig.intact}  valid: {sig.valid}  trusted: {sig.trusted}  "
                f"whole file: {sig.covers_whole_file}  "
                f"modified after signing: {sig.modified_after_signing}"
            )
        if result.summary is not None:
            doc = result.summary
            self.stdout.write(
                f"document: {doc.title_id} {doc.number} ({doc.agency_name})"
            )
        if not result.genuine:
            raise CommandError("The file is not an authentic issued document.")
