"""Sixth round (issue 5): shapes found in synthetic regional-portal innovation news
(`who-portal-*` in data/devset/who_synthetic.jsonl), each rule with its own sentences (written
for these tests, never copied from a portal)."""

from __future__ import annotations

import pytest

from pipeline.nlp import make_doc


@pytest.fixture(scope="module")
def nlp(who_nlp):
    return who_nlp


def officials(nlp, text: str) -> dict[str, tuple[str, str | None]]:
    doc = make_doc(nlp, text)
    return {
        s._.value["name"]: (s._.value["role"], s._.value["region"]) for s in doc._.facts["official"]
    }


def regions(nlp, text: str) -> list[str]:
    doc = make_doc(nlp, text)
    return [s._.value["code"] for s in doc._.facts["region"]]


@pytest.mark.parametrize(
    ("text", "name", "role", "region"),
    [
        # a kecamatan written between the role and a comma (regions_districts.csv)
        (
            "Rapat di Kabupaten Sigi dihadiri Camat Dolo, Anwar Husain, dan warga.",
            "Anwar Husain",
            "camat",
            "72.10",
        ),
        # a village the gazetteers do not list: the words before the comma are the unit
        (
            "Pemkab Sigi mengundang Kepala Desa Lembah Hijau, Yohanis, memaparkan inovasinya.",
            "Yohanis",
            "kepala desa",
            "72.10",
        ),
        # Papua's kampung (roles.csv: kepala kampung, a unit_dropped role)
        (
            "Pemkab Jayapura mengundang Kepala Kampung Harapan, Daniel Yoku, ke lomba inovasi.",
            "Daniel Yoku",
            "kepala kampung",
            "91.03",
        ),
    ],
)
def test_unit_before_comma_is_not_the_name(nlp, text, name, role, region):
    found = officials(nlp, text)
    assert found.get(name) == (role, region), found
    assert not any(word in found for word in ("Dolo", "Lembah Hijau", "Harapan"))


def test_a_role_without_unit_keeps_the_name_before_the_comma(nlp):
    found = officials(nlp, "Pemkab Sigi diwakili Camat Anwar Husain, mengatakan inovasi itu baik.")
    assert found.get("Anwar Husain") == ("camat", "72.10"), found


def test_a_name_ending_in_nya_is_read_before_another_name_word(nlp):
    found = officials(nlp, "Bupati Sigi, Sefanya Lamadi, membuka bimtek inovasi.")
    assert found.get("Sefanya Lamadi") == ("bupati", "72.10"), found


def test_a_nya_word_before_a_comma_is_still_no_name(nlp):
    found = officials(nlp, "Faktanya, Bupati Sigi Rizal Lamadi belum hadir.")
    assert "Faktanya" not in " ".join(found), found


def test_a_sentence_opening_verb_is_no_narasumber(nlp):
    found = officials(
        nlp,
        "Hadir sebagai narasumber Analis Kebijakan BSKDN Kemendagri, Rudi Hartono, S.IP.",
    )
    assert "Hadir" not in found, found
    assert found.get("Rudi Hartono", ("",))[0] == "analis kebijakan", found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bappeda Mabar menggelar laboratorium inovasi.", "53.15"),
        ("Asisten II Setda Malteng memimpin rombongan.", "81.01"),
        ("Mal Pelayanan Publik Lotim dinilai tim kementerian.", "52.03"),
        ("Bupati Lobar meninjau desa wisata.", "52.01"),
    ],
)
def test_regency_abbreviations(nlp, text, code):
    assert code in regions(nlp, text)


def test_a_unit_with_field_words_before_the_comma(nlp):
    found = officials(
        nlp, "Tim dipimpin Asisten Deputi Pelayanan Publik, Dra. Hj. Ratna Dewi, M.A.P."
    )
    assert found.get("Ratna Dewi", ("",))[0] == "asisten deputi", found
    assert "Publik" not in found
