"""Calendar days named in an article: `doc._.facts["date"]`, value {"start", "end"} (ISO).

Finds "29 Januari 2024", "Senin (8/7/2019)", "(11-12/08/2022)", "13-14 Agustus 2019",
"Senin sampai Rabu tanggal 7-9 Nopember 2022", "2 hingga 29 Mei 2024", "Rabu (3/5)" and
"(13/8)" without a year, and relative words (kemarin, hari ini, besok) against the
publication date. Spellings come from data/gazetteers/dates.toml.

Why regular expressions rather than dateparser's `search_dates`: we need character offsets
for the evidence, both ends of ranges ("7-9 Nopember 2022", "(11-12/08/2022)": dateparser
returns None or only the first day), the Indonesian variants it lacks (Nop, Peb, Mrt), day-first
numeric dates, and the weekday to choose the year of "Rabu (3/5)"; `search_dates` also costs
~10 ms a paragraph. dateparser does serve for relative words, which it resolves against a base
date (`RELATIVE_BASE`), so it is used there.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import (
    doc_text,
    finditer_at,
    in_quotation,
    lowercase_keeps_matches,
    opening_lookahead,
)
from pipeline.nlp.extensions import add_fact_chars
from pipeline.nlp.layout import chrome_ranges, in_chrome

VOCAB = tomllib.loads((GAZETTEER_DIR / "dates.toml").read_text(encoding="utf-8"))
MONTHS: dict[str, int] = {
    spelling: int(number) for number, spellings in VOCAB["months"].items() for spelling in spellings
}
WEEKDAYS: dict[str, int] = {
    spelling: int(number)
    for number, spellings in VOCAB["weekdays"].items()
    for spelling in spellings
}
RELATIVE: dict[str, int] = VOCAB["relative"]
RELATIVE_BEFORE = set(VOCAB["relative_context"]["before"])
VAGUE_QUOTED = set(VOCAB["relative_quoted"]["vague"])
RELATIVE_VERB_PREFIXES = tuple(VOCAB["relative_context"]["verb_prefixes"])
RELATIVE_VERB_SUFFIXES = tuple(VOCAB["relative_context"]["verb_suffixes"])
ALONE = VOCAB["weekday_alone"]
ALONE_BEFORE = set(ALONE["before"])
ALONE_NOT_BEFORE = set(ALONE["not_before"])
ALONE_FRAME_DAYS = ALONE["frame_days"]
YEAR_WINDOW = 6  # how many years around the reference a weekday may pull a date
WEEKDAY_YEARS_BACK = 2  # with a publication date: how far back a weekday may pull a date


def _alternation(words: list[str] | set[str]) -> str:
    # Longest first, so that "sampai dengan" wins over "sampai" and "nopember" over "nop".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WD = rf"(?:{_alternation(WEEKDAYS)})"
_MON = rf"(?:{_alternation(MONTHS)})\.?"
_CONN = rf"(?:{_alternation(VOCAB['ranges']['connectors'])})"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY_PREFIX = (
    rf"(?:(?P<wd1>{_WD})(?:\s*{_CONN}\s*(?P<wd2>{_WD}))?\s*,?\s*(?:(?:tanggal|tgl\.?)\s+)?)?"
)
_B = r"(?<![\w/.,])"  # no digit, letter, slash or separator glued before the day
_E = r"(?![\w/])"

TEXTUAL = re.compile(
    rf"{_WEEKDAY_PREFIX}{_B}(?P<d1>\d{{1,2}})"
    rf"(?:\s*(?P<m1>{_MON})(?:\s+(?P<y1>{_YEAR}))?)?"
    rf"(?:\s*(?P<conn>{_CONN})\s*(?P<d2>\d{{1,2}}))?"
    rf"\s+(?P<m2>{_MON})(?:,?\s+(?P<y2>{_YEAR}))?{_E}",
    re.IGNORECASE,
)
# Numeric dates need a frame that says "date": parentheses (the dateline habit "Senin
# (8/7/2019)", "(13/8)") or a four-digit year; a bare "3/5" may be a fraction or a score.
NUMERIC = re.compile(
    rf"{_WEEKDAY_PREFIX}(?:\(\s*(?P<d1>\d{{1,2}})(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?"
    rf"\s*/\s*(?P<m2>\d{{1,2}})(?:\s*/\s*(?P<y2>\d{{4}}|\d{{2}}))?\s*\)"
    rf"|\(?{_B}(?P<d3>\d{{1,2}})(?P<sep>[/-])(?P<m3>\d{{1,2}})(?P=sep)(?P<y3>{_YEAR}){_E})",
    re.IGNORECASE,
)
MONTH_FIRST = re.compile(
    rf"{_WEEKDAY_PREFIX}\b(?P<m2>{_MON})\s+(?P<d1>\d{{1,2}}),\s*(?P<y2>{_YEAR})\b", re.IGNORECASE
)


def _with_opening_lookahead(pattern: re.Pattern) -> re.Pattern:
    # Same matches; the engine passes every place no word can open at with one set test
    # instead of trying each word there (see doctext.opening_lookahead).
    return re.compile(opening_lookahead(pattern) + pattern.pattern, pattern.flags)


RELATIVE_WORDS = _with_opening_lookahead(
    re.compile(rf"\b(?P<rel>{_alternation(RELATIVE)})\b", re.IGNORECASE)
)
# Two single days joined into a range: "mulai Senin (16/6) hingga Selasa (17/6)".
RANGE_BETWEEN = re.compile(rf"^\s*{_CONN}\s*$", re.IGNORECASE)
WEEKDAY_ALONE = _with_opening_lookahead(re.compile(rf"\b(?P<wd>{_WD})\b", re.IGNORECASE))
WEEKDAY_IN_PARENS = re.compile(rf"\s*\(\s*(?P<wd>{_WD})\s*\)", re.IGNORECASE)
AHEAD_AFTER = re.compile(rf"^\s*(?:{_alternation(ALONE['ahead_after'])})\b", re.IGNORECASE)
NOUN_PHRASE_AFTER = re.compile(rf"\s*(?:{'|'.join(ALONE['noun_phrase_after'])})")
CLAUSE_END_AFTER_COMMA = re.compile(
    rf"\s*(?:[.,;)]|\n|$|{'|'.join(map(re.escape, ALONE['after_comma']))})"
)
AHEAD_CUES = _with_opening_lookahead(
    re.compile(rf"\b(?:{_alternation(ALONE['ahead_cues'])})\b", re.IGNORECASE)
)
# Each pattern with a cheap pre-check: the core it cannot match without. Where the core is
# absent the pattern is not run at all (its optional weekday prefix makes a full scan slow);
# the mentions found are the same.
# The third field: whether a match may open with a month name (only MONTH_FIRST, "May 5,
# 2024"; the others open with a weekday, a day number or "(").
FULL_DATES = (
    (TEXTUAL, re.compile(rf"\d\s*{_MON}", re.IGNORECASE), False),
    (NUMERIC, re.compile(r"\d\s*[/-]\s*\d"), False),
    (MONTH_FIRST, re.compile(rf"\d,\s*{_YEAR}"), True),
)
# Where a match of those patterns can begin: a weekday (the optional prefix), else a day
# number not glued to a word, an opening parenthesis or a month. `re.finditer` tries the
# optional weekday alternation at every character; trying the patterns only at these
# candidates finds the same matches (Python's lookbehinds and `\b` see the text before
# `pos`), at a fraction of the cost.
MATCH_STARTS = re.compile(
    rf"(?=(?:{_alternation(WEEKDAYS)})|(?<![\w/.,])\d|\(|\b(?:{_alternation(MONTHS)}))",
    re.IGNORECASE,
)
# The same starts, found faster: case-sensitive alternations of literals on the lowercased
# text let `re` skip ahead by their first letters. Valid when lowercasing keeps every offset
# and no character folds onto an ASCII letter only under re.IGNORECASE (dotless i, long s,
# dotted capital I: doctext.lowercase_keeps_matches); otherwise MATCH_STARTS is used.
WEEKDAY_STARTS = re.compile(_alternation({w.lower() for w in WEEKDAYS}))
# Month spellings hide in many words ("desa", "jangan"): searched only for MONTH_FIRST.
MONTH_STARTS = re.compile(_alternation({m.lower() for m in MONTHS}))
# A digit not glued after a word, a slash or a separator, or "(". Written with the opening
# character first and the lookbehind after it (it looks past the digit just read; "(" is no
# digit, so it always passes): `re` then scans for the opening characters directly instead of
# trying the lookbehind at every position (2.5x faster, same positions; checked in
# tests/test_nlp_when_speed.py against the plain `(?<![\w/.,])\d|\(`).
NUMBER_STARTS = re.compile(r"[\d(](?<![\w/.,]\d)")
# A year standing alone: `(?<![\w/.,]){_YEAR}(?![\w/])`, its lookbehind moved after the
# century digits (which it looks past) for the same reason as NUMBER_STARTS.
YEAR_IN_TEXT = re.compile(r"(?:19|20)(?<![\w/.,]\d\d)\d{2}(?![\w/])")


@dataclass
class DateMention:
    """One date expression before its year is known."""

    start_char: int
    end_char: int
    day: int
    month: int
    year: int | None
    weekday: int | None = None
    end_day: int | None = None
    end_month: int | None = None
    relative: str | None = None
    ahead: bool = False  # a weekday alone that looks ahead ("Senin depan")

    @property
    def weekday_alone(self) -> bool:
        return self.day == 0 and self.weekday is not None


def _month_number(spelling: str) -> int:
    cleaned = spelling.lower().rstrip(".")
    return int(cleaned) if cleaned.isdigit() else MONTHS[cleaned]


def _weekday_number(spelling: str | None) -> int | None:
    return WEEKDAYS.get(spelling.lower()) if spelling else None


def _year(value: str | None) -> int | None:
    if not value:
        return None
    year = int(value)
    return year + 2000 if year < 100 else year


def _mentions_in(text: str) -> list[DateMention]:
    """Every date expression in text, without overlaps, in order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # Where a full date may begin, with or without month names, found when first needed.
    starts: dict[bool, list[int]] = {}
    for pattern, precheck, opens_with_month in FULL_DATES:
        if not precheck.search(text):
            continue
        if opens_with_month not in starts:
            starts[opens_with_month] = _match_starts(text, opens_with_month)
        for match in finditer_at(pattern, text, starts[opens_with_month]):
            mentions = _mentions_from(match)
            if mentions and free(match.start(), match.end()):
                taken.append((match.start(), match.end()))
                found.extend(mentions)
    for match in RELATIVE_WORDS.finditer(text):
        if match["rel"].lower() in VAGUE_QUOTED and in_quotation(text, match.start()):
            continue
        if free(match.start(), match.end()) and _relative_names_day(text, match.start()):
            named = WEEKDAY_IN_PARENS.match(text, match.end())
            if named:
                # "besok (Minggu)": the weekday the writer names is the day, looking ahead
                # from "besok", back from "kemarin" (the word may count from a quote's day).
                ahead = RELATIVE[match["rel"].lower()] > 0
                weekday = _weekday_number(named["wd"])
                found.append(
                    DateMention(match.start(), named.end(), 0, 0, None, weekday, ahead=ahead)
                )
                taken.append((match.start(), named.end()))
                continue
            found.append(
                DateMention(match.start(), match.end(), 0, 0, None, relative=match["rel"].lower())
            )
            taken.append((match.start(), match.end()))
    for match in WEEKDAY_ALONE.finditer(text):
        if free(match.start(), match.end()) and _weekday_names_day(text, match):
            ahead = bool(AHEAD_AFTER.match(text, match.end())) or _sentence_looks_ahead(
                text, match.start()
            )
            weekday = _weekday_number(match["wd"])
            found.append(DateMention(match.start(), match.end(), 0, 0, None, weekday, ahead=ahead))
    return _join_ranges(sorted(found, key=lambda m: m.start_char), text)


def _match_starts(text: str, months: bool = True) -> list[int]:
    """Sorted positions where a full date may begin (a superset of the real starts).

    months=False leaves out where only a month name opens: enough for the patterns whose
    matches open with a weekday, a day number or "(".
    """
    lowered = text.lower()
    if not lowercase_keeps_matches(text, lowered):
        return [m.start() for m in MATCH_STARTS.finditer(text)]
    starts = {m.start() for m in NUMBER_STARTS.finditer(text)}
    for words in (WEEKDAY_STARTS, MONTH_STARTS) if months else (WEEKDAY_STARTS,):
        match = words.search(lowered)
        while match:  # every start, overlapping ones too
            starts.add(match.start())
            match = words.search(lowered, match.start() + 1)
    return sorted(starts)


def _join_ranges(mentions: list[DateMention], text: str) -> list[DateMention]:
    """ "Senin (16/6) hingga Selasa (17/6)": two single days joined by a connector are a range."""
    joined: list[DateMention] = []
    for mention in mentions:
        last = joined[-1] if joined else None
        if (
            last
            and _single_day(last)
            and _single_day(mention)
            and RANGE_BETWEEN.match(text[last.end_char : mention.start_char])
            and text[last.end_char : mention.start_char].strip().lower() != "dan"
        ):
            last.end_char, last.end_day, last.end_month = (
                mention.end_char,
                mention.day,
                mention.month,
            )
            last.year = mention.year or last.year
            continue
        joined.append(mention)
    return joined


def _single_day(mention: DateMention) -> bool:
    return mention.relative is None and mention.day > 0 and mention.end_day is None


def _weekday_names_day(text: str, match: re.Match) -> bool:
    # "pada Kamis", "digelar Senin", "kata Bupati, Minggu." name a day; "Minggu" at the head
    # of a noun phrase ("Minggu kedua"), "setiap Senin" or a lowercase "minggu" (week) do not.
    word = match["wd"]
    if not word[0].isupper() and not text[
        max(0, match.start() - 5) : match.start()
    ].lower().endswith("hari "):
        return False
    previous = re.search(r"([\w']+)?([^\w']*)$", text[max(0, match.start() - 30) : match.start()])
    before, gap = (previous.group(1) or "").lower(), previous.group(2)
    after = text[match.end() : match.end() + 12]
    if before in ALONE_NOT_BEFORE or NOUN_PHRASE_AFTER.match(after):
        return False
    if "," in gap and CLAUSE_END_AFTER_COMMA.match(after):
        return True  # "ujarnya, Senin." / ", Kamis malam"
    verb = before.startswith(RELATIVE_VERB_PREFIXES) and len(before) > 5
    return not gap.strip() and (before in ALONE_BEFORE or verb)


def _sentence_looks_ahead(text: str, start: int) -> bool:
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    return bool(AHEAD_CUES.search(text, sentence_start, start))


def _mentions_from(match: re.Match) -> list[DateMention]:
    """One mention, or two for "6 Agustus 2021 dan 1 September 2021" (a list, not a range)."""
    groups = match.groupdict()
    if groups.get("y1") and (groups.get("conn") or "").lower() == "dan":
        cut = match.start("conn")
        first = TEXTUAL.match(match.string, match.start(), cut)
        second = TEXTUAL.search(match.string, match.end("conn"), match.end())
        return [m for part in (first, second) if part for m in _mentions_from(part)]
    mention = _mention_from(match)
    return [mention] if mention else []


def _mention_from(match: re.Match) -> DateMention | None:
    groups = match.groupdict()
    day_text = groups.get("d1") or groups.get("d3")
    month_text = groups.get("m2") or groups.get("m3")
    year = _year(groups.get("y2") or groups.get("y3") or groups.get("y1"))
    day, month = int(day_text), _month_number(month_text)
    end_day = int(groups["d2"]) if groups.get("d2") else None
    start_month = _month_number(groups["m1"]) if groups.get("m1") else month
    if not (1 <= day <= 31 and 1 <= month <= 12) or (end_day and not 1 <= end_day <= 31):
        return None
    if end_day is not None and start_month == month and end_day < day:
        return None  # "14-13 Agustus" is not a range
    return DateMention(
        match.start(),
        match.end(),
        day,
        start_month,
        year,
        weekday=_weekday_number(groups.get("wd1")),
        end_day=end_day,
        end_month=month if end_day is not None else None,
    )


def _relative_names_day(text: str, start: int) -> bool:
    # After a lowercase noun the word is an adjective ("pemilihan kemarin"); at a clause start,
    # after punctuation or after a context word it names a day.
    previous = re.search(r"([\w']+)?([^\w']*)$", text[max(0, start - 30) : start])
    word, gap = (previous.group(1) or ""), previous.group(2)
    if not word or any(mark in gap for mark in ',.;:!?()"“”\n'):
        return True
    lower = word.lower()
    if lower in MONTHS:  # "8-10 November kemarin": last November, not yesterday
        return False
    verb = lower.startswith(RELATIVE_VERB_PREFIXES) or lower.endswith(RELATIVE_VERB_SUFFIXES)
    return lower in RELATIVE_BEFORE or verb or word[0].isupper() or word.isdigit()


def strip_dates(line: str) -> str:
    """The line with its date expressions removed (layout uses it to spot header lines)."""
    for mention in reversed(_mentions_in(line)):
        if mention.relative is None:
            line = line[: mention.start_char] + line[mention.end_char :]
    return re.sub(rf"\b{_WD}\b", "", line, flags=re.IGNORECASE)


def reference_years(text: str, mentions: list[DateMention]) -> list[int]:
    """Years the text states, most trusted first: those of full dates, then any other year."""
    full = Counter(m.year for m in mentions if m.year)
    others = Counter(int(y) for y in YEAR_IN_TEXT.findall(text))
    ranked = [y for y, _ in full.most_common()]
    return ranked + [y for y, _ in others.most_common() if y not in ranked]


def choose_year(
    day: int, month: int, weekday: int | None, published: date | None, stated: list[int]
) -> int | None:
    """The year of a day given without one (see module doc)."""
    if published is None and not stated:
        return None
    anchor = published or date(stated[0], 7, 1)
    candidates = [
        y
        for y in range(anchor.year - YEAR_WINDOW, anchor.year + YEAR_WINDOW + 1)
        if _valid(y, month, day)
    ]
    if weekday is not None:
        matching = [y for y in candidates if date(y, month, day).weekday() == weekday]
        if published is None:
            in_text = [y for y in matching if y in stated]
            if in_text:
                return in_text[0]
        else:
            # News reports the recent past or the near future: a weekday that fits no year
            # around the publication date is a slip of the writer ("Jumat (28/9)" in 2025),
            # and the date is taken as written, nearest the publication date.
            matching = [y for y in matching if -WEEKDAY_YEARS_BACK <= y - published.year <= 1]
        if matching:
            return min(matching, key=lambda y: abs((date(y, month, day) - anchor).days))
    if published is not None:
        nearby = [y for y in candidates if abs(y - published.year) <= 1]
        return min(nearby, key=lambda y: abs((date(y, month, day) - published).days), default=None)
    return stated[0] if _valid(stated[0], month, day) else None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def resolve_relative(word: str, published: date) -> date:
    """A relative day word against the publication date (dateparser, gazetteer as fallback)."""
    import dateparser  # imported here: it takes ~0.3 s to load and most articles need none

    parsed = dateparser.parse(
        word,
        languages=["id"],
        settings={"RELATIVE_BASE": datetime.combine(published, datetime.min.time())},
    )
    # dateparser 1.5 has no "lusa"; the gazetteer's day offset covers what it lacks.
    return parsed.date() if parsed else published + timedelta(days=RELATIVE[word])


def resolve(mention: DateMention, published: date | None, stated: list[int]) -> dict | None:
    """The {"start", "end"} value of a mention, or None when its year cannot be known."""
    if mention.relative:
        if published is None:
            return None
        return {"start": resolve_relative(mention.relative, published).isoformat(), "end": None}
    if mention.weekday_alone:
        day = resolve_weekday(mention.weekday, published, mention.ahead)
        return {"start": day.isoformat(), "end": None} if day else None
    end_month = mention.end_month or mention.month
    year = mention.year or choose_year(
        mention.day, mention.month, mention.weekday, published, stated
    )
    if mention.year and _weekday_contradicts(mention, published):
        # "Rabu (8/10/2028" in a 2025 article: the weekday and the publication date agree on
        # another year, so the stated year is a slip of the keyboard.
        year = choose_year(mention.day, mention.month, mention.weekday, published, []) or year
    if year is None:
        return None
    if mention.end_day is None:
        start = _safe_date(year, mention.month, mention.day)
        return {"start": start.isoformat(), "end": None} if start else None
    # The stated year belongs to the last day; "30 Desember - 2 Januari 2024" starts a year earlier.
    crosses_year = (mention.month, mention.day) > (end_month, mention.end_day)
    start = _safe_date(year - 1 if crosses_year else year, mention.month, mention.day)
    end = _safe_date(year, end_month, mention.end_day)
    if not start or not end:
        return None
    return {"start": start.isoformat(), "end": end.isoformat() if end != start else None}


def resolve_weekday(weekday: int, published: date | None, ahead: bool) -> date | None:
    """The day of that week nearest before the publication date (on or after when ahead)."""
    if published is None:
        return None
    if ahead:
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _weekday_contradicts(mention: DateMention, published: date | None) -> bool:
    if mention.weekday is None or published is None or mention.end_day is not None:
        return False
    if abs(mention.year - published.year) <= 1:
        return False
    stated = _safe_date(mention.year, mention.month, mention.day)
    return stated is not None and stated.weekday() != mention.weekday


def _safe_date(year: int, month: int, day: int) -> date | None:
    return date(year, month, day) if _valid(year, month, day) else None


@Language.factory("pantau_dates", default_config={})
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()


class DatesComponent:
    """Writes doc._.facts["date"]."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = [
            m for m in _mentions_in(doc_text(doc)) if not in_chrome(doc, m.start_char, m.end_char)
        ]
        body = _without_chrome(doc)
        stated = reference_years(body, mentions)
        # A page header's date is not the article's, but it bounds its year: a last resort.
        stated += [y for y in reference_years(doc_text(doc), []) if y not in stated]
        if not _weekdays_in_frame(mentions, doc._.published, stated):
            mentions = [m for m in mentions if not m.weekday_alone]
        for mention in mentions:
            value = resolve(mention, doc._.published, stated)
            if value:
                add_fact_chars(doc, "date", mention.start_char, mention.end_char, value)
        return doc


def _weekdays_in_frame(
    mentions: list[DateMention], published: date | None, stated: list[int]
) -> bool:
    """True when bare weekdays can be read against the publication date: the text states no
    full date, or one within a week of it (else the story happens in another week)."""
    if published is None:
        return False
    days = [resolve(m, published, stated) for m in mentions if m.day and m.relative is None]
    starts = [date.fromisoformat(d["start"]) for d in days if d]
    return not starts or any(abs((d - published).days) <= ALONE_FRAME_DAYS for d in starts)


def _without_chrome(doc: Doc) -> str:
    text = doc_text(doc)
    for start, end in reversed(chrome_ranges(doc)):
        text = text[:start] + text[end:]
    return text
