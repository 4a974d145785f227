"""`pantau_split_glued`: split words a scraper glued together ("JakartaPramono", "Wali
KotaBatam", "Widayanimembuat") into separate tokens.

The component re-tokenizes; it never changes the text, so every offset (the evidence of each
fact) still points into the original article. It runs first, before sentences are set.

A lowercase->Uppercase boundary is split only when the right part starts a known role, region
or body word from the gazetteers; a lowercase tail ("membuat") is split off a capitalized word
only when it is a common verb or function word of news text listed in roles_context.csv
(kind `glued_tail`). Camel-case brands ("KompasTV", "BeritaSatu") stay whole.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from spacy.attrs import IS_ALPHA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import GAZETTEER_DIR

CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=2)
def _vocab(directory: Path = GAZETTEER_DIR) -> tuple[frozenset[str], tuple[str, ...]]:
    starts: set[str] = set()
    for name, column in (("roles.csv", "text"), ("regions.csv", "short_name")):
        with (directory / name).open(encoding="utf-8") as f:
            starts |= {row[column].split()[0].lower() for row in csv.DictReader(f) if row[column]}
    with (directory / "roles_context.csv").open(encoding="utf-8") as f:
        tails = [row["word"].lower() for row in csv.DictReader(f) if row["kind"] == "glued_tail"]
    # longest tail first, so "mengatakan" wins over "kan"
    return frozenset(starts), tuple(sorted(tails, key=len, reverse=True))


def _segment(word: str, bounds: list[int], k: int) -> str:
    """The k-th camel-case segment of a word."""
    edges = [0, *bounds, len(word)]
    return word[edges[k] : edges[k + 1]]


def _split_word(word: str, starts: frozenset[str], tails: tuple[str, ...]) -> list[int]:
    bounds = [m.start() for m in CAMEL.finditer(word)]
    # a cut where the right part starts a known word ("KotaBatam"), or the left part is one
    # ("JakartaPramono")
    cuts = [
        c
        for k, c in enumerate(bounds)
        if _segment(word, bounds, k + 1).lower() in starts
        or _segment(word, bounds, k).lower() in starts
    ]
    if word[:1].isupper():
        last = word[(cuts[-1] if cuts else 0) :]
        for tail in tails:
            head = len(last) - len(tail)
            if head >= 3 and last.endswith(tail) and last[:head][-1:].islower():
                cuts.append(len(word) - len(tail))
                break
    return sorted(set(cuts))


def glued_pieces(word: str, directory: Path = GAZETTEER_DIR) -> list[str]:
    """The pieces of one word ("KotaBatam" -> ["Kota", "Batam"]); the word alone if unglued."""
    starts, tails = _vocab(directory)
    cuts = _split_word(word, starts, tails)
    edges = [0, *cuts, len(word)]
    return [word[a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]


MAX_CACHED_WORDS = 200_000  # a few tens of MB; cleared when full, so memory stays flat


class SplitGluedComponent:
    def __init__(self, directory: Path):
        self.directory = directory
        # word (spaCy's hash of its text) -> its pieces: news repeats its words, and a word's
        # pieces depend on nothing else
        self._pieces: dict[int, tuple[str, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        # The words are read as an array of (text hash, is_alpha) rather than token by token:
        # making a Token object per word cost more than the check itself.
        if not len(doc):
            return doc
        words = doc.to_array([ORTH, IS_ALPHA]).tolist()
        alpha = {orth for orth, is_alpha in words if is_alpha}
        glued = {orth: pieces for orth in alpha if len(pieces := self._pieces_of(orth, doc)) > 1}
        splits = [(doc[i], list(glued[orth])) for i, (orth, _) in enumerate(words) if orth in glued]
        if not splits:
            return doc
        with doc.retokenize() as retokenizer:
            for token, pieces in splits:
                # No parser runs here: each piece simply heads itself.
                heads = [(token, i) for i in range(len(pieces))]
                retokenizer.split(token, pieces, heads=heads)
        return doc

    def _pieces_of(self, orth: int, doc: Doc) -> tuple[str, ...]:
        pieces = self._pieces.get(orth)
        if pieces is None:
            if len(self._pieces) >= MAX_CACHED_WORDS:
                self._pieces.clear()
            word = doc.vocab.strings[orth]
            pieces = self._pieces[orth] = tuple(glued_pieces(word, self.directory))
        return pieces


@Language.factory("pantau_split_glued", default_config={"directory": None})
def create_split_glued(nlp: Language, name: str, directory: str | None) -> SplitGluedComponent:
    return SplitGluedComponent(Path(directory) if directory else GAZETTEER_DIR)
