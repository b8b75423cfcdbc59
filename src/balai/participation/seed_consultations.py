# SPDX-License-Identifier: EUPL-1.2
"""Demo data: an open consultation on a draft Perda (street vendors, Dinas PU) with
comments, replies, supports, an organisation, offline input, some official answers,
and opinion statements with votes from synthetic citizens in three planted groups.

Everything goes through the services, acting as the demo officer from the command.
Idempotent: a second run finds the draft by title and does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from balai.accounts.models import User
from balai.accounts.services import staff_acting_from_command
from balai.participation.consultations_constants import Channel, Decision, DraftKind
from balai.participation.models import Draft, Organisation
from balai.participation.services import consultations as services
from balai.participation.services import opinion

OFFICER_EMAIL = "petugas.dinaspu@balai.test"
DEMO_CITIZEN_EMAIL = "warga@balai.test"
TITLE = "Rancangan Peraturan Daerah tentang Penataan Pedagang Kaki Lima"

SECTIONS = [
    (
        "Pasal 1 — Ketentuan Umum",
        "Dalam Peraturan Daerah ini yang dimaksud dengan Pedagang Kaki Lima (PKL) "
        "adalah pelaku usaha yang berdagang dengan sarana usaha bergerak maupun "
        "tidak bergerak, menggunakan prasarana kota atau fasilitas umum.",
    ),
    (
        "Pasal 2 — Lokasi Berdagang",
        "Pemerintah Daerah menetapkan lokasi berdagang PKL yang tidak mengganggu "
        "pejalan kaki, lalu lintas dan ketertiban umum. Trotoar hanya dapat dipakai "
        "bila lebar bebas untuk pejalan kaki sekurang-kurangnya 1,5 meter.",
    ),
    (
        "Pasal 3 — Waktu Berdagang",
        "Waktu berdagang di lokasi yang ditetapkan adalah pukul 16.00 sampai 23.00 WIB "
        "kecuali ditentukan lain oleh Wali Kota.",
    ),
    (
        "Pasal 4 — Pemberdayaan",
        "Pemerintah Daerah memberdayakan PKL melalui pelatihan, akses permodalan, "
        "dan pendataan dalam sistem informasi PKL.",
    ),
]

COMMENTS = [
    (1, "Lebar 1,5 meter terlalu sempit untuk pengguna kursi roda; usul 2 meter."),
    (2, "Jam berdagang sampai 23.00 merugikan pedagang sarapan; mohon ada jam pagi."),
    (None, "Mohon pendataan PKL melibatkan paguyuban pedagang di tiap kecamatan."),
    (3, "Pelatihan sebaiknya gratis dan diadakan di kelurahan."),
    (1, "Perlu diatur sanksi bagi PKL yang menutup saluran air."),
]

STATEMENTS = [
    "Trotoar harus sepenuhnya bebas dari pedagang.",
    "PKL perlu lokasi khusus yang dekat dengan keramaian.",
    "Jam berdagang pagi perlu diizinkan.",
    "Penertiban PKL harus tanpa kekerasan.",
    "Retribusi PKL sebaiknya dihapus.",
    "Pendataan PKL harus melibatkan paguyuban.",
    "Pejalan kaki disabilitas harus diprioritaskan.",
    "PKL yang melanggar berulang kali boleh dipindahkan paksa.",
]


def _citizens(limit: int) -> list[User]:
    return list(
        User.objects.filter(
            is_staff=False, is_active=True, nik_index__isnull=False
        ).order_by("date_joined")[:limit]
    )


@transaction.atomic
def seed_consultations(context: Any) -> None:
    if Draft.objects.filter(title=TITLE).exists():
        return
    officer = User.objects.get_by_login(OFFICER_EMAIL)
    citizens = _citizens(80)
    if officer is None or len(citizens) < 10:
        context.write(
            "participation: no demo officer or citizens; consultations skipped"
        )
        return
    officer = staff_acting_from_command(user=officer, purpose="demo seed")
    draft = services.draft_create(
        actor=officer,
        title=TITLE,
        kind=DraftKind.RAPERDA,
        summary=(
            "Rancangan ini mengatur lokasi, waktu dan pemberdayaan pedagang kaki lima "
            "agar trotoar tetap aman bagi pejalan kaki dan pedagang tetap berusaha."
        ),
        sections=SECTIONS,
    )
    now = timezone.now()
    consultation = services.consultation_publish(
        actor=officer,
        draft=draft,
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=21),
        outcome_due=(now + dt.timedelta(days=45)).date(),
    )
    sections = list(draft.sections.all())
    organisation = Organisation.objects.create(
        name="Paguyuban PKL Kota Bandung", kind="community"
    )
    organisation.members.add(citizens[2])
    comments = []
    for index, (section_no, text) in enumerate(COMMENTS):
        comments.append(
            services.comment_submit(
                actor=citizens[index],
                consultation=consultation,
                text=text,
                section=sections[section_no] if section_no is not None else None,
                organisation=organisation if index == 2 else None,
            )
        )
    services.comment_submit(
        actor=citizens[6],
        consultation=consultation,
        text="Setuju, pedagang bubur pagi juga perlu tempat.",
        parent=comments[1],
    )
    for supporter in citizens[7:12]:
        services.comment_support(actor=supporter, comment=comments[0])
    services.offline_input_add(
        actor=officer,
        consultation=consultation,
        channel=Channel.HEARING,
        source="Rapat dengar pendapat di Kecamatan Coblong",
        text="Warga meminta lokasi relokasi tidak jauh dari lokasi semula.",
        section=sections[1],
    )
    services.response_record(
        actor=officer,
        comment=comments[0],
        decision=Decision.ACCEPTED,
        reason="Lebar bebas trotoar dinaikkan agar sesuai standar aksesibilitas.",
        final_section="Pasal 2 ayat (2)",
    )
    services.response_record(
        actor=officer,
        comment=comments[3],
        decision=Decision.PARTLY,
        reason="Pelatihan gratis; lokasi mengikuti ketersediaan balai kelurahan.",
        final_section="Pasal 4 ayat (3)",
    )
    _seed_opinion(officer, consultation, citizens, context.seed)
    context.write("participation: 1 consultation with comments and an opinion map")


def _seed_opinion(
    officer: Any, consultation: Any, citizens: list[User], seed: int
) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data
    statements = [
        opinion.statement_add(actor=officer, consultation=consultation, text=text)
        for text in STATEMENTS
    ]
    stances = [[rng.choice((-1, 1)) for _s in statements] for _g in range(3)]
    for index, citizen in enumerate(citizens):
        stance = stances[index % 3]
        for statement, lean in zip(statements, stance, strict=True):
            roll = rng.random()
            if roll < 0.15:
                continue
            value = 0 if roll < 0.25 else (-lean if roll > 0.92 else lean)
            opinion.statement_vote(
                actor=citizen, statement=statement, value=value, refresh=False
            )
    # one map for the ≈ 550 votes above, not one refresh per vote
    opinion.opinion_map_compute(consultation=consultation, force=True)
