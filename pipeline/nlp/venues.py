"""Where events were held: `doc._.facts["venue"]`, value {"name", "online"}.

A venue opens with a head word (Hotel, Aula, Ruang, Gedung, Pendopo, Balai, Kantor ...) after
"di" / "bertempat di" and runs over the capitalized words of its name ("Aula Sutrisno Hadi Lt 3
Kantor Wali Kota"); it ends before a comma, a date, a lowercase word, or a province named after
it. Strong heads are also taken without "di" in a sentence that reports an activity ("Hotel
Puri Kayana menjadi saksi kegiatan ..."). Capitalized words between "di" and a head open the
name before heads that follow their brand ("di Harris Hotel and Convention Malang") and are
left out before others ("di Kampar Pasar Inpres Bangkinang"). A place inside a quotation is
no venue. The ends of a route are venues ("pawai dari Rumah Dinas ... menuju Kantor LAM").
Online venues: "secara daring melalui Zoom".
Vocabulary: data/gazetteers/venues.toml (weekday and month names from dates.toml).
"""

from __future__ import annotations

import re
import tomllib

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.dates import MONTHS, WEEKDAYS
from pipeline.nlp.doctext import (
    doc_text,
    in_quotation,
    lowercase_keeps_matches,
    lowercase_twin,
    may_match,
    opening_lookahead,
    required_literals,
    span_text,
)
from pipeline.nlp.extensions import add_fact_chars
from pipeline.nlp.layout import in_chrome

VOCAB = tomllib.loads((GAZETTEER_DIR / "venues.toml").read_text(encoding="utf-8"))
INNER_LOWER = set(VOCAB["names"]["inner_lower"])
STOP = set(VOCAB["names"]["stop"]) | {w.capitalize() for w in (*MONTHS, *WEEKDAYS)}
MAX_WORDS = VOCAB["names"]["max_words"]
STREET = set(VOCAB["names"]["street"])


def _word_pattern(words: list[str]) -> re.Pattern:
    """`\b(?:w1|w2|...)\b`, case-insensitive, that skips places no word can open.

    The lookahead only names the characters the words open with, so the matches are the
    same; the engine then tests one set at a position instead of trying every word there
    (twice as fast on news text).
    """
    openers = "".join(sorted({re.escape(w[0]) for w in words}))
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b(?=[{openers}])(?:{alternation})\b", re.IGNORECASE)


EVENT_CUES = _word_pattern(VOCAB["events"]["cues"])


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


HEAD_MODIFIERS = set(VOCAB["names"]["head_modifiers"])
_HEADS = _alternation(VOCAB["heads"]["after_di"])
_LOWER_HEADS = _alternation(VOCAB["heads"]["lowercase"])
AFTER_DI = re.compile(rf"\b(?:bertempat|berlokasi)?\s*\bdi\s+(?=(?:{_HEADS}|{_LOWER_HEADS})\b)")
# "di Harris Hotel ...", "di Kampar Pasar Inpres ...": capitalized words between "di" and a
# head. `brand` holds them; they open the name only before a head that follows its brand.
_CAPITALIZED = r"[A-Z][\w&'.-]*"
BEFORE_HEAD = re.compile(
    rf"\bdi\s+(?P<brand>(?:{_CAPITALIZED}\s+){{1,{VOCAB['heads']['brand_words']}}}?)"
    rf"(?=(?P<head>{_HEADS})\b)"
)
AFTER_BRAND = set(VOCAB["heads"]["after_brand"])
# A demonstrative right after the name: "di Gedung Pancasila ini".
POINTED_AT = re.compile(r"\s+(?:ini|itu)\b", re.IGNORECASE)
STANDALONE = re.compile(
    rf"(?:^|(?<=[\s—–-]))(?=(?:{_alternation(VOCAB['heads']['standalone'])})\s+[A-Z0-9])",
    re.MULTILINE,
)
STRONG_HEAD = re.compile(rf"(?:{_alternation(VOCAB['heads']['standalone'])})\b")
ONLINE_CUE = _word_pattern(sorted(VOCAB["online"]["cues"], key=len, reverse=True))
FROM_ROOM = re.compile(rf"\bdari\s+(?=(?:{_alternation(VOCAB['heads']['standalone'])}|Ruang)\b)")
_ONLINE = re.compile(
    rf"\b(?:{_alternation(VOCAB['online']['cues'])})\b[^.\n]{{0,40}}?"
    rf"\b(?:{_alternation(VOCAB['online']['via'])})\s+"
    rf"(?P<platform>{_alternation(VOCAB['online']['platforms'])})\b",
    re.IGNORECASE,
)
# Run over the whole text: the opening lookahead passes the places no cue opens at with one
# set test (same matches, see doctext.opening_lookahead).
ONLINE = re.compile(opening_lookahead(_ONLINE) + _ONLINE.pattern, _ONLINE.flags)
# A route's ends are where the activity was: "pawai ... dari Rumah Dinas Wali Kota menuju
# Kantor LAM", "rute lari dimulai dari Balai Kota".
ROUTE_CUE = _word_pattern(sorted(VOCAB["routes"]["cues"], key=len, reverse=True))
ROUTE_END = re.compile(
    rf"\b(?:{_alternation(VOCAB['routes']['prepositions'])})\s+(?=(?:{_HEADS})\b)"
)
_WORD = re.compile(r"\S+")
PLACE_WORDS = _word_pattern(sorted(VOCAB["lists"]["place_words"], key=len, reverse=True))
# The cue scans run on every sentence: on the lowercased sentence their case-sensitive twins
# find the same (doctext.lowercase_twin) at half the cost. None where a twin cannot be made.
_LOWERCASE_TWINS = {
    pattern: lowercase_twin(pattern) for pattern in (EVENT_CUES, ROUTE_CUE, ONLINE_CUE, PLACE_WORDS)
}

# Most articles name no route, no online meeting and no place word: when the whole text lacks
# a word every match needs (doctext.may_match), no sentence of it can match, and the scan of
# every sentence is spared. Not for EVENT_CUES: most articles have one, the test would cost more.
_RARE_CUES = (ROUTE_CUE, ONLINE_CUE, PLACE_WORDS)
_REQUIRED = {pattern: required_literals(pattern) for pattern in _RARE_CUES}


def _absent_cues(text: str, lowered: str | None) -> set[re.Pattern]:
    """The rare cue patterns that cannot match anywhere in text (lowered: text.lower(), when
    `lowercase_keeps_matches` holds; None leaves every pattern to its scans)."""
    if lowered is None:
        return set()
    return {p for p in _RARE_CUES if not may_match(_REQUIRED[p], text, lowered)}


def _has_cue(pattern: re.Pattern, sentence: str, lowered: str | None) -> bool:
    """pattern.search(sentence), through its lowercase twin on lowered when both exist."""
    twin = _LOWERCASE_TWINS[pattern] if lowered is not None else None
    return bool(twin.search(lowered) if twin else pattern.search(sentence))


NEXT_HEAD = re.compile(rf"\s+(?:{_HEADS})\b")
LIST_OPENER = re.compile(
    rf"\bdi\s[^.\n]{{0,60}}?\b(?:{_alternation(VOCAB['lists']['openers'])})\s+"
    # "di halaman X, halaman Y dan di Z": the items after a first venue are venues too.
    rf"|(?P<at>\bdi\s+)(?=(?:{_HEADS}|{_LOWER_HEADS})\b)",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(
    rf"(?P<sep>^|,\s*|\s+dan\s+)(?:di\s+)?(?P<head>(?:{_HEADS}|{_LOWER_HEADS})\b)"
)
CONTINUATION = re.compile(
    rf"\s*(?:{_alternation(VOCAB['lists']['continuations'])})\b", re.IGNORECASE
)
CONTAINER = re.compile(rf"(?:{_alternation(VOCAB['heads']['containers'])})\b", re.IGNORECASE)
STATEMENT_BEFORE = re.compile(
    rf"\b(?:{_alternation(VOCAB['statements']['cues'])})\b"
    rf"(?:[\s,]+[\w.]+){{0,{VOCAB['statements']['window_words']}}}[\s,]*$",
    re.IGNORECASE,
)


def name_end(text: str, start: int) -> int:
    """End of the venue name that starts at `start` (its head word)."""
    end, count, previous = start, 0, ""
    lowercase_head = text[start : start + 1].islower()
    for word in _WORD.finditer(text, start):
        if "\n" in text[end : word.start()] or count >= MAX_WORDS:
            break
        token = word.group(0)
        bare = token.rstrip(",.;:!?)”\"'")
        # "di lapangan bola Jalan Belimbing": a street names a lowercase venue that has no
        # capitalized word yet; after a name ("Aula X Jalan Y") it is the address.
        street = bare in STREET and not any(w[0].isupper() for w in text[start:end].split())
        if not bare or token.startswith("(") or (bare in STOP and not street):
            break
        if bare.lower() == "dan" and NEXT_HEAD.match(text, word.end()):
            break  # "Taman Sri Baduga dan Lapangan Merdeka": two venues, not one name
        # A number stays inside after a floor word ("Lt 3") or an acronym ("SMAN 2 Genteng").
        after_acronym = previous.isupper() and len(previous) >= 2
        inner = bare.lower() in INNER_LOWER or (
            bare.isdigit() and (previous.lower() in INNER_LOWER or after_acronym)
        )
        # "ruang rapat utama DPRD ...": a lowercase head and its modifiers open the name.
        inner = inner or (lowercase_head and (count == 0 or bare in HEAD_MODIFIERS))
        if not (bare[0].isupper() or inner):
            break
        end, count, previous = word.start() + len(bare), count + 1, bare
        if bare != token and token.lower() not in INNER_LOWER:
            break  # punctuation closes the name, but not an abbreviation's dot ("Lt. 3")
    # A name does not end on a connector ("Aula Kantor dan") or a floor marker alone.
    trimmed = text[start:end].split()
    while trimmed and trimmed[-1].lower() in INNER_LOWER:
        trimmed.pop()
    if not any(word[0].isupper() for word in trimmed):
        return start  # "di ruang rapat" alone names no place
    return start + len(" ".join(trimmed)) if trimmed else start


def _cut_province_tail(doc: Doc, start: int, end: int) -> int:
    # "di Aula Kantor Bupati Tabalong Kalimantan Selatan": the province is where, not the name.
    for region in doc._.facts.get("region", []):
        value = region._.value or {}
        if (
            value.get("level") == "province"
            and start < region.start_char
            and region.end_char >= end
        ):
            end = min(end, region.start_char)
    return len(doc_text(doc)[:end].rstrip(" ,")) if end > start else start


def _starts_after_words(sentence: str) -> list[int]:
    """Venue starts where capitalized words stand between "di" and a head word."""
    starts = []
    for match in BEFORE_HEAD.finditer(sentence):
        words = match["brand"].split()
        if any(w.rstrip(".,") in STOP or AFTER_DI.match(f"di {w}") for w in words):
            continue  # "di Kantor Bupati Gedung ...": the first word is itself a head
        if STATEMENT_BEFORE.search(sentence, 0, match.start()):
            continue
        brand_head = any(match["head"].startswith(h) for h in AFTER_BRAND)
        starts.append(match.start("brand") if brand_head else match.start("head"))
    return starts


def _list_items(sentence: str) -> list[int]:
    """Starts of the venues listed after "yakni" / "yaitu" in a sentence that says "di"."""
    starts = []
    for opener in LIST_OPENER.finditer(sentence):
        if STATEMENT_BEFORE.search(sentence, 0, opener.start()):
            continue
        tail_end = sentence.find(".", opener.end())
        tail = sentence[opener.end() : tail_end if tail_end >= 0 else len(sentence)]
        after_di = opener["at"] is not None
        for item in LIST_ITEM.finditer(tail):
            # "di ruang kelas A, Kantor LAN": after a venue and a comma, a building (Kantor,
            # Gedung ...) is where that venue is, not a second venue; a "yakni" list of
            # buildings still names several.
            if (
                after_di
                and item["sep"].startswith(",")
                and CONTAINER.match(tail, item.start("head"))
            ):
                continue
            starts.append(opener.end() + item.start("head"))
    return starts


def find_venues(doc: Doc) -> list[tuple[int, int, dict]]:
    """(start, end, value) of every venue in the doc's text."""
    text = doc_text(doc)
    found: list[tuple[int, int, dict]] = []
    starts = []
    listing = False
    # Holds for every sentence when it holds for the whole text (lowering is per character).
    lowered_text = text.lower()
    lowercase_ok = lowercase_keeps_matches(text, lowered_text)
    absent = _absent_cues(text, lowered_text if lowercase_ok else None)
    for sentence in doc.sents:
        sentence_text = span_text(sentence)  # read a dozen times below
        if not sentence_text.strip():
            continue  # a paragraph break between two sentences of a list
        lowered = sentence_text.lower() if lowercase_ok else None
        base = sentence.start_char
        reports_activity = _has_cue(EVENT_CUES, sentence_text, lowered)
        placed = False
        for match in AFTER_DI.finditer(sentence_text):
            if STATEMENT_BEFORE.search(sentence_text, 0, match.start()):
                continue  # where something was said, not where an event was held
            # Weak heads ("di Kantor Camat") name a place of work as often as a venue: they
            # need a sentence that reports an activity; strong heads (Hotel, Aula) do not.
            if reports_activity or STRONG_HEAD.match(sentence_text, match.end()):
                starts.append(base + match.end())
                placed = True
        if reports_activity:
            starts += [base + m.start() for m in STANDALONE.finditer(sentence_text)]
            starts += [base + start for start in _starts_after_words(sentence_text)]
        # "Lokasi yang dipilih, yakni halaman X. Lalu, di lapangan Y ...": a sentence that
        # opens with a continuation word goes on with the previous sentence's list of places.
        continues = listing and bool(CONTINUATION.match(sentence_text))
        listing = (
            reports_activity
            or placed
            or continues
            or (PLACE_WORDS not in absent and _has_cue(PLACE_WORDS, sentence_text, lowered))
        )
        if listing:
            starts += [base + start for start in _list_items(sentence_text)]
            if not reports_activity:
                starts += [base + start for start in _starts_after_words(sentence_text)]
        if ROUTE_CUE not in absent and _has_cue(ROUTE_CUE, sentence_text, lowered):
            starts += [base + m.end() for m in ROUTE_END.finditer(sentence_text)]
        if ONLINE_CUE not in absent and _has_cue(ONLINE_CUE, sentence_text, lowered):
            # Hybrid events: "hadir secara virtual dari Ruang Video Conference BSKDN".
            starts += [base + m.end() for m in FROM_ROOM.finditer(sentence_text)]
    for start in sorted(set(starts)):
        end = _cut_province_tail(doc, start, name_end(text, start))
        if in_quotation(text, start) and POINTED_AT.match(text, end):
            # '"Yang ada di Gedung Pancasila ini ..."': a place the speaker points at. Other
            # places in quotes stay: officials often say where the activity is held.
            continue
        if len(text[start:end].split()) < 2 or any(s <= start < e for s, e, _ in found):
            continue
        found.append((start, end, {"name": text[start:end], "online": False}))
    for match in ONLINE.finditer(text):
        found.append(
            (
                match.start("platform"),
                match.end("platform"),
                {"name": match["platform"], "online": True},
            )
        )
    return sorted(found, key=lambda item: item[0])


@Language.factory("pantau_venues", default_config={})
def make_venues(nlp: Language, name: str) -> VenuesComponent:
    return VenuesComponent()


class VenuesComponent:
    """Writes doc._.facts["venue"]."""

    def __call__(self, doc: Doc) -> Doc:
        for start, end, value in find_venues(doc):
            if not in_chrome(doc, start, end):
                add_fact_chars(doc, "venue", start, end, value)
        return doc
