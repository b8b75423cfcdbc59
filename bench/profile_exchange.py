# SPDX-License-Identifier: EUPL-1.2
"""Where one exchange NIK lookup spends its CPU, in-process.

A throwaway SQLite register (``--residents``, default 300) with a real agreement, a
real client (its secret checked on every call) and the audit log on; then
``--requests`` lookups (default 300) through Django's test Client, the whole
middleware and DRF stack, each for a different NIK, under cProfile. Prints the CPU
milliseconds per lookup and per ``GET /api/v1/ping/`` (the same stack, no work), the
queries of one lookup, and the profile's top functions::

    .venv/bin/python bench/profile_exchange.py [--requests 300] [--sort tottime]

Not part of ``make bench`` (bench/run.py runs only ``bench_*`` modules).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import bench_exchange  # noqa: E402
import serving  # noqa: E402


def _cpu_ms_per_call(call: object, count: int) -> tuple[float, float]:
    """CPU milliseconds per call: the whole process's (with the audit sealer's
    thread) and this thread's."""
    process, thread = time.process_time(), time.thread_time()
    for index in range(count):
        call(index)  # type: ignore[operator]
    return (
        (time.process_time() - process) * 1000 / count,
        (time.thread_time() - thread) * 1000 / count,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument(
        "--callees", metavar="FUNCTION", help="also print what FUNCTION calls"
    )
    parser.add_argument(
        "--callers", metavar="FUNCTION", help="also print what calls FUNCTION"
    )
    parser.add_argument(
        "--seal-delay-ms",
        type=int,
        default=int(bench_exchange.SEAL_DELAY_MS),
        help="the audit sealer's delay (production default 10; 0 = seal per commit)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a PostgreSQL database to prepare the register in (default: SQLite)",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="prepare the register in DIR once and reuse it on later runs",
    )
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        var_dir = args.keep or stack.enter_context(
            tempfile.TemporaryDirectory(prefix="balai-profile-exchange-")
        )
        env = bench_exchange._environment(var_dir, args.database_url)
        os.environ.clear()
        # seeding seals at each commit; the lookups below use --seal-delay-ms
        os.environ.update({**env, "BALAI_AUDIT_SEAL_DELAY_MS": "0"})
        saved = Path(var_dir, "prepared.json")
        if saved.exists():
            import django

            django.setup()
            credential, niks = json.loads(saved.read_text())
        else:
            credential, niks = bench_exchange.prepare_here(args.residents)
            if args.keep:
                saved.write_text(json.dumps([credential, niks]))

        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        settings.AUDIT_SEAL_DELAY_MS = args.seal_delay_ms
        client = Client()
        headers = {
            "HTTP_AUTHORIZATION": f"Bearer {credential}",
            "HTTP_X_PURPOSE": bench_exchange.PURPOSE,
            "HTTP_HOST": "127.0.0.1",
        }

        def lookup(index: int) -> None:
            response = client.post(
                bench_exchange.LOOKUP,
                {"nik": niks[index % len(niks)]},
                content_type="application/json",
                **headers,
            )
            if response.status_code != 200:
                raise RuntimeError(f"lookup answered {response.status_code}")

        def ping(index: int) -> None:
            if client.get(serving.PING, HTTP_HOST="127.0.0.1").status_code != 200:
                raise RuntimeError("ping failed")

        for index in range(20):  # warm: URLconf, views, the client cache
            lookup(index)
            ping(index)
        with CaptureQueriesContext(connection) as captured:
            lookup(0)
        print(f"queries of one lookup: {len(captured.captured_queries)}")
        for query in captured.captured_queries:
            print(f"  {query['sql'][:150]}")

        ping_ms, _ping_thread = _cpu_ms_per_call(ping, args.requests)
        from balai.security.audit.seal import sealer

        seals_before = sealer().seals
        lookup_ms, lookup_thread = _cpu_ms_per_call(lookup, args.requests)
        sealer().flush()
        seal_rounds = sealer().seals - seals_before
        print(
            f"audit seal rounds during {args.requests} lookups: {seal_rounds} "
            f"({args.requests / max(seal_rounds, 1):.1f} lookups per round)"
        )
        print(
            f"CPU per request, in-process: ping {ping_ms:.2f} ms, "
            f"lookup {lookup_ms:.2f} ms (ping/lookup {ping_ms / lookup_ms:.3f}); "
            f"of the lookup's, {lookup_ms - lookup_thread:.2f} ms in other "
            "threads (the audit sealer)"
        )

        # this thread's CPU time, not the wall clock: time the sealer's thread
        # holds the GIL is not charged to whatever the request was doing then
        profiler = cProfile.Profile(time.thread_time)
        profiler.enable()
        for index in range(args.requests):
            lookup(index)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.lines)
        if args.callees:
            stats.print_callees(args.callees)
        if args.callers:
            stats.print_callers(args.callers)
        print(out.getvalue())


if __name__ == "__main__":
    main()
