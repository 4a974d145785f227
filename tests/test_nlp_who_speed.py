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
    assert any(len(pieces) > 1 for pieces in component._pieces.values())
