# SPDX-License-Identifier: EUPL-1.2
"""``balai demo``: the demo data and the logins to try it with (idempotent)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.accounts.seed import demo_logins


class Command(BaseCommand):
    help = "Seed the demo data (safe to run again) and print the URLs and logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--residents", type=int, default=50)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo refuses to run with BALAI_ENV=production.")
        base = f"http://127.0.0.1:{options['port']}"
        if not os.environ.get("BALAI_PUBLIC_BASE_URL"):
            # links printed on documents and in messages point at this demo
            settings.PUBLIC_BASE_URL = base
        call_command(
            "seed",
            residents=options["residents"],
            seed=options["seed"],
            no_progress=True,
            stdout=self.stdout,
        )
        # Statistics are aggregates of the register (cron rebuilds them in production).
        call_command("registry_stats", "rebuild", "--no-progress", stdout=self.stdout)
        out = self.stdout.write
        out("")
        out(self.style.SUCCESS("Balai demo is ready."))
        out(f"  Portal         {base}/")
        out(f"  Sign up        {base}/akun/daftar/")
        out(f"  Log in         {base}/akun/masuk/")
        out(f"  Staff area     {base}/akun/staf/")
        out(f"  Data Saya      {base}/data-saya/")
        out(f"  Services       {base}/layanan/")
        out(f"  Applications   {base}/permohonan/")
        out(f"  Officer inbox  {base}/petugas/permohonan/")
        out(f"  Verify a PDF   {base}/verify/")
        out(f"  Report (PWA)   {base}/lapor/")
        out(f"  Reports        {base}/laporan/ (officers: {base}/petugas/laporan/)")
        out(f"  Open311        {base}/open311/v2/discovery.json")
        out(f"  Register       {base}/register/penduduk/")
        out(f"  Integration    {base}/register/integrasi/")
        out(f"  Statistics     {base}/statistik/penduduk/")
        out(f"  Audit log      {base}/keamanan/audit/")
        out(f"  Back office    {base}/admin/")
        out(f"  API docs       {base}/api/docs/")
        out(f"  Outbox (codes) {settings.NOTIFICATIONS['file_dir']}")
        out(f"  Links in documents and messages: {settings.PUBLIC_BASE_URL}/")
        out("")
        out(f"Demo logins (password for all: {settings.DEMO_PASSWORD})")
        width = max(len(email) for email, _role, _agency in demo_logins())
        for email, role, agency in demo_logins():
            out(f"  {email.ljust(width)}  {role} ({agency})")
        out("Staff are asked to enrol two-factor authentication (TOTP) at first login.")
