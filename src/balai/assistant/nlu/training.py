# SPDX-License-Identifier: EUPL-1.2
"""Training data: ``data/train.tsv`` (``intent<TAB>template``, written for the project)
expanded with service names.

A template may hold ``{svc}`` (an Indonesian service name, formal or everyday) or
``{svc_en}`` (an English one); each such template yields ``PER_TEMPLATE`` examples with
names drawn by a seeded generator, so a training run is repeatable. The evaluation set
(``data/eval.jsonl``) is written separately and never read here.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources

SVC_ID = (
    "ktp",
    "e-ktp",
    "ktp el",
    "kk",
    "kartu keluarga",
    "akta kelahiran",
    "akte lahir",
    "akta lahir anak",
    "akta kematian",
    "akte kematian",
    "akta perkawinan",
    "akta nikah",
    "kia",
    "kartu identitas anak",
    "surat pindah",
    "skpwni",
    "surat domisili",
    "keterangan domisili",
    "sktm",
    "surat miskin",
    "surat tidak mampu",
    "nib",
    "izin usaha",
    "pbg",
    "imb",
    "izin bangunan",
    "izin reklame",
    "pasang baliho",
    "pbb",
    "pajak bumi dan bangunan",
    "ktp hilang",
    "kk baru",
    "ganti kk",
)
SVC_EN = (
    "ID card",
    "identity card",
    "family card",
    "birth certificate",
    "death certificate",
    "marriage certificate",
    "child ID card",
    "moving letter",
    "proof of residence",
    "low income certificate",
    "business licence",
    "NIB",
    "building permit",
    "billboard permit",
    "property tax",
    "KTP",
    "KK",
)
PER_TEMPLATE = 4
SEED = 17


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


def read_templates(name: str = "train.tsv") -> list[tuple[str, str]]:
    raw = resources.files("balai.assistant").joinpath("data", name).read_text("utf-8")
    rows = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        intent, _tab, template = line.partition("\t")
        if intent and template:
            rows.append((intent.strip(), template.strip()))
    return rows


def examples(templates: list[tuple[str, str]] | None = None) -> list[Example]:
    """Every training example (templates expanded), in a stable order."""
    rng = random.Random(SEED)  # noqa: S311 (sampling names, not secrets)
    out = []
    for intent, template in templates if templates is not None else read_templates():
        if "{svc}" in template:
            for name in rng.sample(SVC_ID, PER_TEMPLATE):
                out.append(Example(template.replace("{svc}", name), intent))
        elif "{svc_en}" in template:
            for name in rng.sample(SVC_EN, PER_TEMPLATE):
                out.append(Example(template.replace("{svc_en}", name), intent))
        else:
            out.append(Example(template, intent))
    return out


@cache
def intent_vocabulary() -> frozenset[str]:
    """Words the training data uses to ask about services (names left out): a
    service question with other words and no service is about something else."""
    from balai.assistant.nlu.normalise import FIXES, terms

    asking = {"requirements", "fee", "duration", "how_to_apply", "status_application"}
    words: set[str] = set()
    for intent, template in read_templates():
        if intent in asking:
            bare = template.replace("{svc}", " ").replace("{svc_en}", " ")
            words.update(terms(bare))
    for value in FIXES.values():
        words.update(terms(value))
    return frozenset(words)


def digest(rows: list[Example]) -> str:
    joined = "\n".join(f"{r.intent}\t{r.text}" for r in rows)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
