# SPDX-License-Identifier: EUPL-1.2
"""Where ``balai registry import`` spends its CPU, in one process.

A throwaway SQLite register with the regions loaded, ``bench_import``'s BPJS-style
file of ``--rows`` rows (default 200,000), then ``import_file`` with the chunks
prepared inline (``workers=0``: everything in this process, so one profile sees it
all). Prints the CPU µs per row of the import (``time.process_time``, start-up
excluded) and, with ``--profile``, the profile's top functions::

    .venv/bin/python bench/profile_import.py [--rows 200000] [--profile] [--sort S]

Not part of ``make bench`` (bench/run.py runs only ``bench_*`` modules).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import bench_import  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="balai-profile-import-") as var_dir:
        os.environ.update(bench_import._env(var_dir))
        os.environ["DJANGO_SETTINGS_MODULE"] = "balai.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from balai.registry.integration.importing.services import import_file

        call_command("migrate", verbosity=0)
        call_command("load_regions", verbosity=0)
        source = Path(var_dir) / "peserta.csv"
        bench_import._csv(source, args.rows)
        profiler = cProfile.Profile() if args.profile else None
        started, wall = time.process_time(), time.perf_counter()
        if profiler is not None:
            profiler.enable()
        batch = import_file(
            source_code="bpjs-kesehatan",
            path=source,
            mapping_path=bench_import.MAPPING,
            progress=False,
            workers=args.workers,
        )
        if profiler is not None:
            profiler.disable()
        cpu, wall = time.process_time() - started, time.perf_counter() - wall
        times = os.times()
        children = (times.children_user + times.children_system) * 1e6 / args.rows
        print(
            f"{args.rows:,} rows: {cpu * 1e6 / args.rows:.1f} µs CPU a row "
            f"(this process), workers {children:.1f} µs a row, wall {wall:.1f} s; "
            f"staged {batch.rows_staged:,}, rejected {batch.rows_rejected:,}, "
            f"warned {batch.rows_warned:,}; load {os.getloadavg()[0]:.1f}"
        )
        if profiler is not None:
            stats = pstats.Stats(profiler)
            stats.sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()
