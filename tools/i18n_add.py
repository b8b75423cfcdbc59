#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Add or update Indonesian translations in the catalogue and recompile it.

    python3 tools/i18n_add.py translations.json

The JSON file maps English msgids to Indonesian strings; a plural entry is
``{"msgid": {"plural": "...", "id": ["one", "many"]}}``; an entry with a context is
keyed ``"context\\u0004msgid"``. Runs under a file lock, so several people may add
translations at once. ``make messages`` later keeps them and marks unused ones
obsolete.
Needs polib (``pip install polib``; not a runtime dependency).
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/balai/locale/id/LC_MESSAGES/django.po"


def main(path: str) -> int:
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    with open("/tmp/balai-i18n.lock", "w") as lock:  # noqa: S108 (a lock only)
        fcntl.flock(lock, fcntl.LOCK_EX)
        catalogue = polib.pofile(str(PO), wrapwidth=79)
        added = updated = 0
        for key, value in entries.items():
            context, _sep, msgid = key.rpartition("\u0004")
            entry = catalogue.find(msgid, msgctxt=context or False)
            if isinstance(value, dict):
                plural, forms = value["plural"], value["id"]
                msgstr_plural = {0: forms[-1]}
                if entry is None:
                    entry = polib.POEntry(
                        msgid=msgid, msgid_plural=plural, msgstr_plural=msgstr_plural
                    )
                    if context:
                        entry.msgctxt = context
                    catalogue.append(entry)
                    added += 1
                else:
                    entry.msgstr_plural = msgstr_plural
                    updated += 1
            elif entry is None:
                entry = polib.POEntry(msgid=msgid, msgstr=value)
                if context:
                    entry.msgctxt = context
                catalogue.append(entry)
                added += 1
            else:
                entry.msgstr = value
                updated += 1
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.obsolete = False
        catalogue.save(str(PO))
        catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{added} added, {updated} updated; {PO.relative_to(ROOT)} compiled")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
