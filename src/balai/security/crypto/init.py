# SPDX-License-Identifier: EUPL-1.2
"""``python -m balai.security.crypto.init PATH``: create a new production keyring.

Runs without Django settings (a production process refuses to start without a
keyring, so this cannot be a management command). The file is written with mode 0600
and never overwritten; keep a copy in a safe place — without it the data is lost.
"""

from __future__ import annotations

import sys
from pathlib import Path

from balai.security.crypto.keyformat import generate


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m balai.security.crypto.init PATH\n")
        return 2
    path = Path(args[0])
    if path.exists():
        sys.stderr.write(f"{path} exists; refusing to overwrite a keyring.\n")
        return 1
    ring = generate(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        path.chmod(0o600)
        handle.write(ring.to_json())
    sys.stdout.write(f"Wrote a new keyring with active key {ring.active} to {path}.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
