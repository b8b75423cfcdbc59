# SPDX-License-Identifier: EUPL-1.2
"""Loading, generating and validating the keyring; a bad one stops startup."""

from __future__ import annotations

import base64
import json
import logging
import os
import stat
import subprocess
import sys

from django.core.exceptions import ImproperlyConfigured

import pytest

from balai.security.crypto import keyring as keyring_module
from balai.security.crypto.keyring import (
    KeyringError,
    generate,
    keyring,
    parse,
    reset_cache,
    save,
)

KEY = base64.urlsafe_b64encode(b"\x01" * 32).decode()
KEY2 = base64.urlsafe_b64encode(b"\x02" * 32).decode()
INDEX = base64.urlsafe_b64encode(b"\x03" * 32).decode()
AUDIT = base64.urlsafe_b64encode(b"\x04" * 32).decode()
GOOD = {
    "version": 1,
    "active": "k1",
    "keys": {"k1": KEY, "k0": KEY2},
    "index_key": INDEX,
    "audit_key": AUDIT,
}


def _with(**changes: object) -> str:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not None})


def test_a_valid_keyring_parses_and_hides_its_keys_in_repr():
    ring = parse(json.dumps(GOOD), origin="test")
    assert ring.active == "k1"
    assert ring.keys["k0"] == b"\x02" * 32
    assert (ring.index_key, ring.audit_key) == (b"\x03" * 32, b"\x04" * 32)
    assert KEY not in repr(ring) and "k0" in repr(ring)


MALFORMED = [
    ("{not json", "not valid JSON"),
    ("[]", "must be a JSON object"),
    (_with(version=2), '"version" must be 1'),
    (_with(keys={}), '"keys" must be an object'),
    (_with(active=None), '"active" must name'),
    (_with(active="k9"), 'the active key id "k9" is not among its "keys"'),
    (_with(keys={"k1": "@@not base64@@"}), "key k1 is not valid urlsafe base64"),
    (_with(keys={"k1": base64.b64encode(b"x" * 16).decode()}), "32 bytes, not 16"),
    (_with(index_key=None), "index_key must be a base64 string"),
    (_with(audit_key=KEY[:-8]), "audit_key"),
    (_with(index_key=KEY), "must differ"),
    (_with(keys={KEY: KEY}, active=KEY), "key ids must be"),
]


@pytest.mark.parametrize(("raw", "problem"), MALFORMED)
def test_malformed_keyrings_fail_with_a_clear_message_and_no_key_material(raw, problem):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        parse(raw, origin="BALAI_KEYRING")
    message = str(excinfo.value)
    assert message.startswith("The keyring in BALAI_KEYRING is not usable: ")
    assert problem in message
    for secret in (KEY, KEY2, INDEX, AUDIT, KEY[:20]):
        assert secret not in message


def test_missing_keyring_is_generated_outside_production(settings, tmp_path, caplog):
    path = tmp_path / "var" / "keyring.json"
    settings.KEYRING_FILE = str(path)
    with caplog.at_level(logging.WARNING):
        ring = keyring()
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"Generated a development keyring at {path}" in caplog.text
    assert [p.name for p in path.parent.iterdir()] == ["keyring.json"]  # no temp
    reset_cache()
    again = keyring()
    assert again.active == ring.active and again.keys == ring.keys
    assert again.audit_key == ring.audit_key and len(ring.audit_key) == 32


def test_missing_keyring_in_production_is_an_error(settings, tmp_path):
    settings.PRODUCTION = True
    settings.KEYRING_FILE = str(tmp_path / "prod" / "keyring.json")
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        keyring()
    assert not (tmp_path / "prod").exists()
    settings.KEYRING_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="No keyring is configured"):
        keyring()


def test_keyring_from_the_environment_wins_and_is_read_only(settings):
    settings.KEYRING = json.dumps(GOOD)
    ring = keyring()
    assert ring.active == "k1" and ring.path is None
    with pytest.raises(KeyringError, match="BALAI_KEYRING"):
        save(ring.with_new_active_key())


def test_save_replaces_the_file_atomically_and_keeps_it_private(settings, tmp_path):
    path = tmp_path / "keys" / "ring.json"
    path.parent.mkdir()
    path.write_text(generate().to_json())
    settings.KEYRING_FILE = str(path)
    ring = keyring()
    save(ring.with_new_active_key())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    reloaded = keyring_module.keyring()
    assert reloaded.active != ring.active and ring.active in reloaded.keys
    assert sorted(p.name for p in path.parent.iterdir()) == ["ring.json"]


def test_unreadable_keyring_file_is_reported(settings, tmp_path):
    path = tmp_path / "keyring.json"
    path.write_text(generate().to_json())
    path.chmod(0)
    settings.KEYRING_FILE = str(path)
    if os.access(path, os.R_OK):  # running as root: permissions do not apply
        path.write_text("{")
        match = "not valid JSON"
    else:
        match = "cannot be read"
    with pytest.raises(ImproperlyConfigured, match=match):
        keyring()


def _balai(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    return subprocess.run(
        [sys.executable, "-c", f"from balai.cli import main; main({args!r})"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("keyring_json", "problem"),
    [
        ("{oops", "not valid JSON"),
        (_with(active="k7"), 'the active key id "k7" is not among its "keys"'),
        (_with(keys={"k1": KEY[:-6]}), "key k1"),
    ],
)
def test_migrate_with_a_bad_keyring_stops_before_writing_anything(
    tmp_path, keyring_json, problem
):
    var = tmp_path / "var"
    result = _balai(
        ["migrate"], {"BALAI_VAR_DIR": str(var), "BALAI_KEYRING": keyring_json}
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: The keyring in BALAI_KEYRING" in result.stderr
    assert problem in result.stderr
    assert KEY not in result.stderr + result.stdout
    assert not (var / "balai.sqlite3").exists()
    assert not list(var.glob("*.sqlite3*"))
    assert not (var / "keyring.json").exists()


def test_migrate_with_a_missing_production_keyring_file_stops(tmp_path):
    var = tmp_path / "var"
    result = _balai(
        ["migrate"],
        {
            "BALAI_VAR_DIR": str(var),
            "BALAI_ENV": "production",
            "BALAI_SECRET_KEY": "k7#Qz9!mP2$vL8@xR4^tW6&yB1*nC3(dF5)gH0_jK-=+aS;eU:iO",
            "BALAI_ALLOWED_HOSTS": "balai.example.go.id",
            "BALAI_KEYRING_FILE": str(var / "missing.json"),
            "BALAI_DATABASE_URL": f"sqlite:///{var / 'prod.sqlite3'}",
        },
    )
    assert result.returncode != 0
    assert "does not exist" in result.stderr
    assert not list(var.glob("*.sqlite3*"))


def test_init_writes_a_new_private_keyring_once(tmp_path):
    import json
    import subprocess
    import sys

    target = tmp_path / "etc" / "keyring.json"
    command = [sys.executable, "-m", "balai.security.crypto.init", str(target)]
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    data = json.loads(target.read_text())
    assert data["active"] in data["keys"]
    assert oct(target.stat().st_mode)[-3:] == "600"
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert json.loads(target.read_text()) == data
