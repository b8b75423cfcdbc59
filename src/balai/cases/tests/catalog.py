# SPDX-License-Identifier: EUPL-1.2
"""The catalog the cases tests use: the shipped services plus the test services in
``catalog_services/``, in one folder that ``BALAI_CATALOG_DIR`` (the setting every
deployment uses) points at. Nothing in production code knows about it."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from balai.catalog.loader import SHIPPED_DIRECTORY

TEST_SERVICES = Path(__file__).resolve().parent / "catalog_services"
PAID = "izin-uji-berbayar"
SIMPLE = "uji-matriks-tanpa-dokumen"


@cache
def catalog_dir_for_tests() -> Path:
    """A folder of links to the shipped and the test service files (one per run)."""
    folder = Path(tempfile.mkdtemp(prefix="balai-test-catalog-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for source in (*SHIPPED_DIRECTORY.glob("*.yaml"), *TEST_SERVICES.glob("*.yaml")):
        (folder / source.name).symlink_to(source)
    return folder
