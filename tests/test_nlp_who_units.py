"""Second round (issues 4/5): units between a role and its body, and glued scraped words."""

from __future__ import annotations

import pytest

from pipeline.nlp import make_doc
from pipeline.nlp.normalize import glued_pieces


@pytest.fixture(scope="module")
def nlp(who_nlp):
    return who_nlp


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
def test_split_glued_words(nlp, text, expected):
    assert [t.text for t in nlp.make_doc(expected)] == [t.text for t in nlp(text)]


def test_glued_pieces_of_one_word():
    assert glued_pieces("KotaBatam") == ["Kota", "Batam"]
    assert glued_pieces("Karnomembuka") == ["Karno", "membuka"]
    assert glued_pieces("KompasTV") == ["KompasTV"]


def test_pipeline_splits_glued_tokens_and_keeps_the_text(nlp):
    text = "Sambutan Wali KotaBatam, lalu Gubernur JakartaPramono Anung membuka acara."
    doc = nlp(text)
    assert doc.text == text  # offsets of every fact stay true
    words = [t.text for t in doc]
    assert words[2:4] == ["Kota", "Batam"]
    assert "Jakarta" in words and "Pramono" in words
