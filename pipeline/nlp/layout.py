"""Layout of an article's text: sentence starts at line breaks, and chrome lines.

News text keeps titles, captions and datelines on lines of their own without a final full
stop, so punctuation-based sentence splitting alone glues a title to the lead sentence. This
component runs after spaCy's `sentencizer` (or a trained parser) and also starts a sentence
after every line break. It records the character ranges of chrome lines ("Baca juga: ...",
a line holding only a date such as a page header) in `doc.user_data["pantau_chrome"]`, so
that the fact components annotate nothing inside them (gold/SCHEMA.md).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import doc_text

CHROME_KEY = "pantau_chrome"
_NEWLINE = re.compile(r"\n")
_VOCAB = tomllib.loads((GAZETTEER_DIR / "dates.toml").read_text(encoding="utf-8"))
_CHROME_PREFIXES = tuple(p.lower() for p in _VOCAB["chrome"]["line_prefixes"])
# What may remain of a header line once its dates are removed: a time of day, a zone, a
# separator, or a word such as "Diperbarui" / "Update".
_HEADER_REST = re.compile(
    r"^(?:[\s,.|/:·•\-–—()]|\d{1,2}[.:]\d{2}|wib|wita|wit|pukul|jam|diperbarui|diterbitkan"
    r"|dipublikasikan|update|updated|published|posted|on)*$",
    re.IGNORECASE,
)


def chrome_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the lines that are page chrome (empty when layout did not run)."""
    return doc.user_data.get(CHROME_KEY, [])


def in_chrome(doc: Doc, start_char: int, end_char: int) -> bool:
    """True when [start_char, end_char) lies in a chrome line."""
    return any(start <= start_char and end_char <= end for start, end in chrome_ranges(doc))


def is_chrome_line(line: str) -> bool:
    """A 'Baca juga' style line, or a line that holds nothing but a date (a page header)."""
    from pipeline.nlp.dates import strip_dates  # dates builds on layout; import late

    stripped = line.strip()
    if not stripped:
        return False
    if stripped.lower().startswith(_CHROME_PREFIXES):
        return True
    if stripped.endswith("."):
        return False  # a sentence, not a page header
    rest = strip_dates(stripped)
    return rest != stripped and bool(_HEADER_REST.match(rest))


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def tokens_with_newline(doc: Doc) -> list[int]:
    """Indices, in order, of the tokens whose text or trailing whitespace holds a line break,
    found from the text's line breaks (a few per article) rather than by visiting every token:
    the token holding a character is the last one starting at or before it."""
    starts = doc.to_array(IDX).tolist()
    found: list[int] = []
    for match in _NEWLINE.finditer(doc_text(doc)):
        i = bisect_right(starts, match.start()) - 1
        if i >= 0 and (not found or found[-1] != i):
            found.append(i)
    return found


@Language.factory("pantau_layout", default_config={})
def make_layout(nlp: Language, name: str) -> LayoutComponent:
    return LayoutComponent()


class LayoutComponent:
    """Sentence starts after line breaks; chrome line ranges into doc.user_data."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        for i in tokens_with_newline(doc):
            if i + 1 < len(doc):
                doc[i + 1].is_sent_start = True
        doc.user_data[CHROME_KEY] = [
            (start, end) for start, end in _line_spans(text) if is_chrome_line(text[start:end])
        ]
        return doc
