"""The text of a Doc and of its spans, computed once per Doc.

spaCy's `Doc.text` and `Span.text` join their tokens on every call (about a millisecond for
a news article's Doc), and the fact components read the text many times: once per sentence,
per date, per candidate event. The text of a Doc never changes after tokenization (splitting
glued words keeps it), so it is kept in `doc.user_data` the first time it is asked for.
"""

from __future__ import annotations

import re
import re._constants
import re._parser

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


# What a pattern's first consumed character can be, read from the parse that `re` itself
# compiles (re._parser, CPython's parser; a pattern it cannot read gives no lookahead).
# Each step returns (characters as (code or (low, high), ignorecase), may consume nothing).
_Openers = tuple[set[tuple[object, bool]], bool]


def _openers_of_sequence(items: list, ignorecase: bool) -> _Openers | None:
    chars: set[tuple[object, bool]] = set()
    for op, av in items:
        step = _openers_of_item(op, av, ignorecase)
        if step is None:
            return None
        chars |= step[0]
        if not step[1]:
            return chars, False
    return chars, True


def _openers_of_item(op, av, ignorecase: bool) -> _Openers | None:
    c = re._constants
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero-width: the next item consumes the first character
    if op is c.LITERAL:
        return {(av, ignorecase)}, False
    if op is c.IN:
        if not all(member in (c.LITERAL, c.RANGE) for member, _ in av):
            return None  # a negated set or a category (\w, \s) opens with too much
        return {(value, ignorecase) for _, value in av}, False
    if op is c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        inner = (ignorecase or bool(add_flags & re.IGNORECASE)) and not (del_flags & re.IGNORECASE)
        return _openers_of_sequence(list(sub), inner)
    if op is c.BRANCH:
        steps = [_openers_of_sequence(list(branch), ignorecase) for branch in av[1]]
        if any(step is None for step in steps):
            return None
        return set().union(*(s[0] for s in steps)), any(s[1] for s in steps)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _, sub = av
        step = _openers_of_sequence(list(sub), ignorecase)
        return None if step is None else (step[0], step[1] or low == 0)
    return None


def opening_lookahead(pattern: re.Pattern) -> str:
    """A lookahead on the characters every match of pattern opens with, or "" when unknown.

    Put in front of the pattern it keeps the same matches (a match opens with one of those
    characters) and lets the engine pass every other place with one set test, where it
    would otherwise try the pattern's opening alternatives one by one.
    """
    parsed = re._parser.parse(pattern.pattern, pattern.flags)
    found = _openers_of_sequence(list(parsed), bool(pattern.flags & re.IGNORECASE))
    if found is None or found[1] or not found[0]:
        return ""
    sets = {False: [], True: []}
    for value, ignorecase in found[0]:
        low, high = value if isinstance(value, tuple) else (value, value)
        part = re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high != low else "")
        sets[ignorecase].append(part)
    alternatives = [f"[{''.join(sorted(sets[False]))}]"] if sets[False] else []
    alternatives += [f"(?i:[{''.join(sorted(sets[True]))}])"] if sets[True] else []
    return f"(?=(?-i:{'|'.join(alternatives)}))"
