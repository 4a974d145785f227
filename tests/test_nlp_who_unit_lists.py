"""A role's unit written as a list of fields before the name (issue 5, round 6): "Direktur
Jenderal Pendidikan Anak Usia Dini, Pendidikan Dasar, dan Pendidikan Menengah, <name>".
Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.nlp import make_doc


@pytest.fixture(scope="module")
def nlp(who_nlp):
    return who_nlp


def names(nlp, text: str) -> list[str]:
    return [s._.value["name"] for s in make_doc(nlp, text)._.facts["official"]]


def test_a_list_of_fields_before_the_name_is_the_unit(nlp):
    text = (
        "Direktur Jenderal Kebudayaan, Pendidikan Dasar, dan Pendidikan Menengah, Rina "
        "Kusumawati mengatakan program itu berjalan di daerah."
    )
    assert names(nlp, text) == ["Rina Kusumawati"]


def test_a_single_field_before_the_comma_is_the_unit(nlp):
    text = "Deputi Pemasaran Pariwisata, Agus Salim menyebut kunjungan wisata naik."
    assert names(nlp, text) == ["Agus Salim"]


def test_a_name_after_the_comma_is_not_taken_for_a_field(nlp):
    # "Budi Santoso" is no field: the list ends there and the name is his.
    text = "Kepala Dinas Kesehatan, Budi Santoso, Ketua TP PKK dan warga hadir di acara."
    assert names(nlp, text)[0] == "Budi Santoso"
