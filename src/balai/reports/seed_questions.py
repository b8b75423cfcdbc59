# SPDX-License-Identifier: EUPL-1.2
"""The demo categories' questions (Open311 attributes), one of every datatype.

Indonesian in ``description``/``name``, English in ``*_en``; the reporting form,
the officers' page and the Open311 service definitions all read them from here
through the categories.
"""

from __future__ import annotations

from typing import Any

SIZE = {
    "code": "ukuran",
    "datatype": "singlevaluelist",
    "required": True,
    "order": 1,
    "variable": True,
    "description": "Seberapa besar kerusakannya?",
    "description_en": "How large is the damage?",
    "datatype_description": "",
    "values": [
        {"key": "kecil", "name": "Kecil (kurang dari 30 cm)", "name_en": "Small"},
        {"key": "sedang", "name": "Sedang (30–100 cm)", "name_en": "Medium"},
        {"key": "besar", "name": "Besar (lebih dari 1 m)", "name_en": "Large"},
    ],
}
DEPTH = {
    "code": "kedalaman",
    "datatype": "number",
    "required": False,
    "order": 2,
    "variable": True,
    "description": "Perkiraan kedalaman lubang (cm)",
    "description_en": "Estimated depth of the hole (cm)",
    "datatype_description": "Angka saja, misalnya 15",
    "datatype_description_en": "A number, for example 15",
}
POLE = {
    "code": "nomor_tiang",
    "datatype": "string",
    "required": False,
    "order": 1,
    "variable": True,
    "description": "Nomor tiang lampu (jika terlihat)",
    "description_en": "Lamp post number (if visible)",
    "datatype_description": "",
}
DARK_SINCE = {
    "code": "mati_sejak",
    "datatype": "datetime",
    "required": False,
    "order": 2,
    "variable": True,
    "description": "Sejak kapan lampu mati?",
    "description_en": "Since when has the light been out?",
    "datatype_description": "",
}
SIDEWALK = {
    "code": "kerusakan",
    "datatype": "text",
    "required": False,
    "order": 1,
    "variable": True,
    "description": "Apa yang rusak?",
    "description_en": "What is damaged?",
    "datatype_description": "Misalnya ubin lepas, berlubang, atau tertutup bangunan",
    "datatype_description_en": "For example loose tiles, holes, or blocked by a stall",
}
FLOOD_CALL = {
    "code": "darurat",
    "datatype": "string",
    "required": False,
    "order": 1,
    "variable": False,
    "description": "Jika ada orang terjebak air, telepon 112 sekarang.",
    "description_en": "If anyone is trapped by the water, call 112 now.",
    "datatype_description": "",
}
WATER_DEPTH = {
    "code": "kedalaman_air",
    "datatype": "number",
    "required": True,
    "order": 2,
    "variable": True,
    "description": "Perkiraan kedalaman air (cm)",
    "description_en": "Estimated depth of the water (cm)",
    "datatype_description": "Angka saja, misalnya 40",
    "datatype_description_en": "A number, for example 40",
}
WASTE = {
    "code": "jenis_sampah",
    "datatype": "multivaluelist",
    "required": True,
    "order": 1,
    "variable": True,
    "description": "Sampah apa saja?",
    "description_en": "What kind of rubbish?",
    "datatype_description": "Pilih semua yang sesuai",
    "datatype_description_en": "Choose all that apply",
    "values": [
        {"key": "rumah_tangga", "name": "Sampah rumah tangga", "name_en": "Household"},
        {"key": "plastik", "name": "Plastik", "name_en": "Plastic"},
        {"key": "puing", "name": "Puing bangunan", "name_en": "Building rubble"},
        {"key": "kebun", "name": "Daun dan ranting", "name_en": "Garden waste"},
    ],
}
TREE_CALL = {
    "code": "darurat",
    "datatype": "string",
    "required": False,
    "order": 1,
    "variable": False,
    "description": "Jika pohon menimpa orang atau kabel listrik, telepon 112 sekarang.",
    "description_en": "If the tree fell on someone or on power lines, call 112 now.",
    "datatype_description": "",
}
TREE_BLOCKS = {
    "code": "menghalangi",
    "datatype": "singlevaluelist",
    "required": True,
    "order": 2,
    "variable": True,
    "description": "Apakah pohon menghalangi jalan?",
    "description_en": "Does the tree block the road?",
    "datatype_description": "",
    "values": [
        {"key": "seluruh", "name": "Ya, seluruh jalan", "name_en": "Yes, all of it"},
        {"key": "sebagian", "name": "Sebagian jalan", "name_en": "Part of it"},
        {"key": "tidak", "name": "Tidak", "name_en": "No"},
    ],
}

QUESTIONS: dict[str, list[dict[str, Any]]] = {
    "jalan-berlubang": [SIZE, DEPTH],
    "trotoar-rusak": [SIDEWALK],
    "pju-mati": [POLE, DARK_SINCE],
    "banjir": [FLOOD_CALL, WATER_DEPTH],
    "sampah": [WASTE],
    "pohon-tumbang": [TREE_CALL, TREE_BLOCKS],
}
# answers of the demo reports (by category)
DEMO_ANSWERS: dict[str, dict[str, Any]] = {
    "jalan-berlubang": {"ukuran": "besar", "kedalaman": "15"},
    "banjir": {"kedalaman_air": "40"},
    "sampah": {"jenis_sampah": ["rumah_tangga", "plastik"]},
    "pohon-tumbang": {"menghalangi": "sebagian"},
}
