# SPDX-License-Identifier: EUPL-1.2
"""Run the benchmarks in bench/ and print one table.

Every module ``bench/bench_<topic>.py`` exposes ``run() -> list[dict]``; each row
holds ``name``, ``value`` and ``unit`` and may hold ``ratio`` (the value against the
module's own baseline row). Each module runs in its own Python process, so one that
sets up Django with its own settings cannot disturb the next.

    python bench/run.py                 # every module but the long ones
    python bench/run.py --full          # also the long ones (1M-row import, linkage)
    python bench/run.py bench_http      # only these modules
    python bench/run.py --json out.json # also write the rows as JSON

A row may carry ``target``: the least acceptable ratio. The table prints it beside the
ratio and says whether it was met; a missed target is reported, not a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
MARKER = "BALAI-BENCH-ROWS:"
TIMEOUT_SECONDS = 120  # per module; a module may declare its own TIMEOUT_SECONDS = N
COLUMNS = ("benchmark", "name", "value", "unit", "ratio", "target", "met", "load")
# Run only with --full (or when named): they take 10-25 minutes each (the engines
# comparison fits three linkage engines on 20,000 records).
FULL_ONLY = {"bench_backup", "bench_import", "bench_linkage", "bench_linkage_engines"}
# `make bench` (no --full) should finish within this; the footer says if it did not
BUDGET_SECONDS = 15 * 60
# modules that never copy the migrated SQLite template (PostgreSQL, own seeding)
NO_TEMPLATE = {
    "bench_audit",
    "bench_backup",
    "bench_import",
    "bench_linkage",
    "bench_linkage_agency",
    "bench_votes",
}


def discover(selected: list[str], *, full: bool = False) -> list[str]:
    """Module names of bench/bench_*.py, sorted, filtered by ``selected`` if given;
    without ``full``, the long ones (FULL_ONLY) are left out unless named."""
    names = sorted(path.stem for path in BENCH_DIR.glob("bench_*.py"))
    if selected:
        unknown = sorted(set(selected) - set(names))
        if unknown:
            raise SystemExit(f"unknown benchmark module(s): {', '.join(unknown)}")
        return [name for name in names if name in selected]
    return names if full else [name for name in names if name not in FULL_ONLY]


def run_one_here(module_name: str) -> None:
    """Child process: import the module, call run(), print its rows after the marker."""
    sys.path.insert(0, str(BENCH_DIR))
    module = importlib.import_module(module_name)
    rows = module.run()
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise SystemExit(f"{module_name}.run() must return a list of dicts")
    for row in rows:
        missing = {"name", "value", "unit"} - set(row)
        if missing:
            raise SystemExit(f"{module_name}: row {row!r} lacks {sorted(missing)}")
    sys.stdout.flush()
    print(MARKER + json.dumps(rows))


def make_template(path: str) -> None:
    """Child process: a migrated SQLite database at ``path`` that the modules copy
    (``serving.migrate``) instead of each applying every migration again."""
    with tempfile.TemporaryDirectory(prefix="balai-bench-template-") as var_dir:
        os.environ.pop("BALAI_DATABASE_URL", None)
        os.environ.update(
            {
                "BALAI_VAR_DIR": var_dir,
                "BALAI_ENV": "test",
                "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
                "DJANGO_SETTINGS_MODULE": "balai.settings",
            }
        )
        import django
        from django.core.management import call_command
        from django.db import connections

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        connections.close_all()
        Path(var_dir, "balai.sqlite3").replace(path)


def module_timeout(module_name: str) -> int:
    """``TIMEOUT_SECONDS = N`` at the top level of the module, else the default."""
    text = (BENCH_DIR / f"{module_name}.py").read_text(encoding="utf-8")
    found = re.search(r"^TIMEOUT_SECONDS\s*=\s*([0-9_]+)", text, re.MULTILINE)
    return int(found.group(1)) if found else TIMEOUT_SECONDS


def run_in_child(module_name: str) -> tuple[list[dict], str | None, float]:
    """Run one module in a fresh interpreter; return its rows, an error, the seconds."""
    timeout = module_timeout(module_name)
    started = time.perf_counter()
    # its own session, so that a timeout also stops what it started (gunicorn, wrk)
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", module_name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        return [], f"timed out after {timeout}s", time.perf_counter() - started
    elapsed = time.perf_counter() - started
    lines = [line for line in stdout.splitlines() if line.startswith(MARKER)]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((stderr or stdout).strip().splitlines()[-60:])
        return [], f"exit {proc.returncode}\n{tail}", elapsed
    return json.loads(lines[-1][len(MARKER) :]), None, elapsed


def fmt_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def fmt_ratio(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return f"{value:.3f}x"
    return str(value)


def fmt_target(row: dict) -> tuple[str, str]:
    target = row.get("target")
    if target is None:
        return "", ""
    ratio = row.get("ratio")
    met = isinstance(ratio, int | float) and ratio >= target
    return f">= {target:.2f}x", "yes" if met else "NO"


def render_table(results: list[tuple[str, dict]]) -> str:
    """One aligned plain-text table; numbers right-aligned. ``load`` is the machine's
    1-minute load average when the row's module finished (figures measured at a
    high load are less certain, the ratios less so than the absolute values)."""
    body = [
        (
            module.removeprefix("bench_"),
            str(row["name"]),
            fmt_value(row["value"]),
            str(row["unit"]),
            fmt_ratio(row.get("ratio")),
            *fmt_target(row),
            f"{row['load']:.1f}" if isinstance(row.get("load"), float) else "",
        )
        for module, row in results
    ]
    widths = [
        max([len(header)] + [len(cells[index]) for cells in body])
        for index, header in enumerate(COLUMNS)
    ]
    right = {2, 4, 5, 7}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(COLUMNS), rule, *(line(cells) for cells in body)])


def total_line(wall: float, *, budget: bool) -> str:
    """The run's total wall time, last under the table; with ``budget`` (a default
    ``make bench``) whether it kept within BUDGET_SECONDS."""
    minutes, seconds = divmod(round(wall), 60)
    line = f"Total time: {minutes} min {seconds:02d} s"
    if budget:
        within = "within" if wall <= BUDGET_SECONDS else "OVER"
        line += f" ({within} the {BUDGET_SECONDS // 60}-minute budget of `make bench`"
        line += ")" if wall <= BUDGET_SECONDS else "; see the load average above)"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="bench_* modules (default: all)")
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON")
    parser.add_argument(
        "--full", action="store_true", help="also the long modules (import, linkage)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--template", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_one_here(args.child)
        return 0
    if args.template:
        make_template(args.template)
        return 0

    modules = discover(args.modules, full=args.full)
    if args.full:
        os.environ["BALAI_BENCH_FULL"] = "1"  # modules may then use larger sizes
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    results: list[tuple[str, dict]] = []
    failures: list[tuple[str, str]] = []
    timings: list[str] = []
    template_dir = tempfile.TemporaryDirectory(prefix="balai-bench-")
    if set(modules) - NO_TEMPLATE:
        template = Path(template_dir.name, "migrated.sqlite3")
        made = subprocess.run(
            [sys.executable, __file__, "--template", str(template)],
            capture_output=True,
            text=True,
            check=False,
        )
        if made.returncode == 0 and template.exists():
            os.environ["BALAI_BENCH_TEMPLATE_DB"] = str(template)
            timings.append(f"template {time.perf_counter() - started:.0f} s")
        else:  # each module migrates its own database, as before
            print(f"no migrated template: {made.stderr[-2000:]}", file=sys.stderr)
    for module in modules:
        print(f"running {module} ...", file=sys.stderr, flush=True)
        rows, error, elapsed = run_in_child(module)
        load = os.getloadavg()[0]
        timings.append(f"{module.removeprefix('bench_')} {elapsed:.0f} s")
        print(f"  {module}: {elapsed:.1f}s (load {load:.1f})", file=sys.stderr)
        if error:
            failures.append((module, error))
        results.extend((module, {**row, "load": load}) for row in rows)

    template_dir.cleanup()
    print(render_table(results))
    missed = [row for _m, row in results if fmt_target(row)[1] == "NO"]
    wall = time.perf_counter() - started
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"\n{len(modules)} modules in {wall:.0f} s ({', '.join(timings)}); "
        f"{len(missed)} target(s) missed. HTTP ratios are to GET /api/v1/ping/ "
        "served the same way in the same run.\n"
        f"Load average (1 min) {load_at_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} CPUs; the "
        f"benchmarks' processes used {cpu.ru_utime + cpu.ru_stime:.0f} s of CPU "
        f"in {wall:.0f} s."
    )
    print(total_line(wall, budget=not args.full and not args.modules))
    if not modules:
        print("\n(no benchmarks yet: add bench/bench_<topic>.py exposing run())")
    if args.json:
        payload = [{"benchmark": module, **row} for module, row in results]
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n")
    for module, error in failures:
        print(f"\nFAILED {module}: {error}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
