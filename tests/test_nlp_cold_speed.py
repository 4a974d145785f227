"""Round 4 of issue 8: the fast paths for unseen words and rare cues give the plain results.

- `tokenizer.AnchoredPrefixSearch` against spaCy's own prefix `search`, on every prefix rule
  of the `id` defaults, the branch without "^", and chunks written in the style of news;
- the pantau tokenizer built with it against `spacy.blank("id")`, token by token;
- venues' per-article test for absent rare cues against scanning every sentence;
- regions' `str.find` of district heads against the caseless scan it replaced.
"""

from __future__ import annotations

import re

import pytest
import spacy

from pipeline.nlp import regions, venues
from pipeline.nlp.tokenizer import AnchoredPrefixSearch, create_id_tokenizer, top_level_branches

CHUNKS = [
    "Rp10.000",
    "US$5",
    "(Senin)",
    '"Kita',
    "...dan",
    "<a href='x'>Bupati</a>",
    "Bupati<a x>",
    "<b/>Kabar",
    "—Camat",
    "#Pilkada2024",
    "¿qué",
    "Kab.",
    "",
    "<a",
    "x<a b>c",
    "((Dr.",
    "Jum'at,",
    "§12",
]


@pytest.fixture(scope="module")
def spacy_prefix() -> re.Pattern:
    return spacy.blank("id").tokenizer.prefix_search.__self__


def _spans(matches) -> list:
    return [m.span() if m else None for m in matches]


def test_anchored_prefix_search_finds_what_spacy_search_finds(spacy_prefix) -> None:
    fast = AnchoredPrefixSearch(spacy_prefix)
    # Every rule's own opening text (a prefix it matches, where it is a plain literal), and
    # each chunk with every opening cut off, as spaCy asks after splitting a prefix.
    rules = [b.removeprefix("^").replace("\\", "") for b in top_level_branches(fast.pattern)]
    strings = [s[i:] for s in CHUNKS + [r + "kata" for r in rules] for i in range(4)]
    found = _spans(spacy_prefix.search(s) for s in strings)
    assert sum(span is not None for span in found) > len(rules) // 2  # the test has matches
    assert _spans(fast.search(s) for s in strings) == found
    # The one `id` rule without "^" matches anywhere, as spaCy's search does.
    assert fast.search("Bupati<a x>") is not None and fast.search("Bupati<a x>").start() == 6


def test_top_level_branches_split_only_outside_groups_classes_and_escapes() -> None:
    source = r"^a|[|]|b|(c|d)|\||[]|]|[^]|]|e(?:f|g)"
    branches = top_level_branches(source)
    assert branches == ["^a", "[|]", "b", "(c|d)", r"\|", "[]|]", "[^]|]", "e(?:f|g)"]
    assert "|".join(branches) == source


def test_pantau_tokenizer_gives_spacy_tokens_for_unseen_words() -> None:
    nlp = spacy.blank("id")
    ours = create_id_tokenizer()(nlp)
    text = " ".join(CHUNKS) + "\nWali Kota Serang (Banten), Selasa (12/11/2024) <a x>rapat</a>."
    expected = [(t.text, t.whitespace_, t.norm_) for t in nlp.tokenizer(text)]
    assert [(t.text, t.whitespace_, t.norm_) for t in ours(text)] == expected
    # serializable as spaCy expects: its prefix pattern is read back unchanged
    assert ours.inner.prefix_search.__self__.pattern == nlp.tokenizer.prefix_search.__self__.pattern


def test_venues_rare_cue_gate_matches_scanning_every_sentence() -> None:
    sentences = [
        "Pawai dimulai dari Rumah Dinas Wali Kota menuju Kantor LAM.",
        "Rapat digelar secara daring melalui Zoom.",
        "Lokasi yang dipilih yakni halaman Masjid Agung.",
        "Bupati membuka acara di Aula Kantor Bupati.",
        "Tidak ada isyarat di kalimat ini.",
    ]
    for text in [" ".join(sentences), sentences[3], sentences[4], " ".join(sentences[:2])]:
        absent = venues._absent_cues(text, text.lower())
        for pattern in venues._RARE_CUES:
            in_some_sentence = any(pattern.search(s) for s in sentences if s in text)
            assert (pattern not in absent) or not in_some_sentence
        # nothing is known absent without a lowered text to test
        assert venues._absent_cues(text, None) == set()
    assert venues._absent_cues(sentences[4], sentences[4].lower()) == set(venues._RARE_CUES)


@pytest.mark.parametrize(
    "text",
    [
        "Sekretaris Camat Banuhampu dan camat Tilatang Kamang hadir.",
        "SEKCAM Ampek Angkek, Plt Camat X, PJ CAMAT Y; Kepala Kecamatan Z; kecamatan saja.",
        "Camatcamat camat-camat (Camat) Sekretaris  Camat",
        "Tidak ada kepala wilayah di sini.",
        # a dotless i, which re.IGNORECASE folds onto "i": the scan itself is run
        "Sekretarıs Camat dan KEPALA KECAMATAN İbu",
    ],
)
def test_district_head_places_are_the_scan_places(text: str) -> None:
    gazetteer = regions.load_gazetteer()
    expected = [m.start() for m in gazetteer.district_head_starts.finditer(text)]
    assert gazetteer.district_head_places(text) == expected
