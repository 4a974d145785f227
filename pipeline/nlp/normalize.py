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
        # Words (spaCy's hash of their text) already looked at, and the pieces of those that
        # are glued: news repeats its words, and a word's pieces depend on nothing else.
        self._seen: set[int] = set()
        self._glued: dict[int, tuple[str, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        # The words are read as an array of (text hash, is_alpha) and compared as sets rather
        # than token by token: making a Token object, or a call, per word cost more than the
        # check itself.
        if not len(doc):
            return doc
        words = doc.to_array([ORTH, IS_ALPHA])
        glued = self._glued_among(set(words[words[:, 1] == 1, 0].tolist()), doc)
        if not glued:
            return doc
        orths = words[:, 0].tolist()
        splits = [(doc[i], list(glued[orth])) for i, orth in enumerate(orths) if orth in glued]
        with doc.retokenize() as retokenizer:
            for token, pieces in splits:
                # No parser runs here: each piece simply heads itself.
                heads = [(token, i) for i in range(len(pieces))]
                retokenizer.split(token, pieces, heads=heads)
        return doc

    def _glued_among(self, words: set[int], doc: Doc) -> dict[int, tuple[str, ...]]:
        """The glued words among `words`, with their pieces."""
        new = words - self._seen
        if new:
            if len(self._seen) + len(new) > MAX_CACHED_WORDS:
                self._seen.clear()
                self._glued.clear()
            for orth in new:
                pieces = tuple(glued_pieces(doc.vocab.strings[orth], self.directory))
                if len(pieces) > 1:
                    self._glued[orth] = pieces
            self._seen |= new
        return {orth: self._glued[orth] for orth in words & self._glued.keys()}


@Language.factory("pantau_split_glued", default_config={"directory": None})
def create_split_glued(nlp: Language, name: str, directory: str | None) -> SplitGluedComponent:
    return SplitGluedComponent(Path(directory) if directory else GAZETTEER_DIR)
