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
        return _openers_of_sequence(list(av[3]), _group_ignorecase(av, ignorecase))
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


# Characters that re.IGNORECASE matches with an ASCII letter although str.lower() does not
# give that letter: dotless i and long s ("i", "s"); the dotted capital I lowers to two
# characters (caught by the length check, listed for clarity).
_FOLDS_ONLY_UNDER_IGNORECASE = re.compile("[\u0131\u017f\u0130]")
# An escape whose meaning changes when lowercased (\S, \W, \D, \B, \A, \Z, \N{...}), or one
# that names a character by its code (\x41, \u0041, \101), which may be an uppercase letter.
_CASE_DEPENDENT_ESCAPE = re.compile(r"\\([A-Z]|x|u|[0-7])")


def lowercase_keeps_matches(text: str, lowered: str) -> bool:
    """True when a `lowercase_twin` run on lowered (text.lower()) finds what its pattern does.

    Lowering must keep every offset, and no character of text may match an ASCII letter
    under re.IGNORECASE only. Letters stay letters when lowered, so `\\b` and `\\w` see the
    same boundaries.
    """
    return len(lowered) == len(text) and not _FOLDS_ONLY_UNDER_IGNORECASE.search(text)


def lowercase_twin(pattern: re.Pattern) -> re.Pattern | None:
    """`pattern` (re.IGNORECASE, ASCII) rewritten case-sensitively for lowercased text.

    On `text.lower()` it gives the same spans as pattern on text when
    `lowercase_keeps_matches` holds, and runs about twice as fast: `re` compares
    case-sensitive literals directly and skips an alternative by its first character.
    None when the pattern has parts that depend on case (an inline `(?-i`, an uppercase
    escape), non-ASCII characters (whose folding str.lower() may not follow) or named groups
    (`(?P<` would not survive lowering).
    """
    source = pattern.pattern
    if (
        not pattern.flags & re.IGNORECASE
        or not source.isascii()
        or "(?-i" in source
        or "(?P" in source
        or _CASE_DEPENDENT_ESCAPE.search(source)
    ):
        return None
    twin = re.compile(source.lower(), pattern.flags & ~re.IGNORECASE)
    return re.compile(opening_lookahead(twin) + twin.pattern, twin.flags)


# What every match of a pattern holds: each of its items. An item is a string with whether
# it is caseless (looked for in the lowercased text, else in the text as it is), or a list
# of alternatives (a regex branch) one of which holds.
Required = list


def required_literals(pattern: re.Pattern) -> Required:
    """What every match of pattern holds (see `Required`); [] when nothing is known.

    When the text lacks it, pattern cannot match there: substring tests (fast, in C) then
    spare a scan of the whole text (`may_match`). Read from the parse `re` compiles, like
    `opening_lookahead`; non-ASCII literals are left out.
    """
    parsed = re._parser.parse(pattern.pattern, pattern.flags)
    return _required_in_sequence(list(parsed), bool(pattern.flags & re.IGNORECASE))


def may_match(required: Required, text: str, lowered: str) -> bool:
    """False when text lacks something `required_literals` says every match holds.

    lowered is text.lower(), valid when `lowercase_keeps_matches(text, lowered)`.
    """
    for item in required:
        if isinstance(item, tuple):
            string, caseless = item
            if string not in (lowered if caseless else text):
                return False
        elif not any(may_match(branch, text, lowered) for branch in item):
            return False
    return True


def _required_in_sequence(items: list, ignorecase: bool) -> Required:
    # Every item of a sequence is matched, so each literal run and each item's own
    # requirements are.
    required: Required = []
    run = ""
    for op, av in items:
        if op is re._constants.LITERAL and av < 128:
            run += chr(av).lower() if ignorecase else chr(av)
            continue
        if run:
            required.append((run, ignorecase))
            run = ""
        required += _required_in_item(op, av, ignorecase)
    if run:
        required.append((run, ignorecase))
    return required


def _required_in_item(op, av, ignorecase: bool) -> Required:
    c = re._constants
    if op is c.SUBPATTERN:
        return _required_in_sequence(list(av[3]), _group_ignorecase(av, ignorecase))
    if op is c.BRANCH:
        branches = [_required_in_sequence(list(branch), ignorecase) for branch in av[1]]
        if any(not branch for branch in branches):
            return []  # a branch that may hold nothing known
        return [branches]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _required_in_sequence(list(av[2]), ignorecase)
    return []


def _group_ignorecase(av: tuple, ignorecase: bool) -> bool:
    # A group's own flags, as in "(?i:...)" or "(?-i:...)", over the surrounding ones.
    _, add_flags, del_flags, _ = av
    return (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
