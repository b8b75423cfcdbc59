# SPDX-License-Identifier: EUPL-1.2
"""``balai load_regions``: load or update the Kemendagri region table (idempotent)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    OutputWrapper,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.errors import BalaiError
from balai.regions.services import regions_load

logger = logging.getLogger(__name__)


class _RawWriter:
    """Lets tqdm redraw its bar in place through Django's OutputWrapper (no newline)."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, ending="")

    def flush(self) -> None:
        self._wrapper.flush()


class Command(BaseCommand):
    help = gettext_lazy(
        "Load or update all provinces, regencies, districts and villages, their postal "
        "codes and the retired codes from the data shipped with Balai."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help=_("Do not show a progress bar."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = regions_load(
                progress=not options["no_progress"],
                stdout=_RawWriter(self.stderr),  # type: ignore[arg-type]
            )
        except BalaiError as exc:
            raise CommandError(exc.message) from exc
        except Exception as exc:
            logger.exception("regions.load_failed")
            raise CommandError(_("Loading the regions failed: %s") % exc) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Regions: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged; retired codes: %(retired)d written, "
                    "%(retired_unchanged)d unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "retired": result.retired,
                    "retired_unchanged": result.retired_unchanged,
                }
            )
        )
