# SPDX-License-Identifier: EUPL-1.2
"""A second, independently written generator of agency files with a known truth.

Balai's own generator (``registry/integration/synthetic.py``) made the data the shipped
linkage model was trained on, so figures measured on it flatter the model. This module
shares no code, name list, place list or error rate with it: it imports nothing from
Balai, writes its own Indonesian name lists and takes real villages of twelve other
regencies from the Kemendagri table (``regions/data/wilayah.csv.gz``, the same data as
``../shared/data/wilayah``), written as people write them.

It writes what an agency hands over: ONE ``;``-separated CSV in which four source
systems are mixed (column ``SUMBER``), each with its own formats, and a separate truth
file (``ID;PERSON``) that the importer never sees.

======== ============ ============== ================ ============== ==============
source   birth date   sex            phone            village        other columns
======== ============ ============== ================ ============== ==============
SIKS     31-12-1990   L / P          081234567890     DESA X/KEL. X  NO_KK, RT, RW,
         (dd-mm-yyyy)                                 (upper case)   KODE_POS,
                                                                     KAB. X / KOTA X
PCARE    1990-12-31   Laki-laki /    +62 812-3456-    Desa X / Kel.  RT/RW inside
                      Perempuan      7890             X (title)      the address,
                                                                     "Kabupaten X"
SIDESA   31 Desember  1 / 2          6281234567890    old spellings  NO_KK, RT, RW,
         1990                                         (oe, dj, tj),  KODE_POS,
                                                      spaces lost    "X" (no prefix)
SIMPUS   31/12/1990   Pria / Wanita  0812 3456 7890   plain name     RT, RW, KODE_POS,
                                                                     no regency
======== ============ ============== ================ ============== ==============

Every record belongs to a person (``PERSON`` in the truth file). ``duplicate_rate``
(default 0.15) of the records are extra records of an already recorded person, from
any source, with: NIKs missing (per source 4-30%, plus 12% more on the duplicate),
mistyped (one digit, 4%) or with two neighbouring digits transposed (3%); name
variants (nicknames, initials, Muhammad/Muhamad/M./Moh., swapped word order, old
spellings, one-letter typos, titles "Hj."/"H." and degrees); day and month swapped
(4%), year off by one (2%), no date (2%); moves to another village (12%: half within
the district, the rest within the regency or to another regency). Hard negatives are
made on purpose: household members (shared family card and address, siblings with the
same second name, 2% twins) and **namesakes**: 3% of people have a single common name
("Siti", "Wati", "Muhammad", "Sri", "Nur" ...) and the birth date of another person
with that name in a different regency.

    python bench/gen_agency_files.py 20000 out.csv truth.csv [seed]
"""

from __future__ import annotations

import csv
import gzip
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

WILAYAH = Path(__file__).resolve().parents[1] / "src/balai/regions/data/wilayah.csv.gz"
KODEPOS = Path(__file__).resolve().parents[1] / "src/balai/regions/data/kodepos.csv.gz"

HEADER = (
    "ID",
    "SUMBER",
    "NIK",
    "NO_KK",
    "NAMA",
    "TEMPAT_LAHIR",
    "TGL_LAHIR",
    "JK",
    "ALAMAT",
    "RT",
    "RW",
    "DESA",
    "KECAMATAN",
    "KAB_KOTA",
    "PROVINSI",
    "KODE_POS",
    "NO_HP",
)
SOURCES = ("SIKS", "PCARE", "SIDESA", "SIMPUS")
SOURCE_WEIGHTS = (0.3, 0.3, 0.2, 0.2)
# share of a source's records that carry no NIK at all
NIK_MISSING = {"SIKS": 0.04, "PCARE": 0.1, "SIDESA": 0.3, "SIMPUS": 0.18}

REGENCIES = (
    "Kabupaten Garut",
    "Kabupaten Tasikmalaya",
    "Kabupaten Banyumas",
    "Kabupaten Sleman",
    "Kabupaten Kediri",
    "Kabupaten Jember",
    "Kabupaten Lombok Timur",
    "Kota Palembang",
    "Kabupaten Deli Serdang",
    "Kota Pontianak",
    "Kabupaten Gowa",
    "Kabupaten Aceh Besar",
)

# (name, weight): written for this generator, ordered by nothing in particular
MALE = (
    ("Muhammad", 28),
    ("Ahmad", 12),
    ("Agus", 10),
    ("Abdul", 6),
    ("Budi", 6),
    ("Slamet", 5),
    ("Eko", 5),
    ("Asep", 5),
    ("Rizky", 5),
    ("Bambang", 4),
    ("Joko", 4),
    ("Dedi", 4),
    ("Rudi", 4),
    ("Hendra", 4),
    ("Wahyu", 4),
    ("Arif", 4),
    ("Fajar", 4),
    ("Ujang", 3),
    ("Yusuf", 3),
    ("Hasan", 3),
    ("Dimas", 3),
    ("Kurniawan", 3),
    ("Ilham", 3),
    ("Irfan", 3),
    ("Bayu", 3),
    ("Aditya", 3),
    ("Nur", 3),
    ("Imam", 2),
    ("Teguh", 2),
    ("Suparman", 2),
    ("Sutrisno", 2),
    ("Sugeng", 2),
    ("Yoga", 2),
    ("Taufik", 2),
    ("Ridwan", 2),
    ("Firman", 2),
    ("Gilang", 2),
    ("Hendrawan", 1),
    ("Darmawan", 1),
    ("Zainal", 1),
    ("Hamzah", 1),
    ("Syahrul", 1),
    ("Cecep", 1),
    ("Jajang", 1),
    ("Tjahjo", 1),
)
FEMALE = (
    ("Siti", 28),
    ("Sri", 14),
    ("Nur", 10),
    ("Dewi", 8),
    ("Wati", 6),
    ("Rina", 5),
    ("Fitri", 5),
    ("Putri", 5),
    ("Ani", 4),
    ("Yuni", 4),
    ("Wahyuni", 4),
    ("Nurhayati", 4),
    ("Ayu", 4),
    ("Dian", 4),
    ("Rahmawati", 3),
    ("Lestari", 3),
    ("Indah", 3),
    ("Endang", 3),
    ("Eka", 3),
    ("Ratna", 3),
    ("Yulia", 3),
    ("Aisyah", 3),
    ("Fatimah", 3),
    ("Novi", 3),
    ("Suhartini", 2),
    ("Setiawati", 2),
    ("Kartini", 2),
    ("Sumiati", 2),
    ("Nia", 2),
    ("Mega", 2),
    ("Tuti", 2),
    ("Ida", 2),
    ("Lina", 2),
    ("Ningsih", 2),
    ("Sulastri", 2),
    ("Khadijah", 1),
    ("Maryam", 1),
    ("Djuwariah", 1),
    ("Tjitjih", 1),
    ("Euis", 1),
)
MALE_SECOND = (
    "Santoso",
    "Hidayat",
    "Saputra",
    "Pratama",
    "Setiawan",
    "Kusuma",
    "Wibowo",
    "Nugroho",
    "Rahman",
    "Hakim",
    "Sulistyo",
    "Purnomo",
    "Susanto",
    "Gunawan",
    "Hartono",
    "Firmansyah",
    "Ramadhan",
    "Maulana",
    "Syahputra",
    "Prasetyo",
    "Kurniadi",
    "Sudrajat",
    "Supriadi",
    "Mulyadi",
    "Hermawan",
    "Iskandar",
)
FEMALE_SECOND = (
    "Sari",
    "Utami",
    "Wulandari",
    "Anggraini",
    "Handayani",
    "Lestari",
    "Fitriani",
    "Safitri",
    "Kurniasih",
    "Rohmah",
    "Hasanah",
    "Amalia",
    "Permatasari",
    "Rahayu",
    "Susanti",
    "Yuliani",
    "Marlina",
    "Nurjanah",
    "Puspita",
    "Aryani",
)
MARGA = ("Siregar", "Nasution", "Lubis", "Harahap", "Hasibuan", "Tarigan", "Ginting")
# regencies whose families pass a clan name on
MARGA_REGENCIES = ("Kabupaten Deli Serdang",)
# single common names of the namesakes (hard negatives)
COMMON_SINGLE = {
    "M": ("Muhammad", "Ahmad", "Agus", "Slamet"),
    "F": ("Siti", "Wati", "Sri", "Nur"),
}
NICKNAMES = {
    "Wahyuni": "Yuni",
    "Suhartini": "Tini",
    "Nurhayati": "Yati",
    "Rahmawati": "Rahma",
    "Setiawati": "Wati",
    "Kurniawan": "Wawan",
    "Hendrawan": "Hendra",
    "Sutrisno": "Tris",
    "Suparman": "Parman",
    "Sulastri": "Lastri",
    "Sumiati": "Sumi",
    "Abdul": "Dul",
    "Aditya": "Adit",
    "Rizky": "Kiki",
    "Fatimah": "Imah",
    "Kartini": "Tini",
    "Ningsih": "Ning",
    "Darmawan": "Darma",
    "Khadijah": "Ijah",
}
MUHAMMAD = ("Muhamad", "Mohammad", "Mochammad", "Muhammat", "M.", "Moh.", "Muh.")
OLD_SPELLINGS = (("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"))
STREETS = (
    "Mawar",
    "Melati",
    "Kenanga",
    "Flamboyan",
    "Cempaka",
    "Anggrek",
    "Pahlawan",
    "Veteran",
    "Sudirman",
    "Diponegoro",
    "Gatot Subroto",
    "Ahmad Yani",
    "Pemuda",
    "Kartini",
    "Imam Bonjol",
    "Raya Timur",
    "Pasar Baru",
    "Nangka",
    "Durian",
)
HAMLETS = ("Krajan", "Karanganyar", "Sukamulya", "Tegalsari", "Babakan", "Cikoneng")
PLACES = ("Jakarta", "Bandung", "Surabaya", "Medan", "Yogyakarta", "Makassar", "Solo")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass
class Village:
    code: str
    name: str
    district: str
    regency: str
    province: str
    postal: str


@dataclass
class Person:
    pid: int
    sex: str
    name: str
    born: tuple[int, int, int]  # year, month, day
    village: Village
    nik: str
    kk: str
    street: str
    house: int
    rt: int
    rw: int
    birth_place: str
    phone: str | None
    single: bool = False
    sources: list[str] = field(default_factory=list)


def _title(name: str) -> str:
    return name.removeprefix("Kabupaten ").removeprefix("Kota ")


def load_villages() -> dict[str, list[Village]]:
    """The villages of REGENCIES with their district, regency, province, postal code."""
    with gzip.open(WILAYAH, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with gzip.open(KODEPOS, "rt", encoding="utf-8") as handle:
        postal = {row["kode"]: row["kodepos"] for row in csv.DictReader(handle)}
    names = {row["kode"]: row["nama"] for row in rows}
    wanted = {row["kode"]: row["nama"] for row in rows if row["tingkat"] == "2"}
    wanted = {code: name for code, name in wanted.items() if name in REGENCIES}
    villages: dict[str, list[Village]] = {name: [] for name in wanted.values()}
    for row in rows:
        if row["tingkat"] != "4" or row["kode"][:5] not in wanted:
            continue
        code = row["kode"]
        villages[wanted[code[:5]]].append(
            Village(
                code=code,
                name=row["nama"],
                district=names[code[:8]],
                regency=wanted[code[:5]],
                province=names[code[:2]],
                postal=postal.get(code, ""),
            )
        )
    missing = set(REGENCIES) - set(villages)
    if missing:
        raise RuntimeError(f"regencies not in the wilayah table: {sorted(missing)}")
    return villages


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.villages = load_villages()
        self.serials: dict[str, int] = {}
        self.persons: list[Person] = []
        self.by_single: dict[tuple[str, str], list[Person]] = {}
        self.male = ([n for n, _ in MALE], [w for _, w in MALE])
        self.female = ([n for n, _ in FEMALE], [w for _, w in FEMALE])

    # -- people ------------------------------------------------------------------
    def _given(self, sex: str) -> str:
        names, weights = self.male if sex == "M" else self.female
        return self.rng.choices(names, weights)[0]

    def _nik(self, village: Village, born: tuple[int, int, int], sex: str) -> str:
        year, month, day = born
        area = village.code.replace(".", "")[:6]
        stem = f"{area}{day + (40 if sex == 'F' else 0):02d}{month:02d}{year % 100:02d}"
        self.serials[stem] = self.serials.get(stem, 0) + 1
        return f"{stem}{self.serials[stem]:04d}"

    def _kk(self, village: Village) -> str:
        area = village.code.replace(".", "")[:6]
        day, month = self.rng.randint(1, 28), self.rng.randint(1, 12)
        year = self.rng.randint(5, 24)
        stem = f"{area}{day:02d}{month:02d}{year:02d}"
        self.serials[stem] = self.serials.get(stem, 0) + 1
        return f"{stem}{self.serials[stem]:04d}"

    def _phone(self) -> str | None:
        if self.rng.random() < 0.35:
            return None
        prefix = self.rng.choice(
            ("811", "812", "813", "821", "822", "852", "857", "878", "896")
        )
        return prefix + "".join(
            str(self.rng.randint(0, 9)) for _ in range(self.rng.choice((7, 8, 9)))
        )

    def _born(self, low: int, high: int) -> tuple[int, int, int]:
        return (
            self.rng.randint(low, high),
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
        )

    def _person(self, *, sex, name, born, village, kk, street, house, rt, rw, single):
        person = Person(
            pid=len(self.persons),
            sex=sex,
            name=name,
            born=born,
            village=village,
            nik=self._nik(village, born, sex),
            kk=kk,
            street=street,
            house=house,
            rt=rt,
            rw=rw,
            birth_place=_title(village.regency)
            if self.rng.random() < 0.7
            else self.rng.choice(PLACES),
            phone=self._phone(),
            single=single,
        )
        self.persons.append(person)
        if single:
            self.by_single.setdefault((sex, name), []).append(person)
        return person

    def household(self) -> list[Person]:
        """One household: a head, maybe a spouse, children (2% twins)."""
        rng = self.rng
        regency = rng.choice(REGENCIES)
        village = rng.choice(self.villages[regency])
        kk = self._kk(village)
        street, house = rng.choice(STREETS), rng.randint(1, 150)
        rt, rw = rng.randint(1, 12), rng.randint(1, 8)
        common = {
            "village": village,
            "kk": kk,
            "street": street,
            "house": house,
            "rt": rt,
            "rw": rw,
        }
        family = rng.choice(MARGA) if regency in MARGA_REGENCIES else None
        members: list[Person] = []
        head_sex = "M" if rng.random() < 0.8 else "F"
        head_second = family or rng.choice(
            MALE_SECOND if head_sex == "M" else FEMALE_SECOND
        )
        for role in ("head", "spouse", *("child",) * rng.choice((0, 0, 1, 2, 2, 3, 4))):
            if role == "spouse" and rng.random() < 0.25:
                continue
            sex = (
                head_sex
                if role == "head"
                else ("F" if head_sex == "M" else "M")
                if role == "spouse"
                else rng.choice("MF")
            )
            if role == "child":
                born = self._born(1985, 2022)
                if members and members[-1].born[0] >= 1985 and rng.random() < 0.02:
                    born = members[-1].born  # twins
                second = family or (
                    head_second
                    if rng.random() < 0.4
                    else rng.choice(MALE_SECOND if sex == "M" else FEMALE_SECOND)
                )
            else:
                born = self._born(1940, 1995)
                second = (
                    head_second
                    if role == "head"
                    else rng.choice(MALE_SECOND if sex == "M" else FEMALE_SECOND)
                )
            namesake = rng.random() < 0.03
            single = namesake or rng.random() < 0.18
            if namesake:
                name = rng.choice(COMMON_SINGLE[sex])
                twins = [
                    p
                    for p in self.by_single.get((sex, name), [])
                    if p.village.regency != regency
                ]
                if twins:
                    born = rng.choice(twins).born  # same name and birth date elsewhere
            elif single:
                name = self._given(sex)
            else:
                name = f"{self._given(sex)} {second}"
                if rng.random() < 0.1:
                    name = f"{self._given(sex)} {name}"
            members.append(
                self._person(sex=sex, name=name, born=born, single=single, **common)
            )
        return members

    # -- records -----------------------------------------------------------------
    def _move(self, person: Person) -> Village:
        rng, here = self.rng, person.village
        pool = self.villages[here.regency]
        roll = rng.random()
        if roll < 0.5:
            near = [v for v in pool if v.district == here.district and v is not here]
            if near:
                return rng.choice(near)
        if roll < 0.85:
            return rng.choice(pool)
        return rng.choice(self.villages[rng.choice(REGENCIES)])

    def _vary_name(self, name: str, age: int) -> str:
        rng = self.rng
        words = name.split()
        if words[0] == "Muhammad" and rng.random() < 0.5:
            words[0] = rng.choice(MUHAMMAD)
        roll = rng.random()
        if roll < 0.05:
            words = [NICKNAMES.get(w, w) for w in words]
        elif roll < 0.08 and len(words) > 1:
            i = rng.randrange(len(words) - 1) if rng.random() < 0.5 else len(words) - 1
            words[i] = words[i][0] + "."
        elif roll < 0.11 and len(words) > 1:
            words = words[1:] + words[:1]
        elif roll < 0.16:
            old, new = rng.choice(OLD_SPELLINGS)
            i = rng.randrange(len(words))
            words[i] = words[i].replace(old, new, 1)
        text = " ".join(words)
        if rng.random() < 0.08 and len(text) > 4:
            i = rng.randrange(1, len(text) - 1)
            if text[i].isalpha():
                kind = rng.random()
                if kind < 0.4:
                    text = text[:i] + rng.choice("aeiounrst") + text[i + 1 :]
                elif kind < 0.7:
                    text = text[:i] + text[i + 1 :]
                else:
                    text = text[:i] + text[i] + text[i:]
        if age > 45 and rng.random() < 0.03:
            text = ("Hj. " if self.rng.random() < 0.5 else "H. ") + text
        if rng.random() < 0.02:
            text += rng.choice((", S.Pd", ", S.E.", ", A.Md"))
        return text

    @staticmethod
    def _nik_typo(rng: random.Random, nik: str) -> str:
        i = rng.randrange(16)
        digit = rng.choice([d for d in "0123456789" if d != nik[i]])
        return nik[:i] + digit + nik[i + 1 :]

    @staticmethod
    def _nik_transpose(rng: random.Random, nik: str) -> str:
        spots = [i for i in range(15) if nik[i] != nik[i + 1]]
        i = rng.choice(spots)
        return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]

    def record(self, person: Person, *, duplicate: bool) -> dict:
        rng = self.rng
        source = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
        if duplicate and person.sources and rng.random() < 0.7:
            others = [s for s in SOURCES if s not in person.sources]
            source = rng.choice(others or list(SOURCES))
        person.sources.append(source)
        name, born, village = person.name, person.born, person.village
        nik: str | None = person.nik
        street, house, rt, rw = person.street, person.house, person.rt, person.rw
        phone = person.phone
        if rng.random() < NIK_MISSING[source]:
            nik = None
        if duplicate:
            name = self._vary_name(name, 2026 - born[0])
            roll = rng.random()
            if nik and roll < 0.12:
                nik = None
            elif nik and roll < 0.16:
                nik = self._nik_typo(rng, nik)
            elif nik and roll < 0.19:
                nik = self._nik_transpose(rng, nik)
            roll = rng.random()
            year, month, day = born
            if roll < 0.04 and day <= 12 and day != month:
                born = (year, day, month)
            elif roll < 0.06:
                born = (year + rng.choice((-1, 1)), month, day)
            elif roll < 0.08:
                born = None  # type: ignore[assignment]
            if rng.random() < 0.12:
                village = self._move(person)
                street, house = rng.choice(STREETS), rng.randint(1, 150)
                rt, rw = rng.randint(1, 12), rng.randint(1, 8)
                phone = phone if rng.random() < 0.5 else self._phone()
            elif phone and rng.random() < 0.25:
                phone = None
        return self._format(
            source, person, name, nik, born, village, street, house, rt, rw, phone
        )

    def _village_text(self, source: str, village: Village) -> str:
        rng, name = self.rng, village.name
        city = village.regency.startswith("Kota")
        if rng.random() < 0.03:
            return ""
        if source == "SIKS":
            return (("KEL. " if city else "DESA ") + name).upper()
        if source == "PCARE":
            return (
                rng.choice(("Kel. ", "Kelurahan ") if city else ("Desa ", "Ds. "))
                + name
            )
        if source == "SIDESA":
            for old, new in (("u", "oe"), ("j", "dj"), ("c", "tj")):
                if old in name.lower() and rng.random() < 0.5:
                    name = name.replace(old, new).replace(old.upper(), new.capitalize())
            if rng.random() < 0.3:
                name = name.replace(" ", "")
            return name
        return name

    def _format(
        self, source, person, name, nik, born, village, street, house, rt, rw, phone
    ) -> dict:
        rng = self.rng
        row = dict.fromkeys(HEADER, "")
        row["SUMBER"] = source
        row["NIK"] = nik or ""
        row["DESA"] = self._village_text(source, village)
        row["KECAMATAN"] = village.district
        if born is not None:
            year, month, day = born
        if source == "SIKS":
            row.update(
                NAMA=name.upper(),
                NO_KK=person.kk if rng.random() < 0.9 else "",
                TEMPAT_LAHIR=person.birth_place.upper(),
                TGL_LAHIR=f"{day:02d}-{month:02d}-{year}" if born else "",
                JK="L" if person.sex == "M" else "P",
                ALAMAT=f"JL. {street.upper()} NO. {house}",
                RT=f"{rt:03d}",
                RW=f"{rw:03d}",
                KECAMATAN=village.district.upper(),
                KAB_KOTA=village.regency.upper().replace("KABUPATEN ", "KAB. "),
                PROVINSI=village.province.upper(),
                KODE_POS=village.postal,
                NO_HP=f"0{phone}" if phone else "",
            )
        elif source == "PCARE":
            local = f"{phone[:3]}-{phone[3:7]}-{phone[7:]}" if phone else ""
            row.update(
                NAMA=name,
                TEMPAT_LAHIR=person.birth_place,
                TGL_LAHIR=f"{year}-{month:02d}-{day:02d}" if born else "",
                JK="Laki-laki" if person.sex == "M" else "Perempuan",
                ALAMAT=f"Jl. {street} No. {house} RT {rt:03d}/RW {rw:03d}",
                KAB_KOTA=village.regency,
                PROVINSI=village.province,
                NO_HP=f"+62 {local}" if phone else "",
            )
        elif source == "SIDESA":
            typed = name.lower() if rng.random() < 0.5 else name
            row.update(
                NAMA=typed,
                NO_KK=person.kk if rng.random() < 0.8 else "",
                TGL_LAHIR=f"{day} {MONTHS[month - 1]} {year}" if born else "",
                JK="1" if person.sex == "M" else "2",
                ALAMAT=f"Dusun {HAMLETS[house % len(HAMLETS)]}",
                RT=str(rt),
                RW=str(rw),
                KAB_KOTA=_title(village.regency),
                PROVINSI=village.province,
                KODE_POS=village.postal,
                NO_HP=f"62{phone}" if phone else "",
            )
        else:  # SIMPUS
            row.update(
                NAMA=name.upper(),
                TGL_LAHIR=f"{day:02d}/{month:02d}/{year}" if born else "",
                JK="Pria" if person.sex == "M" else "Wanita",
                ALAMAT=f"Gg. {street} No.{house}",
                RT=str(rt),
                RW=str(rw),
                KODE_POS=village.postal,
                NO_HP=f"0{phone[:3]} {phone[3:7]} {phone[7:]}" if phone else "",
            )
        row["_person"] = person.pid
        return row


def generate(n: int, *, duplicate_rate: float = 0.15, seed: int = 41) -> list[dict]:
    """``n`` rows (dicts with HEADER's keys, ``ID`` = ``R0000001``..., and ``_person``,
    the truth); ``round(n * duplicate_rate)`` of them are extra records of a person."""
    if n < 1:
        raise ValueError("n must be at least 1")
    gen = Generator(seed)
    extra = round(n * duplicate_rate)
    rows: list[dict] = []
    while len(gen.persons) < n - extra:
        gen.household()
    del gen.persons[n - extra :]
    for person in gen.persons:
        rows.append(gen.record(person, duplicate=False))
    for _ in range(extra):
        rows.append(gen.record(gen.rng.choice(gen.persons), duplicate=True))
    gen.rng.shuffle(rows)
    for number, row in enumerate(rows, start=1):
        row["ID"] = f"R{number:07d}"
    return rows


def write(rows: list[dict], data_path: Path, truth_path: Path) -> None:
    """The agency file (``;``, UTF-8, no quoting needed) and the truth file."""
    with data_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows([row[column] for column in HEADER] for row in rows)
    with truth_path.open("w", encoding="utf-8", newline="") as out:
        out.write("ID;PERSON\n")
        out.writelines(f"{row['ID']};P{row['_person']}\n" for row in rows)


if __name__ == "__main__":
    size, data, truth, *rest = sys.argv[1:]
    write(
        generate(int(size), seed=int(rest[0]) if rest else 41), Path(data), Path(truth)
    )
