"""Second round (issues 4/5): units between a role and its body, and glued scraped words."""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp import make_doc
from pipeline.nlp.normalize import offset_map, split_glued


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


def pairs(nlp, text: str) -> list[tuple[str, str]]:
    doc = make_doc(nlp, text)
    return [(s._.value["name"], s._.value["role"]) for s in doc._.facts["official"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kasi Penkum Kejati Sulsel Andi Mahmud mengatakan berkas sudah lengkap.",
            [("Andi Mahmud", "kepala seksi")],
        ),
        (
            "Hadir pula Kadis Pariwisata Pemprov Jateng Sinta Dewi dan para camat.",
            [("Sinta Dewi", "kepala dinas pariwisata")],
        ),
    ],
)
def test_unit_between_role_and_body_is_not_the_name(nlp, text, expected):
    assert pairs(nlp, text) == expected


def test_long_unit_with_bidang_gives_the_name(nlp):
    # the role keeps only part of this unit yet ("deputi publik dan inovasi"): a known gap
    text = "Acara dihadiri Deputi Bidang Pelayanan Publik dan Inovasi Kemenpan RB Rini Astuti."
    assert [name for name, _ in pairs(nlp, text)] == ["Rini Astuti"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wali KotaBatam Amsakar hadir.", "Wali Kota Batam Amsakar hadir."),
        ("Gubernur JakartaPramono Anung", "Gubernur Jakarta Pramono Anung"),
        ("Wagub Rano Karnomembuka bazar", "Wagub Rano Karno membuka bazar"),
        ("Siaran KompasTV dan BeritaSatu", "Siaran KompasTV dan BeritaSatu"),
    ],
)
def test_split_glued_words(text, expected):
    assert split_glued(text)[0] == expected


def test_split_glued_offsets_point_into_the_original():
    text = "Sambutan Wali KotaBatam, lalu JakartaBupati Bogor."
    split, inserted = split_glued(text)
    assert len(inserted) == 2
    for pos, char in enumerate(split):
        if pos not in inserted:
            assert text[offset_map(inserted, pos)] == char
