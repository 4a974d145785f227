"""`pantau.id_tokenizer.v1`: spaCy's own Indonesian tokenizer, with the same tokens, faster.

Why spaCy's `id` tokenizer is slow on news text (measured, bench/SPEED.md): its ~16K
exceptions are special cases, and the first special case a text hits (a newline between
paragraphs is one, so are "masing-masing", "Dr.", "No.") turns off spaCy's per-string cache
for the rest of that text (spaCy issue #1250) and turns on a PhraseMatcher pass over the
whole doc. Every later word then goes through the affix regexes again: ~100-150K tokens/s.

What this tokenizer does instead: it splits the text on whitespace exactly as spaCy does, and
tokenizes each distinct whitespace-delimited chunk once per process with the unchanged
spaCy `id` tokenizer (all exceptions, prefixes, suffixes, infixes), remembering the result.
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
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.nlp.doctext import TEXT_KEY

# Whitespace runs and the chunks between them; Python's `\s` is `str.isspace`, the test spaCy
# uses to split.
_RUNS = re.compile(r"\s+|\S+")
# A separator prepended to a chunk: a newline is a special case of the `id` tokenizer, so
# tokenizing "\n" + chunk runs spaCy's special-case matcher pass on the chunk.
_FORCE_SPECIALS = "\n"
MAX_CACHED_CHUNKS = 100_000  # tens of MB; cleared when full, so memory stays flat

# Words, (index, norm) overrides, and whether the tokens depend on the rest of the text.
Tokens = tuple[tuple[str, ...], tuple[tuple[int, str], ...], bool]


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
        self._chunks: dict[str, Tokens] = {}
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
        pieces, trailing_space = self._split_on_whitespace(text)
        known = self._lookup(pieces)
        if any(known[piece][2] for piece in known):
            return self.inner(text)
        words: list[str] = []
        spaces: list[bool] = []
        norms: list[tuple[int, str]] = []
        for piece, space in zip(pieces, trailing_space, strict=True):
            chunk_words, chunk_norms, _ = known[piece]
            norms.extend((len(words) + index, norm) for index, norm in chunk_norms)
            words.extend(chunk_words)
            spaces.extend([False] * len(chunk_words))
            spaces[-1] = space
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for index, norm in norms:
            doc[index].norm_ = norm
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    @staticmethod
    def _split_on_whitespace(text: str) -> tuple[list[str], list[bool]]:
        """The pieces spaCy tokenizes one by one (chunks and whitespace runs, minus the single
        space after a chunk, which is that chunk's trailing whitespace), and whether each
        piece's last token is followed by that space."""
        pieces: list[str] = []
        trailing_space: list[bool] = []
        for run in _RUNS.findall(text):
            if run[0].isspace() and pieces:
                if run[0] == " ":
                    trailing_space[-1] = True
                    run = run[1:]
                if not run:
                    continue
            pieces.append(run)
            trailing_space.append(False)
        return pieces, trailing_space

    def _lookup(self, pieces: list[str]) -> dict[str, Tokens]:
        known = {piece: self._chunks.get(piece) for piece in pieces}
        new = [piece for piece, tokens in known.items() if tokens is None]
        if new:
            known.update(self._learn(new))
            if len(self._chunks) + len(new) > MAX_CACHED_CHUNKS:
                self._chunks.clear()
            self._chunks.update((piece, known[piece]) for piece in new)
        return known

    def _learn(self, pieces: list[str]) -> dict[str, Tokens]:
        """Tokens of unseen pieces. Chunks go through spaCy together, joined by newlines (a
        newline is a special case: the matcher pass runs, as on any text that hits one), in
        one call; whitespace runs one by one (they would merge with the newlines)."""
        learned: dict[str, Tokens] = {}
        chunks = [piece for piece in pieces if not piece[0].isspace()]
        for piece in pieces:
            if piece[0].isspace():
                learned[piece] = self._tokens_of(list(self.inner(piece)))
        if chunks:
            doc = self.inner(_FORCE_SPECIALS + _FORCE_SPECIALS.join(chunks))
            groups: list[list] = []
            for token in doc:
                if token.text == _FORCE_SPECIALS:
                    groups.append([])
                else:
                    groups[-1].append(token)
            for chunk, tokens in zip(chunks, groups, strict=True):
                learned[chunk] = self._checked(chunk, self._tokens_of(tokens))
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


@spacy.registry.tokenizers("pantau.id_tokenizer.v1")
def create_id_tokenizer() -> Callable[[Language], CachedChunkTokenizer]:
    """Registered tokenizer: the language's default spaCy tokenizer, cached per chunk."""
    make_default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> CachedChunkTokenizer:
        return CachedChunkTokenizer(nlp.vocab, make_default(nlp))

    return make
