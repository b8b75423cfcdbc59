# SPDX-License-Identifier: EUPL-1.2
"""``balai assistant train`` (the intent model, shipped in the package) and
``balai assistant evaluate FILE.jsonl`` (docs/assistant.md)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.assistant.nlu import classifier, training
from balai.core.errors import BalaiError


class Command(BaseCommand):
    help = "Asisten Balai: train the intent model, evaluate on a JSONL file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser(
            "train", help="train the intent model from data/train.tsv"
        )
        train.add_argument("--output", default="", help="artefact folder")
        evaluate = sub.add_parser("evaluate", help="figures over a JSONL file")
        evaluate.add_argument("file")
        evaluate.add_argument("--errors", type=int, default=0, help="show N errors")
        evaluate.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except BalaiError as exc:
            raise CommandError(exc.message) from exc

    def _train(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        rows = training.examples()
        model = classifier.IntentModel().fit(
            [r.text for r in rows], [r.intent for r in rows]
        )
        model.version = f"intent-{model.fingerprint()[:8]}"
        model.card = {
            "version": model.version,
            "examples": len(rows),
            "templates": len(training.read_templates()),
            "data_digest": training.digest(rows),
            "intents": model.labels,
            "seconds": round(time.perf_counter() - started, 1),
        }
        target = Path(options["output"]) if options["output"] else classifier.PACKAGED
        path = classifier.save(model, target)
        classifier.reset_cache()
        self.stdout.write(
            f"trained {model.version} on {len(rows)} examples → {path} "
            f"({path.stat().st_size // 1024} KiB)"
        )

    def _evaluate(self, options: dict[str, Any]) -> None:
        from balai.assistant.evaluation import evaluate, format_result, read_cases

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        result = evaluate(read_cases(path))
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
        else:
            self.stdout.write(format_result(result, errors=options["errors"]))
