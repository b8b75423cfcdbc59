# SPDX-License-Identifier: EUPL-1.2
"""Fresh primary keys written by the import (``importing.bulk._fresh_hex_keys``)."""

from __future__ import annotations

import uuid

from balai.registry.integration.importing.bulk import _fresh_hex_keys


def test_fresh_keys_are_random_version_4_uuids_in_lowercase_hex() -> None:
    keys = _fresh_hex_keys(5000)
    assert len(keys) == 5000
    assert len(set(keys)) == 5000
    for key in keys:
        parsed = uuid.UUID(hex=key)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert parsed.hex == key  # 32 lowercase hex digits, as uuid4().hex
    # every other bit is random: each hex digit position but the fixed ones varies
    fixed = {12}  # the version digit (the variant digit keeps two random bits)
    for position in range(32):
        if position not in fixed:
            assert len({key[position] for key in keys}) > 1


def test_no_keys() -> None:
    assert _fresh_hex_keys(0) == []
