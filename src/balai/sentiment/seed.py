# SPDX-License-Identifier: EUPL-1.2
"""Demo posts: a few thousand generated posts over the last four months about the
catalog's services and agencies, labelled by the model as they are ingested, then
topics and today's spike test — so the dashboard, the topics and one spike alert
(an online-queue outage at the civil registry today) show at once.

Generated text only (no real post is reproduced). Idempotent: posts carry fixed ids,
so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from balai.sentiment.constants import Source
from balai.sentiment.services import posts_ingest, spikes_detect, topics_rebuild

POSTS = 3000
SPIKE_POSTS = 70
DAYS = 120
PLACES = [
    "kecamatan coblong", "kecamatan sukajadi", "kota bandung", "kecamatan cicendo",
    "kecamatan lengkong", "dago", "kabupaten bandung", "",
]  # fmt: skip
OPENERS = ["", "min, ", "tolong dong, ", "pak wali, ", "", "jujur ", "btw "]
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "disdukcapil": {
        "negative": [
            "antre di dukcapil {place} dari jam 7, jam 12 belum dipanggil juga",
            "bikin ktp-el udah {n} bulan blm jadi, katanya blangko habis",
            "urus kartu keluarga ribet bgt, disuruh bolak balik {n} kali",
            "akta kelahiran anak salah ketik nama, disuruh ngurus ulang dari awal",
            "petugas dukcapil jutek, ditanya baik2 malah dibentak",
        ],
        "positive": [
            "bikin kk di dukcapil {place} cepet bgt, {n} jam kelar",
            "akta kelahiran anak jadi dalam sehari, makasih disdukcapil",
            "petugas dukcapil ramah dan sabar jelasin syaratnya",
            "ktp-el anak saya langsung jadi, pelayanannya mantap",
        ],
        "neutral": [
            "syarat bikin kartu keluarga baru apa aja ya?",
            "dukcapil {place} buka hari sabtu gak?",
            "kalau ktp hilang perlu surat kehilangan dari polisi?",
        ],
    },
    "dpmptsp": {
        "negative": [
            "izin usaha nib saya {n} minggu gak ada kabar",
            "urus pbg dilempar dari satu meja ke meja lain, ribet",
            "syarat izin reklame berubah-ubah, bikin pusing",
        ],
        "positive": [
            "nib keluar dalam sehari lewat oss, gampang banget",
            "petugas dpmptsp membantu sekali waktu konsultasi izin usaha",
            "pbg selesai sesuai janji, prosesnya bisa dipantau online",
        ],
        "neutral": [
            "izin usaha mikro perlu npwp tidak?",
            "berapa lama proses persetujuan bangunan gedung?",
        ],
    },
    "bapenda": {
        "negative": [
            "bayar pbb online gagal terus, padahal saldo udah kepotong",
            "denda pajak gede padahal telat gara2 sistemnya error",
            "pajak naik terus tapi jalan di {place} tetap rusak",
        ],
        "positive": [
            "bayar pbb lewat aplikasi bank lancar, struk langsung keluar",
            "ada pemutihan denda pbb, sangat membantu warga",
        ],
        "neutral": [
            "batas bayar pbb tahun ini tanggal berapa ya?",
            "pembayaran pbb bisa lewat minimarket gak?",
        ],
    },
    "dinas-pu": {
        "negative": [
            "jalan di {place} berlubang udah {n} bulan, gak ada yang benerin",
            "lampu jalan di {place} mati semua, gelap dan rawan",
            "tiap hujan {place} banjir, drainase gak pernah dikeruk",
            "trotoar di {place} rusak parah, pejalan kaki susah",
        ],
        "positive": [
            "jalan di {place} akhirnya diaspal mulus, terima kasih",
            "laporan lubang jalan saya ditambal dalam {n} hari, mantap",
            "drainase baru di {place} berfungsi, kemarin hujan gak banjir",
        ],
        "neutral": [
            "kapan jadwal perbaikan jalan di {place}?",
            "lapor lampu jalan mati ke mana ya?",
        ],
    },
    "dlh": {
        "negative": [
            "sampah di tps {place} numpuk seminggu, baunya kemana-mana",
            "truk sampah gak datang {n} hari, sampah menggunung",
        ],
        "positive": [
            "sampah di {place} sekarang diangkut tiap pagi, lingkungan bersih",
            "program bank sampah di {place} jalan, warga senang",
        ],
        "neutral": ["jadwal angkut sampah di {place} hari apa?"],
    },
}
SPIKE = [
    "antrean online dukcapil error dari pagi, gak bisa ambil nomor",
    "aplikasi antrean dukcapil down lagi, udah {n} kali coba tetap gagal",
    "situs antrean online dukcapil tumbang, warga numpuk di kantor {place}",
    "kode otp antrean dukcapil gak masuk2, parah",
    "hari ini antrean online dukcapil kacau, sistemnya mati total",
]
PLATFORMS = ("x", "instagram", "facebook", "mastodon")
MIX = {"negative": 0.3, "positive": 0.45, "neutral": 0.25}


def _text(rng: random.Random, template: str) -> str:
    text = template.format(place=rng.choice(PLACES), n=rng.randint(2, 6)).strip()
    return (rng.choice(OPENERS) + text).replace("  ", " ")


def _rows(rng: random.Random, now: dt.datetime) -> list[dict[str, Any]]:
    rows = []
    agencies = list(TEMPLATES)
    for number in range(POSTS):
        agency = rng.choice(agencies)
        label = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        template = rng.choice(TEMPLATES[agency][label])
        # the civil registry's last day is left to the spike below
        days_back = (
            rng.randint(1, DAYS) if agency == "disdukcapil" else rng.randint(0, DAYS)
        )
        when = now - dt.timedelta(days=days_back, minutes=rng.randint(0, 600))
        rows.append(_row(rng, number, _text(rng, template), when))
    local = timezone.localtime(now)
    today = int((local - local.replace(hour=0, minute=0, second=0)).total_seconds())
    for number in range(SPIKE_POSTS):
        neutral = TEMPLATES["disdukcapil"]["neutral"]
        template = rng.choice(SPIKE if number % 10 else neutral)
        when = now - dt.timedelta(seconds=rng.randint(0, max(today - 1, 0)))
        rows.append(_row(rng, POSTS + number, _text(rng, template), when))
    return rows


def _row(
    rng: random.Random, number: int, text: str, when: dt.datetime
) -> dict[str, Any]:
    return {
        "id": f"demo-{number:05d}",
        "text": text,
        "author": f"warga{rng.randint(1, 900)}",
        "time": when.isoformat(),
        "platform": PLATFORMS[number % len(PLATFORMS)],  # stable: ids stay unique
        "engagement": rng.randint(0, 120),
    }


def seed_posts(context: Any) -> None:
    rng = random.Random(context.seed)  # noqa: S311 (demo text, not secrets)
    rows = _rows(rng, timezone.now())
    created = 0
    for start in range(0, len(rows), 1000):
        result = posts_ingest(items=rows[start : start + 1000], source=Source.DEMO)
        created += len(result.created)
    topics = topics_rebuild(days=60)
    alerts = spikes_detect()
    context.write(
        f"sentiment: {created} posts, {len(topics)} topics, {len(alerts)} spike alerts"
    )
