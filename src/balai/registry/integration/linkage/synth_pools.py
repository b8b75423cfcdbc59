# SPDX-License-Identifier: EUPL-1.2
"""Name, street and place pools for the synthetic register (``integration.synthetic``).

Written in modern spelling (EYD); the generator turns some into the old spelling
(oe/dj/tj/nj/sj/ch) the way older documents and older people's records still show them.
Pools are deliberately small enough that common names collide, as they do in a real
register (many people are called "Muhammad Rizki" or "Sri Wahyuni").
"""

from __future__ import annotations

from typing import Any


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ARAB_M = _words(
    "Muhammad Ahmad Abdullah Hasan Husein Fauzan Rizki Ilham Arif Yusuf Ibrahim Ismail "
    "Ali Umar Usman Syaiful Khairul Kholil Hamzah "
    "Zainal Anwar Nasrullah Syamsul Rahmat "
    "Hidayat Fikri Faisal Habib Jafar Luthfi Mahmud "
    "Nurdin Ridwan Sulaiman Taufik Zulkifli"
)
_ARAB_F = _words(
    "Fatimah Aisyah Khadijah Aminah Nurul Zahra Maryam Zainab Halimah Rahmah Salmah "
    "Hafsah Jamilah Latifah Nadia Rabiah Sakinah Syarifah Umi Wardah Yusniar Zulaikha"
)
_ARAB_2 = _words(
    "Hidayat Rahman Hakim Ramadhan Firmansyah Maulana Syahputra Nurdin Hamzah Fauzi "
    "Abdillah Hasibuan Ridho Akbar Alfarizi Fadillah Hanafi Iskandar Kurniawan Saputra"
)
_ARAB_2F = _words(
    "Rahmawati Hidayati Nurhayati Fitriani Rahmadani Azizah Fauziah Maulida Syafitri "
    "Khairunnisa Aulia Ramadhani Salsabila Nabila Hasanah Mardiyah"
)

NAME_POOLS: dict[str, dict[str, Any]] = {
    "jawa": {
        "m": _words(
            "Budi Agus Joko Sutrisno Slamet Bambang Heru "
            "Eko Dwi Tri Wahyu Hadi Suharto "
            "Sugeng Supriyadi Purwanto Rahmat Yudi Teguh Edi Hari Imam Bayu Adi Suryo "
            "Wibowo Sukarno Sumarno Sunaryo Suparman "
            "Warsito Yulianto Cahyo Sigit Bagus "
            "Aji Anton Danang Gunawan Hendro Joko Kusno Margono Mulyono Nugroho Paijo "
            "Parman Prayitno Rudi Sarwono Subagyo Sudarsono Sujono Sukirman Tukiman"
        )
        + _ARAB_M[:12],
        "f": _words(
            "Sri Siti Dewi Endang Wulan Rini Yuni Tutik "
            "Sumarni Suharti Ratna Lestari Nur "
            "Puji Ani Tri Dwi Sulastri Suprapti Sumiyati Wartini Kartini Ningsih Murni "
            "Indah Ayu Rahayu Setyowati Sundari Tuminah Wagini Yanti Yuliani Erna Eni "
            "Fitri Kurniasih Lies Marni Partini Purwati Sukinah Supini Warsini"
        )
        + _ARAB_F[:8],
        "m2": _words(
            "Santoso Susanto Wijaya Prasetyo Nugroho "
            "Setiawan Kurniawan Hidayat Purnomo "
            "Wibowo Saputra Kusuma Pratama Utomo Widodo Suryadi Haryanto Sulistyo "
            "Hartono Budiman Cahyono Darmawan Firmansyah Hermawan Iswanto Julianto "
            "Kuncoro Mulyadi Priyanto Raharjo Sasongko Triyono Waluyo Yuwono"
        ),
        "f2": _words(
            "Handayani Rahayu Wati Astuti Lestari Ningsih Wahyuni Susanti Kusumawati "
            "Pratiwi Puspitasari Rahmawati Safitri Sulistyowati Utami Wulandari "
            "Yuliana Anggraini Damayanti Fitriani Indriani "
            "Kurniawati Maharani Novitasari"
        ),
        "two_part": 0.6,
    },
    "sunda": {
        "m": _words(
            "Asep Ujang Dadang Cecep Deden Yayat Ade Iwan "
            "Dede Endang Agus Rudi Acep Dedi "
            "Jajang Ayi Budi Dadan Engkus Entis Hendi Ikin Komar Mamat Nandang Oman "
            "Rahmat Saepudin Tatang Ujang Wawan Yana Yusup Aep Enjang Ruhiyat"
        )
        + _ARAB_M[:10],
        "f": _words(
            "Euis Neneng Iis Cucu Lilis Nining Yati Enok Tati Ai Rina Siti Eneng Ela "
            "Entin Erna Heni Ida Imas Ipah Iyah Nani Nia "
            "Nunung Onih Popon Rohaeti Tuti "
            "Yeni Yuyun Ati Dewi"
        )
        + _ARAB_F[:6],
        "m2": _words(
            "Sunarya Supriatna Hidayat Rusmana Suparman "
            "Kusnadi Permana Gunawan Setiawan "
            "Saepulloh Sopandi Suherman Sutisna Hermawan Rohman Kurnia Mulyana Ruhiyat "
            "Sumpena Komarudin Nugraha Ramdani Maulana Firmansyah"
        ),
        "f2": _words(
            "Nurhayati Rohaeni Kurniasih Sumarni Marlina Yulianti Herawati Nuraeni "
            "Rohimah Sartika Sukaesih Suryani Purnamasari Juliawati Rosita Mulyani"
        ),
        "two_part": 0.55,
    },
    "batak": {
        "m": _words(
            "Tigor Parulian Hotman Sahat Maruli Binsar "
            "Togar Rudi Daniel Jonathan Benny "
            "Robert Lamhot Poltak Bonar Hasudungan Martua "
            "Pardamean Ronald Sabar Tumpal "
            "Jansen Frans Hendrik Edward Mangasa Marihot Torang Anggiat"
        ),
        "f": _words(
            "Rosmawati Tiurma Mariani Lasma Sondang Rotua "
            "Maria Dewi Friska Rina Hotmaida "
            "Lestari Nurmala Rosdiana Tiomina Ruth Esther Juliana Debora Marta Rosita"
        ),
        "m2": _words("Parlindungan Tua Halomoan Marulitua Pangihutan Hamonangan"),
        "f2": _words("Theresia Magdalena Elisabeth Natalia Christina Veronika"),
        "family": _words(
            "Simanjuntak Siregar Nasution Sitompul Hutapea Simatupang Pardede Sinaga "
            "Lubis Harahap Situmorang Manurung Panjaitan "
            "Hutagalung Sihombing Tampubolon "
            "Silalahi Napitupulu Pasaribu Simbolon Sitorus Marpaung Gultom Sirait "
            "Hutabarat Damanik Purba Saragih Tambunan Nainggolan"
        ),
        "two_part": 0.3,
    },
    "minang": {
        "m": _words(
            "Fauzi Rizal Hendri Yusrizal Afrizal Zulkifli Syafri Irwan Erwin Defri "
            "Novrizal Asrul Yuliardi Darmansyah Syahrial Mardinal Zulfahmi Effendi "
            "Jasman Amril Buyung Datuak Ilyas Masrul Nofrianto Rusdi Syamsir Yunaldi"
        )
        + _ARAB_M[10:24],
        "f": _words(
            "Yusnimar Nurhayati Rosmiati Elvi Yeni Desi Fitri Wirda Asmaniar Darlis "
            "Erlina Fitria Gusnawati Hasnimar Lusiana Mardiana Nelmawati Rosnida "
            "Syafrida Yulnita Zuraida"
        )
        + _ARAB_F[8:16],
        "m2": _words(
            "Chaniago Koto Tanjung Sikumbang Piliang Malik "
            "Syafei Dt. Rajo Putra Effendi "
            "Jamil Hakim Rasyid Sutan Marajo"
        ),
        "f2": _words("Wati Yanti Nengsih Hayati Susanti Fitri Yeni Murni"),
        "two_part": 0.5,
    },
    "bugis": {
        "m": _words(
            "Syamsul Haeruddin Baharuddin Jamaluddin "
            "Nasruddin Abdul Rahman Ridwan Arifin "
            "Hasanuddin Muhammad Ahmad Amiruddin "
            "Burhanuddin Darwis Hamzah Ilham Jusman "
            "Kamaruddin Mansyur Muh Nurdin Rusli Saharuddin Syarifuddin Tajuddin"
        ),
        "f": _words(
            "Nurhaeni Hasnah Sitti Hasni Jumiati Rahmawati Nurhayati Asmawati Bau "
            "Darmawati Hasriani Irmawati Kasmawati Megawati Nurmiati Rosmini Sumarni "
            "Suriani Wahida Hajrah Nurjannah"
        ),
        "m2": _words(
            "Rahman Hamid Latif Syam Amir Basri Daeng Jafar Kadir Makmur Nur Rasyid "
            "Said Sultan Tahir Wahab Yusuf"
        ),
        "f2": _words("Rahman Amir Basri Daeng Nur Rasyid Tahir Hamid"),
        "two_part": 0.5,
    },
    "bali": {
        "m": _words(
            "Agus Suardana Sudarma Artawan Budiasa Wirawan Suparta Mahendra Arsana "
            "Darmawan Gunawan Juliarta Kariasa Mertayasa Putra Sudiarta Sukadana "
            "Suwitra Widiana Yasa Adnyana Astawa Dharma Sujana"
        ),
        "f": _words(
            "Sari Ayu Suartini Widiastuti Kartika Sukmawati Ariani Dewi Lestari "
            "Mahayani Puspita Rusmini Sudiartini Sukerti Sumerti Wahyuni Yuliani"
        ),
        "m2": _words("Putra Wijaya Saputra Pratama Kusuma Yasa"),
        "f2": _words("Dewi Ayu Sari Utami Pratiwi Lestari"),
        "two_part": 0.3,
    },
    "arab": {
        "m": _ARAB_M,
        "f": ("Siti", *_ARAB_F),
        "m2": _ARAB_2,
        "f2": _ARAB_2F,
        "two_part": 0.85,
    },
    "tionghoa": {
        "m": _words(
            "Hendra Budi Lukas Kevin Steven Yohanes Andreas Michael Vincent William "
            "Ferry Johan Hartono Sugianto Tommy Felix Ricky Jimmy Edwin Irwan"
        ),
        "f": _words(
            "Lina Melinda Susanti Jessica Vivian Linda Yenny Lily Meiliana Veronica "
            "Natalia Stephanie Cindy Sherly Fransiska Wendy"
        ),
        "m2": _words("Gunawan Hartono Setiawan Wijaya"),
        "f2": _words("Wijaya Setiawan Kurniawati"),
        "family": _words(
            "Wijaya Halim Gunawan Tanoto Santoso Kurniawan Salim Tanjaya Lim Tan Liem "
            "Hartanto Sugiharto Widjaja Susilo Lie Kosasih Sutanto"
        ),
        "two_part": 0.3,
    },
}

# regency code → ethnic mix of its residents (weights); real Kemendagri regency codes
ETHNIC_MIX: dict[str, dict[str, float]] = {
    "32.73": {"sunda": 0.7, "jawa": 0.12, "arab": 0.12, "tionghoa": 0.06},  # Bandung
    "33.74": {"jawa": 0.75, "arab": 0.18, "tionghoa": 0.07},  # Semarang
    "35.78": {"jawa": 0.7, "arab": 0.2, "tionghoa": 0.1},  # Surabaya
    "12.71": {"batak": 0.55, "jawa": 0.15, "arab": 0.15, "tionghoa": 0.15},  # Medan
    "13.71": {"minang": 0.8, "arab": 0.15, "jawa": 0.05},  # Padang
    "73.71": {"bugis": 0.75, "arab": 0.15, "jawa": 0.05, "tionghoa": 0.05},  # Makassar
    "51.71": {"bali": 0.8, "jawa": 0.12, "arab": 0.08},  # Denpasar
    "31.74": {
        "jawa": 0.35,
        "sunda": 0.15,
        "arab": 0.3,
        "batak": 0.08,  # Jaksel
        "minang": 0.06,
        "tionghoa": 0.06,
    },
}
PLACES: dict[str, str] = {
    "32.73": "Bandung",
    "33.74": "Semarang",
    "35.78": "Surabaya",
    "12.71": "Medan",
    "13.71": "Padang",
    "73.71": "Makassar",
    "51.71": "Denpasar",
    "31.74": "Jakarta",
}
# used only when the shipped region table is missing (a stripped-down install)
FALLBACK_VILLAGES: dict[str, tuple[str, ...]] = {
    "32.73": ("32.73.01.1001", "32.73.01.1002", "32.73.02.1001", "32.73.05.1003"),
    "33.74": ("33.74.01.1001", "33.74.02.1002", "33.74.03.1001"),
    "35.78": ("35.78.01.1001", "35.78.02.1001", "35.78.03.1002"),
    "12.71": ("12.71.01.1001", "12.71.02.1002", "12.71.03.1001"),
    "13.71": ("13.71.01.1001", "13.71.02.1001", "13.71.03.1003"),
    "73.71": ("73.71.01.1001", "73.71.02.1002", "73.71.03.1001"),
    "51.71": ("51.71.01.1001", "51.71.02.1002", "51.71.03.1001"),
    "31.74": ("31.74.01.1001", "31.74.02.1002", "31.74.07.1001"),
}
STREETS: tuple[str, ...] = _words(
    "Merdeka Sudirman Diponegoro Gatot_Subroto "
    "Ahmad_Yani Pahlawan Kenanga Melati Mawar "
    "Anggrek Flamboyan Cempaka Dahlia Nusantara Veteran Pemuda Kartini Imam_Bonjol "
    "Hasanuddin Cendrawasih Rajawali Merpati Kutilang Nangka Durian Rambutan Mangga "
    "Kelapa Jati Cemara Beringin Sawo Manggis Delima Teratai Seroja Bougenville "
    "Raya_Bogor Pramuka Proklamasi Kemerdekaan Pattimura Sisingamangaraja Teuku_Umar "
    "Cut_Nyak_Dien Suropati Gajah_Mada Hayam_Wuruk Sultan_Agung Siliwangi Padjadjaran "
    "Tanjung Sejahtera Makmur Harapan Damai Bahagia Mekar Sari Indah Permai Asri"
)
STREETS = tuple(street.replace("_", " ") for street in STREETS)
