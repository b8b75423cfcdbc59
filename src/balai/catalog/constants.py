# SPDX-License-Identifier: EUPL-1.2
"""Fixed vocabularies of the catalog: life events, kinds, register actions, error codes.

Service files may only use the codes listed here; the validator rejects anything else,
so a typo in a YAML file cannot create a life event or a register change nobody handles.
"""

from __future__ import annotations

from enum import StrEnum

from balai.accounts.constants import Role
from balai.catalog.definitions import Text

# Life events citizens browse by, in display order (code → names).
LIFE_EVENTS: dict[str, Text] = {
    "kelahiran": Text("Kelahiran anak", "Having a baby"),
    "kematian": Text("Kematian anggota keluarga", "Death in the family"),
    "perkawinan": Text("Perkawinan", "Getting married"),
    "pindah": Text("Pindah tempat tinggal", "Moving house"),
    "identitas": Text("Dokumen identitas", "Identity documents"),
    "usaha": Text("Memulai dan menjalankan usaha", "Starting and running a business"),
    "bangunan": Text("Membangun dan merenovasi", "Building and renovating"),
    "bantuan-sosial": Text("Bantuan dan keringanan biaya", "Social assistance"),
    "pajak": Text("Pajak daerah", "Local taxes"),
    "pengaduan": Text("Pengaduan dan laporan", "Complaints and reports"),
}

# What a service is: an application handled by cases, or a pointer to another feature.
KIND_APPLICATION = "application"
KIND_TAX = "tax"
KIND_REPORT = "report"
KINDS = (KIND_APPLICATION, KIND_TAX, KIND_REPORT)

# Register changes performed on approval (the cases app maps them to registry services).
REGISTER_ACTIONS = (
    "birth",
    "death",
    "move_out",
    "family_card",
    "identity_card",
    "child_card",
    "marriage",
)

# Who performs a workflow step: an accounts role, or the platform itself.
STEP_ROLES = frozenset({*(role.value for role in Role), "system"})
# Who may sign off a step of an approval chain (the cases workflow enforces it).
SIGN_OFF_ROLES = frozenset({Role.OFFICER.value, Role.AGENCY_HEAD.value})

# Register fields of the applicant that a form property may be prefilled from: the
# fields of registry.Resident (village_code is its village's Kemendagri code) plus the
# account's contact details.
PREFILL_KEYS = frozenset(
    {
        "nik",
        "kk_number",
        "full_name",
        "birth_place",
        "birth_date",
        "sex",
        "religion",
        "marital_status",
        "occupation",
        "education",
        "blood_type",
        "citizenship",
        "address",
        "rt",
        "rw",
        "village_code",
        "phone",
        "email",
    }
)

# How a service can be used.
CHANNELS = frozenset({"online", "counter", "oss", "simbg", "lapor"})

# Display names of the agencies the shipped catalog uses, for pages rendered before the
# database knows them (a fresh install); the database's Agency.name wins when present.
AGENCY_NAMES: dict[str, Text] = {
    "disdukcapil": Text(
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Population and Civil Registration Office",
    ),
    "dpmptsp": Text(
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Investment and One-Stop Licensing Office",
    ),
    "bapenda": Text("Badan Pendapatan Daerah", "Regional Revenue Agency"),
    "diskominfo": Text(
        "Dinas Komunikasi dan Informatika", "Communication and Informatics Office"
    ),
    "kelurahan-dago": Text("Kelurahan Dago", "Dago Village Office"),
    "dinas-pu": Text(
        "Dinas Pekerjaan Umum dan Penataan Ruang", "Public Works and Spatial Planning"
    ),
    "dlh": Text("Dinas Lingkungan Hidup", "Environment Office"),
}

# Custom JSON Schema formats understood by the form builder and validate_answers.
FORMAT_NIK = "nik"
FORMAT_KK = "kk-number"


class ErrorCode(StrEnum):
    SERVICE_NOT_FOUND = "service_not_found"
    CATALOG_INVALID = "catalog_invalid"
