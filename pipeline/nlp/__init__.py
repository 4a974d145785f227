"""pantau's Indonesian NLP stage: a spaCy pipeline of small fact-finding components.

`load_pipeline()` builds it, `make_doc()` runs it on one article with its context
(publication date, URL, region hint). Which components run, in which order and with which
settings is data (`pipeline/nlp/pipeline.toml`), not code.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.extensions import register_extensions

register_extensions()

PIPELINE_CONFIG = Path(__file__).with_name("pipeline.toml")


def _import_components() -> None:
    # Importing a component module registers its factory with spaCy.
    import importlib
    import pkgutil

    package = Path(__file__).parent
    for info in pkgutil.iter_modules([str(package)]):
        importlib.import_module(f"pipeline.nlp.{info.name}")


def load_pipeline(config_file: Path = PIPELINE_CONFIG, base: str | None = None) -> Language:
    """Build the pantau pipeline: a base model (or blank `id`) plus the components in config."""
    _import_components()
    config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    base = base or config.get("base", "blank:id")
    nlp = _base_pipeline(base, config.get("tokenizer"))
    for name in config.get("components", []):
        settings = config.get(name, {})
        nlp.add_pipe(settings.pop("factory", name), name=name, config=settings)
    return nlp


def _base_pipeline(base: str, tokenizer: str | None) -> Language:
    # `tokenizer` names a registered tokenizer (pipeline/nlp/tokenizer.py); without it the
    # language's own spaCy tokenizer is used.
    overrides = {"nlp": {"tokenizer": {"@tokenizers": tokenizer}}} if tokenizer else {}
    if base.startswith("blank:"):
        return spacy.blank(base.split(":", 1)[1], config=overrides)
    return spacy.load(base, config=overrides)


def make_doc(
    nlp: Language,
    text: str,
    *,
    published: date | None = None,
    url: str | None = None,
    region_hint: str | None = None,
    title: str | None = None,
) -> Doc:
    """Run the pipeline on one article's text with the context its components need."""
    doc = nlp.make_doc(text)
    doc._.published = published
    doc._.url = url
    doc._.region_hint = region_hint
    doc._.title = title
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
