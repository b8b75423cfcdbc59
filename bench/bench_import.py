# SPDX-License-Identifier: EUPL-1.2
"""Bulk data into the register: ``balai seed`` and ``balai registry import``.

Each step runs as its own ``balai`` process against a throwaway SQLite database and
keyring in a temporary directory; wall time gives rows per second and ``os.wait4``
the child's peak resident memory. ``balai seed --residents N`` runs with
``BALAI_BENCH_SEED_N`` (default 1,000,000; 0 skips it); ``BALAI_BENCH_IMPORT_N``
(default 200,000) rows of a generated BPJS-style CSV are staged through the
column-wise importer (``importing/columnar.py``; goal >= 20,000 rows/s), with
``BALAI_BENCH_IMPORT_WORKERS`` worker processes normalising and sealing the blocks
(default -1: as ``auto_workers`` decides). Only the ``balai registry import`` process
is timed, not writing the CSV; its CPU seconds include its workers' (reaped children
count in ``wait4``).
"""

TIMEOUT_SECONDS = 3600

import os  # noqa: E402 - TIMEOUT_SECONDS must stay the first statement
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "src/balai/registry/integration/mappings/bpjs-kesehatan.yaml"
NAMES = ["SITI", "Budi", "ahmad", "Dewi", "RINA", "Agus", "Sri", "Joko", "Ani", "Eko"]
FAMILY = ["Santoso", "WIJAYA", "lestari", "Hidayat", "Saputra", "Kusuma", "Rahayu"]
CPU_SECONDS: dict[str, float] = {}
STREETS = ["JL. DAGO", "Jln Sukajadi", "Gg. Mawar", "Jalan Merdeka", "Kp. Sukamaju"]


def _env(var_dir: str) -> dict[str, str]:
    env = {**os.environ, "BALAI_ENV": "test", "BALAI_VAR_DIR": var_dir}
    env["BALAI_DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    env["BALAI_KEYRING_FILE"] = f"{var_dir}/keyring.json"
    env.pop("BALAI_KEYRING", None)
    # processes preparing blocks beside the importer (importing/pool.py): by
    # default as in production (-1: by the file's size and the CPUs), not the
    # test setting's 0
    env["BALAI_REGISTRY_IMPORT_WORKERS"] = os.environ.get(
        "BALAI_BENCH_IMPORT_WORKERS", "-1"
    )
    return env


def _balai(env: dict[str, str], *args: str) -> tuple[float, float]:
    """Run ``balai <args>``; (seconds, peak RSS in MB) of that process.

    The child's CPU seconds (user + system) are kept in ``CPU_SECONDS``: on a shared
    machine they say more about the code than the wall time does."""
    command = [sys.executable, "-m", "balai.cli", *args]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        tail = (child.stderr.read() or b"").decode()[-2000:]
        raise SystemExit(f"balai {' '.join(args)} failed:\n{tail}")
    child.stderr.close()
    CPU_SECONDS[args[0]] = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def _nik(rng: random.Random, n: int) -> str:
    day = rng.randint(1, 28) + (40 if n % 2 else 0)
    month, year = rng.randint(1, 12), rng.randint(50, 99)
    return f"327301{day:02d}{month:02d}{year:02d}{n % 9999 + 1:04d}"


def _csv(path: Path, rows: int) -> None:
    """A BPJS-style export: varied date forms, phones, addresses; ~3% bad rows."""
    rng = random.Random(7)
    dates = ["{d:02d}-{m:02d}-{y}", "{d} Agustus {y}", "{y}-{m:02d}-{d:02d}"]
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "NO_KARTU;NIK;NO_KK;NAMA_PESERTA;TEMPAT_LAHIR;TGL_LAHIR;"
            "JENIS_KELAMIN;ALAMAT;KODE_DESA;NO_HP\n"
        )
        for n in range(1, rows + 1):
            name = f"{rng.choice(NAMES)} {rng.choice(FAMILY)}"
            born = rng.choice(dates).format(
                d=rng.randint(1, 28), m=rng.randint(1, 12), y=rng.randint(1940, 2020)
            )
            if n % 33 == 0:
                born = "31-02-1990"  # rejected
            address = (
                f"{rng.choice(STREETS)} NO {rng.randint(1, 200)} "
                f"RT.{rng.randint(1, 15)}/RW.{rng.randint(1, 9)}"
            )
            village = f"32.73.01.100{rng.randint(1, 4)}"
            phone = f"08{rng.randint(10**9, 10**10 - 1)}"
            out.write(
                f"{n:013d};{_nik(rng, n)};;{name};Bandung;{born};{rng.choice('LP')};"
                f"{address};{village};{phone}\n"
            )


def run() -> list[dict]:
    seed_n = int(os.environ.get("BALAI_BENCH_SEED_N", "1000000"))
    import_n = int(os.environ.get("BALAI_BENCH_IMPORT_N", "200000"))
    with tempfile.TemporaryDirectory(prefix="balai-bench-import-") as var_dir:
        env = _env(var_dir)
        _balai(env, "migrate", "--verbosity", "0")
        _balai(env, "load_regions", "--verbosity", "0")
        seed_s = seed_mb = 0.0
        if seed_n:
            seed_s, seed_mb = _balai(
                env, "seed", "--residents", str(seed_n), "--no-progress"
            )
        source = Path(var_dir) / "peserta.csv"
        _csv(source, import_n)
        import_s, import_mb = _balai(
            env,
            "registry",
            "import",
            "bpjs-kesehatan",
            str(source),
            "--mapping",
            str(MAPPING),
            "--no-progress",
        )
    seeded = (
        [
            {
                "name": f"seed {seed_n:,} residents",
                "value": seed_n / seed_s,
                "unit": "residents/s",
            },
            {"name": "seed wall time", "value": seed_s, "unit": "s"},
            {"name": "seed peak memory", "value": seed_mb, "unit": "MB"},
        ]
        if seed_n
        else []
    )
    return [
        *seeded,
        {
            "name": f"stage {import_n:,} CSV rows",
            "value": import_n / import_s,
            "unit": "rows/s",
        },
        {"name": "stage wall time", "value": import_s, "unit": "s"},
        {
            "name": f"stage {import_n:,} rows per CPU second",
            "value": import_n / CPU_SECONDS["registry"],
            "unit": "rows/CPU-s",
        },
        {"name": "stage peak memory", "value": import_mb, "unit": "MB"},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<32} {row['value']:>12,.1f} {row['unit']}")
    print("load average (1, 5, 15 min):", *os.getloadavg())
