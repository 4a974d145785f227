"""The activities an article reports: `doc._.facts["event"]` (span = the evidence sentence).

Rules, typed from gold/SCHEMA.md's closed list by cue words (data/gazetteers/events.toml):

1. A sentence is a candidate when it has a type cue and says when or where (a date or venue
   fact inside it), or when it is in the lead (title and first paragraph) with a verb saying
   that the activity took place, or when an actor performs the activity in it outside a
   quotation ("Kejaksaan meluncurkan aplikasi X") in an article that reports a day. Sentences
   about intentions, the past or routines ("untuk mengikuti lomba", "rutin menggelar ...
   setiap pekan") without a date are not reports, nor are cues inside what someone said or
   allowed ("X menekankan, ... penilaian inovasi", "mengizinkan pemda menggelar rapat").
   A sentence saying a region received a named award is a `penghargaan` whatever cue the
   award's name holds; false cues ("sudah rapat") are no cues.
2. A candidate without a date of its own takes its paragraph's date, else the dateline date,
   else the day of the report (see `_fallback_date`).
3. Candidates that share a day with an earlier event are that event ("Kegiatan ini ... 7-9
   Nopember", "hasil dari pertemuan ini" in the same sentence): they extend it rather than
   start another, except an activity of another type performed in an undated sentence (a
   second activity that day). A date range elsewhere in the text that opens on an event's
   start gives its end ("Senin (7/11)" + "7-9 Nopember 2022").
4. Venue, region (issue-5 region facts, else the primary region), organizer (organization
   facts) and the 5D stage come from the event's sentences.

Rules measured better than a classifier could be trained here: the seeds and dev set hold a
few dozen events, too few to train a type classifier that generalizes.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.dates import RELATIVE
from pipeline.nlp.doctext import (
    doc_text,
    in_quotation,
    lowercase_keeps_matches,
    lowercase_twin,
    opening_lookahead,
    span_text,
)
from pipeline.nlp.extensions import add_fact
from pipeline.nlp.layout import in_chrome

VOCAB = tomllib.loads((GAZETTEER_DIR / "events.toml").read_text(encoding="utf-8"))


def _plain_pattern(cues: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.IGNORECASE)


def _pattern(cues: list[str]) -> re.Pattern:
    # The opening lookahead keeps the same matches and lets the engine pass the places no
    # cue can open at with one set test (see doctext.opening_lookahead).
    pattern = _plain_pattern(cues)
    return re.compile(opening_lookahead(pattern) + pattern.pattern, re.IGNORECASE)


TYPES = [(entry["type"], _pattern(entry["cues"])) for entry in VOCAB["types"]]
# Every type's cues in one pattern: it matches at a position exactly when some type's pattern
# does there (the closing \b sits outside the alternation, so a failed \b backtracks into
# the next cue), so its first match is where the earliest type cue opens.
ANY_TYPE = _pattern([cue for entry in VOCAB["types"] for cue in entry["cues"]])
OVERRIDES = set(VOCAB["overrides"])
OCCURRENCE = _pattern(VOCAB["occurrence"]["verbs"])
NOT_REPORTED = _pattern(VOCAB["not_reported"]["cues"])
FALSE_CUES = _pattern(VOCAB["false_cues"]["patterns"])


class _CueScans(NamedTuple):
    """The patterns `_type_cue` runs on every sentence."""

    false_cues: re.Pattern
    any_type: re.Pattern
    types: list[tuple[str, re.Pattern]]


CASELESS_SCANS = _CueScans(FALSE_CUES, ANY_TYPE, TYPES)


def _lowercase_scans() -> _CueScans | None:
    # The same scans for lowercased text (doctext.lowercase_twin): the same offsets at about
    # half the cost. None if a cue were written with case-dependent parts.
    false_cues = lowercase_twin(_plain_pattern(VOCAB["false_cues"]["patterns"]))
    any_type = lowercase_twin(
        _plain_pattern([cue for entry in VOCAB["types"] for cue in entry["cues"]])
    )
    types = [(e["type"], lowercase_twin(_plain_pattern(e["cues"]))) for e in VOCAB["types"]]
    if false_cues is None or any_type is None or any(t is None for _, t in types):
        return None
    return _CueScans(false_cues, any_type, types)


LOWERCASE_SCANS = _lowercase_scans()
REPORTED_SPEECH = _pattern(VOCAB["reported_speech"]["verbs"])
PERFORMED = _pattern(VOCAB["performed"]["verbs"])
AWARD_RECEIVED = _pattern(VOCAB["award_received"]["verbs"])
DONE_BEFORE = _pattern(VOCAB["performed"]["done_before"])
FUTURE = _pattern(VOCAB["future"]["cues"])
DATELINE_PLACE = re.compile(r"[^\W\d][\w.'-]*(?:\s+[^\W\d][\w.'-]*){0,3}\s*,\s*")
ALONGSIDE = _pattern(VOCAB["alongside"]["cues"])
UNTIL = re.compile(r"\b(?:" + "|".join(VOCAB["until"]["cues"]) + r")\s+$", re.IGNORECASE)
STAGES = VOCAB["stages"]
STAGE_PATTERN = _pattern([re.escape(s) for s in sorted(STAGES, key=len, reverse=True)])
LEAD_CHARS = VOCAB["lead"]["chars"]
DATELINE_CHARS = VOCAB["lead"]["dateline_chars"]
FOLLOW_UP = re.compile(r"(?:" + "|".join(VOCAB["follow_up"]["openers"]) + r")\b", re.IGNORECASE)
FOLLOW_UP_WINDOW = VOCAB["follow_up"]["window_sentences"]
CONTAINING_TYPES = set(VOCAB["containing"]["types"])
_STATEMENT = re.compile(
    r"\b(?:" + "|".join(VOCAB["statement"]["cues"]) + r")\b[^.\n]*$", re.IGNORECASE
)
# Searched before every date, several times: behind its opening lookahead (same matches).
STATEMENT = re.compile(opening_lookahead(_STATEMENT) + _STATEMENT.pattern, re.IGNORECASE)
STATEMENT_WINDOW = VOCAB["statement"]["window_chars"]
ORDINALS = VOCAB["nth_day"]["ordinals"]
NTH_DAY = re.compile(
    rf"\b(?:{VOCAB['nth_day']['prefix']})(?P<nth>"
    + "|".join(re.escape(o) for o in sorted(ORDINALS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


@dataclass
class Event:
    """An event being assembled from its sentences."""

    type: str
    sentence: Span
    start: date | None
    end: date | None
    venue: str | None = None
    region: str | None = None
    organizer: str | None = None
    stages: list[str] = field(default_factory=list)
    dated: bool = False
    said: bool = False  # its date is when something was said, not when it was held
    part_of: bool = False  # dated as the Nth day of an earlier multi-day event
    performed: bool = False  # an actor performs it in its sentence ("X meluncurkan Y")
    by_fallback: bool = False  # dated only by the dateline or the day of a statement
    alongside: str | None = None  # held alongside the latest event of this type
    until: bool = False  # its only date closes an event already begun ("hingga Selasa")
    borrowed: bool = False  # dated by another sentence of its paragraph, none of its own
    opens_with_cue: bool = False  # its sentence opens by naming the activity

    def covers(self, day: date | None) -> bool:
        if day is None or self.start is None:
            return False
        return self.start <= day <= (self.end or self.start)


def event_type(text: str) -> str | None:
    """The type an overriding cue gives, else the type whose cue comes first in text."""
    cue = _type_cue(text)
    return cue[0] if cue else None


def _type_cue(text: str, lowercase_ok: bool = False) -> tuple[str, int] | None:
    """(type, offset of its cue) as `event_type` chooses it; false cues are blanked first.

    lowercase_ok: `doctext.lowercase_keeps_matches` holds for text (or the doc it is from);
    the scans then run on the lowercased text, which gives the same offsets.
    """
    scans = LOWERCASE_SCANS if lowercase_ok and LOWERCASE_SCANS else CASELESS_SCANS
    text = text.lower() if scans is LOWERCASE_SCANS else text
    text = scans.false_cues.sub(lambda m: " " * len(m.group(0)), text)
    # Most sentences hold no cue: one scan says so. Else no type's cue opens before the
    # first cue of any type, so each type is searched from there (search with a start
    # position still sees the text before it for \b).
    first = scans.any_type.search(text)
    if first is None:
        return None
    found = [
        (m.start(), name)
        for name, pattern in scans.types
        if (m := pattern.search(text, first.start()))
    ]
    for offset, name in sorted(found):
        if name in OVERRIDES:
            return name, offset
    return (min(found)[1], min(found)[0]) if found else None


def _is_reported_speech(text: str, cue_offset: int) -> bool:
    # "X menekankan, ... penilaian inovasi": the cue is inside what was said.
    said = REPORTED_SPEECH.search(text, 0, cue_offset)
    return said is not None


def _performed(doc: Doc, sentence: Span) -> bool:
    """An actor performs the activity in this sentence, outside any quotation."""
    performed = PERFORMED.search(span_text(sentence))
    if performed is None or DONE_BEFORE.search(span_text(sentence), 0, performed.start()):
        return False
    return not _in_quotation(doc, sentence)


def _in_quotation(doc: Doc, sentence: Span) -> bool:
    # A quotation may run over several sentences: count the marks opened in the paragraph.
    start = doc_text(doc).rfind("\n", 0, sentence.start_char) + 1
    before = doc_text(doc)[start : sentence.start_char] + span_text(sentence).lstrip()[:1]
    straight = before.count('"')
    return straight % 2 == 1 or before.count("“") > before.count("”")


def _facts_in(doc: Doc, kind: str, sentence: Span) -> list[Span]:
    # A fact opening in the sentence belongs to it even when an abbreviation's dot made the
    # sentencizer cut it ("di Aula Lt. 3 Gedung Setda").
    return [
        f
        for f in doc._.facts.get(kind, [])
        if sentence.start_char <= f.start_char < sentence.end_char
    ]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _fallback_date(doc: Doc) -> date | None:
    """The date of an event whose sentences give none.

    A date that opens a line near the top ("Serang Kota, 29 Januari 2024 || ...") is the
    dateline's; else the day of the report ("kata X, Senin (20/10/2025)"), when the event is
    usually held. The publication date alone is not used: it may be days after the event, and
    gold leaves a date the text does not state empty.
    """
    facts = doc._.facts.get("date", [])
    if facts:
        first = facts[0]
        line_start = doc_text(doc).rfind("\n", 0, first.start_char) + 1
        if first.start_char < DATELINE_CHARS and first.start_char - line_start < DATELINE_CHARS:
            return _day(first._.value["start"])
    for fact in facts:
        if _is_statement_date(doc, fact) and span_text(fact).lower() not in RELATIVE:
            return _day(fact._.value["start"])
    return None


def _typing_text(doc: Doc, sentence: Span) -> str:
    """The sentence with its venue names blanked: "Ruang Rapat Sekda" names no meeting."""
    text = span_text(sentence)
    for venue in _facts_in(doc, "venue", sentence):
        start = venue.start_char - sentence.start_char
        end = min(venue.end_char - sentence.start_char, len(text))
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _alongside_type(text: str) -> tuple[str | None, str | None]:
    """(type held alongside, type of this sentence's activity) for "X dirangkaikan dengan Y"."""
    match = ALONGSIDE.search(text)
    if match is None:
        return None, None
    return event_type(text[: match.start()]), event_type(text[match.end() :])


def _is_dateline_date(doc: Doc, fact: Span) -> bool:
    # "Sintang, 12 Oktober 2023 ||": only a place name and a comma stand before it on its line.
    line_start = doc_text(doc).rfind("\n", 0, fact.start_char) + 1
    before = doc_text(doc)[line_start : fact.start_char]
    return fact.start_char < DATELINE_CHARS and bool(DATELINE_PLACE.fullmatch(before))


def _candidate(
    doc: Doc, sentence: Span, fallback: date | None, lowercase_ok: bool = False
) -> Event | None:
    typing_text = _typing_text(doc, sentence)
    cue = _type_cue(typing_text, lowercase_ok)
    if cue is None or in_chrome(doc, sentence.start_char, sentence.end_char):
        return None
    kind = cue[0]
    if _facts_in(doc, "award", sentence) and AWARD_RECEIVED.search(span_text(sentence)):
        kind = "penghargaan"
    dates = _facts_in(doc, "date", sentence)
    host, guest = _alongside_type(typing_text) if not dates else (None, None)
    alongside = host if host and guest and host != guest else None
    kind = guest if alongside else kind
    held = [d for d in dates if not _is_statement_date(doc, d)]
    # "Sintang, 12 Oktober 2023 || ... di Pendopo, Rabu (11/10)": the day the sentence gives
    # beats the dateline's, which is when the report was filed.
    held = [d for d in held if not _is_dateline_date(doc, d)] or held
    venues = [v._.value["name"] for v in _facts_in(doc, "venue", sentence)]
    paragraph_date = _paragraph_held_date(doc, sentence) if not dates else None
    opens_with_cue = not typing_text[: cue[1]].strip(" \t\n\"“'‘")
    if not dates and paragraph_date is None and sentence.start_char < LEAD_CHARS and opens_with_cue:
        # "Suasana Gedung X tampak berbeda pada Selasa (21/10). ¶ Pelatihan bertajuk ...": a
        # lead that opens on the day of the scene dates the activity a sentence of the lead
        # opens by naming.
        paragraph_date = _lead_held_date(doc, sentence)
    in_lead = sentence.start_char < LEAD_CHARS and bool(
        OCCURRENCE.search(span_text(sentence)) or paragraph_date
    )
    # A performed activity outside the lead needs a day to be dated by: the article reports
    # one (a dateline or the day of a statement), or its paragraph gives one.
    performed = (fallback or paragraph_date) is not None and _performed(doc, sentence)
    if not dates and (
        NOT_REPORTED.search(span_text(sentence))
        or not (venues or in_lead or performed or alongside)
    ):
        return None
    # An announced plan ("mengatakan, pameran akan digelar pekan depan") stays an event.
    if (
        not held
        and not venues
        and not FUTURE.search(span_text(sentence))
        and _is_reported_speech(span_text(sentence), cue[1])
    ):
        return None
    # A lead sentence without a date of its own takes its paragraph's ("... memborong dua
    # penghargaan. Kegiatan ... berlangsung di gedung X Rabu (7/2) malam.").
    first = (held or dates)[0] if dates else paragraph_date
    if FUTURE.search(span_text(sentence)):
        # A planned activity keeps only a date its own sentence gives to it.
        first, fallback = (held[0] if held else None), None
    start = _day(first._.value["start"]) if first else fallback
    end = _day(first._.value["end"]) if first else None
    regions = [r._.value.get("code") for r in _facts_in(doc, "region", sentence) if r._.value]
    organizers = [o._.value.get("name") for o in _facts_in(doc, "organization", sentence)]
    stages = [STAGES[m.group(0).lower()] for m in STAGE_PATTERN.finditer(span_text(sentence))]
    return Event(
        type=kind,
        sentence=sentence,
        start=start,
        end=end,
        venue=venues[0] if venues else None,
        region=regions[0] if regions else None,
        organizer=organizers[0] if organizers else None,
        stages=list(dict.fromkeys(stages)),
        dated=bool(dates),
        said=bool(dates) and not held,
        performed=_performed(doc, sentence),
        by_fallback=first is None and start is not None,
        alongside=alongside,
        borrowed=not dates and first is not None,
        opens_with_cue=opens_with_cue,
        until=bool(held) and len(held) == 1 and _closes_a_range(doc, held[0]),
    )


def _closes_a_range(doc: Doc, fact: Span) -> bool:
    before = doc_text(doc)[max(0, fact.start_char - 20) : fact.start_char]
    return fact._.value["end"] is None and bool(UNTIL.search(before))


def _date_alongside(events: list[Event], candidate: Event) -> None:
    """Date "X dirangkaikan dengan Y" by the first day of the latest event of X's type."""
    if candidate.alongside is None or candidate.dated:
        return
    host = next((e for e in reversed(events) if e.type == candidate.alongside and e.start), None)
    if host is not None:
        candidate.start, candidate.end = host.start, None
        candidate.dated = candidate.part_of = True
        candidate.by_fallback = False


def _close_range(events: list[Event], candidate: Event) -> bool:
    """Let "hingga Selasa (7/11)" end the latest earlier event of its type; True when it did."""
    if not candidate.until or candidate.start is None:
        return False
    for event in reversed(events):
        if event.type == candidate.type and event.start and event.start < candidate.start:
            event.end = max(event.end or event.start, candidate.start)
            event.venue = event.venue or candidate.venue
            return True
    return False


def _paragraph_held_date(doc: Doc, sentence: Span) -> Span | None:
    start = doc_text(doc).rfind("\n", 0, sentence.start_char) + 1
    end = doc_text(doc).find("\n", sentence.end_char)
    end = len(doc_text(doc)) if end < 0 else end
    for fact in doc._.facts.get("date", []):
        if start <= fact.start_char < end and not _is_statement_date(doc, fact):
            return fact
    return None


def _lead_held_date(doc: Doc, sentence: Span) -> Span | None:
    for fact in doc._.facts.get("date", []):
        if fact.start_char >= sentence.start_char:
            return None
        if not _is_statement_date(doc, fact) and span_text(fact).lower() not in RELATIVE:
            return fact
    return None


def _date_by_follow_up(doc: Doc, events: list[Event]) -> None:
    """Date an undated event by the next sentences that refer back to it.

    "X menggelar Bimtek SDM ... ¶ Kegiatan yang berlangsung pada 8 hingga 10 November ...":
    the sentence naming the activity gives no day; one that opens with an anaphoric noun
    ("Kegiatan", "Acara") shortly after it does.
    """
    if all(event.start is not None for event in events):
        return  # most articles: no undated event, no need to list the sentences
    sentences = list(doc.sents)
    for event in events:
        if event.start is not None:
            continue
        later = [s for s in sentences if s.start_char >= event.sentence.end_char]
        for sentence in later[:FOLLOW_UP_WINDOW]:
            if not FOLLOW_UP.match(span_text(sentence).lstrip()):
                continue
            held = [d for d in _facts_in(doc, "date", sentence) if not _is_statement_date(doc, d)]
            if held:
                event.start = _day(held[0]._.value["start"])
                event.end = _day(held[0]._.value["end"])
                event.dated = True
                venues = _facts_in(doc, "venue", sentence)
                event.venue = event.venue or (venues[0]._.value["name"] if venues else None)
                break


def _date_visits_by_their_activities(events: list[Event]) -> None:
    """A visit dated only by the day of the report takes the day of an activity held in it.

    "X melakukan kunjungan kerja ke Kaltim ... kata X, Jumat (20/6)" and later "mengadakan
    pertemuan di Kantor Gubernur ..., Rabu (18/6) lalu": the meeting is part of the visit, so
    the visit was on the 18th, before the day it was reported.
    """
    held = [e.start for e in events if e.dated and not e.said and e.start is not None]
    for event in events:
        if event.type not in CONTAINING_TYPES or not event.by_fallback or event.start is None:
            continue
        earlier = [day for day in held if day < event.start]
        if earlier:
            event.start, event.end, event.by_fallback = min(earlier), None, False


def _is_statement_date(doc: Doc, fact: Span) -> bool:
    # Relative words ("kemarin") in a quotation count from when it was said, which the quote
    # does not tell; in the reporter's own words they count from the publication date.
    if span_text(fact).lower() in RELATIVE and in_quotation(doc_text(doc), fact.start_char):
        return True
    before = doc_text(doc)[max(0, fact.start_char - STATEMENT_WINDOW) : fact.start_char]
    return bool(STATEMENT.search(before))


def _merge(events: list[Event], candidate: Event) -> None:
    # A candidate is an earlier event restated when it shares a day with it, or when it is of
    # the same type and one of the two has no held date ("Kegiatan ini ...", a statement
    # date). Two dated, non-overlapping mentions of a type are two events (two meetings).
    for event in events:
        same_day = event.covers(candidate.start) or candidate.covers(event.start)
        # "Pada hari kedua, panitia menggelar lomba": an activity inside a festival's days is
        # an event of its own unless it is of the festival's type.
        same_day = same_day and not (candidate.part_of and candidate.type != event.type)
        # An activity of another type that someone performs in an undated sentence ("Reda
        # juga memberikan piagam penghargaan ...") took the article's day: it is a second
        # activity that day, not the first restated.
        second = candidate.performed and not candidate.dated and event.type != candidate.type
        same_day = same_day and not second
        event_open = event.said or not event.dated
        candidate_open = candidate.said or not candidate.dated
        if not (same_day or (event.type == candidate.type and (event_open or candidate_open))):
            continue
        if _names_the_dated_activity(event, candidate, same_day):
            # "64 proposal masuk dalam Lomba X. ¶ Babak presentasi ... digelar 13-14 September":
            # the sentence that dates the day says what was held on it.
            event.type, event.borrowed = candidate.type, False
            event.sentence = candidate.sentence
        if event.type == candidate.type and event_open and not candidate_open:
            event.start, event.end, event.sentence = (
                candidate.start,
                candidate.end,
                candidate.sentence,
            )
            event.said, event.dated = False, True
        elif candidate.dated and candidate.end and event.start and same_day:
            event.end = max(event.end or event.start, candidate.end)
        event.venue = event.venue or candidate.venue
        event.region = event.region or candidate.region
        event.organizer = event.organizer or candidate.organizer
        event.stages = list(dict.fromkeys(event.stages + candidate.stages))
        return
    events.append(candidate)


def _names_the_dated_activity(event: Event, candidate: Event, same_day: bool) -> bool:
    return (
        same_day
        and event.borrowed
        and event.type not in OVERRIDES
        and candidate.type != event.type
        and candidate.dated
        and candidate.opens_with_cue
        and not candidate.said
        and not candidate.part_of
    )


def _extend_by_ranges(doc: Doc, event: Event) -> None:
    # Only a range opening on the event's day is its span ("Senin (7/11)" + "7-9 Nopember"):
    # a day inside a longer range ("festival 22 November" during a tour "18-26 November") is
    # one activity within another's days, not the whole range.
    for fact in doc._.facts.get("date", []):
        start, end = _day(fact._.value["start"]), _day(fact._.value["end"])
        if end and event.start and start == event.start:
            event.end = max(end, event.end or end)


def _date_by_nth_day(events: list[Event], candidate: Event) -> None:
    """Date "pada hari kedua" to the second day of the latest earlier multi-day event."""
    match = NTH_DAY.search(span_text(candidate.sentence))
    if candidate.dated or match is None:
        return
    spans = [e for e in events if e.start and e.end and e.end > e.start]
    if not spans:
        return
    event = spans[-1]
    day = event.start + timedelta(days=ORDINALS[match["nth"].lower()] - 1)
    if day <= event.end:
        candidate.start, candidate.end = day, None
        candidate.dated = candidate.part_of = True


def find_events(doc: Doc) -> list[Event]:
    """The events of a doc, in order of first mention."""
    fallback = _fallback_date(doc)
    text = doc_text(doc)
    # Holds for every sentence when it holds for the whole text (lowering is per character).
    lowercase_ok = lowercase_keeps_matches(text, text.lower())
    events: list[Event] = []
    for sentence in doc.sents:
        candidate = _candidate(doc, sentence, fallback, lowercase_ok)
        if candidate:
            _date_by_nth_day(events, candidate)
            _date_alongside(events, candidate)
            if not _close_range(events, candidate):
                _merge(events, candidate)
    _date_by_follow_up(doc, events)
    _date_visits_by_their_activities(events)
    for event in events:
        if not event.part_of:  # one day of a range is not the whole range
            _extend_by_ranges(doc, event)
        event.region = event.region or doc._.primary_region
    return events


def _confidence(event: Event) -> float:
    # How much of when/where the event was found with: a dated event at a venue is surest.
    return round(0.5 + 0.25 * event.dated + 0.25 * (event.venue is not None), 2)


@Language.factory("pantau_events", default_config={})
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent()


class EventsComponent:
    """Writes doc._.facts["event"]; runs after every other fact component."""

    def __call__(self, doc: Doc) -> Doc:
        for event in find_events(doc):
            add_fact(
                doc,
                "event",
                event.sentence.start,
                event.sentence.end,
                {
                    "type": event.type,
                    "start": event.start.isoformat() if event.start else None,
                    "end": event.end.isoformat()
                    if event.end and event.end != event.start
                    else None,
                    "venue": event.venue,
                    "region": event.region,
                    "organizer": event.organizer,
                    "stage": ", ".join(event.stages) or None,
                    "confidence": _confidence(event),
                },
            )
        return doc
