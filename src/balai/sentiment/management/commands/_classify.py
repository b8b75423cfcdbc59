# SPDX-License-Identifier: EUPL-1.2
"""``balai sentiment classify IN.jsonl --output OUT.jsonl [--fast]``: every input line
``{"id": ..., "text": ...}`` gives one output line ``{"id", "label", "score"}`` in the
same order, by the quality model (the fast one with ``--fast``, or when no quality
model is installed). A bad line stops the run with its number, and the output file
is only written (atomically) when every line was good."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

from balai.sentiment import classify

BATCH = 512


def _read(path: Path) -> list[tuple[object, str]]:
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    rows = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise CommandError(f"{path}:{number}: not valid JSON") from exc
            if not isinstance(item, dict) or "id" not in item:
                raise CommandError(f"{path}:{number}: needs an object with an id")
            text = item.get("text")
            if not isinstance(text, str):
                raise CommandError(f"{path}:{number}: text must be a string")
            rows.append((item["id"], text))
    return rows


def classify_file(source: Path, target: Path, *, quality: bool = False) -> int:
    rows = _read(source)
    out = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        predictions = classify.classify([text for _id, text in chunk], quality=quality)
        for (identifier, _text), prediction in zip(chunk, predictions, strict=True):
            out.append(
                json.dumps(
                    {
                        "id": identifier,
                        "label": prediction.label,
                        "score": prediction.score,
                    },
                    ensure_ascii=False,
                )
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".classify-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + ("\n" if out else ""))
    Path(temp).replace(target)
    return len(out)
