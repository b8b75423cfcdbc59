# SPDX-License-Identifier: EUPL-1.2
"""On a 360 px phone a table wider than the screen must scroll inside its own region
(``.table-wrap``), never widen the whole page (the tax and payments officers' pages
once did: 714 px). Every template's tables sit in one."""

from __future__ import annotations

import re
from pathlib import Path

import balai

ROOT = Path(balai.__file__).parent
TABLE = re.compile(r"<table\b")
WRAP = re.compile(r'<div class="table-wrap"[^>]*>\s*(?:\{%[^%]*%\}\s*)*$')


def test_every_table_scrolls_inside_a_table_wrap():
    unwrapped = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in TABLE.finditer(text):
            before = text[: match.start()]
            if not WRAP.search(before):
                line = before.count("\n") + 1
                unwrapped.append(f"{path.relative_to(ROOT)}:{line}")
    assert not unwrapped, "tables outside a .table-wrap: " + ", ".join(unwrapped)
