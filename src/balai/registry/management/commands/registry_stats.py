# SPDX-License-Identifier: EUPL-1.2
"""``balai registry_stats rebuild``: recount the public population statistics (cron).

Reads every resident once (streamed, a progress bar on stderr), replaces the snapshot
of the day (or ``--as-of``) and, with ``--keep N``, deletes all but the N latest
snapshots. Idempotent: running it twice on a day gives the same table.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    OutputWrapper,
)

from tqdm import tqdm

from balai.registry.statistics import selectors, services

logger = logging.getLogger(__name__)


class _RawWriter:
    """Lets tqdm redraw its bar in place through Django's OutputWrapper."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, ending="")

    def flush(self) -> None:
        self._wrapper.flush()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Rebuild the aggregate population statistics from the register."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rebuild = actions.add_parser("rebuild", help="Recount all residents.")
        rebuild.add_argument(
            "--as-of", type=_date, default=None, help="Snapshot date (default today)."
        )
        rebuild.add_argument(
            "--chunk-size",
            type=int,
            default=services.CHUNK_SIZE,
            help="Residents fetched per round trip (default %(default)s).",
        )
        rebuild.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Afterwards keep only this many latest snapshots (0: keep all).",
        )
        rebuild.add_argument(
            "--no-progress", action="store_true", help="No progress bar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk_size"] < 1 or options["keep"] < 0:
            raise CommandError("--chunk-size must be positive and --keep not negative.")
        bar = tqdm(
            total=selectors.resident_total(),
            unit="residents",
            file=_RawWriter(self.stderr),
            disable=options["no_progress"],
            dynamic_ncols=True,
        )
        try:
            with bar:
                result = services.population_stats_rebuild(
                    as_of=options["as_of"],
                    chunk_size=options["chunk_size"],
                    progress=bar.update,
                )
            pruned = 0
            if options["keep"]:
                pruned = services.population_stats_prune(keep=options["keep"])
        except Exception as exc:
            logger.exception("registry.population_stats_rebuild_failed")
            raise CommandError(f"Rebuilding the statistics failed: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Snapshot {result.snapshot}: {result.counted} residents counted "
                f"({result.skipped} skipped) in {result.cells} cells"
                + (f"; {pruned} old rows deleted." if pruned else ".")
            )
        )
