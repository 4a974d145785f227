"""Fifth round (issue 5): shapes found in another batch of unseen regional news (Aceh, North
Sulawesi, Maluku, East Kalimantan, West Sumatra, Bengkulu, NTB, Central Java), each rule with
its own sentences (written for these tests)."""

from __future__ import annotations

import pytest

from pipeline.nlp import make_doc
from tests.who_facts import organizations, regions


@pytest.fixture(scope="module")
def nlp(who_nlp):
    return who_nlp


def officials(nlp, text: str) -> list[tuple[str, str, str | None, bool]]:
    doc = make_doc(nlp, text)
    return [
        (
            s._.value["name"],
            s._.value["role"],
            s._.value["region"],
            bool(s._.value.get("acting")),
        )
        for s in doc._.facts["official"]
    ]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # abbreviated ministers and deputy ministers (roles.csv)
        ("Wamenkop Sari Handayani meninjau gerai koperasi di Ambon.", "Sari Handayani", None),
        (
            "Hadir pula Wamendes PDT, Bima Prasetya, dalam peluncuran itu.",
            "Bima Prasetya",
            "wakil menteri desa dan pembangunan daerah tertinggal",
        ),
        ("Mensos Agus Salim meresmikan sekolah rakyat.", "Agus Salim", "menteri sosial"),
        (
            "Asdep Rudi Hartanto memberi materi promosi wisata.",
            "Rudi Hartanto",
            "asisten deputi",
        ),
    ],
)
def test_abbreviated_national_roles(nlp, text, name, role):
    found = {o[0]: o for o in officials(nlp, text)}
    assert name in found
    assert found[name][1] == (role or "wakil menteri koperasi")
    assert found[name][2] is None


def test_acting_prefix_written_out_in_two_words(nlp):
    text = "Pelaksana Tugas Bupati Banyumas Rahmat Hidayat memimpin upacara."
    assert officials(nlp, text) == [("Rahmat Hidayat", "bupati", "33.02", True)]


def test_acting_prefix_needs_its_first_word(nlp):
    # "Tugas" alone is no acting prefix
    text = "Dalam Tugas itu, Bupati Banyumas Rahmat Hidayat hadir."
    assert officials(nlp, text) == [("Rahmat Hidayat", "bupati", "33.02", False)]


def test_two_posts_joined_by_a_slash_keep_the_first(nlp):
    text = "Pelaksana Tugas Bupati Pati / Wakil Bupati Pati Dewi Lestari membuka acara."
    assert officials(nlp, text) == [("Dewi Lestari", "bupati", "33.18", True)]


def test_deputy_head_of_a_body_is_not_its_head(nlp):
    text = "Wakil Kepala BKKBN, Rina Oktaviani, menyerahkan penghargaan kepada Pemkot Manado."
    found = officials(nlp, text)
    assert [(o[0], o[1]) for o in found] == [("Rina Oktaviani", "wakil kepala bkkbn")]
    assert "BKKBN" in organizations(nlp, text)


def test_bracketed_abbreviation_after_a_body_name_is_no_person(nlp):
    text = (
        "Menteri Desa dan Pembangunan Daerah Tertinggal (Mendes PDT), Joko Santoso, membuka dialog."
    )
    names = [o[0] for o in officials(nlp, text)]
    assert names == ["Joko Santoso"]


def test_party_group_after_a_commission_is_no_name(nlp):
    text = "Wakil Ketua Komisi VI DPR Fraksi Partai Demokrat, Irwan Saputra, meninjau jalan."
    found = officials(nlp, text)
    assert [(o[0], o[1]) for o in found] == [("Irwan Saputra", "wakil ketua komisi")]
    assert "DPR RI" in organizations(nlp, text)


def test_staff_expert_of_a_coordinating_ministry(nlp):
    text = "Turut hadir Staf Ahli Kemenko Pangan Bambang Wiyono di Ambon."
    assert [(o[0], o[2]) for o in officials(nlp, text)] == [("Bambang Wiyono", None)]
    assert organizations(nlp, text) == ["Kemenko Pangan"]


def test_treasury_office_named_with_its_city(nlp):
    text = "Pengungsi ditampung di Kantor KPPN Bima dan masjid sekitar."
    assert organizations(nlp, text) == ["KPPN Bima"]


def test_regency_abbreviation_muratara(nlp):
    text = "Jalan dari Muratara menuju Palembang kini ditempuh empat jam."
    assert regions(nlp, text) == ["16.13", "16.71"]


def test_a_faction_chair_ends_the_previous_name_in_a_list(nlp):
    # "Ketua Fraksi" is a role of its own, so the one-word name before it is not swallowed
    # into a unit of the previous role
    text = (
        "Ia datang bersama Bupati Solok Yusuf Hamdani, Wakil Bupati Solok Darto, "
        "Ketua Fraksi Golkar DPRD Kabupaten Solok Nurul Hakim dan tokoh adat."
    )
    assert [(o[0], o[1]) for o in officials(nlp, text)] == [
        ("Yusuf Hamdani", "bupati"),
        ("Darto", "wakil bupati"),
        ("Nurul Hakim", "ketua fraksi"),
    ]
