# SPDX-License-Identifier: EUPL-1.2
"""Loading and validating catalog files: every kind of error names file and field."""

from __future__ import annotations

import copy
import os
from decimal import Decimal

import pytest

from balai.catalog.definitions import ServiceDefinition, Text
from balai.catalog.loader import SHIPPED_DIRECTORY, catalog, load_paths

SLUGS = {
    "ktp-el",
    "kartu-keluarga",
    "akta-kelahiran",
    "akta-kematian",
    "surat-pindah",
    "akta-perkawinan",
    "kia",
    "pbg",
    "nib",
    "sktm",
    "surat-domisili",
    "izin-reklame",
    "pbb-p2",
    "pengaduan",
}


def problems_of(raw, write_service, name="kia.yaml") -> list[str]:
    path = write_service(raw, name)
    return [str(problem) for problem in load_paths([path]).problems]


def test_shipped_catalog_has_exactly_the_fourteen_services_without_errors():
    loaded = load_paths([SHIPPED_DIRECTORY])
    assert loaded.problems == []
    assert set(loaded.services) == SLUGS


def test_loaded_definitions_are_the_frozen_contract_objects():
    service = load_paths([SHIPPED_DIRECTORY]).services["akta-kelahiran"]
    assert isinstance(service, ServiceDefinition)
    assert service.name == Text("Akta Kelahiran", "Birth certificate")
    assert service.fee.amount == Decimal(0) and service.fee.is_free
    assert service.register_action == "birth"
    assert service.output.template == "akta-kelahiran"
    assert isinstance(service.form_ui["child_name"]["label"], Text)
    assert service.form_ui["kk_number"]["prefill"] == "kk_number"
    with pytest.raises(AttributeError):
        service.slug = "other"  # type: ignore[misc]


def test_register_actions_and_pointer_kinds_of_shipped_services():
    services = load_paths([SHIPPED_DIRECTORY]).services
    actions = {
        slug: s.register_action for slug, s in services.items() if s.register_action
    }
    assert actions == {
        "akta-kelahiran": "birth",
        "akta-kematian": "death",
        "surat-pindah": "move_out",
        "kartu-keluarga": "family_card",
        "ktp-el": "identity_card",
        "kia": "child_card",
        "akta-perkawinan": "marriage",
    }
    assert services["pbb-p2"].kind == "tax" and services["pbb-p2"].external_url
    assert services["pengaduan"].kind == "report"
    assert services["pengaduan"].external_url == "/lapor/"
    assert all(s.fee.is_free for s in services.values() if s.agency == "disdukcapil")


def test_form_schema_type_typo_is_reported_with_file_and_field(
    valid_raw, write_service
):
    valid_raw["form_schema"]["properties"]["child_name"]["type"] = "strin"
    assert problems_of(valid_raw, write_service) == [
        "kia.yaml: form_schema.properties.child_name.type: 'strin' is not valid"
    ]


def test_invalid_yaml_reports_line_and_column(write_service):
    found = problems_of("slug: kia\nname: {id: x, en\n", write_service)
    assert len(found) == 1
    assert found[0].startswith("kia.yaml: not valid YAML: line ")


def test_duplicate_keys_are_an_error(write_service):
    text = (SHIPPED_DIRECTORY / "kia.yaml").read_text() + "\nslug: kia\n"
    found = problems_of(text, write_service)
    assert "duplicate key 'slug'" in found[0]


def test_slug_must_equal_file_name(valid_raw, write_service):
    assert problems_of(valid_raw, write_service, "kartu-anak.yaml") == [
        "kartu-anak.yaml: slug: 'kia' must equal the file name 'kartu-anak'"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r["name"].pop("en"),
            "kia.yaml: name: 'en' is a required property",
        ),
        (
            lambda r: r.update(agency="Dinas Dukcapil"),
            "kia.yaml: agency: 'Dinas Dukcapil' does not match",
        ),
        (
            lambda r: r.update(life_events=["liburan"]),
            "kia.yaml: life_events.0: 'liburan' is not one of",
        ),
        (
            lambda r: r.update(sla_working_days=0),
            "kia.yaml: sla_working_days: must be a positive number of working days",
        ),
        (
            lambda r: r["steps"][1].update(role="lurah"),
            "kia.yaml: steps.1.role: 'lurah' is not a role",
        ),
        (
            lambda r: r.update(steps=[]),
            "kia.yaml: steps: an application needs at least a step",
        ),
        (
            lambda r: r["steps"][0].pop("sign_off"),
            "kia.yaml: steps: an application needs its approval chain",
        ),
        (
            lambda r: r["steps"][2].update(sign_off=True),
            "kia.yaml: steps.2.role: a sign-off step is signed by one of "
            "agency_head, officer",
        ),
        (
            lambda r: r["steps"][0].update(sign_off="ya"),
            "kia.yaml: steps.0.sign_off: 'ya' is not of type 'boolean'",
        ),
        (
            lambda r: r["requirements"][1].update(code="akta-kelahiran"),
            "kia.yaml: requirements.0.code: 'akta-kelahiran' is used twice",
        ),
        (
            lambda r: r["form_ui"].pop("child_name"),
            "kia.yaml: form_ui.child_name: every form property needs a label",
        ),
        (
            lambda r: r["form_ui"]["child_name"]["label"].pop("id"),
            "kia.yaml: form_ui.child_name.label: 'id' is a required property",
        ),
        (
            lambda r: r["form_ui"]["kk_number"].update(prefill="nomor_kk"),
            "kia.yaml: form_ui.kk_number.prefill: 'nomor_kk' is not a register field",
        ),
        (
            lambda r: r["form_schema"]["properties"].update(photo={"type": "array"}),
            "kia.yaml: form_schema.properties.photo.type: 'array' is not a form field",
        ),
        (
            lambda r: r["form_schema"]["required"].append("hobby"),
            "kia.yaml: form_schema.required.6: 'hobby' is not a property of the form",
        ),
        (
            lambda r: r["output"]["fields"].append("shoe_size"),
            "kia.yaml: output.fields.4: 'shoe_size' is neither a form property",
        ),
        (
            lambda r: r.update(kind="tax"),
            "kia.yaml: external_url: a service of kind tax needs a path",
        ),
        (
            lambda r: r.update(price=5000),
            "kia.yaml: Additional properties are not allowed ('price' was unexpected)",
        ),
    ],
    ids=[
        "missing-english",
        "agency-format",
        "unknown-life-event",
        "sla-not-positive",
        "unknown-role",
        "no-steps",
        "no-approval-chain",
        "system-signs-off",
        "sign-off-not-boolean",
        "duplicate-requirement",
        "missing-form-label",
        "missing-indonesian-label",
        "unknown-prefill",
        "unsupported-field-type",
        "required-unknown-property",
        "unknown-output-field",
        "tax-without-url",
        "unknown-key",
    ],
)
def test_each_kind_of_error_names_file_and_field(
    valid_raw, write_service, change, expected
):
    raw = copy.deepcopy(valid_raw)
    change(raw)
    found = problems_of(raw, write_service)
    assert any(problem.startswith(expected.rstrip()) for problem in found), found


def test_an_invalid_file_is_left_out_and_the_others_still_load(
    catalog_dir, copy_shipped, write_service
):
    copy_shipped("sktm")
    write_service("slug: kia\n")
    loaded = catalog()
    assert set(loaded.services) == {"sktm"}
    assert loaded.errors and loaded.errors[0].file == "kia.yaml"


def test_catalog_is_cached_and_reloads_when_a_file_changes(
    catalog_dir, copy_shipped, valid_raw, write_service, monkeypatch
):
    monkeypatch.setattr("balai.catalog.loader.RELOAD_CHECK_SECONDS", 0)
    copy_shipped("sktm")
    first = catalog()
    assert catalog() is first
    write_service(valid_raw)
    second = catalog()
    assert second is not first
    assert set(second.services) == {"sktm", "kia"}
    path = catalog_dir / "kia.yaml"
    valid_raw["name"]["en"] = "Child ID card"
    write_service(valid_raw)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert catalog().services["kia"].name.en == "Child ID card"
