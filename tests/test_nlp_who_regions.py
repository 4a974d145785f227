"""Region gazetteer and the `pantau_regions` component (issue 5)."""

from __future__ import annotations

import csv

import pytest
import spacy

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp import make_doc
from pipeline.nlp.regions import load_gazetteer


@pytest.fixture(scope="module")
def nlp():
    import pipeline.nlp.layout  # noqa: F401  (registers the factories)
    import pipeline.nlp.regions  # noqa: F401

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("pantau_layout")
    nlp.add_pipe("pantau_regions")
    return nlp


def regions_of(nlp, text: str, **context) -> tuple[list[str], str | None]:
    doc = make_doc(nlp, text, **context)
    codes = sorted({span._.value["code"] for span in doc._.facts["region"]})
    return codes, doc._.primary_region


def test_gazetteer_has_every_province_and_kabkota_with_dotted_codes():
    with (GAZETTEER_DIR / "regions.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    levels = [r["level"] for r in rows]
    assert levels.count("province") == 38
    assert levels.count("kabupaten") == 416 and levels.count("kota") == 98
    assert len({r["code"] for r in rows}) == 552
    for row in rows:
        parts = row["code"].split(".")
        assert len(parts) == (1 if row["level"] == "province" else 2)
        assert all(len(p) == 2 and p.isdigit() for p in parts)
        assert row["province_code"] == parts[0]
    by_code = {r["code"]: r for r in rows}
    assert by_code["12.74"]["name"] == "Kota Tanjungbalai"  # Kemendagri, not BPS (12.72)
    assert by_code["36.73"]["name"] == "Kota Serang"
    assert by_code["36.04"]["name"] == "Kabupaten Serang"


def test_alias_codes_all_exist():
    gazetteer = load_gazetteer()
    for codes in gazetteer.names.values():
        assert codes <= set(gazetteer.regions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pemkab Serang menggelar rapat inovasi di aula kantor bupati.", ["36.04"]),
        ("Wali Kota Serang membuka lomba inovasi tingkat kota.", ["36.73"]),
        ("Bupati Serang meninjau pelayanan publik di kecamatan.", ["36.04"]),
        ("Peserta dari Kab. Bogor dan Kota Bogor mengikuti bimtek.", ["32.01", "32.71"]),
        ("Tim dari Kab Lamsel berkunjung ke Jatim pekan lalu.", ["18.01", "35"]),
        ("Pemerintah Kab. BanggaiKep menerima penghargaan.", ["72.07"]),
        ("Pemkot Tanjung Balai menyiapkan 40 inovasi.", ["12.74"]),
        ("Kabupaten Banggai Kepulauan menjadi tuan rumah.", ["72.07"]),
        ("JAKARTA – Kemendagri mengumumkan pemenang IGA.", ["31"]),
        ("Serang Kota, 3 Maret 2024 – Bappeda menggelar rapat.", ["36.73"]),
        ("Pemprov Kalsel dan Pemprov Sulteng hadir dalam rakor.", ["63", "72"]),
        ("Provinsi Nusa Tenggara Timur atau NTT menyiapkan lomba.", ["53"]),
    ],
)
def test_prefixes_aliases_and_datelines(nlp, text, expected):
    assert regions_of(nlp, text)[0] == expected


def test_a_town_that_is_not_a_region_is_not_counted(nlp):
    codes, _ = regions_of(
        nlp, "TANJUNG – Bimtek digelar di Hotel Jelita Tanjung oleh Pemkab Tabalong."
    )
    assert codes == ["63.09"]


def test_a_media_brand_is_not_a_mention(nlp):
    codes, _ = regions_of(nlp, "Dikutip dari Antara Jateng, Pemkab Kendal meluncurkan aplikasi.")
    assert codes == ["33.24"]


def test_bare_name_decided_by_prefixed_mention_elsewhere(nlp):
    text = "Pemkab Serang menggelar lomba inovasi. Di Serang, peserta datang dari 29 kecamatan."
    assert regions_of(nlp, text)[0] == ["36.04"]


def test_bare_name_decided_by_role_in_the_sentence(nlp):
    assert regions_of(nlp, "Bupati meresmikan aplikasi baru di Banjar pada Senin.")[0] == ["63.03"]
    assert regions_of(nlp, "Wali Kota meresmikan aplikasi baru di Banjar pada Senin.")[0] == [
        "32.79"
    ]


def test_bare_name_decided_by_region_hint(nlp):
    text = "Sebanyak 12 inovasi dari Serang masuk nominasi."
    assert regions_of(nlp, text, region_hint="36.04")[0] == ["36.04"]
    assert regions_of(nlp, text, region_hint="36.73")[0] == ["36.73"]


def test_common_word_names_need_context(nlp):
    assert regions_of(nlp, "Batu besar itu menutup jalan desa.")[0] == []
    assert regions_of(nlp, "Pemkot Batu menggelar festival. Batu dikenal sebagai kota apel.")[
        0
    ] == ["35.79"]


def test_lowercase_words_are_not_regions(nlp):
    assert regions_of(nlp, "nasib malang menimpa warga di padang rumput.")[0] == []


def test_primary_region_is_the_acting_government(nlp):
    text = (
        "Pemkot Cilegon menggelar bimtek inovasi. Narasumber datang dari Provinsi Banten "
        "dan Jakarta. Kota Cilegon menargetkan 90 inovasi."
    )
    codes, primary = regions_of(nlp, text)
    assert codes == ["31", "36", "36.72"]
    assert primary == "36.72"


def test_primary_region_is_none_for_national_news(nlp):
    codes, primary = regions_of(nlp, "JAKARTA – Menteri mengumumkan kebijakan baru hari ini.")
    assert codes == ["31"] and primary is None


def test_lowercase_region_only_after_a_level_prefix(nlp):
    codes, _ = regions_of(nlp, "Hal itu disampaikan bupati malang di pendopo.")
    assert codes == ["35.07"]
    # a bare lowercase word is never a region, nor a lowercase name that is also a word
    assert regions_of(nlp, "Nasib malang menimpa warga kota batu itu.")[0] == []
