"""`pantau_officials` and `pantau_organizations` (issue 5), on sentences written for pantau."""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp import make_doc
from pipeline.nlp.officials import normalize_name, person_key


@pytest.fixture(scope="module")
def nlp():
    import pipeline.nlp.layout  # noqa: F401  (registers the factories)
    import pipeline.nlp.officials  # noqa: F401
    import pipeline.nlp.organizations  # noqa: F401
    import pipeline.nlp.regions  # noqa: F401

    nlp = spacy.blank("id")
    for name in ("sentencizer", "pantau_layout", "pantau_regions", "pantau_organizations"):
        nlp.add_pipe(name)
    nlp.add_pipe("pantau_officials")
    return nlp


def officials(nlp, text: str, **context) -> list[dict]:
    doc = make_doc(nlp, text, **context)
    return [span._.value for span in doc._.facts["official"]]


def triples(nlp, text: str) -> list[tuple]:
    return [(o["name"], o["role"], o["region"]) for o in officials(nlp, text)]


def organizations(nlp, text: str) -> list[str]:
    doc = make_doc(nlp, text)
    return [span._.value["name"] for span in doc._.facts["organization"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bimtek dibuka oleh Sekda Kabupaten Lebak, Budi Santoso, di aula.",
            [("Budi Santoso", "sekretaris daerah", "36.02")],
        ),
        (
            "Wali Kota Pekalongan Ahmad Fauzi meninjau pelayanan.",
            [("Ahmad Fauzi", "wali kota", "33.75")],
        ),
        (
            "Sekretaris Daerah (Sekda) Kota Depok, Rina Marlina mengatakan inovasi penting.",
            [("Rina Marlina", "sekretaris daerah", "32.76")],
        ),
        (
            "Hadir pula narasumber dari BSKDN Kemendagri Pak Joko dan Pak Andri.",
            [("Joko", "narasumber", None), ("Andri", "narasumber", None)],
        ),
        (
            "Materi disampaikan narasumber Fitri AP Analis Kebijakan Ahli Muda, Badan Strategi "
            "Kebijakan Dalam Negeri.",
            [("Fitri", "analis kebijakan", None)],
        ),
        (
            "Dedi Kurniawan, Kepala Bappeda Kabupaten Garut, membuka rapat.",
            [("Dedi Kurniawan", "kepala bappeda", "32.05")],
        ),
        (
            "Rapat dipimpin Siti Aminah selaku Camat Cibeber.",
            [("Siti Aminah", "camat", None)],
        ),
    ],
)
def test_official_shapes(nlp, text, expected):
    assert triples(nlp, text) == expected


def test_honorifics_and_degrees_are_stripped_raw_form_kept(nlp):
    found = officials(nlp, "Bupati Kampar, H. Ahmad Yuzar, S.Sos., M.T. membuka kegiatan.")
    assert [o["name"] for o in found] == ["Ahmad Yuzar"]
    assert found[0]["name_raw"].startswith("H. Ahmad Yuzar")
    assert "M.T." in found[0]["name_raw"]
    found = officials(nlp, "Kepala Dinas Kesehatan, Dr. Hj. Maya Sari, M.Kes menjelaskan.")
    assert [(o["name"], o["role"]) for o in found] == [("Maya Sari", "kepala dinas kesehatan")]


def test_acting_prefix_is_a_flag_not_part_of_the_role(nlp):
    found = officials(nlp, "Plt. Bupati Sigi, Rudi Hartono menerima tim penilai.")
    assert [(o["role"], o["acting"]) for o in found] == [("bupati", True)]
    found = officials(nlp, "Pj Wali Kota Bekasi Tri Adhianto hadir.")
    assert [(o["name"], o["role"], o["acting"], o["region"]) for o in found] == [
        ("Tri Adhianto", "wali kota", True, "32.75")
    ]


def test_short_mentions_link_to_the_full_person_once(nlp):
    text = (
        "Wali Kota Binjai Amir Hamzah membuka lomba inovasi.\n"
        "Walikota Amir juga meminta OPD berinovasi. Amir menutup acara."
    )
    assert triples(nlp, text) == [("Amir Hamzah", "wali kota", "12.75")]


def test_regional_role_without_written_region_takes_the_primary_region(nlp):
    text = "Pemkab Tabalong menggelar bimtek.\nKabid Bappeda Rudi Hartono menyampaikan materi."
    assert triples(nlp, text) == [("Rudi Hartono", "kepala bidang", "63.09")]


def test_not_officials(nlp):
    # A reporter credit, a role inside a venue name, a weekday after a role, a headline.
    assert officials(nlp, "Kegiatan berlangsung lancar.(Budi Hartono)") == []
    assert officials(nlp, "Rapat digelar di Kantor Bupati Garut, Senin (3/6).") == []
    assert officials(nlp, "Sekda Minta OPD Bisa Berinovasi Lebih Cepat\n\nIsi berita.") == []


def test_person_key_joins_the_same_person_across_articles():
    assert person_key("Waris Tholib", "12.74") == person_key("WARIS  THOLIB", "12.74")
    assert person_key("Waris Tholib", "12.74") != person_key("Waris Tholib", "36.73")
    assert normalize_name("Zul Abdiman") == "zul abdiman"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kerja sama dengan Lembaga Administrasi Negara (LAN) Republik Indonesia berlanjut. "
            "Tim LAN RI hadir.",
            ["LAN RI"],
        ),
        (
            "Badan Strategi Kebijakan Dalam Negeri (BSKDN) Kementerian Dalam Negeri menilai. "
            "Narasumber dari Kemendagri menjelaskan.",
            ["BSKDN Kemendagri"],
        ),
        ("Rapat di Bappeda Kota Bogor bersama Diskominfo Kabupaten Bogor.", None),
        (
            "Badan Riset dan Inovasi Daerah (Brida) Provinsi Jawa Tengah dan BRIN bekerja sama.",
            ["Brida Jawa Tengah", "BRIN"],
        ),
        ("Pemkab Garut dan Setda Garut menyiapkan OPD.", []),
        ("Rapat DPRD Kota Serang berlangsung.(Rina/Diskominfo)", ["DPRD Kota Serang"]),
    ],
)
def test_organizations_canonical_once(nlp, text, expected):
    if expected is None:
        expected = ["Bappeda Kota Bogor", "Diskominfo Bogor"]
    assert organizations(nlp, text) == expected


def test_acronym_right_after_kadis_is_the_field_of_the_dinas(nlp):
    # rule: "Kadis" + an acronym the gazetteer does not know -> kepala dinas <acronym>
    text = "Sebelumnya Kadis PMD Jateng Sutrisno Hadi meninjau desa wisata di Klaten."
    assert ("Sutrisno Hadi", "kepala dinas pmd", "33") in triples(nlp, text)


def test_field_words_right_after_kadis_join_the_role_not_the_name(nlp):
    # rule: field words of a body right after "Kadis" are its field, never a person's name
    text = "Rapat dihadiri Kadis Lingkungan Hidup kalbar Yohanes Ari dan para camat."
    found = triples(nlp, text)
    assert not any(name.startswith("Lingkungan") for name, _, _ in found)
    roles = {role for _, role, _ in found}
    assert "kepala dinas" not in roles
    text = "Rapat dihadiri Kadis Lingkungan Hidup Yohanes Ari dan para camat."
    assert [(n, r) for n, r, _ in triples(nlp, text)] == [
        ("Yohanes Ari", "kepala dinas lingkungan hidup")
    ]


def test_kadis_field_rule_leaves_a_name_after_the_region_alone(nlp):
    text = "Kepala Dinas Sosial Kota Bekasi Anak Agung Putra Wibawa membuka pelatihan."
    names = [name for name, _, _ in triples(nlp, text)]
    assert "Anak Agung Putra Wibawa" in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the role in brackets after the name
        (
            "Hal itu disampaikan Rudi Hartono (Kadis Kominfo Kabupaten Lebak) kepada wartawan.",
            # the body found from the short role names the role by its short form
            [("Rudi Hartono", "kepala diskominfo", "36.02")],
        ),
        # a slash inside the unit of a role
        (
            "Kabid Litbang/Inovasi Bappeda Kota Serang, Rina Wati, menjelaskan inovasi itu.",
            [("Rina Wati", "kepala bidang", "36.73")],
        ),
        # military rank and corps, and the unit's number
        (
            "Apel dihadiri Dandim 0817 Gresik Letkol Inf Ahmad Fauzi.",
            [("Ahmad Fauzi", "dandim", "35.25")],
        ),
        (
            "Turut hadir Danlanal Banyuwangi Kolonel Laut (P) Hendra Wijaya.",
            [("Hendra Wijaya", "danlanal", "35.10")],
        ),
        # a month closing a name, but not a month before a year
        (
            "Kepala Dinas PUPR Kota Padangsidimpuan Rahmat Juni menyampaikan laporan.",
            [("Rahmat Juni", "kepala dinas pupr", "12.77")],
        ),
        (
            "Bupati Lebak Iti Jayabaya Juni 2024 meresmikan gedung itu.",
            [("Iti Jayabaya", "bupati", "36.02")],
        ),
        # several commas between the role and the name
        (
            "Kepala Dinas Pendidikan Pemuda dan Olahraga (Dikpora), Kabupaten Dompu, Nusa "
            "Tenggara Barat (NTB), Syamsul Bahri memastikan proses berjalan.",
            [("Syamsul Bahri", "kepala dikpora", "52.05")],
        ),
        # two roles sharing their body pair with two names
        (
            "Rapat dipimpin Wakil Ketua II dan Ketua DPRD Kabupaten Dompu Andi Saputra dan "
            "Nur Hasanah.",
            [
                ("Andi Saputra", "wakil ketua dprd", "52.05"),
                ("Nur Hasanah", "ketua dprd", "52.05"),
            ],
        ),
        # a lowercase region after a role word
        (
            "Hal itu disampaikan bupati malang Heru Santoso di pendopo.",
            [("Heru Santoso", "bupati", "35.07")],
        ),
        # veterinarian title
        (
            "Kepala Dinas Kesehatan Kota Depok, drh. Maria Sitorus, mengatakan hal itu.",
            [("Maria Sitorus", "kepala dinas kesehatan", "32.76")],
        ),
    ],
)
def test_who_round3_shapes(nlp, text, expected):
    assert triples(nlp, text) == expected


def test_bare_kepala_needs_a_body_right_after(nlp):
    assert triples(nlp, "Kepala BPBD Kabupaten Jember Agus Salim meninjau lokasi.") == [
        ("Agus Salim", "kepala bpbd", "35.09")
    ]
    assert triples(nlp, "Bola mengenai kepala Budi Santoso saat latihan.") == []
