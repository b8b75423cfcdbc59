# SPDX-License-Identifier: EUPL-1.2
"""Issued documents: time to lay out + sign + store one PDF, and to verify one.

Per document, for an EC P-256 and an RSA-3072 agency key: ``document_issue`` (layout
with reportlab, QR with segno, PAdES B-B with pyHanko, private storage, database row,
audit entry) and the public upload check (pyHanko validation against the trust roots
plus the register lookup). The ratio compares each row with issuing under EC.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from typing import Any

import serving

DOCUMENTS = 40
WARM_UP = 3


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.pop("BALAI_KEYRING", None)
    os.environ["BALAI_KEYRING_FILE"] = os.path.join(var_dir, "keyring.json")
    os.environ["BALAI_SIGNING_DIR"] = os.path.join(var_dir, "pki")
    os.environ.pop("BALAI_SIGNING_TRUST_ROOTS", None)
    os.environ.pop("BALAI_SIGNING_TSA_URL", None)
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django

    django.setup()
    serving.migrate()


def _agency(code: str, key_type: str) -> Any:
    from django.conf import settings

    from balai.accounts.models import Agency, GovernmentUnit
    from balai.cases.documents.pki.devca import ensure_dev_pki

    unit, _created = GovernmentUnit.objects.get_or_create(
        name="Pemerintah Kota Bench", defaults={"level": "city"}
    )
    agency = Agency.objects.create(
        unit=unit,
        code=code,
        name="Dinas Kependudukan dan Pencatatan Sipil",
        short_name=code,
    )
    ensure_dev_pki(settings.SIGNING_DIR, [agency], key_type=key_type)
    return agency


def _per_document_ms(func: Callable[[int], Any]) -> float:
    for n in range(WARM_UP):
        func(-1 - n)
    started = time.perf_counter()
    for n in range(DOCUMENTS):
        func(n)
    return (time.perf_counter() - started) / DOCUMENTS * 1000


def _issue(agency: Any, tag: str) -> Callable[[int], Any]:
    from balai.cases.documents.services import document_issue

    fields = [
        ("Nama", "Budi Santoso"),
        ("Tempat lahir", "Bandung"),
        ("Tanggal lahir", "12 Mei 2026"),
        ("Nama ayah", "Agus Santoso"),
        ("Nama ibu", "Sri Wahyuni"),
    ]
    issued: list[Any] = []

    def one(n: int) -> Any:
        document = document_issue(
            agency=agency,
            template="akta-kelahiran",
            title_id="Kutipan Akta Kelahiran",
            title_en="Extract of Birth Certificate",
            number=f"3273-LU-{tag}-{n:05d}",
            reference=f"PMH-2026-{n:06d}",
            holder_name="Budi Santoso",
            fields=fields,
            issued_by=None,
        )
        issued.append(document)
        return document

    one.issued = issued  # type: ignore[attr-defined]
    return one


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.db import connections

        from balai.cases.documents.constants import Outcome
        from balai.cases.documents.selectors import document_pdf
        from balai.cases.documents.verification import verify_pdf

        rows: list[dict] = []
        baseline = 0.0
        for key_type in ("ec", "rsa"):
            issue = _issue(_agency(f"bench-{key_type}", key_type), key_type)
            issue_ms = _per_document_ms(issue)
            files = [document_pdf(d) for d in issue.issued[-DOCUMENTS:]]  # type: ignore[attr-defined]

            def verify(n: int, files: list[bytes] = files) -> None:
                result = verify_pdf(files[n % len(files)])
                assert result.outcome == Outcome.AUTHENTIC, result.outcome

            verify_ms = _per_document_ms(verify)
            baseline = baseline or issue_ms
            label = "EC P-256" if key_type == "ec" else "RSA 3072"
            rows += [
                {"name": f"issue + sign + store, {label}", "value": issue_ms,
                 "unit": "ms/doc", "ratio": issue_ms / baseline},
                {"name": f"verify uploaded PDF, {label}", "value": verify_ms,
                 "unit": "ms/doc", "ratio": verify_ms / baseline},
            ]  # fmt: skip
            size = sum(len(f) for f in files) / len(files) / 1024
            rows.append({"name": f"PDF size, {label}", "value": size, "unit": "KiB"})
        connections.close_all()
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
