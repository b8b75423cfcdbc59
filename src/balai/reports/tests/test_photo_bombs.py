# SPDX-License-Identifier: EUPL-1.2
"""Image bombs at /lapor/kirim/ (issue #10): refused before decoding, and a real
phone-sized photo is decoded reduced, so memory stays under a stated bound.

Memory is measured in a separate Python process (its peak resident set size,
``VmHWM`` in /proc/self/status, before and after), so the test's own allocations do
not count (``getrusage`` would report the parent's peak, inherited over fork).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from balai.core.errors import BalaiError
from balai.core.tests.upload_samples import png_claiming
from balai.reports.models import Report
from balai.reports.tests.factories import submitted, upload

pytestmark = pytest.mark.django_db

# the bound this test states: decoding one upload adds at most this much memory
PEAK_BOUND_MB = 80

MEASURE = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from balai.reports.photos import process_photo

    def peak_kb():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])

    before = peak_kb()
    outcome = "stored"
    try:
        with open(sys.argv[1], "rb") as handle:
            process_photo(handle)
    except Exception as exc:
        outcome = type(exc).__name__ + ": " + str(exc)
    after = peak_kb()
    print(json.dumps({"outcome": outcome, "extra_mb": (after - before) / 1024}))
    """
)


def _measure(tmp_path: Path, content: bytes) -> dict:
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balai.settings",
        "BALAI_ENV": "test",
        "BALAI_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_60_megapixel_png_bomb_is_refused_and_nothing_is_stored():
    bomb = png_claiming(7745, 7745)  # 59.98 MP: under the old 60 MP bound
    assert len(bomb) < 300_000
    with pytest.raises(BalaiError) as excinfo:
        submitted(photos=[upload(bomb, name="bom.png")])
    assert excinfo.value.field_errors["photos"]
    assert Report.objects.count() == 0


def test_memory_stays_bounded_for_bombs_and_big_photos(tmp_path):
    bomb = _measure(tmp_path, png_claiming(7745, 7745))
    assert "too large in pixels" in bomb["outcome"] or "piksel" in bomb["outcome"]
    assert bomb["extra_mb"] < 10, bomb

    photo = io.BytesIO()
    Image.new("RGB", (8000, 6000), (90, 120, 60)).save(photo, "JPEG", quality=80)
    big = _measure(tmp_path, photo.getvalue())  # 48 MP, a big phone's photo
    assert big["outcome"] == "stored", big
    assert big["extra_mb"] < PEAK_BOUND_MB, big
