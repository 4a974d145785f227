"""A processed Doc out as plain data: the gold format and the fact-table rows.

Both are generic over `doc._.facts`: each kind has a projection below (how its value becomes
a gold item, and what makes two items the same); a kind without one still comes out, as the
list of its distinct values under the kind's plural name, and in `mentions`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.nlp.doctext import span_text
from pipeline.nlp.extensions import fact_value

# The gold fields of gold/SCHEMA.md that the NLP stage fills (published/relevant come from
# the text stage and the classifier; pipeline.annotate adds them).
GOLD_FIELDS = (
    "primary_region",
    "regions",
    "events",
    "officials",
    "counts",
    "dates",
    "venues",
    "organizations",
    "regulations",
    "awards",
    "amounts",
)

# kind -> (gold field, value -> gold items, item -> dedup key)
Projection = tuple[str, Callable[[dict], list[Any]], Callable[[Any], Any]]


def _lower(text: Any) -> Any:
    return text.lower() if isinstance(text, str) else text


PROJECTIONS: dict[str, Projection] = {
    "region": ("regions", lambda v: [v.get("code")], lambda item: item),
    "date": (
        "dates",
        lambda v: [d for d in (v.get("start"), v.get("end")) if d],
        lambda item: item,
    ),
    "count": (
        "counts",
        lambda v: [{"value": v["value"], "unit": v["unit"]}],
        lambda item: (float(item["value"]), _lower(item["unit"])),
    ),
    "amount": (
        "amounts",
        lambda v: [{"value": v["value"], "purpose": v.get("purpose")}],
        lambda item: float(item["value"]),
    ),
    "venue": ("venues", lambda v: [v["name"]], _lower),
    "organization": ("organizations", lambda v: [v["name"]], _lower),
    "regulation": ("regulations", lambda v: [v["code"]], lambda item: item),
    "award": (
        "awards",
        lambda v: [{"name": v["name"], "year": v.get("year"), "category": v.get("category")}],
        lambda item: _lower(item["name"]),
    ),
    "official": (
        "officials",
        lambda v: [{"name": v.get("name"), "role": v.get("role"), "region": v.get("region")}],
        lambda item: _lower(item["name"]),
    ),
    "event": (
        "events",
        lambda v: [
            {k: v.get(k) for k in ("type", "start", "end", "venue", "region", "organizer", "stage")}
        ],
        lambda item: (item["type"], item["start"]),
    ),
}

# `json.dumps(value, default=str)`, with one encoder for every row rather than one per call.
_VALUE_JSON = json.JSONEncoder(default=str)

# Fact tables of docs/architecture.md: kind -> table name.
TABLES = {
    "event": "events",
    "official": "officials",
    "count": "counts",
    "amount": "amounts",
    "organization": "organizations",
    "regulation": "regulations",
    "award": "awards",
}
# Tables whose rows also keep the matched text (docs/architecture.md).
TABLES_WITH_TEXT = {"counts", "amounts", "organizations", "regulations", "awards"}


def _merge_into(kept: dict, item: dict) -> None:
    # A later mention fills what the first lacked ("IGA" then "IGA Tahun 2023").
    for key, value in item.items():
        if kept.get(key) is None and value is not None:
            kept[key] = value


def _default_projection(kind: str) -> Projection:
    return (f"{kind}s", lambda v: [v], lambda item: json.dumps(item, sort_keys=True, default=str))


def doc_to_gold(doc: Doc) -> dict[str, Any]:
    """The gold-format dict of gold/SCHEMA.md for one processed doc (plus `amounts`)."""
    gold: dict[str, Any] = {name: [] for name in GOLD_FIELDS}
    gold["primary_region"] = doc._.primary_region
    seen: dict[str, dict[Any, Any]] = {}
    for kind, spans in doc._.facts.items():
        field, project, key_of = PROJECTIONS.get(kind) or _default_projection(kind)
        items = gold.setdefault(field, [])
        keys = seen.setdefault(field, {})
        for span in spans:
            for item in project(fact_value(span) or {}):
                if item is None:
                    continue
                key = key_of(item)
                if key in keys:
                    if isinstance(item, dict):
                        _merge_into(keys[key], item)
                    continue
                keys[key] = item
                items.append(item)
    gold["dates"] = sorted(gold["dates"])
    return gold


def _row(span: Span, idx: int) -> dict[str, Any]:
    return {
        "idx": idx,
        "start_char": span.start_char,
        "end_char": span.end_char,
        "sentence": span_text(span.sent if span.doc.has_annotation("SENT_START") else span),
    }


def doc_to_rows(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """Rows of the fact tables (docs/architecture.md) and `mentions` (every span)."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES.values()}
    rows["mentions"] = []
    for kind, spans in doc._.facts.items():
        table = TABLES.get(kind)
        for idx, span in enumerate(spans):
            value = fact_value(span) or {}
            base = _row(span, idx)
            if table:
                row = {**base, **value}
                if table in TABLES_WITH_TEXT:
                    row["text"] = span_text(span)
                rows[table].append(row)
            rows["mentions"].append(
                {
                    **base,
                    "kind": kind,
                    "text": span_text(span),
                    "value": _VALUE_JSON.encode(value),
                }
            )
    return rows
