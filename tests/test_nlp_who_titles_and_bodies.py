"""Fourth round (issue 5): shapes found in more real regional news, each rule with its own
sentences (written for these tests)."""

from __future__ import annotations

import pytest

from pipeline.nlp import make_doc
from tests.who_facts import organizations, regions


@pytest.fixture(scope="module")
def nlp(who_nlp):
    return who_nlp


def officials(nlp, text: str) -> list[tuple[str, str, str | None]]:
    doc = make_doc(nlp, text)
    return [
        (s._.value["name"], s._.value["role"], s._.value["region"]) for s in doc._.facts["official"]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an acting post written as the person's title wins over the permanent one
        (
            "Sekda Lebak Rina Kartika membuka rapat. Esoknya Plt Bupati Lebak Rina Kartika "
            "meninjau pasar.",
            [("Rina Kartika", "bupati", "36.02")],
        ),
        # ... but an appointment announced with "sebagai" does not replace it
        (
            "Sekda Lebak Rina Kartika ditunjuk. Gubernur menetapkan Rina Kartika sebagai Plt "
            "Bupati Lebak.",
            [("Rina Kartika", "sekretaris daerah", "36.02")],
        ),
    ],
)
def test_one_role_per_person(nlp, text, expected):
    assert officials(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name followed by "dan" and a body is a name, not a unit before the body
        (
            "Wali kota itu bertemu Presiden Joko Widodo dan DPR RI di Jakarta.",
            [("Joko Widodo", "presiden", None)],
        ),
        # initials closing a name; a degree is still dropped
        (
            "Kapolres Temanggung AKBP Rudi Hartono PS, Selasa, memimpin apel.",
            [("Rudi Hartono PS", "kapolres", "33.23")],
        ),
        (
            "Kapolres Temanggung AKBP Rudi Hartono SH, memimpin apel.",
            [("Rudi Hartono", "kapolres", "33.23")],
        ),
        # the electoral district is not the role's region, nor part of the name
        (
            "Anggota DPR RI dari Dapil Jabar III, Siti Marlina, menyesalkan keputusan itu.",
            [("Siti Marlina", "anggota dpr ri", None)],
        ),
        # "Pusat" after the body: its national level, no region
        (
            "Pj Gubernur Jatim Adi Wirawan dilantik. Ketua TP PKK Pusat Ratna Sari Dewi hadir.",
            [("Adi Wirawan", "gubernur", "35"), ("Ratna Sari Dewi", "ketua tp pkk", None)],
        ),
        # a shorter name with another role is another person
        (
            "Menteri Dalam Negeri Budi Karnadi hadir bersama Ketua TP PKK Pusat Sri Budi Karnadi.",
            [
                ("Budi Karnadi", "menteri dalam negeri", None),
                ("Sri Budi Karnadi", "ketua tp pkk", None),
            ],
        ),
        # a time aside between the role's region and the comma before the name
        (
            "Proyek itu diusulkan Wali Kota Madiun kala itu, Hadi Susanto, pada 2013.",
            [("Hadi Susanto", "wali kota", "35.77")],
        ),
        # a company's officer is not an official
        ("Saksi Andi Gunawan selaku Direktur PT Sinar Jaya Abadi membantah.", []),
        ("Direktur CV Maju Terus Bambang Irawan diperiksa penyidik.", []),
        # two acronyms make a head's field
        (
            "Kadis PU SDA Jateng Hendra Wijaya mengecek tanggul.",
            [("Hendra Wijaya", "kepala dinas pu sda", "33")],
        ),
        # a role spelled out in brackets after the field: the initials are the short form
        (
            "Kepala Dinas Ketahanan Pangan, Kelautan, dan Pertanian (Kadis KPKP) DKI Jakarta, "
            "Rudi Santoso mengatakan stok aman.",
            [("Rudi Santoso", "kepala dinas kpkp", "31")],
        ),
        # an agency acronym the table does not list, with a region after it
        (
            "Kepala DPKPP Kota Bekasi Yudi Pratama meninjau lokasi.",
            [("Yudi Pratama", "kepala dpkpp", "32.75")],
        ),
    ],
)
def test_official_shapes(nlp, text, expected):
    assert officials(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unit numbers after a named head, with or without the place
        (
            "Pengamanan dibantu TNI (Kodim 0812 dan Yonif 521) serta Kodim 0809/Kediri dan "
            "Kodim 0811 Tuban.",
            ["TNI", "Kodim 0812", "Kodim 0809/Kediri", "Kodim 0811 Tuban"],
        ),
        # a corps after a rank is part of a person's title, not an organization
        ("Mobil dikemudikan Mayjen TNI Bagus Santoso.", []),
        # initials of the field words in brackets: the body's short form
        (
            "Dinas Ketahanan Pangan, Kelautan, dan Pertanian (KPKP) menyiapkan kandang.",
            ["Dinas KPKP"],
        ),
        ("Pemprov melalui Dinas PU Sumber Daya Air (SDA) mengeruk sungai.", ["Dinas PU SDA"]),
        # ... unless the table lists the body under its own short form
        ("Dinas Lingkungan Hidup (LH) menanam pohon.", ["DLH"]),
        # agency acronyms the table does not list need a region after them
        (
            "DPUBMSDA Sidoarjo dan DPKPP Kota Bekasi bekerja sama, sedangkan DPW partai dan "
            "BPJS Kesehatan tidak.",
            ["DPUBMSDA Sidoarjo", "DPKPP Kota Bekasi"],
        ),
        ("Laporan DPKPP itu belum selesai.", []),
        # a head's short role names the body it heads, with the field's acronym and a region
        ("Mantan Kadis PUPR Sumut Toni Siregar diperiksa.", ["Dinas PUPR Sumatera Utara"]),
        ("Kadis LH Bogor Andi Wijaya menanam pohon.", ["DLH Bogor"]),
        ("Kadis PUPR itu diperiksa.", []),
        (
            "Hadir Kadis Pariwisata Pemprov Jateng Sinta Dewi dan Kapolres Sampang AKBP Yudi.",
            ["Dinas Pariwisata Jawa Tengah", "Polres Sampang"],
        ),
    ],
)
def test_bodies(nlp, text, expected):
    assert organizations(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a level word after a name shared by a kabupaten and a kota picks the kota
        ("Kapolres Kediri Kota AKBP Bambang Irawan memimpin apel.", ["35.71"]),
        ("Polres Blitar Kota menyiagakan personel.", ["35.72"]),
        # ... but not when the word opens another region
        ("Rombongan dari Blitar Kota Batu tiba.", ["35.72", "35.79"]),
        # lowercase abbreviations that no Indonesian word spells; other names need a prefix
        ("Warga jatim dan sumut serta malang datang.", ["35", "12"]),
        # abbreviations and joined spellings kept as data
        ("Bupati Koltim dan warga Flotim serta Padanglawas Utara.", ["74.11", "53.06", "12.20"]),
    ],
)
def test_regions(nlp, text, expected):
    assert regions(nlp, text) == expected


def test_level_after_joins_the_police_office(nlp):
    assert organizations(nlp, "Polres Blitar Kota menyiagakan personel.") == ["Polres Blitar Kota"]
