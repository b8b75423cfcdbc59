# SPDX-License-Identifier: EUPL-1.2
"""``balai registry <action>``: the register's integration work from the command line.

Actions: ``import`` (stage a file from another agency), ``rejections`` (the
row-level report of a batch's rejected rows), ``link`` (link a staged batch to the
register), ``links`` (export a batch's clusters and links), ``train-model``
(retrain and version the linkage model) and ``nik-provinces`` (fill the NIK's
province of residents written before that column existed). Each action is a small
class in ``ACTIONS`` with ``add_arguments`` and ``handle``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import BalaiError
from balai.registry.integration.importing.report import batch_get, rejections_write
from balai.registry.integration.importing.services import import_file
from balai.registry.services.nik_province import BATCH_SIZE, nik_provinces_fill


class Action:
    """One ``balai registry`` sub-command."""

    name: ClassVar[str]
    help: ClassVar[str]

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare this action's own arguments."""

    def handle(self, command: BaseCommand, options: dict[str, Any]) -> None:
        raise NotImplementedError


class ImportAction(Action):
    name = "import"
    help = "Stage a CSV, XLSX or JSONL file from another agency's system."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source", help="source code, as in the mapping's source.code"
        )
        parser.add_argument("file", help="the file to import")
        parser.add_argument(
            "--mapping", required=True, help="the YAML mapping of their columns to ours"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="import a file already imported (or restart an interrupted one)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, command: BaseCommand, options: dict[str, Any]) -> None:
        batch = import_file(
            source_code=options["source"],
            path=Path(options["file"]),
            mapping_path=Path(options["mapping"]),
            force=options["force"],
            progress=not options["no_progress"],
            progress_file=sys.stderr,
        )
        out = command.stdout
        out.write(f"batch {batch.pk} ({batch.source.code}, {batch.file_name})")
        out.write(f"  rows read:     {batch.rows_total}")
        out.write(f"  staged:        {batch.rows_staged}")
        out.write(f"  with warnings: {batch.rows_warned}")
        out.write(f"  rejected:      {batch.rows_rejected}")
        villages = batch.villages or {}
        if villages.get("asked"):
            asked, resolved = villages["asked"], villages.get("resolved", 0)
            out.write(
                f"  villages:      {resolved} of {asked} rows resolved "
                f"({100 * resolved / asked:.1f}%)"
            )
            for label, rows in list((villages.get("unresolved") or {}).items())[:20]:
                out.write(f"    unresolved:  {label} ({rows} rows)")
        if batch.rows_rejected:
            out.write(
                f"See why: balai registry rejections {batch.pk} --output rejections.csv"
            )
        out.write(command.style.SUCCESS("Import staged."))


class RejectionsAction(Action):
    name = "rejections"
    help = "Write the row-level report of a batch's rejected rows as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch_id", help="the batch id (or a unique prefix of it)")
        parser.add_argument("--output", help="CSV file to write (default: stdout)")
        parser.add_argument(
            "--with-data",
            action="store_true",
            help="add each original row (personal data; the export is audited)",
        )

    def handle(self, command: BaseCommand, options: dict[str, Any]) -> None:
        batch = batch_get(options["batch_id"])
        if not options["output"]:
            rejections_write(
                batch=batch, out=command.stdout, with_data=options["with_data"]
            )
            return
        target = Path(options["output"])
        try:
            with target.open("w", encoding="utf-8", newline="") as handle:
                count = rejections_write(
                    batch=batch, out=handle, with_data=options["with_data"]
                )
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc.strerror}") from exc
        command.stderr.write(
            f"{count} reasons for {batch.rows_rejected} rows: {target}"
        )


class LinkAction(Action):
    name = "link"
    help = "Link a staged batch to the register with the current linkage model."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch_id", help="the batch id (or a unique prefix of it)")
        parser.add_argument(
            "--model", help="model version (default: the shipped current one)"
        )

    def handle(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from balai.registry.integration.linkage import load_model
        from balai.registry.integration.services import batch_link

        batch = batch_get(options["batch_id"])
        run = batch_link(batch, model=load_model(options["model"]))
        command.stdout.write(
            f"batch {batch.pk}: model {run.model_version} "
            f"(auto from {run.upper_threshold}, review from {run.lower_threshold})\n"
            f"  linked automatically   {run.linked}\n"
            f"  waiting for review     {run.review}\n"
            f"  new-resident candidates {run.new}\n"
            f"  duplicates in the file {run.duplicates}\n"
            f"  {run.seconds:.1f} s; review at /register/integrasi/tinjau/"
        )


class TrainModelAction(Action):
    name = "train-model"
    help = "Retrain the linkage model on generated data; writes a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("version", help="the new version, e.g. 2027.1")
        parser.add_argument(
            "--records", type=int, default=1_000_000, help="training set size"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--output-dir", help="write here instead of the package's artefacts"
        )
        parser.add_argument(
            "--no-current",
            action="store_true",
            help="do not make the new version the current one",
        )

    def handle(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from balai.registry.integration.linkage import retrain

        output = Path(options["output_dir"]) if options["output_dir"] else None
        model = retrain(
            options["version"],
            n=options["records"],
            seed=options["seed"],
            output_dir=output,
            make_current=not options["no_current"],
        )
        metrics = model.metadata.get("metrics", {})
        command.stdout.write(
            f"model {model.version}: auto-link from {model.upper}, "
            f"review from {model.lower}; metrics {metrics}"
        )


class LinksAction(Action):
    name = "links"
    help = "Write a linked batch's clusters and links as CSV (record ids only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch_id", help="the batch id (or a unique prefix of it)")
        parser.add_argument("--output", help="CSV file to write (default: stdout)")

    def handle(self, command: BaseCommand, options: dict[str, Any]) -> None:
        from balai.registry.integration.selectors import batch_links_write

        batch = batch_get(options["batch_id"])
        if not options["output"]:
            batch_links_write(batch=batch, out=command.stdout)
            return
        target = Path(options["output"])
        try:
            with target.open("w", encoding="utf-8", newline="") as handle:
                count = batch_links_write(batch=batch, out=handle)
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc.strerror}") from exc
        command.stderr.write(f"{count} records of batch {batch.pk}: {target}")


class NikProvincesAction(Action):
    name = "nik-provinces"
    help = (
        "Fill the province of the NIK of residents written before that column "
        "existed (in batches; resumable)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, command: BaseCommand, options: dict[str, Any]) -> None:
        filled = nik_provinces_fill(batch_size=options["batch_size"])
        command.stdout.write(f"{filled} residents given the province of their NIK.")


ACTIONS: list[Action] = [
    ImportAction(),
    RejectionsAction(),
    LinkAction(),
    LinksAction(),
    TrainModelAction(),
    NikProvincesAction(),
]


class Command(BaseCommand):
    help = "Integrate other agencies' records into the population register."
    # Every system check but the URL configuration's: importing every view (and with
    # them scikit-learn, pyHanko, ReportLab, DRF) took 190 MB of a 480 MB
    # ``registry link`` at 20,000 records, for a command that serves no page.
    requires_system_checks = [
        tag
        for name, tag in vars(Tags).items()
        if not name.startswith("_") and tag != Tags.urls
    ]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for action in ACTIONS:
            action.add_arguments(sub.add_parser(action.name, help=action.help))

    def handle(self, *args: Any, **options: Any) -> None:
        action = next(a for a in ACTIONS if a.name == options["action"])
        try:
            action.handle(self, options)
        except BalaiError as exc:
            raise CommandError(exc.message) from exc
