# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the participation app: the landing page here, each area's
rows in its own ``matrix_rows_<area>.py`` (gathered below, so areas built in
parallel each own their rows)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from balai.security.tests.matrix_support import EVERYONE, Row, row

ROWS: dict[str, Row] = {"participation:home": row(EVERYONE)}

for _info in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if _info.name.startswith("matrix_rows_"):
        _module = importlib.import_module(f"{__package__}.{_info.name}")
        _clash = set(_module.ROWS) & set(ROWS)
        assert not _clash, f"participation matrix rows defined twice: {sorted(_clash)}"
        ROWS.update(_module.ROWS)
