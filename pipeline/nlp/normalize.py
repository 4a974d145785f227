"""Split words a scraper glued together ("JakartaPramono", "Wali KotaBatam", "Widayanimembuat").

Not wired in yet: the lead calls `split_glued` from `pipeline.nlp.make_doc` before
`nlp.make_doc`. Only a space is ever inserted, so `offset_map` turns an offset in the new text
back into the original text (evidence offsets stay true).

A lowercase->Uppercase boundary is split only when the right part starts a known role, region
or body word from the gazetteers; a lowercase tail ("membuat") is split off a capitalized word
only when it is a common verb or function word of news text listed in roles_context.csv
(kind `glued_tail`). Camel-case brands ("KompasTV", "BeritaSatu") stay whole.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

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


def split_glued(text: str, directory: Path = GAZETTEER_DIR) -> tuple[str, list[int]]:
    """(text with glued words split by a space, sorted positions in the new text of the
    inserted spaces)."""
    starts, tails = _vocab(directory)
    out: list[str] = []
    inserted: list[int] = []
    pos = 0
    for match in WORD.finditer(text):
        out.append(text[pos : match.start()])
        word = match.group(0)
        prev = 0
        for cut in _split_word(word, starts, tails):
            out.append(word[prev:cut])
            inserted.append(sum(len(p) for p in out))
            out.append(" ")
            prev = cut
        out.append(word[prev:])
        pos = match.end()
    out.append(text[pos:])
    return "".join(out), inserted


def offset_map(inserted: list[int], offset: int) -> int:
    """An offset in the split text -> the same place in the original text."""
    return offset - bisect_right(inserted, offset - 1)
