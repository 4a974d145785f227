"""Government cues for `primary_region` (issue 5, round 6): a camat acts for the kabupaten of
his kecamatan, and a regional body's name ("Kadis PUPR Madina", "Dinas Koperasi dan UKM
Provinsi ...") makes the region that closes it the acting government. Sentences written for
these tests, in the style of regional portals."""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp import make_doc
from pipeline.nlp.regions import RegionFinder, government_words, load_gazetteer


@pytest.fixture(scope="module")
def nlp():
    import pipeline.nlp.layout  # noqa: F401  (registers the factories)
    import pipeline.nlp.normalize  # noqa: F401
    import pipeline.nlp.regions  # noqa: F401

    nlp = spacy.blank("id")
    for name in ("pantau_split_glued", "sentencizer", "pantau_layout", "pantau_regions"):
        nlp.add_pipe(name)
    return nlp


def primary(nlp, text: str) -> str | None:
    return make_doc(nlp, text)._.primary_region


def cues(nlp, text: str) -> dict[str, str]:
    """Mention text -> its cue, as the region finder reads it."""
    finder = RegionFinder(nlp, load_gazetteer(), government_words())
    doc = nlp.make_doc(text)
    return {doc[m.start : m.end].text: m.cue for m in finder.mentions(doc)}


def test_a_camat_makes_his_kabupaten_primary(nlp):
    text = (
        "TANJUNG MORAWA – Ratusan pelajar di Kecamatan Tanjung Morawa, Deli Serdang, Sumut, "
        "mengikuti lomba karya inovasi. Camat Tanjung Morawa Rudi Hartono membuka lomba itu."
    )
    assert primary(nlp, text) == "12.07"


def test_a_shared_kecamatan_name_counts_only_for_the_regency_named(nlp):
    # Sungai Raya is a kecamatan of Aceh Timur, Bengkayang, Kubu Raya and Hulu Sungai Selatan.
    text = (
        "Warga Desa Kapur di Kabupaten Kubu Raya, Kalimantan Barat, menanam mangrove. "
        "Camat Sungai Raya, Hendra Wijaya, ikut menanam bersama warga."
    )
    assert primary(nlp, text) == "61.12"


def test_without_a_camat_the_same_story_has_no_acting_government(nlp):
    text = (
        "Warga Desa Kapur di Kabupaten Kubu Raya, Kalimantan Barat, menanam mangrove. "
        "Warga Sungai Raya, Hendra Wijaya, ikut menanam bersama warga."
    )
    assert primary(nlp, text) is None


def test_a_camat_does_not_outweigh_a_government_named_itself(nlp):
    text = (
        "Gubernur Kalimantan Barat meninjau pasar murah di Kalimantan Barat. "
        "Camat Sungai Raya dari Kubu Raya, Hendra Wijaya, mendampingi rombongan."
    )
    assert primary(nlp, text) == "61"


def test_a_dinas_head_abbreviation_cues_the_region_after_its_field():
    nlp = spacy.blank("id")
    found = cues(nlp, "Kadis PUPR Langkat Budi Santoso dicopot, kata warga Sumut.")
    assert found == {"Langkat": "government", "Sumut": "none"}


def test_a_dinas_with_joined_field_words_cues_a_prefixed_province():
    nlp = spacy.blank("id")
    found = cues(nlp, "Kepala Dinas Koperasi dan UKM Provinsi Jambi Sri Wahyuni hadir.")
    assert found == {"Provinsi Jambi": "government"}


def test_a_lowercase_word_or_a_comma_ends_the_body_name():
    nlp = spacy.blank("id")
    assert cues(nlp, "Dinas Pariwisata meninjau Kabupaten Langkat.") == {
        "Kabupaten Langkat": "plain"
    }
    assert cues(nlp, "Petugas Dinas Sosial, warga Langkat, hadir.") == {"Langkat": "none"}


def test_a_body_name_makes_its_region_primary_over_the_province_named_more(nlp):
    text = (
        "Kadis PUPR Madina Elok Sari melaporkan kerusakan jalan di Sumut. Jalan di Sumut "
        "itu rusak sejak 2024, dan warga Sumut mengeluh. Kadis PUPR Madina berjanji memperbaiki."
    )
    assert primary(nlp, text) == "12.13"
