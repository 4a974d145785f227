"""Round 5 of issue 5: primary_region in visit stories (host vs visitor), datelines and the
source's region hint weigh as the story's point of view; "Kadis Kominfo X" names Diskominfo X.
Sentences written for these tests in the style of regional portals."""

from __future__ import annotations

import pytest

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp import make_doc
from pipeline.nlp.regions import _read_csv


@pytest.fixture(scope="module")
def nlp(who_nlp):
    return who_nlp


def primary(nlp, text: str, region_hint: str | None = None) -> str | None:
    return make_doc(nlp, text, region_hint=region_hint)._.primary_region


# The visitor's government is named more often than the host's in each story, so counting
# government mentions alone would make the visitor primary.
HOST_RECEIVES = (
    "Bupati Sleman menerima kunjungan kerja dari Pemkab Lombok Timur yang dipimpin Sekda "
    "Lombok Timur, Juaini Taufik, Rabu (8/5/2024). Rombongan Bappeda Lombok Timur dan "
    "Diskominfo Lombok Timur ingin belajar inovasi layanan adminduk."
)


def test_a_received_visitor_does_not_act(nlp):
    assert primary(nlp, HOST_RECEIVES) == "34.04"


def test_the_visitor_acts_in_its_own_studi_tiru_story(nlp):
    text = (
        "Pemkab Lombok Timur melakukan studi tiru ke Kabupaten Sleman, Rabu (8/5/2024). "
        "Sekda Lombok Timur, Juaini Taufik, memimpin rombongan Bappeda Lombok Timur."
    )
    assert primary(nlp, text) == "52.03"


def test_a_dateline_tells_the_story_from_the_host(nlp):
    # the title's subject is the visitor, the dateline and the lead are the host's
    text = (
        "Pemkot Kediri Belajar Inovasi Pasar ke Kota Madiun\n\n"
        "MADIUN – Wali Kota Madiun menyambut rombongan Pemkot Kediri, Kamis (6/6/2024). "
        "Rombongan dipimpin Asisten II Setda Kota Kediri."
    )
    assert primary(nlp, text) == "35.77"


def test_the_same_story_without_a_dateline_goes_to_the_visitor(nlp):
    # proves the dateline above is what decides, not the order of mentions
    text = (
        "Pemkot Kediri Belajar Inovasi Pasar ke Kota Madiun\n\n"
        "Pemkot Kediri berkunjung ke Kota Madiun, Kamis (6/6/2024). "
        "Rombongan dipimpin Asisten II Setda Kota Kediri, diterima staf."
    )
    assert primary(nlp, text) == "35.71"


def test_a_provincial_capital_dateline_weighs_for_the_acting_province(nlp):
    text = (
        "SAMARINDA – Kepala Bappeda Kalimantan Timur membuka rapat inovasi bersama Pemkab "
        "Kutai Kartanegara, Senin (3/6/2024). Wakil Bupati Kutai Kartanegara hadir."
    )
    # without the dateline the kabupaten, named with a government cue twice, would win
    assert primary(nlp, text.removeprefix("SAMARINDA – ")) == "64.02"
    assert primary(nlp, text) == "64"


def test_a_dateline_alone_makes_no_region_primary(nlp):
    text = "JAKARTA – Menteri Dalam Negeri membuka rapat koordinasi nasional, Senin (3/6/2024)."
    assert primary(nlp, text) is None


@pytest.mark.parametrize("hint", ["33.02", "33.03"])
def test_the_source_region_hint_decides_between_equal_governments(nlp, hint):
    text = (
        "Pemkab Banyumas dan Pemkab Purbalingga menandatangani kerja sama inovasi "
        "layanan air bersih, Selasa (4/6/2024)."
    )
    assert primary(nlp, text, region_hint=hint) == hint


def test_visit_cues_are_data_with_both_parties():
    rows = _read_csv(GAZETTEER_DIR / "visit_cues.csv")
    parties = {row["party_after"] for row in rows}
    assert parties == {"visitor", "host"}
    assert {"menerima kunjungan", "studi tiru"} <= {row["cue"] for row in rows}


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Ia didampingi Kadis Kominfo Ambon, Ronald Lekransy, dan staf.", "Diskominfo Ambon"),
        ("Hadir pula Kadis Kominfo Kota Padang, Budi Santoso.", "Diskominfo Kota Padang"),
    ],
)
def test_a_short_field_word_of_the_alias_table_after_kadis_names_the_body(nlp, text, body):
    doc = make_doc(nlp, text)
    assert body in [s._.value["name"] for s in doc._.facts["organization"]]
