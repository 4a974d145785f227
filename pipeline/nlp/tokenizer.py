"""`pantau.id_tokenizer.v1`: spaCy's own Indonesian tokenizer, with the same tokens, faster.

Why spaCy's `id` tokenizer is slow on news text (measured, bench/SPEED.md): its ~16K
exceptions are special cases, and the first special case a text hits (a newline between
paragraphs is one, so are "masing-masing", "Dr.", "No.") turns off spaCy's per-string cache
for the rest of that text (spaCy issue #1250) and turns on a PhraseMatcher pass over the
whole doc. Every later word then goes through the affix regexes again: ~100-150K tokens/s.

What this tokenizer does instead: it splits the text on whitespace exactly as spaCy does, and
tokenizes each distinct whitespace-delimited chunk once per process with the unchanged
spaCy `id` tokenizer (all exceptions, prefixes, suffixes, infixes), remembering the result
(per chunk and the space after it, if any: the cached entries join into a Doc directly).
A chunk's tokens do not depend on its neighbours, with two exceptions that are handled by
falling back to the plain spaCy tokenizer for the whole text:

- spaCy runs its special-case PhraseMatcher pass only when the text hits a special case
  somewhere. A chunk is tokenized twice, alone and with that pass forced on; when the two
  agree (on news text, every chunk seen so far), its tokens are the same whether or not
  the text hits a special case. When they differ, the whole text goes to spaCy.
- exceptions that contain a space ("Dr. rer. nat.") could span two chunks: fallback when the
  text contains one.

So no exception list is pruned or re-written here: the tokens are spaCy's, by construction,
and tests/test_nlp_tokenizer.py compares them with `spacy.blank("id")` on real texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import spacy
from spacy import util
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.nlp.doctext import TEXT_KEY

# The pieces spaCy tokenizes one by one: whitespace-delimited chunks, each with the single space
# after it (its last token's trailing whitespace), and the rest of each whitespace run. Python's
# `\s` is `str.isspace`, the test spaCy uses to split.
_PIECES = re.compile(r"\S+ ?|\s+")
# A separator prepended to a chunk: a newline is a special case of the `id` tokenizer, so
# tokenizing "\n" + chunk runs spaCy's special-case matcher pass on the chunk.
_FORCE_SPECIALS = "\n"
MAX_CACHED_CHUNKS = 100_000  # tens of MB; cleared when full, so memory stays flat

# Words, (index, norm) overrides, and whether the tokens depend on the rest of the text.
Tokens = tuple[tuple[str, ...], tuple[tuple[int, str], ...], bool]
# A piece's tokens as a Doc takes them: words, their trailing spaces, (index, norm) overrides,
# and whether they depend on the rest of the text.
PieceTokens = tuple[tuple[str, ...], tuple[bool, ...], tuple[tuple[int, str], ...], bool]


class CachedChunkTokenizer:
    """A spaCy tokenizer callable: `tokenizer(text) -> Doc`, same tokens as `inner`."""

    def __init__(self, vocab: Vocab, inner: Tokenizer):
        self.vocab = vocab
        self.inner = inner
        rules = inner.rules or {}
        spaced = sorted((r for r in rules if " " in r and not r.isspace()), key=len, reverse=True)
        self._spaced_specials = (
            re.compile("|".join(re.escape(r) for r in spaced)) if spaced else None
        )
        # Every token a special case can make: a chunk without one is left as the first pass
        # made it by the matcher pass.
        self._pieces = frozenset(piece[ORTH] for pieces in rules.values() for piece in pieces)
        self._chunks: dict[str, PieceTokens] = {}  # by piece (a chunk and its trailing space)
        # The forced matcher pass needs the newline special case (spaCy's base exceptions have
        # it); a tokenizer without it is used as it is.
        self._usable = _FORCE_SPECIALS in rules

    def __call__(self, text: str) -> Doc:
        doc = self._tokenize(text)
        # spaCy's tokenizer keeps every character, so the Doc's text is the text it was given:
        # kept now, it saves the first reader of `doc_text` rebuilding it from the tokens.
        doc.user_data[TEXT_KEY] = text
        return doc

    def _tokenize(self, text: str) -> Doc:
        if not self._usable or (self._spaced_specials and self._spaced_specials.search(text)):
            return self.inner(text)
        # Kept ready to join (words and spaces per piece): building the Doc's lists is two
        # flat comprehensions, where joining per piece in a loop cost as much again.
        known = self._lookup(_PIECES.findall(text))
        if any(tokens[3] for tokens in known):
            return self.inner(text)
        words = [word for tokens in known for word in tokens[0]]
        spaces = [space for tokens in known for space in tokens[1]]
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if any(tokens[2] for tokens in known):
            _set_norms(doc, known)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def _lookup(self, pieces: list[str]) -> list[PieceTokens]:
        known = [self._chunks.get(piece) for piece in pieces]
        if None not in known:
            return known
        new = list(
            dict.fromkeys(p for p, tokens in zip(pieces, known, strict=True) if tokens is None)
        )
        learned = self._learn(new)
        if len(self._chunks) + len(new) > MAX_CACHED_CHUNKS:
            self._chunks.clear()
        self._chunks.update(learned)
        return [
            learned[p] if tokens is None else tokens
            for p, tokens in zip(pieces, known, strict=True)
        ]

    def _learn(self, pieces: list[str]) -> dict[str, PieceTokens]:
        """Tokens of unseen pieces. Chunks go through spaCy together, joined by newlines (a
        newline is a special case: the matcher pass runs, as on any text that hits one), in
        one call; whitespace runs one by one (they would merge with the newlines)."""
        learned: dict[str, PieceTokens] = {}
        chunks: dict[str, list[str]] = {}  # chunk -> its pieces ("kota" and "kota ")
        for piece in pieces:
            if piece[0].isspace():
                words, norms, _ = self._tokens_of(list(self.inner(piece)))
                learned[piece] = (words, (False,) * len(words), norms, False)
            else:
                chunks.setdefault(piece.rstrip(" "), []).append(piece)
        if chunks:
            doc = self.inner(_FORCE_SPECIALS + _FORCE_SPECIALS.join(chunks))
            groups: list[list] = []
            for token in doc:
                if token.text == _FORCE_SPECIALS:
                    groups.append([])
                else:
                    groups[-1].append(token)
            for (chunk, chunk_pieces), tokens in zip(chunks.items(), groups, strict=True):
                words, norms, depends = self._checked(chunk, self._tokens_of(tokens))
                for piece in chunk_pieces:
                    spaces = (False,) * (len(words) - 1) + (piece.endswith(" "),)
                    learned[piece] = (words, spaces, norms, depends)
        return learned

    def _checked(self, chunk: str, forced: Tokens) -> Tokens:
        """Mark the chunk when its tokens depend on whether the text hits a special case.

        Alone, spaCy runs the matcher pass on a chunk only if the chunk hits a special case;
        when that gives other tokens than the forced pass, the whole text decides. The
        matcher pass can only have changed something if a token is a special case's piece."""
        if not any(word in self._pieces for word in forced[0]):
            return forced
        alone = self._tokens_of(list(self.inner(chunk)))
        return (*forced[:2], alone[:2] != forced[:2])

    def _tokens_of(self, tokens: list) -> Tokens:
        # A special case may give its token a norm of its own ("Jan." -> "Januari"); the
        # trained NER reads NORM, so it is carried over.
        words = tuple(token.text for token in tokens)
        norms = tuple(
            (index, token.norm_)
            for index, token in enumerate(tokens)
            if token.norm != self.vocab[token.orth].norm
        )
        return words, norms, False

    # Serialization is the inner tokenizer's: the cache is rebuilt on use.
    def to_bytes(self, **kwargs) -> bytes:
        return self.inner.to_bytes(**kwargs)

    def from_bytes(self, bytes_data: bytes, **kwargs) -> CachedChunkTokenizer:
        self.inner.from_bytes(bytes_data, **kwargs)
        self.__init__(self.vocab, self.inner)
        return self

    def to_disk(self, path: str | Path, **kwargs) -> None:
        self.inner.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs) -> CachedChunkTokenizer:
        self.inner.from_disk(path, **kwargs)
        self.__init__(self.vocab, self.inner)
        return self


def _set_norms(doc: Doc, known: list[PieceTokens]) -> None:
    offset = 0
    for words, _, norms, _ in known:
        for index, norm in norms:
            doc[offset + index].norm_ = norm
        offset += len(words)


def top_level_branches(source: str) -> list[str]:
    """A regex source split at its top-level `|` (not in a group, a character class or an
    escape): the alternatives whose join by "|" is the source."""
    branches, start, depth, index, in_class = [], 0, 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 1  # the escaped character is a literal
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # A "]" right after "[" or "[^" is a literal member of the class: step over it.
            if source.startswith("^]", index + 1):
                index += 2
            elif source.startswith("]", index + 1):
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(source[start:index])
            start = index + 1
        index += 1
    return [*branches, source[start:]]


def _is_anchored(branch: str, flags: int) -> bool:
    # Opens with "^" (not in MULTILINE mode): the branch can only match at the string's start.
    first = list(re._parser.parse(branch, flags))[:1]
    return not flags & re.MULTILINE and first == [(re._constants.AT, re._constants.AT_BEGINNING)]


class AnchoredPrefixSearch:
    """`pattern.search` of spaCy's prefix regex, giving the same match, about 5x faster.

    spaCy joins the prefixes as `^p1|^p2|...`, and `search` tries every one at every position
    of the chunk although they can only match at its start: 7.0 µs a chunk (1.5 µs here, on
    the 84K distinct chunks of 2,948 news texts), the largest part of tokenizing an unseen
    word, which every article of real news has dozens of. `search` takes the first
    position with a match: `match` tries the start as `search` does; only the branches without
    `^` (the `id` defaults have one, `<a([^>]+)>`) can match later, so they alone are searched
    from the second character on.
    """

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern.pattern  # spaCy serializes `prefix_search.__self__.pattern`
        self._whole = pattern
        later = [
            b for b in top_level_branches(pattern.pattern) if not _is_anchored(b, pattern.flags)
        ]
        self._later = re.compile("|".join(later), pattern.flags) if later else None

    def search(self, string: str) -> re.Match | None:
        match = self._whole.match(string)
        if match is not None or self._later is None:
            return match
        return self._later.search(string, 1)


@spacy.registry.tokenizers("pantau.id_tokenizer.v1")
def create_id_tokenizer() -> Callable[[Language], CachedChunkTokenizer]:
    """Registered tokenizer: the language's default spaCy tokenizer, cached per chunk.

    The default is built as spaCy's `spacy.Tokenizer.v1` builds it, from the language's
    defaults through spaCy's public constructor, with the prefix search given as
    `AnchoredPrefixSearch` (same matches): set on a built tokenizer, spaCy would reload its
    ~16K special cases, 1.1 CPU s per process. tests/test_nlp_tokenizer.py compares its tokens
    with `spacy.blank("id")`."""

    def make(nlp: Language) -> CachedChunkTokenizer:
        defaults = nlp.Defaults
        prefix = util.compile_prefix_regex(defaults.prefixes) if defaults.prefixes else None
        suffix = util.compile_suffix_regex(defaults.suffixes) if defaults.suffixes else None
        infix = util.compile_infix_regex(defaults.infixes) if defaults.infixes else None
        inner = Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=AnchoredPrefixSearch(prefix).search if prefix else None,
            suffix_search=suffix.search if suffix else None,
            infix_finditer=infix.finditer if infix else None,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        return CachedChunkTokenizer(nlp.vocab, inner)

    return make
