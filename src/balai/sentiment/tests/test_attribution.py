# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai.sentiment import attribution


@pytest.fixture(autouse=True)
def _fresh_index():
    attribution.reset()
    yield
    attribution.reset()


@pytest.mark.parametrize(
    ("text", "service", "agency"),
    [
        ("bikin akte kelahiran anak lama bgt", "akta-kelahiran", "disdukcapil"),
        ("urus kartu keluarga baru ribet", "kartu-keluarga", "disdukcapil"),
        ("ktp-el saya belum jadi", "ktp-el", "disdukcapil"),
        ("bayar pbb online gagal terus", "pbb-p2", "bapenda"),
        ("nib keluar sehari lewat oss", "nib", "dpmptsp"),
        ("dukcapil buka sabtu gak?", "", "disdukcapil"),
        ("sampah numpuk di tps seminggu", "", "dlh"),
        ("lampu jalan mati semua", "", "dinas-pu"),
        ("cuaca cerah hari ini", "", ""),
    ],
)
def test_services_and_agencies(db, text, service, agency):
    found = attribution.attribute(text)
    assert (found.service_slug, found.agency_code) == (service, agency)


def test_regions_after_a_cue_word_or_a_city_name(sample_regions):
    assert attribution.attribute("jalan rusak di kecamatan coblong").region_code == (
        "32.73.02"
    )
    assert attribution.attribute("banjir lagi di kota bandung").region_code == "32.73"
    assert attribution.attribute("sampah di surabaya numpuk").region_code == "35.78"
    assert attribution.attribute("tidak ada tempat disebut").region_code == ""
