"""`pantau_ner`: the trained Indonesian NER (PER, ORG, LOC) of models/ner-id, as a component.

The model is trained by `make train-ner` (models/ner/config.cfg, corpora of
../shared/data/ner-id converted at train time) and committed, so a fresh install uses it
without training. It fills `doc.ents`; pantau's components use it only where it helps (the
officials component takes "Khofifah Indar Parawansa" for a later "Gubernur Khofifah"), never
as a list of officials by itself.

The statistical NER costs more than all rule components together, and its one reader needs it
on few articles, so by default it runs lazily: the component only marks the doc, and
`ensure_entities(doc)` runs the model (on the whole doc, so the entities are the same as an
eager run's) the first time a component asks for `doc.ents`. `lazy = false` in
pipeline/nlp/pipeline.toml runs it on every doc. Measured in bench/SPEED.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pipeline.config import MODELS_DIR

NER_MODEL = MODELS_DIR / "ner-id"
_PENDING = "pantau_ner_pending"


class ModelMissingError(RuntimeError):
    """The trained NER is not on disk."""


@spacy.registry.tokenizers("pantau.unused_tokenizer.v1")
def unused_tokenizer():
    # The NER's components run on docs pantau's own tokenizer made; building the model's
    # saved `id` tokenizer (its ~16K exceptions) would cost ~3 s per process for nothing.
    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make


@lru_cache(maxsize=2)
def load_ner_model(path: Path = NER_MODEL) -> Language:
    """The trained pipeline (tok2vec + ner), loaded once per process."""
    if not (path / "meta.json").exists():
        raise ModelMissingError(f"no trained NER at {path}: run `make train-ner`")
    return spacy.load(
        path,
        exclude=["tokenizer"],
        config={"nlp": {"tokenizer": {"@tokenizers": "pantau.unused_tokenizer.v1"}}},
    )


def ensure_entities(doc: Doc) -> None:
    """Run the NER on `doc` now if the lazy component left it pending (a no-op otherwise)."""
    component = doc.user_data.pop(_PENDING, None)
    if component is not None:
        component.run(doc)


class NerComponent:
    def __init__(self, nlp: Language, path: Path, lazy: bool):
        self.model = load_ner_model(path)
        self.lazy = lazy
        # Its components write into docs made by pantau's own vocab: give that vocab the
        # labels, so that label hashes resolve to strings.
        for label in self.model.get_pipe("ner").labels:
            nlp.vocab.strings.add(label)
        self.components = [proc for _, proc in self.model.pipeline]

    def run(self, doc: Doc) -> Doc:
        for proc in self.components:
            doc = proc(doc)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        if self.lazy:
            doc.user_data[_PENDING] = self
            return doc
        return self.run(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        if self.lazy:
            yield from (self(doc) for doc in docs)
            return
        for proc in self.components:
            docs = proc.pipe(docs, batch_size=batch_size)
        yield from docs


@Language.factory("pantau_ner", default_config={"model": None, "lazy": True})
def create_ner(nlp: Language, name: str, model: str | None, lazy: bool) -> NerComponent:
    return NerComponent(nlp, Path(model) if model else NER_MODEL, lazy)
