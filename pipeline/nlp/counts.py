"""Cardinal quantities and money: `doc._.facts["count"]` and `doc._.facts["amount"]`.

A count is a number (digits with Indonesian separators, "1.250", "2,5", or number words,
"delapan puluh enam", "dua puluh lima ribu") with the noun it counts: {"value": 86, "unit":
"inovasi"}; measures keep their unit ("5 km", "30 menit", "60%" -> persen). Not counts:
numbers inside dates, regulations and awards (found by the components that run before), years,
times, ordinals ("ke-260"), rankings ("Top 45", "10 besar"), index scores, phone numbers, money.
Money is an amount: {"value": 1200000000.0, "purpose": "pembangunan ..." or None}.

Vocabulary (number words, scales, cues, measures) is in data/gazetteers/numbers.toml.
spaCy's `like_num` knows "dua" but not "seratus" and gives no value, so values are computed
here from the gazetteer.
"""

from __future__ import annotations

import re
import tomllib

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import doc_text
from pipeline.nlp.extensions import add_fact_chars
from pipeline.nlp.layout import in_chrome

VOCAB = tomllib.loads((GAZETTEER_DIR / "numbers.toml").read_text(encoding="utf-8"))
WORDS: dict[str, int] = VOCAB["words"]
MULTIPLIERS: dict[str, int | str] = VOCAB["multipliers"]
SPOKEN_SCALES = {w: m for w, m in MULTIPLIERS.items() if isinstance(m, int) and len(w) > 2}
NOT_UNITS = set(VOCAB["counts"]["not_units"])
NOT_BEFORE = set(VOCAB["counts"]["not_before"])
NOT_PHRASES = [re.compile(re.escape(p)) for p in VOCAB["counts"]["not_phrases"]]
NOT_PATTERNS = [re.compile(p, re.IGNORECASE) for p in VOCAB["counts"]["not_patterns"]]
CLASSIFIERS = set(VOCAB["counts"]["classifiers"])
VERB_PREFIXES = tuple(VOCAB["counts"]["verb_prefixes"])
VERB_MIN_LENGTH = VOCAB["counts"]["verb_min_length"]
CLASSIFIER_VERB_PREFIXES = tuple(VOCAB["counts"]["classifier_verb_prefixes"])
CLASSIFIER_VERB_NOUNS = set(VOCAB["counts"]["classifier_verb_nouns"])
MEASURES: dict[str, str] = VOCAB["measures"]
ONSETS = set(VOCAB["counts"]["onsets"])
VOWELS = set("aeiou")
MONEY = VOCAB["money"]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SCALE = rf"(?:{_alternation(MULTIPLIERS.keys() - {'belas', 'puluh', 'ratus'})})"
_DIGITS = r"(?P<digits>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?"
_SPOKEN = (
    rf"(?P<spoken>(?:{_alternation(WORDS)})(?:\s+(?:{_alternation(WORDS)}|"
    rf"{_alternation(MULTIPLIERS.keys() - {'jt', 'rb', 'm', 't'})}))*)"
)
# Every number opens with a digit or with the first letter of a number word: the lookahead
# says so first, which passes other places with one set test (same matches, ~3x faster).
_NUMBER_OPENERS = rf"(?=[\d{''.join(sorted({re.escape(w[0]) for w in WORDS}))}])"
NUMBER = re.compile(
    _NUMBER_OPENERS + rf"(?:(?<=[Rr][Pp])|(?<=[Rr][Pp]\.)|(?<![\w.,/:+-]))"
    # "Rp800-an juta": the -an of an approximate figure stays inside the number.
    rf"(?:{_DIGITS}(?:-an)?(?![\w/]|[.,:]\d)(?:\s*(?P<scale>{_SCALE})\b)?|{_SPOKEN}(?![\w/]))",
    re.IGNORECASE,
)
# The upper bound of a range written with a dash ("7-8 jam"): NUMBER leaves it, since a dash
# before digits usually joins a code ("5.1.02-04").
RANGE_UPPER = re.compile(
    rf"(?:{_alternation(VOCAB['ranges']['dashes'])})(?P<digits>\d+)(?:,(?P<frac>\d+))?"
    rf"(?P<scale>)(?P<spoken>)(?![\w/.,-])"
)
_NEXT_WORD = re.compile(r"\s*(%|[^\W\d_][\w²'-]*)")
_PREV_WORD = re.compile(r"([\w.$-]+)[\s(]*$")
MONEY_BEFORE = re.compile(rf"(?:{'|'.join(MONEY['before'])})\s*$", re.IGNORECASE)
MONEY_AFTER = re.compile(rf"^\s*(?:{'|'.join(MONEY['after'])})\b", re.IGNORECASE)
ORDINAL_BEFORE = re.compile(r"\bke\s*-\s*$", re.IGNORECASE)
YEAR_LIKE = re.compile(r"^(?:19|20)\d{2}$")
_WORD_BEFORE = re.compile(r"(\S+)\s+$")
_LETTER_AFTER = re.compile(r"\s+(\S)")
_SENTENCE_END_BEFORE = re.compile(r"[.!?][\s\"“'‘]*$")


def spoken_value(words: str) -> int:
    """Value of Indonesian number words: "delapan puluh enam" -> 86, "seribu dua ratus" -> 1200."""
    total = current = pending = 0
    for word in words.lower().split():
        multiplier = MULTIPLIERS.get(word)
        if multiplier == "teen":
            current, pending = current + pending + 10, 0
        elif word in ("puluh", "ratus"):
            current, pending = current + pending * multiplier, 0
        elif isinstance(multiplier, int):
            total, current, pending = total + ((current + pending) or 1) * multiplier, 0, 0
        elif WORDS[word] >= 1000:
            total += WORDS[word]
        elif WORDS[word] >= 10:
            current += WORDS[word]
        else:
            pending = WORDS[word]
    return total + current + pending


def number_value(match: re.Match) -> float:
    """Value of a NUMBER match: "1.250" -> 1250, "2,5" -> 2.5, "1,2 miliar" -> 1.2e9."""
    if match["spoken"]:
        return float(spoken_value(match["spoken"]))
    value = float(match["digits"].replace(".", "") + ("." + match["frac"] if match["frac"] else ""))
    if match["scale"]:
        value *= MULTIPLIERS[match["scale"].lower()]
    return value


def _plain(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _previous_word(text: str, start: int) -> str:
    found = _PREV_WORD.search(text[max(0, start - 30) : start])
    return found.group(1).lower() if found else ""


def _is_excluded(text: str, match: re.Match, sentence_start: bool) -> bool:
    start = match.start()
    previous = _previous_word(text, start)
    if previous in NOT_BEFORE or previous.rstrip(".") in NOT_BEFORE or previous.endswith("ke-"):
        return True
    if ORDINAL_BEFORE.search(text[max(0, start - 6) : start]):
        return True  # "ke - 72" as tokenized corpora write "ke-72"
    if match["digits"]:
        digits = match["digits"]
        if YEAR_LIKE.match(digits) and not match["frac"]:
            return True  # a year, not a count
        if digits.startswith("0") and len(digits) > 1:
            return True  # phone numbers and codes
    else:
        first = match["spoken"]
        if first[0].isupper() and not sentence_start:
            return True  # part of a name ("Kota Seribu Sungai")
        if _in_fixed_phrase(text, start, match.end()):
            return True
    return False


def _in_fixed_phrase(text: str, start: int, end: int) -> bool:
    # The phrase must hold this very number word: "salah satu" around it, not a "salah satu"
    # later in the sentence.
    lower = text.lower()
    for phrase in NOT_PHRASES:
        for found in phrase.finditer(lower[max(0, start - 20) : end + 30]):
            offset = max(0, start - 20)
            if found.start() + offset <= start < found.end() + offset:
                return True
    for pattern in NOT_PATTERNS:
        for found in pattern.finditer(text, max(0, start - 40), end + 40):
            if found.start() <= start < found.end():
                return True
    return False


def _inside_name(text: str, start: int, end: int) -> bool:
    # "SDNU 1 Trate", "SMPN 2 Bangil": a number between an acronym and a capitalized word
    # is part of a name.
    before = _WORD_BEFORE.search(text[max(0, start - 20) : start])
    after = _LETTER_AFTER.match(text[end : end + 5])
    acronym = before and before.group(1).isupper() and len(before.group(1)) >= 2
    return bool(acronym and after and after.group(1).isupper())


def _looks_like_verb(word: str) -> bool:
    return len(word) >= VERB_MIN_LENGTH and word.startswith(VERB_PREFIXES)


def _looks_like_verb_after_classifier(word: str) -> bool:
    # "25 orang dipimpin": passive di- and stative ter- verbs, on top of the active prefixes.
    if word in CLASSIFIER_VERB_NOUNS or len(word) < VERB_MIN_LENGTH:
        return False
    return _looks_like_verb(word) or word.startswith(CLASSIFIER_VERB_PREFIXES)


def _head_noun(word: str) -> str:
    # "dua rekannya" counts rekan: the possessive -nya is not part of the noun.
    return word[:-3] if word.endswith("nya") and len(word) > 6 else word


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The noun counted after position end, and where it ends."""
    word = _NEXT_WORD.match(text, end)
    if not word:
        return None, end
    raw = word.group(1)
    lower = raw.lower()
    if lower in MEASURES:
        return MEASURES[lower], word.end()
    if lower in NOT_UNITS or not lower[0].isalpha() or _looks_like_verb(lower):
        return None, end
    if _is_adverb(lower):
        return None, end
    # An acronym as written ("enam CCTV") is a unit, whatever its letters.
    if not raw.isupper() and _glued(lower):
        measure = next(
            (m for m in sorted(MEASURES, key=len, reverse=True) if lower.startswith(m)), None
        )
        if measure and len(measure) > 1:
            return MEASURES[measure], word.start(1) + len(measure)
        return None, end
    if lower in CLASSIFIERS:
        noun = _NEXT_WORD.match(text, word.end())
        noun_word = noun.group(1).lower() if noun else ""
        if noun and noun_word in NOT_UNITS | set(MEASURES):
            noun = None
        if _looks_like_verb_after_classifier(noun_word):
            noun = None
        if noun and noun_word[0].isalpha():
            return _head_noun(noun_word), noun.end()
    return _head_noun(lower), word.end()


def _glued(word: str) -> bool:
    """True for a token that cannot open an Indonesian word: scraping glued two words."""
    letters = [c for c in word[:2] if c.isalpha()]
    if len(letters) < 2 or len(word) < 4:
        return False
    return not (letters[0] in VOWELS or letters[1] in VOWELS or "".join(letters) in ONSETS)


def _is_adverb(word: str) -> bool:
    # "sebelumnya", "selanjutnya", "sesungguhnya": se-...-nya words modify, they count nothing.
    return word.startswith("se") and word.endswith("nya") and len(word) > 7


def _purpose_after(text: str, end: int) -> str | None:
    tail = re.split(r"[.,;:\n()“”\"]", text[end : end + 200], maxsplit=1)[0].split()
    if tail and tail[0].lower() in MONEY["purpose_cues"]:
        return " ".join(tail[1 : 1 + MONEY["purpose_max_words"]]) or None
    return None


def find_quantities(text: str, taken: list[tuple[int, int]]) -> tuple[list, list]:
    """(counts, amounts) as lists of (start, end, value), skipping spans already taken."""
    counts, amounts = [], []
    for match in NUMBER.finditer(text):
        start, end = match.start(), match.end()
        if any(start < e and s < end for s, e in taken):
            continue
        before = text[max(0, start - 8) : start]
        money_before = MONEY_BEFORE.search(before)
        money_after = MONEY_AFTER.match(text[end : end + 12])
        if money_before or money_after:
            amount_start = start - len(money_before.group(0)) if money_before else start
            amount_end = end + (len(money_after.group(0)) if money_after else 0)
            value = {"value": number_value(match), "purpose": _purpose_after(text, amount_end)}
            amounts.append((amount_start, amount_end, value))
            continue
        line_start = text.rfind("\n", 0, start) + 1
        # A sentence may open with a quotation mark ('"Satu orang cuma boleh ...').
        sentence_start = not text[line_start:start].strip(" \t\"“'‘") or bool(
            _SENTENCE_END_BEFORE.search(text[max(0, start - 4) : start])
        )
        if _is_excluded(text, match, sentence_start):
            continue
        unit, unit_end = _unit_after(text, end)
        if unit is None and (upper := RANGE_UPPER.match(text, end)):
            # "7-8 jam", "1-2 jam": both bounds count the unit that follows the second.
            unit, unit_end = _unit_after(text, upper.end())
            if unit is not None and not _inside_name(text, start, end):
                counts.append((start, end, {"value": _plain(number_value(match)), "unit": unit}))
                start, match = upper.start("digits"), upper
        if unit is None or _inside_name(text, start, end):
            continue
        counts.append((start, unit_end, {"value": _plain(number_value(match)), "unit": unit}))
    return counts, amounts


@Language.factory("pantau_counts", default_config={})
def make_counts(nlp: Language, name: str) -> CountsComponent:
    return CountsComponent()


class CountsComponent:
    """Writes doc._.facts["count"] and doc._.facts["amount"]."""

    def __call__(self, doc: Doc) -> Doc:
        taken = [
            (span.start_char, span.end_char)
            for kind in ("date", "regulation", "award")
            for span in doc._.facts.get(kind, [])
        ]
        counts, amounts = find_quantities(doc_text(doc), taken)
        for kind, found in (("count", counts), ("amount", amounts)):
            for start, end, value in found:
                if not in_chrome(doc, start, end):
                    add_fact_chars(doc, kind, start, end, value)
        return doc
