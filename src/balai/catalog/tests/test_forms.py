# SPDX-License-Identifier: EUPL-1.2
"""Application forms and server-side answer validation, in Indonesian and English."""

from __future__ import annotations

import datetime as dt
import json

from django import forms
from django.utils import translation

import pytest

from balai.catalog.forms import application_form, prefill_initial, validate_answers
from balai.catalog.selectors import service_get, service_list

MOTHER_NIK = "3273014101900001"  # a woman born 1 January 1990 (day + 40)
KK = "3273010101150001"


def birth_answers(**changes):
    answers = {
        "child_name": "Budi Santoso",
        "child_sex": "M",
        "birth_date": "2025-01-15",
        "birth_place": "Bandung",
        "birth_facility": "rumah-sakit",
        "birth_attendant": "dokter",
        "birth_order": 1,
        "mother_nik": MOTHER_NIK,
        "mother_name": "Siti Aminah",
        "kk_number": KK,
        "reporter_relationship": "ibu",
        "declaration": True,
    }
    answers.update(changes)
    return {key: value for key, value in answers.items() if value is not None}


def test_valid_answers_have_no_errors():
    assert validate_answers(service_get("akta-kelahiran"), birth_answers()) == {}


def test_answer_errors_in_indonesian():
    service = service_get("akta-kelahiran")
    answers = birth_answers(
        child_name="B",
        child_sex="X",
        birth_order=0,
        mother_name=None,
        mother_nik="123",
        birth_date="2025-02-30",
        declaration=False,
        birth_time="25:61",
        extra="?",
    )
    with translation.override("id"):
        errors = validate_answers(service, answers)
    assert errors["child_name"] == ["Masukkan paling sedikit 2 karakter."]
    assert errors["child_sex"] == ["Pilih salah satu pilihan."]
    assert errors["birth_order"] == ["Masukkan 1 atau lebih."]
    assert errors["mother_name"] == ["Bidang ini harus diisi."]
    assert errors["birth_date"] == [
        "Masukkan tanggal yang benar (hari, bulan, dan tahun)."
    ]
    assert errors["declaration"] == ["Centang kotak ini untuk melanjutkan."]
    assert errors["birth_time"] == ["Tulis jam dengan format JJ:MM, misalnya 07:45."]
    assert errors["extra"] == ["Kolom ini bukan bagian dari formulir."]
    assert "16" in errors["mother_nik"][0]


def test_answer_errors_in_english():
    service = service_get("akta-kelahiran")
    answers = birth_answers(
        child_name="B", child_sex="X", mother_name=None, weight_grams="heavy"
    )
    with translation.override("en"):
        errors = validate_answers(service, answers)
    assert errors == {
        "child_name": ["Enter at least 2 characters."],
        "child_sex": ["Choose one of the options."],
        "weight_grams": ["Enter a whole number."],
        "mother_name": ["This field is required."],
    }


def test_conditional_requirements_of_the_schema_are_enforced():
    service = service_get("ktp-el")
    answers = {
        "reason": "hilang",
        "nik": MOTHER_NIK,
        "full_name": "Siti Aminah",
        "birth_date": "1990-01-01",
        "kk_number": KK,
        "preferred_location": "kantor-dinas",
    }
    with translation.override("en"):
        assert validate_answers(service, answers) == {
            "police_report_date": ["This field is required."]
        }
        answers["reason"] = "rusak"
        assert validate_answers(service, answers) == {}


def test_answers_that_are_not_an_object_are_refused():
    with translation.override("en"):
        errors = validate_answers(service_get("kia"), ["x"])  # type: ignore[arg-type]
    assert errors == {"__all__": ["The answers must be a set of named fields."]}


def test_form_fields_follow_the_schema_and_labels_follow_the_language():
    service = service_get("akta-kelahiran")
    with translation.override("id"):
        form = application_form(service)
        assert form.fields["child_name"].label == "Nama lengkap anak"
    with translation.override("en"):
        form = application_form(service)
        assert form.fields["child_name"].label == "Child's full name"
        assert form.fields["child_name"].max_length == 150
    fields = form.fields
    assert isinstance(fields["birth_date"], forms.DateField)
    assert fields["birth_date"].widget.input_type == "date"
    assert isinstance(fields["child_sex"].widget, forms.RadioSelect)
    assert fields["child_sex"].choices == [("M", "Male"), ("F", "Female")]
    assert isinstance(fields["birth_facility"].widget, forms.Select)
    assert fields["birth_facility"].choices[0][0] == ""
    assert isinstance(fields["birth_order"], forms.IntegerField)
    assert fields["birth_order"].min_value == 1
    assert isinstance(fields["length_cm"], forms.FloatField)
    assert isinstance(fields["declaration"], forms.BooleanField)
    assert fields["declaration"].required
    assert not fields["father_nik"].required
    assert fields["kk_number"].widget.attrs["inputmode"] == "numeric"


def test_bound_form_gives_json_ready_answers():
    service = service_get("akta-kelahiran")
    data = birth_answers(
        birth_date="15/01/2025",
        mother_nik="3273-0141-0190-0001",
        father_nik="",
        declaration="on",
    )
    form = application_form(service, data=data)
    assert form.is_valid(), form.errors
    answers = form.answers
    assert answers["birth_date"] == "2025-01-15"
    assert answers["mother_nik"] == MOTHER_NIK
    assert "father_nik" not in answers
    assert answers["birth_order"] == 1
    json.dumps(answers)
    assert validate_answers(service, answers) == {}


def test_bound_form_errors_in_both_languages():
    service = service_get("akta-kelahiran")
    data = birth_answers(mother_nik="3273019901900001", child_sex="X", child_name="")
    with translation.override("id"):
        form = application_form(service, data=data)
        assert not form.is_valid()
        assert form.errors["child_name"] == ["Bidang ini harus diisi."]
        assert form.errors["mother_nik"] == [
            "Digit ke-7 dan ke-8 harus berupa tanggal lahir "
            "(01–31, atau 41–71 untuk perempuan)."
        ]
    with translation.override("en"):
        form = application_form(service, data=data)
        assert not form.is_valid()
        assert form.errors["child_name"] == ["This field is required."]
        assert form.errors["mother_nik"][0].startswith("Digits 7 and 8")
        assert "child_sex" in form.errors


def test_schema_rules_the_form_cannot_express_become_form_errors():
    service = service_get("surat-pindah")
    data = {
        "nik": MOTHER_NIK,
        "full_name": "Siti",
        "kk_number": KK,
        "move_scope": "sebagian",
        "destination_village_code": "32.04.05.2001",
        "destination_address": "Jl. Raya 1",
        "move_date": "2025-03-01",
        "reason": "pekerjaan",
    }
    with translation.override("en"):
        form = application_form(service, data=data)
        assert not form.is_valid()
    assert form.errors == {"other_member_niks": ["This field is required."]}


def test_pattern_errors_use_the_service_message():
    service = service_get("surat-pindah")
    with translation.override("id"):
        form = application_form(service, data={"destination_village_code": "320405"})
        form.is_valid()
    assert form.errors["destination_village_code"] == [
        "Tulis kode desa/kelurahan dengan titik, misalnya 32.04.05.2001."
    ]


def test_prefill_maps_register_fields_and_skips_blanks():
    service = service_get("ktp-el")
    register = {
        "nik": MOTHER_NIK,
        "full_name": "Siti Aminah",
        "birth_date": dt.date(1990, 1, 1),
        "kk_number": "",
        "address": "Jl. Dago 1",
    }
    initial = prefill_initial(service, register)
    assert initial == {
        "nik": MOTHER_NIK,
        "full_name": "Siti Aminah",
        "birth_date": dt.date(1990, 1, 1),
    }
    form = application_form(service, initial=initial)
    assert form["full_name"].value() == "Siti Aminah"


@pytest.mark.parametrize("service", service_list(), ids=lambda s: s.slug)
def test_every_shipped_service_builds_a_form_with_labelled_fields(service):
    with translation.override("en"):
        form = application_form(service)
    assert form.fields
    for name, field in form.fields.items():
        assert field.label and field.label != name
