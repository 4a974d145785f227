"""Issue 5 follow-up: generic government bodies, officials on messy text, "Padang Luar", and the
who dev sets, on sentences written for pantau."""

from __future__ import annotations

import json

import pytest
import spacy

from pipeline.config import DATA_DIR
from pipeline.nlp import make_doc

DEVSET = DATA_DIR / "devset"
WHO_FIELDS = ("regions", "primary_region", "officials", "officials_role", "organizations")


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


def facts(nlp, text: str, kind: str) -> list[dict]:
    return [span._.value for span in make_doc(nlp, text)._.facts[kind]]


def organizations(nlp, text: str) -> list[str]:
    return [value["name"] for value in facts(nlp, text, "organization")]


def triples(nlp, text: str) -> list[tuple]:
    return [(o["name"], o["role"], o["region"]) for o in facts(nlp, text, "official")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a field of words joined by "dan", then the region: no alias row needed
        (
            "Kepala Dinas Koperasi dan UKM Provinsi Kalimantan Timur hadir.",
            ["Dinas Koperasi dan UKM Kalimantan Timur"],
        ),
        # a bracketed short form is the name
        (
            "Dinas Kebudayaan dan Pariwisata (Disbudpar) Kabupaten Jayawijaya menggelar festival.",
            ["Disbudpar Jayawijaya"],
        ),
        # a list of bodies stays a list, and the alias table's shorter name gives way
        (
            "Hadir Dinas Sosial, Dinas Perhubungan dan Dinas Lingkungan Hidup dan Kehutanan.",
            ["Dinas Sosial", "Dinas Perhubungan", "Dinas Lingkungan Hidup dan Kehutanan"],
        ),
        # named heads take a proper name or a region
        (
            "Pasien dirujuk dari Puskesmas Cikalong ke RSUD Embung Fatimah, dikawal Polresta "
            "Kota Batam.",
            ["Puskesmas Cikalong", "RSUD Embung Fatimah", "Polresta Kota Batam"],
        ),
        # one body under two spellings is listed once
        (
            "Dinas Pariwisata Kota Padang menutup pantai. Menurut Dispar Padang, pantai dibuka.",
            ["Dinas Pariwisata Kota Padang"],
        ),
        # a national body takes no region after it; "(LH)" is a field's initials, not the body
        (
            "Kementerian Kehutanan DKI Jakarta dan Dinas Lingkungan Hidup (LH) bertemu.",
            ["Kemenhut", "DLH"],
        ),
        # the person after a body is not part of it; units (Bidang) are never listed
        ("Kepala Bidang Kelembagaan Dinas Pertanian Sujarwo hadir.", ["Dinas Pertanian"]),
    ],
)
def test_generic_bodies(nlp, text, expected):
    assert organizations(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit after the role: kecamatan, bidang, a minister's portfolio
        (
            "Camat Banuhampu Yusri Latif membuka pelatihan di Kabupaten Agam.",
            [("Yusri Latif", "camat", "13.06")],
        ),
        (
            "Kabid Litbang Bappeda Banggai Kepulauan Rusdin Lasimpala hadir.",
            [("Rusdin Lasimpala", "kepala bidang", "72.07")],
        ),
        (
            "Menteri Kehutanan Raja Juli Antoni datang pada 3 Juli 2025.",
            [("Raja Juli Antoni", "menteri kehutanan", None)],
        ),
        # the head of a generic body takes its name in the role, and its region
        (
            "Kepala Dinas Pariwisata Kota Padang, Yudi Indra Sani, membenarkan.",
            [("Yudi Indra Sani", "kepala dinas pariwisata", "13.71")],
        ),
        # a title split from its dot, degrees, an acting prefix
        (
            "Plt. Kepala Bappeda Kota Serang, Ir. Wahyu Kurniawan, MM, menjelaskan.",
            [("Wahyu Kurniawan", "kepala bappeda", "36.73")],
        ),
        # a no-break space after the comma, a dateline dash glued to the role
        (
            "Liputan, Bandung -Bupati Bandung,\xa0Dadang Supriatna meresmikan jalan.",
            [("Dadang Supriatna", "bupati", "32.04")],
        ),
        # a name in capitals before the role; "Penjabat" is acting
        (
            "MAKASSAR – SUDIRMAN SULAIMAN, Penjabat Gubernur Sulawesi Selatan, meminta.",
            [("Sudirman Sulaiman", "gubernur", "73")],
        ),
        # a nickname with a role one person holds is that person
        (
            "Bupati Lombok Timur Haerul Warisin mengusir kapal. Aksi Bupati Iron viral.",
            [("Haerul Warisin", "bupati", "52.03")],
        ),
        # glued words from scraping are not names
        ("Direktur UtamaASDPHeru Widodo menegaskan.", []),
        # a police rank is a title; "Polda Metro Jaya" names no Kota Metro
        (
            "Kabid Humas Polda Metro Jaya Kombes Budi Hartono menjelaskan kejadian itu.",
            [("Budi Hartono", "kepala bidang", None)],
        ),
        # a discourse word with -nya before a role is not a name
        ("Faktanya, Menteri Keuangan tidak pernah menyatakan hal itu.", []),
    ],
)
def test_official_shapes(nlp, text, expected):
    assert triples(nlp, text) == expected


def test_acting_flag_kept(nlp):
    [official] = facts(nlp, "Pj. Wali Kota Tanjungpinang Andri Rizal membuka festival.", "official")
    assert official["acting"] is True and official["role"] == "wali kota"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a region name run on into a village's name is that village
        ("Warga Nagari Padang Luar, Kabupaten Agam, ikut pelatihan.", ["13.06"]),
        ("PADANG LUAR – Warga Kabupaten Agam ikut pelatihan.", ["13.06"]),
        # ... but a region followed by a person's name stays a region
        ("Kepala Disdikpora Denpasar Anak Agung Gede Wiratama hadir.", ["51.71"]),
        # "Bima" (a kota, but also a name) needs a role or body right before it
        ("Bus rombongan Bima Arya, Walikota Bogor, dilempari batu.", ["32.71"]),
    ],
)
def test_region_edge_cases(nlp, text, codes):
    assert [value["code"] for value in facts(nlp, text, "region")] == codes


def test_synthetic_devset_is_well_formed():
    lines = [json.loads(raw) for raw in (DEVSET / "who_synthetic.jsonl").open(encoding="utf-8")]
    assert len(lines) >= 15
    assert len({line["id"] for line in lines}) == len(lines)
    for line in lines:
        assert line["text"] and all(field in line for field in WHO_FIELDS[:3] + WHO_FIELDS[4:])
        for official in line["officials"]:
            assert official["role"] == official["role"].lower()


def test_who_devsets_reach_target(shared_dir):
    """Issue 5: >= 0.9 F1 per who field on the dev sets (real pointer lines and synthetic)."""
    from pipeline.evaluate import evaluate

    # who_news_id_2.jsonl and who_regional.jsonl (second and third rounds) measure unseen real
    # news; they are reported, not a target
    unseen = ("who_news_id_2.jsonl", "who_regional.jsonl")
    paths = sorted(p for p in DEVSET.glob("who_*.jsonl") if p.name not in unseen)
    report = evaluate(paths, progress=False).as_dict()
    assert report["articles"] >= 60 and report["skipped"] == 0
    for field in WHO_FIELDS:
        assert report["fields"][field]["f1"] >= 0.9, (field, report["fields"][field])


def test_kesbangpol_full_name_is_its_short_form(nlp):
    text = "Kini ia menjabat Kepala Badan Kesatuan Bangsa dan Politik (Kesbangpol) Jambi sejak Mei."
    assert any(name.startswith("Kesbangpol") for name in organizations(nlp, text))


def test_kementerian_with_state_secretariat_words_is_one_body(nlp):
    # "sekretariat" and "negara" are field words of a Kementerian: the body is not cut short
    text = "Asisten Deputi Kementerian Sekretariat Negara Rudi Hartono hadir di Surabaya."
    # the whole name is read, and the alias table gives its common short form
    assert organizations(nlp, text) == ["Kemensetneg"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # courts, police and navy offices as named offices, the place as written
        ("Sidang digelar di Pengadilan Tipikor Medan pada Senin.", ["Pengadilan Tipikor Medan"]),
        ("Berkas dilimpahkan ke PN Yogyakarta pekan lalu.", ["PN Yogyakarta"]),
        (
            "Pengamanan melibatkan Polresta Banyuwangi dan Lanal Banyuwangi.",
            [
                "Polresta Banyuwangi",
                "Lanal Banyuwangi",
            ],
        ),
        # the full name and the acronym of one prosecutors' office are listed once
        (
            "Kejaksaan Tinggi (Kejati) DIY menggeledah kantor itu. Kasi Penkum Kejati DIY "
            "membenarkan.",
            ["Kejati DIY"],
        ),
        (
            "Program itu dirancang Kemendikbud dan diawasi Bawaslu Trenggalek.",
            [
                "Kemendikbud",
                "Bawaslu Trenggalek",
            ],
        ),
    ],
)
def test_courts_police_military_and_ministries(nlp, text, expected):
    assert organizations(nlp, text) == expected
