"""Doc and Span extensions that pantau's components read and write (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

FACT_KINDS = (
    "date",
    "count",
    "amount",
    "venue",
    "regulation",
    "award",
    "region",
    "organization",
    "official",
    "event",
)

_VALUES = "pantau_values"
_FACTS = "pantau_facts"


def register_extensions() -> None:
    """Register the extensions once per process (safe to call again)."""
    for name in ("published", "url", "region_hint", "primary_region", "title"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("facts"):
        Doc.set_extension("facts", getter=_facts_of)
    if not Span.has_extension("value"):
        Span.set_extension("value", getter=fact_value, setter=_set_value_of)


def _facts_of(doc: Doc) -> dict[str, list[Span]]:
    # Extension defaults are shared between docs, so the dict lives in doc.user_data. Built
    # only when missing: this runs for every fact read and written (setdefault would build an
    # empty dict each time).
    facts = doc.user_data.get(_FACTS)
    if facts is None:
        facts = doc.user_data[_FACTS] = {kind: [] for kind in FACT_KINDS}
    return facts


def _value_key(span: Span) -> tuple:
    # spaCy keys plain span extensions by character offsets only, so two facts over the same
    # text (an event and its date, two events in one sentence) would share one value; the
    # label and span id keep them apart.
    return (span.label_, span.start_char, span.end_char, span.id)


def fact_value(span: Span) -> Any:
    """`span._.value`, read directly: `span._` builds an Underscore object on each access,
    which the exporters, reading every fact of every article, feel."""
    return span.doc.user_data.get(_VALUES, {}).get(_value_key(span))


def _set_value_of(span: Span, value: Any) -> None:
    span.doc.user_data.setdefault(_VALUES, {})[_value_key(span)] = value


def add_fact(doc: Doc, kind: str, start: int, end: int, value: dict) -> Span:
    """Record one finding over tokens [start, end) with its normalized value."""
    # The extensions' own functions, called directly: going through `doc._` and `span._`
    # builds an Underscore object on each access (what `doc._.facts` / `span._.value` do).
    facts = _facts_of(doc).setdefault(kind, [])
    fact = Span(doc, start, end, label=kind, span_id=len(facts) + 1)
    _set_value_of(fact, value)
    facts.append(fact)
    return fact


def add_fact_chars(doc: Doc, kind: str, start_char: int, end_char: int, value: dict) -> Span | None:
    """Record one finding by character offsets, snapped outward to token boundaries."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return None
    return add_fact(doc, kind, span.start, span.end, value)


register_extensions()
