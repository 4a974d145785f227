"""`pantau_ner`: the trained Indonesian NER (PER, ORG, LOC) of models/ner-id, as a component.

The model is trained by `make train-ner` (models/ner/config.cfg, corpora of
../shared/data/ner-id converted at train time) and committed, so a fresh install uses it
without training. It fills `doc.ents`; pantau's components use it only where it helps (the
officials component cuts a name out of "Kepala Dinas Pendidikan Budi Santoso"), never as a
list of officials by itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import MODELS_DIR

NER_MODEL = MODELS_DIR / "ner-id"


class ModelMissingError(RuntimeError):
    """The trained NER is not on disk."""


@lru_cache(maxsize=2)
def load_ner_model(path: Path = NER_MODEL) -> Language:
    """The trained pipeline (tok2vec + ner), loaded once per process."""
    if not (path / "meta.json").exists():
        raise ModelMissingError(f"no trained NER at {path}: run `make train-ner`")
    return spacy.load(path)


class NerComponent:
    def __init__(self, nlp: Language, path: Path):
        self.model = load_ner_model(path)
        # Its components write into docs made by pantau's own vocab: give that vocab the
        # labels, so that label hashes resolve to strings.
        for label in self.model.get_pipe("ner").labels:
            nlp.vocab.strings.add(label)
        self.components = [proc for _, proc in self.model.pipeline]

    def __call__(self, doc: Doc) -> Doc:
        for proc in self.components:
            doc = proc(doc)
        return doc


@Language.factory("pantau_ner", default_config={"model": None})
def create_ner(nlp: Language, name: str, model: str | None) -> NerComponent:
    return NerComponent(nlp, Path(model) if model else NER_MODEL)
