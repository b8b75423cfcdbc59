# SPDX-License-Identifier: EUPL-1.2
"""Staged records decrypted in bulk for linkage: the pool gives the serial frame.

``staged_frame`` reads the ciphertext and decrypts it column by column in chunks,
inline or in a pool of ``spawn`` processes (the import's sealing workers, given the
keyring through the pool's pipe). Both must give exactly the frame that the model
fields' own, value-by-value decryption gives.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from balai.registry.integration.models import StagedRecord
from balai.registry.integration.services import decrypting, frames
from balai.registry.integration.tests import test_import_columnar as generated
from balai.registry.integration.tests.test_import_pool import _import as imported
from balai.security.crypto.cipher import (
    DecryptionError,
    decrypt,
    decrypt_many,
    encrypt,
    encrypt_many,
)


def _batch(tmp_path, count: int):
    path = tmp_path / "peserta.csv"
    lines = generated._rows(random.Random(7), count)
    path.write_text(generated.HEADER + "\n" + "\n".join(lines) + "\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(generated.MAPPING)
    return imported(path, mapping, workers=0)


def _blank(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _field_by_field(batch) -> pd.DataFrame:
    """The frame as the model fields decrypt it, value by value (the old path)."""
    rows = []
    for record in StagedRecord.objects.filter(batch=batch).order_by("row_number"):
        born = record.birth_date
        rows.append(
            {
                "unique_id": f"s:{record.pk}",
                "source": record.source_system or batch.source.code,
                **{
                    name: _blank(getattr(record, name))
                    for name in frames.COLUMNS[2:]
                    if name != "birth_date"
                },
                "birth_date": born.isoformat() if born else None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(frames.COLUMNS)).astype(object)
    return frame.where(frame.notna(), None)


@pytest.mark.django_db
def test_the_pool_gives_exactly_the_serial_frame(sample_regions, tmp_path, monkeypatch):
    batch = _batch(tmp_path, 600)
    staged = StagedRecord.objects.filter(batch=batch)
    assert staged.count() > 200  # the generator also makes rows to reject
    monkeypatch.setattr(decrypting, "CHUNK", 37)  # several chunks in flight
    serial = frames.staged_frame(batch, workers=0)
    pooled = frames.staged_frame(batch, workers=2)
    expected = _field_by_field(batch)
    assert list(serial.columns) == list(frames.COLUMNS)
    pd.testing.assert_frame_equal(serial, expected)
    pd.testing.assert_frame_equal(pooled, serial)
    assert serial.equals(pooled)
    assert serial["full_name"].notna().all()
    for name in ("nik", "birth_date", "phone", "address"):  # values and blanks
        assert serial[name].notna().any() and serial[name].isna().any(), name


def test_decrypt_many_is_decrypt_per_value():
    texts = ["Siti Aminah", "", "  Budi ", "3273011208900001", "é ü"]
    context = "registry_integration.StagedRecord.full_name"
    tokens: list[str | None] = [*encrypt_many(texts, context), None]
    tokens.append(encrypt("one more", context))
    expected = [decrypt(t, context) if t else t for t in tokens]
    assert decrypt_many(tokens, context) == expected
    assert expected[:5] == texts and expected[5] is None


def test_decrypt_many_raises_what_decrypt_raises():
    context = "registry_integration.StagedRecord.nik"
    good = encrypt("3273011208900001", context)
    prefix, _sep, payload = good.rpartition(":")
    tampered = f"{prefix}:{'A' if payload[0] != 'A' else 'B'}{payload[1:]}"
    for bad in (
        tampered,  # authentication fails
        encrypt("3273011208900001", "another.column"),  # another column's token
        "v1:nokey:" + payload,  # a key the ring does not hold
        "v9:" + good[3:],  # not a Balai token
        "v1:" + good.split(":")[1] + ":not*base64",
    ):
        with pytest.raises(DecryptionError) as one:
            decrypt(bad, context)
        with pytest.raises(DecryptionError) as many:
            decrypt_many([good, bad], context)
        assert str(many.value) == str(one.value)


def test_small_batches_stay_serial(monkeypatch):
    monkeypatch.setattr(decrypting.os, "sched_getaffinity", lambda _pid: {0, 1})
    assert decrypting.auto_workers(decrypting.POOL_FROM_RECORDS - 1) == 0
    assert decrypting.auto_workers(decrypting.POOL_FROM_RECORDS) == 2
    monkeypatch.setattr(decrypting.os, "sched_getaffinity", lambda _pid: {0})
    assert decrypting.auto_workers(10 * decrypting.POOL_FROM_RECORDS) == 0
