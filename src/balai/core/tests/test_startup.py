# SPDX-License-Identifier: EUPL-1.2
"""Starting Django and loading every URL does not import the heavy libraries.

Every gunicorn worker, task worker and management command starts Django and, on its
first request or check, the whole URLconf. scikit-learn (with SciPy and pandas),
pyHanko, reportlab and Faker cost about 1.5 s of CPU and tens of megabytes per process
there; they are imported where they are used (a model loaded, a PDF signed or checked,
a seed run), so a process that never does these never pays for them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("sklearn", "scipy", "pandas", "pyarrow", "pyhanko", "reportlab", "faker")

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver, resolve
get_resolver().url_patterns
resolve("/")
heavy = json.loads(sys.argv[1])
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


def test_django_and_the_urlconf_start_without_the_heavy_libraries(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    env.update(
        BALAI_ENV="test",
        BALAI_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="balai.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"imported at start-up: {loaded}"
