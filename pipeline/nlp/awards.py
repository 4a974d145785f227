"""Awards named in an article: `doc._.facts["award"]`, value {"name", "year", "category"}.

"lomba Inovatif Goverment Award (IGA) Tahun 2023" gives {"name": "Innovative Government
Award", "year": 2023, "category": None}; "predikat Sangat Inovatif pada IGA 2023" gives the
category "sangat inovatif". Award names, spellings and categories live in
data/gazetteers/awards.toml. A category without a named award ("Kota Terinovatif") is not an
award.
"""

from __future__ import annotations

import re
import tomllib

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import (
    doc_text,
    lowercase_keeps_matches,
    may_match,
    opening_lookahead,
    required_literals,
)
from pipeline.nlp.extensions import add_fact_chars
from pipeline.nlp.layout import in_chrome

VOCAB = tomllib.loads((GAZETTEER_DIR / "awards.toml").read_text(encoding="utf-8"))
YEAR_WINDOW = VOCAB["window"]["year_chars"]
CATEGORY_WINDOW = VOCAB["window"]["category_chars"]
DROP = set(VOCAB["generic"]["drop_leading"])
NAME_OPENERS = set(VOCAB["generic"]["name_openers"])
PROVINCES_IN_FULL: dict[str, str] = VOCAB["provinces_in_full"]
NOT_AFTER = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in VOCAB["not_after"]["words"]) + r")\.?\s+$",
    re.IGNORECASE,
)
ACTIVITY_BEFORE_PLACE = re.compile(
    r"\b(?:" + "|".join(VOCAB["not_after"]["activity_before"]) + r")\s+\S+\s+$", re.IGNORECASE
)
_YEAR_AFTER = re.compile(rf"^[\s()A-Za-z]{{0,{YEAR_WINDOW}}}?\b((?:19|20)\d{{2}})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_CATEGORY = re.compile(
    r"\b(" + "|".join(re.escape(c) for c in VOCAB["categories"]["names"]) + r")\b", re.IGNORECASE
)


def _compile() -> list[tuple[str, re.Pattern]]:
    compiled = []
    for award in VOCAB["awards"]:
        parts = [f"(?i:{p})" for p in award.get("patterns", [])]
        parts += award.get("acronym_only", [])
        compiled.append((award["name"], re.compile(r"\b(?:" + "|".join(parts) + r")\b")))
    for pattern in VOCAB["generic"]["patterns"] + VOCAB["generic"]["introduced"]:
        # Scraped text glues words ("Silver WinnerAnugerah Humas"): a name may also open
        # right after a lowercase letter.
        compiled.append((None, re.compile(r"(?:\b|(?<=[a-z]))" + pattern + r"\b")))
    return compiled


def _with_opening_lookahead(pattern: re.Pattern) -> re.Pattern:
    # Same matches; most places of a text fail the lookahead's one set test (see doctext).
    return re.compile(opening_lookahead(pattern) + pattern.pattern, pattern.flags)


PATTERNS = [(name, _with_opening_lookahead(pattern)) for name, pattern in _compile()]
# The words every match of a pattern holds ("niagara" and "award"): most articles name no
# award, and substring tests spare a scan of the text per pattern (doctext.may_match).
REQUIRED = {pattern: required_literals(pattern) for _, pattern in PATTERNS}
# A pattern written only with letters, digits, spaces, "/", "&", "-", \w, \s, \d, \b, sets of
# those and lookarounds of those can never match a "." nor see a "." other than it sees the
# end of the text (no ".", "^", "$", \S, \W, \D, \A, \Z, negated set or range across "."
# in it). Then no award name crosses a full stop, and each stretch between two stops is
# masked by the patterns as it is inside the whole text: it can be masked on its own.
_SAFE_ESCAPE = re.compile(r"\\[swdb &/-]")
_SAFE_SET = re.compile(r"\[(?:A-Z|a-z|0-9|[\w&/]|\\[swd]|-(?=\]))+\]")


def _cannot_see_a_stop(pattern: str) -> bool:
    plain = _SAFE_SET.sub("", _SAFE_ESCAPE.sub("", pattern))
    return not any(c in plain for c in ".^$[]\\")


NO_MATCH_CROSSES_A_STOP = all(_cannot_see_a_stop(pattern.pattern) for _, pattern in PATTERNS)


def find_awards(text: str) -> list[tuple[int, int, dict]]:
    """(start, end, value) for every award mention in text."""
    found: list[tuple[int, int, dict]] = []
    masked: dict[tuple[int, int], str] = {}  # text with award names blanked, per stretch
    lowered = text.lower()
    lowercase_ok = lowercase_keeps_matches(text, lowered)
    for name, pattern in PATTERNS:
        if lowercase_ok and not may_match(REQUIRED[pattern], text, lowered):
            continue  # no match can be in text
        for match in pattern.finditer(text):
            # A pattern with a `name` group ("penghargaan itu adalah <name>") keeps only it.
            start, end = match.span("name") if "name" in pattern.groupindex else match.span()
            if any(start < e and s < end for s, e, _ in found):
                continue
            if _after_place_word(text, start):
                continue  # a place named after the award
            stretch = _stretch_around(text, match)
            if stretch not in masked:
                masked[stretch] = _masked_stretch(text, *stretch)
            value = {
                "name": name or _generic_name(text[start:end]),
                "year": _year_near(text, match),
                "category": _category_near(masked[stretch], match),
            }
            found.append((start, end, value))
    return sorted(found, key=lambda item: item[0])


def _after_place_word(text: str, start: int) -> bool:
    if not NOT_AFTER.search(text, max(0, start - 20), start):
        return False
    return not ACTIVITY_BEFORE_PLACE.search(text, max(0, start - 40), start)


def _generic_name(written: str) -> str:
    # Leading words that open a sentence or a title ("Penghargaan Mandaya Awards") are not
    # part of the name.
    words = written.split()
    while words[-1].lower().startswith("award") and len(words) > 2 and words[0].lower() in DROP:
        words.pop(0)
    # "Penghargaan Anugerah Karya Budaya": the second word opens the name itself.
    while len(words) > 3 and words[0].lower() in DROP and words[1].lower() in NAME_OPENERS:
        words.pop(0)
    # "... Budaya Jabar" and "... Budaya Jawa Barat" are one award: provinces in full.
    return " ".join(PROVINCES_IN_FULL.get(word, word) for word in words)


def _mask_award_names(text: str) -> str:
    # Categories are searched in the text with award names blanked out, so the "Inovatif"
    # of a misspelt "Inovatif Goverment Award" is never read as a category.
    for _, pattern in PATTERNS:
        text = pattern.sub(
            lambda m: m.group(0) if m.group(0).lower().startswith("top") else " " * len(m.group(0)),
            text,
        )
    return text


def _stretch_around(text: str, match: re.Match) -> tuple[int, int]:
    """The stretch between the full stops around match: all `_category_near` reads of it."""
    if not NO_MATCH_CROSSES_A_STOP:
        return 0, len(text)
    end = text.find(".", match.end())
    return text.rfind(".", 0, match.start()) + 1, len(text) if end < 0 else end


def _masked_stretch(text: str, start: int, end: int) -> str:
    # Masking 19 patterns over a whole article costs more than finding the awards; the
    # stretch around an award is all the category search reads (it stops at a full stop).
    return text[:start] + _mask_award_names(text[start:end]) + text[end:]


def _year_near(text: str, match: re.Match) -> int | None:
    # "IGA Tahun 2023", "IGA (2023)", "IGA 2023"; else "2023 ... IGA" close before it.
    after = _YEAR_AFTER.match(text[match.end() : match.end() + YEAR_WINDOW + 6])
    if after:
        return int(after.group(1))
    inside = _YEAR.search(match.group(0))
    if inside:
        return int(inside.group(1))
    sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
    before = _YEAR.findall(
        text[max(sentence_start + 1, match.start() - YEAR_WINDOW) : match.start()]
    )
    return int(before[-1]) if before else None


def _category_near(text: str, match: re.Match) -> str | None:
    # The category belongs to the same sentence: look back and ahead within it.
    start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()), 0)
    start = max(start, match.start() - CATEGORY_WINDOW)
    end_stop = [i for i in (text.find(".", match.end()), text.find("\n", match.end())) if i >= 0]
    end = min([match.end() + CATEGORY_WINDOW, *end_stop])
    # Only a ranking inside the name is a category ("Top 45 KIPP").
    inside = _CATEGORY.search(match.group(0))
    if inside and inside.group(1).lower().startswith("top"):
        return inside.group(1).lower()
    # The nearest category wins: the last one before the name or the first one after it.
    before = list(_CATEGORY.finditer(text, start, match.start()))
    after = _CATEGORY.search(text, match.end(), end)
    nearest = [(match.start() - before[-1].end(), before[-1])] if before else []
    nearest += [(after.start() - match.end(), after)] if after else []
    return min(nearest, key=lambda item: item[0])[1].group(1).lower() if nearest else None


@Language.factory("pantau_awards", default_config={})
def make_awards(nlp: Language, name: str) -> AwardsComponent:
    return AwardsComponent()


class AwardsComponent:
    """Writes doc._.facts["award"]."""

    def __call__(self, doc: Doc) -> Doc:
        for start, end, value in find_awards(doc_text(doc)):
            if not in_chrome(doc, start, end):
                add_fact_chars(doc, "award", start, end, value)
        return doc
