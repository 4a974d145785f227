"""Optional Stanza backend: tokens, POS tags, lemmas and sentences from a local Stanza model.

`pantau annotate --nlp stanza` builds the usual pantau pipeline (`pipeline/nlp/pipeline.toml`)
but replaces its tokenizer with Stanza's Indonesian `tokenize,pos,lemma` processors, so that
pantau's components (regions, officials, organizations, dates ...) run on Stanza's tokens,
with `token.pos_`, `token.lemma_` and sentence starts filled from Stanza. The default stays
the spaCy pipeline.

Stanza's Indonesian models come from a model hub (Hugging Face) that these machines cannot
reach, and no PyPI package carries them: they must be downloaded on a machine with internet
(`stanza.download('id', model_dir=...)`) and copied here; `PANTAU_STANZA_DIR` says where.
Where the library or the models are missing, `load_stanza_pipeline` raises
`StanzaUnavailableError` with exactly that advice instead of trying to download anything.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.nlp import PIPELINE_CONFIG, load_pipeline

STANZA_DIR_ENV = "PANTAU_STANZA_DIR"
LANGUAGE = "id"
PROCESSORS = "tokenize,pos,lemma"

INSTALL_HINT = (
    "On a machine with internet: `pip install 'pantau[stanza]'` (torch: take a CPU build), "
    "then in Python `import stanza; stanza.download('id', model_dir='/path/to/stanza_resources')`"
    f"; copy that folder here and set {STANZA_DIR_ENV}=/path/to/stanza_resources."
)


class StanzaUnavailableError(RuntimeError):
    """Stanza or its Indonesian models are not installed on this machine."""


def stanza_dir() -> Path:
    """Where the Stanza models live: $PANTAU_STANZA_DIR, else Stanza's own default."""
    configured = os.environ.get(STANZA_DIR_ENV)
    return Path(configured) if configured else Path.home() / "stanza_resources"


def _import_stanza() -> Any:
    try:
        import stanza
    except ImportError as error:
        raise StanzaUnavailableError(
            f"the Stanza backend needs the `stanza` package, which is not installed "
            f"({error}). {INSTALL_HINT}"
        ) from None
    return stanza


def check_models(model_dir: Path) -> None:
    """Raise StanzaUnavailableError unless `model_dir` holds Stanza's Indonesian models."""
    if not (model_dir / "resources.json").is_file() or not (model_dir / LANGUAGE).is_dir():
        raise StanzaUnavailableError(
            f"no Stanza Indonesian models in {model_dir} (need resources.json and {LANGUAGE}/). "
            f"They come from a model hub this machine cannot reach, and pantau never downloads "
            f"them at run time. {INSTALL_HINT}"
        )


class StanzaTokenizer:
    """A spaCy tokenizer whose Doc comes from Stanza: same text, Stanza's words, tags, lemmas.

    The Doc keeps the input text exactly (whitespace between Stanza's tokens becomes spaCy's
    trailing spaces or whitespace tokens), so character offsets of every fact stay valid.
    """

    def __init__(self, vocab: Vocab, stanza_pipeline: Any):
        self.vocab = vocab
        self.stanza = stanza_pipeline

    def __call__(self, text: str) -> Doc:
        tokens = [
            (token.start_char, token.end_char, token.words, index == 0)
            for sentence in self.stanza(text).sentences
            for index, token in enumerate(sentence.tokens)
        ]
        return doc_from_offsets(self.vocab, text, tokens)


def doc_from_offsets(vocab: Vocab, text: str, tokens: list[tuple[int, int, Any, bool]]) -> Doc:
    """Build a Doc over `text` from (start_char, end_char, words, sentence_start) tokens.

    A multi-word token (Stanza splits some clitics) keeps its surface form as one spaCy token
    and the tag and lemma of its first word, so the text is never altered.
    """
    words: list[str] = []
    spaces: list[bool] = []
    pos: list[str] = []
    lemmas: list[str] = []
    starts: list[bool] = []
    cursor = 0

    def add_gap(gap: str) -> None:
        if not gap:
            return
        if words and not spaces[-1] and gap.startswith(" "):
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            pos.append("SPACE")
            lemmas.append(gap)
            starts.append(False)

    for start, end, stanza_words, sentence_start in tokens:
        add_gap(text[cursor:start])
        first = stanza_words[0] if stanza_words else None
        words.append(text[start:end])
        spaces.append(False)
        pos.append((getattr(first, "upos", None) or "X") if first is not None else "X")
        lemmas.append(
            (getattr(first, "lemma", None) or text[start:end]) if first else text[start:end]
        )
        starts.append(sentence_start)
        cursor = end
    add_gap(text[cursor:])
    return Doc(vocab, words=words, spaces=spaces, pos=pos, lemmas=lemmas, sent_starts=starts)


def load_stanza_pipeline(
    model_dir: Path | None = None, config_file: Path = PIPELINE_CONFIG
) -> Language:
    """pantau's pipeline with Stanza's tokenizer, POS and lemmas (StanzaUnavailableError if
    Stanza or its Indonesian models are missing)."""
    stanza = _import_stanza()
    model_dir = model_dir or stanza_dir()
    check_models(model_dir)
    stanza_pipeline = stanza.Pipeline(
        LANGUAGE,
        dir=str(model_dir),
        processors=PROCESSORS,
        download_method=None,  # never reach for the hub
        use_gpu=False,
        verbose=False,
    )
    nlp = load_pipeline(config_file)
    nlp.tokenizer = StanzaTokenizer(nlp.vocab, stanza_pipeline)
    return nlp


def load_backend(name: str) -> Language | None:
    """The pipeline of an NLP backend by name: None for the default (spaCy) pipeline."""
    if name == "spacy":
        return None
    if name == "stanza":
        return load_stanza_pipeline()
    raise ValueError(f"unknown NLP backend {name!r} (spacy or stanza)")
