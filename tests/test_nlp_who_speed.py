"""The fast paths of the who-components give what the plain ones gave (issue 8).

Each fast path is checked against the straightforward code it replaced, written out here:
the alias trie against the flat longest-first alternation, the newline lookup against a
visit of every token, the per-word cache of glued words against `glued_pieces`, the text
kept by the tokenizer against `Doc.text`.
"""

from __future__ import annotations

import re

import pytest
import spacy

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp import load_pipeline, make_doc
from pipeline.nlp.doctext import TEXT_KEY, doc_text
from pipeline.nlp.layout import tokens_with_newline
from pipeline.nlp.normalize import SplitGluedComponent, glued_pieces
from pipeline.nlp.organizations import alias_pattern, load_aliases
from pipeline.nlp.tokenizer import CachedChunkTokenizer

TEXTS = [
    "Bupati Tabalong membuka acara.\n\nKepala Bappeda Kota Cilegon, Budi, hadir.",
    "Wali KotaBatam Rudi meninjau.\n Rano Karnomembuka\t\tpameran Dinas PUPR\r\nSumut.",
    "\nBaris pertama\n\n\nDr. rer. nat. Ani\u00a0Wijaya (Kominfo/red)\n",
    "Kadis PUPR Sumut Topan dan DPUBMSDA Sidoarjo, Senin (8/7/2019).",
    "tanpa baris baru sama sekali",
    "",
    "\n",
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _flat_alias_pattern(aliases) -> re.Pattern[str]:
    # The pattern as it was before the trie: one branch per alias, longest first.
    alternatives = sorted((re.escape(a.alias) for a in aliases.values()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def test_alias_trie_matches_like_the_flat_alternation() -> None:
    aliases = load_aliases()
    trie, flat = alias_pattern(aliases), _flat_alias_pattern(aliases)
    # every alias in several casings, glued to words and punctuation, and cut short
    pieces = []
    for alias in (a.alias for a in aliases.values()):
        pieces += [alias, alias.upper(), alias.swapcase(), f"x{alias}", f"{alias}x", f"-{alias}."]
        pieces += [alias[: len(alias) // 2], f"({alias})"]
    text = " ".join(pieces) + "\n" + "\n".join(TEXTS)
    spans = [m.span() for m in flat.finditer(text)]
    assert len(spans) > len(aliases)
    assert [m.span() for m in trie.finditer(text)] == spans


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_with_newline_equal_a_visit_of_every_token(nlp, text: str) -> None:
    doc = nlp.make_doc(text)
    visited = [t.i for t in doc if "\n" in t.text or "\n" in t.whitespace_]
    assert tokens_with_newline(doc) == visited


@pytest.mark.parametrize("text", TEXTS)
def test_tokenizer_keeps_the_text_it_was_given(nlp, text: str) -> None:
    doc = nlp.make_doc(text)
    assert doc.user_data[TEXT_KEY] == doc.text == text
    full = make_doc(nlp, text)  # splitting glued words keeps the text too
    assert doc_text(full) == full.text == text


def test_split_glued_cache_gives_the_pieces_of_each_word() -> None:
    nlp = spacy.blank("id")
    component = SplitGluedComponent(GAZETTEER_DIR)
    for text in TEXTS * 2:  # the second round reads the cache
        doc = nlp.make_doc(text)
        expected = [p for t in doc for p in (glued_pieces(t.text) if t.is_alpha else [t.text])]
        assert [t.text for t in component(doc)] == expected
        assert doc.text == text
    assert component._glued and all(len(pieces) > 1 for pieces in component._glued.values())


# --- round 3: district heads, tokenizer pieces, headlines, the facts dict ----------------

DISTRICT_TEXTS = [
    "Camat Banuhampu, Yusri, hadir. Sekretaris Camat Banuhampu ikut.",
    "SEKRETARIS CAMAT BANUHAMPU dan PLT CAMAT Banuhampu; pj camat Banuhampu juga.",
    "Kepala\nKecamatan Banuhampu, Sekcam Banuhampu, Plt  Camat Banuhampu, Pj. Camat Banuhampu",
    "KepalaCamat Banuhampu (glued), -Camat Banuhampu, xcamat Banuhampu, Kecamatan Banuhampu",
    "Tidak ada camat di sini. Hanya kata kecamatan dan camatnya.",
    "",
]


def _district_governments_every_token(doc, gazetteer) -> set[str]:
    # The scan as it was: both head sizes tried at every token.
    from pipeline.nlp.doctext import span_text
    from pipeline.nlp.regions import _district_after

    found: set[str] = set()
    for i in range(len(doc)):
        for size in (2, 1):
            role = doc[i : i + size]
            if len(role) < size or span_text(role).lower() not in gazetteer.district_heads:
                continue
            found |= _district_after(doc, i + size, gazetteer)
            break
    return found


@pytest.mark.parametrize("text", DISTRICT_TEXTS + TEXTS)
def test_district_heads_found_from_the_text_like_every_token_visited(nlp, text: str) -> None:
    from pipeline.nlp.regions import district_governments, load_gazetteer

    gazetteer = load_gazetteer()
    doc = nlp.make_doc(text)
    assert district_governments(doc, gazetteer) == _district_governments_every_token(doc, gazetteer)


def test_district_head_scan_finds_the_regency(nlp) -> None:
    from pipeline.nlp.regions import district_governments, load_gazetteer

    gazetteer = load_gazetteer()
    codes = gazetteer.districts["banuhampu"]
    for text in DISTRICT_TEXTS[:3]:
        assert district_governments(nlp.make_doc(text), gazetteer) == codes
    assert district_governments(nlp.make_doc(DISTRICT_TEXTS[4]), gazetteer) == set()


# The same chunk with and without its trailing space, at a line's end, before a double space
# and at the text's end; special cases with their norms in each place.
PIECE_TEXTS = [
    "Kota Kota\nKota  Kota \n Kota",
    "Jan. 2024 dan Jan.\nJan.  Jum'at Jum'at\tJum'at",
    " awal spasi\u00a0tak putus\u00a0 lalu   tiga spasi \n\n",
    "kata",
    "kata ",
    " ",
]


@pytest.fixture(scope="module")
def spacy_id():
    return spacy.blank("id")


@pytest.mark.parametrize("text", PIECE_TEXTS + TEXTS)
def test_tokenizer_pieces_give_spacy_tokens_cold_and_warm(spacy_id, text: str) -> None:
    fast = CachedChunkTokenizer(spacy_id.vocab, spacy_id.tokenizer)  # an empty cache
    expected = [(t.text, t.whitespace_, t.norm_, t.idx) for t in spacy_id(text)]
    for _ in range(2):  # learned, then read from the cache
        assert [(t.text, t.whitespace_, t.norm_, t.idx) for t in fast(text)] == expected


def _headline_ranges_every_line(text: str) -> list[tuple[int, int]]:
    # As it was: every line's words read before its ending is looked at.
    ranges = []
    for line in re.finditer(r"[^\n]+", text):
        words = re.findall(r"[A-Za-z][\w'-]*", line.group(0))
        if len(words) >= 4 and not line.group(0).rstrip().endswith((".", '"', "”")):
            capitalized = sum(w[0].isupper() for w in words)
            if capitalized / len(words) >= 0.8:
                ranges.append(line.span())
    return ranges


def test_headline_ranges_skip_sentence_lines_with_the_same_result() -> None:
    from pipeline.nlp.officials import headline_ranges

    text = "\n".join(
        [
            "Bupati Tabalong Resmikan Gedung Baru Dinas Kesehatan",
            "Bupati Tabalong Resmikan Gedung Baru Dinas Kesehatan.",
            'Kata Bupati Tabalong "Gedung Baru Dinas"',
            "Bupati Tabalong Resmikan Gedung Baru “Dinas Kesehatan”  ",
            "Home Berita Daerah Politik Olahraga ",
            "Bupati Tabalong meresmikan gedung baru dinas kesehatan",
            "Satu Dua Tiga",
            "",
            *TEXTS,
        ]
    )
    found = headline_ranges(text)
    assert found == _headline_ranges_every_line(text)
    assert len(found) >= 2


def test_facts_dict_is_made_once_per_doc(nlp) -> None:
    doc = make_doc(nlp, TEXTS[0])
    facts = doc._.facts
    assert doc._.facts is facts and facts["region"]
    blank = nlp.make_doc("teks kosong")
    assert blank._.facts is blank._.facts
    assert all(spans == [] for spans in blank._.facts.values())


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Wakil KetuaKomisi IV DPRD Kota Padang, Budi Santoso, meninjau lokasi.", "wakil ketua"),
        ("AnggotaKomisi II DPR RI Rahmat Hidayat hadir di Padang.", "anggota komisi"),
    ],
)
def test_role_cut_apart_by_the_glued_word_splitter_is_read(nlp, text: str, role: str) -> None:
    # These stopped the whole article with a KeyError (4 of 2,948 news-id texts).
    from pipeline.nlp.export import doc_to_gold

    officials = doc_to_gold(make_doc(nlp, text))["officials"]
    assert [o["role"][: len(role)] for o in officials] == [role]


def test_rows_read_values_as_the_span_extension_gives_them(nlp) -> None:
    import json

    from pipeline.nlp.export import doc_to_rows
    from pipeline.nlp.extensions import fact_value

    doc = make_doc(nlp, TEXTS[0] + "\n" + TEXTS[3])
    spans = [span for kind in doc._.facts.values() for span in kind]
    assert spans and all(fact_value(span) == span._.value for span in spans)
    expected = [json.dumps(span._.value or {}, default=str) for span in spans]
    assert [row["value"] for row in doc_to_rows(doc)["mentions"]] == expected


NER_TEXTS = [
    # the full name written without a role: only the NER gives it to "Gubernur Khofifah"
    "Pasar Wonokromo diresmikan oleh Khofifah Indar Parawansa pada Senin pagi.\n"
    "Menurut Gubernur Khofifah, pasar itu dibangun pemerintah provinsi.",
    # the one-word name never stands beside another name word: no entity can qualify
    "Menurut Gubernur Khofifah, pasar itu dibangun pemerintah provinsi bersama warga.",
    "Wali Kota Eri hadir. Menurut Eri, kota siap. Camat Budi juga datang.",
]


def test_ner_runs_only_where_it_can_lengthen_a_name(nlp) -> None:
    from pipeline.nlp.export import doc_to_gold
    from pipeline.nlp.ner import ensure_entities
    from pipeline.nlp.officials import MAX_NAME_TOKENS

    pending = "pantau_ner_pending"  # set by the lazy NER component until the model runs
    expanded = make_doc(nlp, NER_TEXTS[0])
    assert pending not in expanded.user_data
    assert [o["name"] for o in doc_to_gold(expanded)["officials"]] == ["Khofifah Indar Parawansa"]
    for text in NER_TEXTS[1:]:
        doc = make_doc(nlp, text)
        assert pending in doc.user_data  # the NER was not run
        names = {o["name"].lower() for o in doc_to_gold(doc)["officials"]}
        ensure_entities(doc)  # run it now: it would not have lengthened any name
        longer = [
            e
            for e in doc.ents
            if e.label_ == "PER" and 1 < len(e) <= MAX_NAME_TOKENS
            if names & {t.text.lower() for t in e}
        ]
        assert longer == []
