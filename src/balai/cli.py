# SPDX-License-Identifier: EUPL-1.2
"""The ``balai`` command: Django's manage.py for an installed Balai."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (``balai migrate``, ``balai demo``, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["balai", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
