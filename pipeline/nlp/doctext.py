"""The text of a Doc and of its spans, computed once per Doc.

spaCy's `Doc.text` and `Span.text` join their tokens on every call (about a millisecond for
a news article's Doc), and the fact components read the text many times: once per sentence,
per date, per candidate event. The text of a Doc never changes after tokenization (splitting
glued words keeps it), so it is kept in `doc.user_data` the first time it is asked for.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

TEXT_KEY = "pantau_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """`span.text`, sliced from the cached text of its Doc."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def in_quotation(text: str, position: int) -> bool:
    """True when a quotation opened earlier in the paragraph is still open at position."""
    before = text[text.rfind("\n", 0, position) + 1 : position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def finditer_at(pattern: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """`pattern.finditer(text)`, trying only the sorted candidate starts.

    The same matches whenever starts hold every position where pattern can match: a match
    of `pattern.match(text, pos)` sees the text before pos (lookbehinds, `\\b`) like
    `finditer` does. Worth it where a pattern opens with a costly alternation that a cheap
    scan narrows to a few places.
    """
    matches: list[re.Match] = []
    resume = 0
    for start in starts:
        if start < resume:
            continue
        match = pattern.match(text, start)
        if match:
            matches.append(match)
            resume = max(match.end(), start + 1)  # an empty match moves on, as finditer's does
    return matches
