# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai.regions.normalise import (
    ancestor_region_codes,
    dotted_region_code,
    normalise_region_name,
    parent_region_code,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kab. Bandung", "bandung"),
        ("Kabupaten Bandung", "bandung"),
        ("KABUPATEN   BANDUNG", "bandung"),
        ("kab bandung", "bandung"),
        ("Kota Bandung", "bandung"),
        ("Kota Adm. Jakarta Selatan", "jakarta selatan"),
        ("Kota Administrasi Jakarta Selatan", "jakarta selatan"),
        ("Kabupaten Administrasi Kepulauan Seribu", "kepulauan seribu"),
        ("Provinsi Jawa Barat", "jawa barat"),
        ("Provinsi DKI Jakarta", "jakarta"),
        ("Daerah Khusus Ibukota Jakarta", "jakarta"),
        ("Daerah Istimewa Yogyakarta", "yogyakarta"),
        ("Kecamatan Cileunyi", "cileunyi"),
        ("Desa Adat Yoboi", "yoboi"),
        ("Lubuk Pakam I,II", "lubuk pakam i ii"),
        ("Pa'u", "pau"),
        ("Ma’rang", "marang"),
        ("Bukit  Tinggi-Raya", "bukit tinggi raya"),
        ("Kota", "kota"),
        ("Kampung Melayu", "kampung melayu"),
        ("Gampong Baro", "gampong baro"),
        ("Sélatan", "selatan"),
    ],
)
def test_normalise_region_name(name, expected):
    assert normalise_region_name(name) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("32", "32"),
        ("32.04", "32.04"),
        ("32.04.05", "32.04.05"),
        ("320405", "32.04.05"),
        (" 3204 ", "32.04"),
        ("3204052001", "32.04.05.2001"),
        ("32.04.05.2001", "32.04.05.2001"),
        ("32-04-05", "32.04.05"),
        ("3", None),
        ("32045", None),
        ("32.4", None),
        ("abcdef", None),
        ("", None),
        ("٣٢٠٤", None),
    ],
)
def test_dotted_region_code(code, expected):
    assert dotted_region_code(code) == expected


def test_parent_and_ancestors():
    assert parent_region_code("32.04.05") == "32.04"
    assert parent_region_code("32") is None
    assert ancestor_region_codes("32.04.05.2001") == [
        "32",
        "32.04",
        "32.04.05",
        "32.04.05.2001",
    ]
