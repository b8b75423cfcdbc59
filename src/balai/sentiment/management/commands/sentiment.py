# SPDX-License-Identifier: EUPL-1.2
"""``balai sentiment <action>``: train, evaluate, classify, import, fetch, spikes,
topics, purge. Each action parses its arguments, calls the ml package or a service,
and reports on stdout (docs/sentiment.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import BalaiError
from balai.sentiment.management.commands import _classify, _train


class Command(BaseCommand):
    help = "Sentiment analysis: train, evaluate, classify, import, fetch, insight."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="train the model(s) from the data files")
        train.add_argument(
            "--quality", action="store_true", help="also fine-tune e5 (PyTorch)"
        )
        train.add_argument("--output", default="", help="artefact folder")
        train.add_argument("--data", default="", help="folder with smsa/ and emot/")
        train.add_argument(
            "--no-corrections", action="store_true", help="ignore officers' labels"
        )
        evaluate = sub.add_parser("evaluate", help="macro-F1 beside the anchors")
        evaluate.add_argument(
            "--fast", action="store_true", help="the fast model, not the quality one"
        )
        evaluate.add_argument("--model-dir", default="")
        evaluate.add_argument("--data", default="")
        classify = sub.add_parser("classify", help="label a JSONL file of id/text")
        classify.add_argument("input")
        classify.add_argument("--output", required=True)
        classify.add_argument(
            "--fast", action="store_true", help="the fast model, not the quality one"
        )
        imp = sub.add_parser("import", help="ingest a CSV or JSONL file of posts")
        imp.add_argument("file")
        imp.add_argument("--platform", default="")
        fetch = sub.add_parser("fetch", help="ingest from a connector")
        fetch.add_argument("connector", choices=["mastodon"])
        fetch.add_argument("--instance", required=True)
        fetch.add_argument("--tag", required=True)
        fetch.add_argument("--pages", type=int, default=1)
        spikes = sub.add_parser("spikes", help="test today's negative share")
        spikes.add_argument("--day", default="")
        topics = sub.add_parser("topics", help="cluster recent negative posts")
        topics.add_argument("--days", type=int, default=30)
        topics.add_argument("--agency", default="")
        purge = sub.add_parser("purge", help="delete posts past retention")
        purge.add_argument("--days", type=int, default=None)
        purge.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"_{action}")(options)
        except BalaiError as exc:
            details = "; ".join(
                f"{key}: {', '.join(map(str, values))}"
                for key, values in list((exc.field_errors or {}).items())[:20]
            )
            raise CommandError(f"{exc.message} {details}".strip()) from exc

    def _train(self, options: dict[str, Any]) -> None:
        _train.train(self.stdout, options)

    def _evaluate(self, options: dict[str, Any]) -> None:
        _train.evaluate(self.stdout, options)

    def _classify(self, options: dict[str, Any]) -> None:
        from balai.sentiment import classify

        quality = not options["fast"] and classify.quality_available()
        count = _classify.classify_file(
            Path(options["input"]), Path(options["output"]), quality=quality
        )
        version = classify.version(quality=quality)
        self.stdout.write(
            f"{count} posts classified by {version} → {options['output']}"
        )

    def _import(self, options: dict[str, Any]) -> None:
        from balai.sentiment.files import parse_upload
        from balai.sentiment.services import posts_ingest

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        rows = parse_upload(path.name, path.read_bytes())
        created = duplicates = 0
        for start in range(0, len(rows), 1000):
            result = posts_ingest(
                items=rows[start : start + 1000],
                source="upload",
                platform=options["platform"],
            )
            created += len(result.created)
            duplicates += result.duplicates
        self.stdout.write(f"{created} posts imported, {duplicates} already known")

    def _fetch(self, options: dict[str, Any]) -> None:
        from balai.sentiment.connectors import CONNECTORS, FetchError
        from balai.sentiment.services import posts_ingest

        connector = CONNECTORS[options["connector"]](
            instance=options["instance"], tag=options["tag"], pages=options["pages"]
        )
        try:
            rows = list(connector.rows())
        except FetchError as exc:
            raise CommandError(f"{options['connector']}: {exc}") from exc
        result = posts_ingest(items=rows, source="connector") if rows else None
        created = len(result.created) if result else 0
        self.stdout.write(f"{created} new posts from {options['connector']}")

    def _spikes(self, options: dict[str, Any]) -> None:
        from balai.sentiment.services import spikes_detect

        try:
            day = dt.date.fromisoformat(options["day"]) if options["day"] else None
        except ValueError as exc:
            raise CommandError("--day must be YYYY-MM-DD") from exc
        alerts = spikes_detect(day=day)
        for alert in alerts:
            self.stdout.write(
                f"spike {alert.agency_code} {alert.day}: "
                f"{alert.negative}/{alert.total} negative vs baseline "
                f"{alert.baseline_rate:.1%} (p={alert.p_value:.1e})"
            )
        self.stdout.write(f"{len(alerts)} new spike alerts")

    def _topics(self, options: dict[str, Any]) -> None:
        from balai.sentiment.services import topics_rebuild

        found = topics_rebuild(days=options["days"], agency_code=options["agency"])
        for topic in found:
            self.stdout.write(f"{topic.size:>5}  {topic.terms}")
        self.stdout.write(f"{len(found)} topics")

    def _purge(self, options: dict[str, Any]) -> None:
        from balai.sentiment.services import posts_purge

        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        counts = posts_purge(days=days, dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        limit = days or settings.SENTIMENT_RETENTION_DAYS
        self.stdout.write(
            f"{verb} {counts['posts']} posts, {counts['topics']} topics, "
            f"{counts['alerts']} alerts older than {limit} days"
        )
