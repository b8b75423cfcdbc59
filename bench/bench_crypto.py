# SPDX-License-Identifier: EUPL-1.2
"""The cost of encryption at rest: per value, and for whole person records.

Per value: AES-256-GCM encrypt and decrypt of a NIK-sized string, and one blind index.
Per record: ``accounts.User`` rows written (``bulk_create``) and read back (decrypting
five columns, computing three blind indexes) against the same code with the cipher
replaced by the identity, so the ratio is the price of encryption alone.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import serving

RECORDS = 2_000
VALUES = 20_000


def _setup_django(var_dir: str) -> None:
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.pop("BALAI_KEYRING", None)
    os.environ["BALAI_KEYRING_FILE"] = os.path.join(var_dir, "keyring.json")
    os.environ.setdefault("BALAI_ENV", "test")
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
    import django

    django.setup()
    serving.migrate()


def _per_value_us(func: Callable[[], Any], count: int = VALUES) -> float:
    for _ in range(200):
        func()
    started = time.perf_counter()
    for _ in range(count):
        func()
    return (time.perf_counter() - started) / count * 1e6


@contextmanager
def _plaintext_cipher() -> Any:
    """The fields' cipher swapped for the identity (the baseline), then restored."""
    from balai.security.crypto import fields

    saved = fields.encrypt, fields.decrypt
    fields.encrypt = lambda text, context: text
    fields.decrypt = lambda token, context: token
    try:
        yield
    finally:
        fields.encrypt, fields.decrypt = saved


def _records(batch: int, tag: str) -> list[Any]:
    from balai.accounts.models import User

    return [
        User(
            email=f"warga{tag}{n}@contoh.balai.test",
            phone=f"+628123{n:07d}",
            nik=f"3273011205{n:06d}",
            full_name=f"Warga Uji {n}",
            birth_date=dt.date(1990, 5, 12),
            password="!",
        )
        for n in range(batch)
    ]


def _throughput(tag: str) -> tuple[float, float]:
    """(records written per second, records read per second)."""
    from balai.accounts.models import User

    users = _records(RECORDS, tag)
    started = time.perf_counter()
    User.objects.bulk_create(users, batch_size=500)
    written = RECORDS / (time.perf_counter() - started)
    started = time.perf_counter()
    rows = [
        (u.email, u.phone, u.nik, u.full_name, u.birth_date)
        for u in User.objects.filter(email_index__isnull=False)
    ]
    read = len(rows) / (time.perf_counter() - started)
    User.objects.all().delete()
    return written, read


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        _setup_django(var_dir)
        from django.db import connections

        from balai.security.crypto.blind import blind_index
        from balai.security.crypto.cipher import decrypt, encrypt

        nik, context = "3273011205900001", "accounts.User.nik"
        token = encrypt(nik, context)
        enc = _per_value_us(lambda: encrypt(nik, context))
        dec = _per_value_us(lambda: decrypt(token, context))
        idx = _per_value_us(lambda: blind_index(nik, context=context))
        with _plaintext_cipher():
            plain_write, plain_read = _throughput("p")
        write, read = _throughput("e")
        connections.close_all()
    return [
        {"name": "encrypt one value", "value": enc, "unit": "µs", "ratio": 1.0},
        {"name": "decrypt one value", "value": dec, "unit": "µs", "ratio": dec / enc},
        {"name": "blind index", "value": idx, "unit": "µs", "ratio": idx / enc},
        {"name": "write person, plain", "value": plain_write, "unit": "rows/s",
         "ratio": 1.0},
        {"name": "write person, encrypted", "value": write, "unit": "rows/s",
         "ratio": write / plain_write},
        {"name": "read person, plain", "value": plain_read, "unit": "rows/s",
         "ratio": 1.0},
        {"name": "read person, encrypted", "value": read, "unit": "rows/s",
         "ratio": read / plain_read},
    ]  # fmt: skip
