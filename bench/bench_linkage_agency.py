# SPDX-License-Identifier: EUPL-1.2
"""End to end: ``balai registry import`` + ``balai registry link`` against plain Splink.

On two generators, one file each, in the same run:

* ``project``: the project's own generator (``synthetic.generate``, whose data trained
  the shipped model), written as a ``;``-separated CSV with village codes;
* ``agency``: the independent generator ``bench/gen_agency_files.py`` (four source
  systems in one file, each formatted its own way, villages by name with variants,
  its own names, errors and hard negatives; see its docstring).

For each, with an empty register on a throwaway SQLite database and keyring:

1. ``balai registry import SOURCE FILE --mapping bench/mappings/<kind>.yaml`` (the
   mapping written from docs/import.md alone), wall time and peak memory of the process;
2. ``balai registry link BATCH`` (decrypt, fit, engine, writes), wall and peak;
3. ``balai registry links BATCH --output`` (not timed): the clusters (auto-links) and
   the pending same-batch candidates (the review band), scored pairwise against the
   generator's truth: auto-links alone, and auto + every review pair accepted (union
   of the two, clusters closed transitively). A row the importer rejected counts as
   missed;
4. plain Splink (``bench_linkage.plain_splink``: stock comparisons, EM without labels,
   clusters at 0.95) on the same file after the light cleaning a user writes first
   (``plain_frame``), in its own process: wall (cleaning included), peak, P/R/F1.

Sizes: ``BALAI_BENCH_AGENCY_N`` (comma-separated), default 3,000 for ``make bench``
and 200,000 for ``make bench-full`` (``BALAI_BENCH_FULL=1``); run alone with
``python bench/bench_linkage_agency.py [project|agency]`` (prints the table;
``BALAI_BENCH_AGENCY_KEEP=DIR`` keeps each file, its truth and the links export;
``BALAI_BENCH_AGENCY_MODEL=VERSION`` links with another shipped model version).
"""

from __future__ import annotations

TIMEOUT_SECONDS = 10800

import csv  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import serving  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MARK = "AGENCY-PART:"
KINDS = ("project", "agency")
SOURCE_CODE = {"project": "proyek", "agency": "gabungan"}
MAPPING = {
    "project": BENCH / "mappings/project-file.yaml",
    "agency": BENCH / "mappings/agency-mix.yaml",
}
PROJECT_COLUMNS = {
    "ID": "unique_id",
    "SUMBER": "source",
    "NIK": "nik",
    "NO_KK": "kk_number",
    "NAMA": "full_name",
    "TEMPAT_LAHIR": "birth_place",
    "TGL_LAHIR": "birth_date",
    "JK": "sex",
    "ALAMAT": "address",
    "RT": "rt",
    "RW": "rw",
    "KODE_DESA": "village_code",
    "NO_HP": "phone",
}


def part_write(kind: str, n: int, folder: str) -> dict:
    """``data.csv`` and ``truth.csv`` (``ID;PERSON``) of ``n`` records in ``folder``."""
    started = time.perf_counter()
    data, truth = Path(folder) / "data.csv", Path(folder) / "truth.csv"
    if kind == "agency":
        sys.path.insert(0, str(BENCH))
        import gen_agency_files

        gen_agency_files.write(gen_agency_files.generate(n), data, truth)
    else:
        from balai.registry.integration.synthetic import generate

        records = generate(n)
        frame = records.rename(columns={v: k for k, v in PROJECT_COLUMNS.items()})
        frame[list(PROJECT_COLUMNS)].to_csv(data, sep=";", index=False)
        records[["unique_id", "person_id"]].set_axis(["ID", "PERSON"], axis=1).to_csv(
            truth, sep=";", index=False
        )
    return {"seconds": time.perf_counter() - started}


def _truth(folder: str) -> tuple[list[str], set[tuple[str, str]]]:
    """The file's ids in row order and the true pairs."""
    import pandas as pd

    from balai.registry.integration.linkage.evaluation import pairs_from_clusters

    truth = pd.read_csv(Path(folder) / "truth.csv", sep=";", dtype=str)
    return list(truth["ID"]), pairs_from_clusters(truth["ID"], truth["PERSON"])


MONTHS = {
    name: f"{number:02d}"
    for number, name in enumerate(
        (
            "januari",
            "februari",
            "maret",
            "april",
            "mei",
            "juni",
            "juli",
            "agustus",
            "september",
            "oktober",
            "november",
            "desember",
        ),
        start=1,
    )
}
SEX = {
    "l": "M",
    "laki-laki": "M",
    "1": "M",
    "pria": "M",
    "m": "M",
    "p": "F",
    "perempuan": "F",
    "2": "F",
    "wanita": "F",
    "f": "F",
}


def plain_frame(kind: str, folder: str):
    """The file as a Splink user would first clean it with pandas: dates to ISO (the
    four forms in the file), sex codes, digits of NIK/KK, the phone's last 9 digits,
    village names without their prefix; district from the district column."""
    import pandas as pd

    raw = pd.read_csv(
        Path(folder) / "data.csv", sep=";", dtype=str, keep_default_na=False
    )
    if kind == "project":
        frame = raw.rename(columns=PROJECT_COLUMNS)
        return frame.replace("", None)

    def blank(series):
        return series.str.strip().replace("", None)

    born = raw["TGL_LAHIR"].str.lower().str.strip()
    for name, number in MONTHS.items():
        born = born.str.replace(f" {name} ", f"-{number}-", regex=False)
    iso = pd.Series(pd.NaT, index=raw.index)
    for form in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        iso = iso.fillna(pd.to_datetime(born, format=form, errors="coerce"))
    digits = {
        column: raw[column].str.replace(r"\D", "", regex=True)
        for column in ("NIK", "NO_KK", "NO_HP")
    }
    village = (
        raw["DESA"]
        .str.lower()
        .str.replace(r"^(desa|ds\.|kel\.|kelurahan)\s+", "", regex=True)
        .str.replace(r"\s+", "", regex=True)
    )
    district = raw["KECAMATAN"].str.lower().str.strip()
    address = (raw["ALAMAT"] + " rt " + raw["RT"] + " rw " + raw["RW"]).str.lower()
    return pd.DataFrame(
        {
            "unique_id": raw["ID"],
            "full_name": blank(raw["NAMA"]),
            "birth_date": iso.dt.strftime("%Y-%m-%d").where(iso.notna(), None),
            "nik": digits["NIK"].where(digits["NIK"].str.len() == 16, None),
            "kk_number": digits["NO_KK"].where(digits["NO_KK"].str.len() == 16, None),
            "sex": raw["JK"].str.lower().str.strip().map(SEX),
            "phone": blank(digits["NO_HP"].str[-9:]),
            "village_code": (district + "|" + village).where(village != "", None),
            "district": blank(district),
            "address": blank(address),
        }
    )


def part_plain(kind: str, folder: str) -> dict:
    import resource

    from bench_linkage import plain_splink

    from balai.registry.integration.linkage import evaluate
    from balai.registry.integration.linkage.evaluation import pairs_from_clusters

    started = time.perf_counter()
    frame = plain_frame(kind, folder)
    cleaning = time.perf_counter() - started
    clusters, seconds = plain_splink(frame)
    _ids, truth = _truth(folder)
    score = evaluate(
        pairs_from_clusters(clusters["unique_id"], clusters["cluster_id"]), truth
    )
    return {
        "seconds": cleaning + seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "score": score,
    }


def _env(var_dir: str) -> dict[str, str]:
    env = {**os.environ, "BALAI_ENV": "test", "BALAI_VAR_DIR": var_dir}
    env["BALAI_DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    env["BALAI_KEYRING_FILE"] = f"{var_dir}/keyring.json"
    env["BALAI_LOG_LEVEL"] = "WARNING"
    env.pop("BALAI_KEYRING", None)
    return env


def _balai(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run ``balai <args>``: (wall seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "balai.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        error = (child.stderr.read() or b"").decode()
        child.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"balai {' '.join(args)} failed:\n{error[-3000:]}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def score_links(links_csv: Path, folder: str) -> dict:
    """Auto-links (the clusters) and auto + review band (pending same-batch
    candidates accepted, closed transitively) against the truth, as file ids."""
    from balai.registry.integration.linkage import evaluate
    from balai.registry.integration.linkage.evaluation import pairs_from_clusters

    ids, truth = _truth(folder)
    with links_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    file_id = {row["record_id"]: ids[int(row["row_number"]) - 1] for row in rows}
    parent = {row["record_id"]: row["cluster_id"] for row in rows}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    auto = {file_id[row["record_id"]]: row["cluster_id"] for row in rows}
    review_pairs = 0
    for row in rows:
        for candidate in filter(None, row["candidates"].split("|")):
            kind, other, _p = candidate.split(":")
            if kind == "record":
                review_pairs += 1
                parent[root(row["record_id"])] = root(other)
    both = {file_id[key]: root(key) for key in parent}
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    return {
        "auto": evaluate(pairs_from_clusters(auto, auto.values()), truth),
        "auto_review": evaluate(pairs_from_clusters(both, both.values()), truth),
        "review_records": statuses.get("review", 0),
        "review_pairs": review_pairs,
        "staged": len(rows),
        "statuses": statuses,
    }


def part_balai(kind: str, folder: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="balai-bench-agency-") as var_dir:
        env = _env(var_dir)
        _balai(env, "migrate", "--verbosity", "0")
        _balai(env, "load_regions", "--verbosity", "0")
        data = str(Path(folder) / "data.csv")
        imported = _balai(
            env,
            "registry",
            "import",
            SOURCE_CODE[kind],
            data,
            "--mapping",
            str(MAPPING[kind]),
            "--no-progress",
        )
        batch = imported[2].split()[1]
        model = os.environ.get("BALAI_BENCH_AGENCY_MODEL")  # default: CURRENT
        linked = _balai(
            env, "registry", "link", batch, *(["--model", model] if model else [])
        )
        links = Path(var_dir) / "links.csv"
        _balai(env, "registry", "links", batch, "--output", str(links))
        score = score_links(links, folder)
        keep = os.environ.get("BALAI_BENCH_AGENCY_KEEP")
        if keep:  # a folder: keep the file, its truth and the links for a look
            target = Path(keep) / kind
            target.mkdir(parents=True, exist_ok=True)
            for path in (links, Path(folder) / "data.csv", Path(folder) / "truth.csv"):
                shutil.copy(path, target / path.name)
    villages = [line.strip() for line in imported[2].splitlines() if "villages" in line]
    return {
        "import_seconds": imported[0],
        "import_peak_mb": imported[1],
        "link_seconds": linked[0],
        "link_peak_mb": linked[1],
        "import_output": imported[2],
        "link_output": linked[2],
        "villages": villages[0] if villages else "",
        **score,
    }


PARTS = {"write": part_write, "plain": part_plain, "balai": part_balai}


def _child(name: str, *args: str) -> dict:
    return serving.run_part(__file__, MARK, name, *args)


def sizes() -> list[int]:
    default = "200000" if os.environ.get("BALAI_BENCH_FULL") else "3000"
    text = os.environ.get("BALAI_BENCH_AGENCY_N", default)
    return [int(part) for part in text.split(",") if part.strip()]


def measure(kind: str, n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="balai-bench-agency-file-") as folder:
        _child("write", kind, str(n), folder)
        load = os.getloadavg()[0]
        plain = _child("plain", kind, folder)
        ours = _child("balai", kind, folder)
    return {"kind": kind, "n": n, "plain": plain, "ours": ours, "load": load}


def rows_of(result: dict) -> list[dict]:
    kind, n, plain, ours = (result[k] for k in ("kind", "n", "plain", "ours"))
    label = f"{kind} {n:,}"
    rows = [
        {"name": f"{label}: plain Splink wall", "value": plain["seconds"], "unit": "s"},
        {
            "name": f"{label}: balai registry link wall (goal <= 2x plain)",
            "value": ours["link_seconds"],
            "unit": "s",
            "ratio": ours["link_seconds"] / plain["seconds"],
        },
        {
            "name": f"{label}: balai registry import wall",
            "value": ours["import_seconds"],
            "unit": "s",
            "ratio": ours["import_seconds"] / plain["seconds"],
        },
        {
            "name": f"{label}: plain Splink peak",
            "value": plain["peak_mb"],
            "unit": "MB",
        },
        {
            "name": f"{label}: balai registry link peak (goal <= 1.5x plain)",
            "value": ours["link_peak_mb"],
            "unit": "MB",
            "ratio": ours["link_peak_mb"] / plain["peak_mb"],
        },
    ]
    for name, score in (
        ("plain Splink (clusters at 0.95)", plain["score"]),
        ("Balai auto-links", ours["auto"]),
        ("Balai auto + review band", ours["auto_review"]),
    ):
        rows.append(
            {
                "name": (
                    f"{label}: {name} F1 (P {score['precision']:.3f} / "
                    f"R {score['recall']:.3f})"
                ),
                "value": score["f1"],
                "unit": "F1",
            }
        )
    rows += [
        {
            "name": f"{label}: records waiting for review (% of records)",
            "value": 100 * ours["review_records"] / n,
            "unit": "%",
        },
        {
            "name": f"{label}: staged of {n:,} rows; {ours['villages'] or 'codes'}",
            "value": ours["staged"],
            "unit": "rows",
        },
    ]
    return rows


def run() -> list[dict]:
    rows: list[dict] = []
    for n in sizes():
        for kind in KINDS:
            rows += rows_of(measure(kind, n))
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in PARTS:
        part, *arguments = sys.argv[1:]
        converted = [int(a) if a.isdigit() else a for a in arguments]
        print(MARK + json.dumps(PARTS[part](*converted)))
    else:
        kinds = sys.argv[1:] or list(KINDS)
        for n in sizes():
            for kind in kinds:
                result = measure(kind, n)
                print(json.dumps(result, indent=1), flush=True)
                for row in rows_of(result):
                    print(f"{row['name']:<90} {row['value']:>12,.3f} {row['unit']}")
        print("load average (1, 5, 15 min):", *os.getloadavg())
