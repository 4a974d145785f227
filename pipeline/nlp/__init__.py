"""pantau's Indonesian NLP stage: a spaCy pipeline of small fact-finding components.

`load_pipeline()` builds it, `make_doc()` runs it on one article with its context
(publication date, URL, region hint). Which components run, in which order and with which
settings is data (`pipeline/nlp/pipeline.toml`), not code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.extensions import register_extensions

register_extensions()

PIPELINE_CONFIG = Path(__file__).with_name("pipeline.toml")
NLP_BATCH = 64  # docs per nlp.pipe batch: the NER's pipe is fastest near here (bench/SPEED.md)


def _import_components() -> None:
    # Importing a component module registers its factory with spaCy.
    import importlib
    import pkgutil

    package = Path(__file__).parent
    for info in pkgutil.iter_modules([str(package)]):
        importlib.import_module(f"pipeline.nlp.{info.name}")


def load_pipeline(
    config_file: Path = PIPELINE_CONFIG, base: str | None = None, tokenizer: str | None = None
) -> Language:
    """Build the pantau pipeline: a base model (or blank `id`) plus the components in config.

    `tokenizer` overrides the config's registered tokenizer ("spacy.Tokenizer.v1" is spaCy's
    own, which the benchmark and the tests compare with)."""
    _import_components()
    config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    base = base or config.get("base", "blank:id")
    nlp = _base_pipeline(base, tokenizer or config.get("tokenizer"))
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
    doc = _doc_with_context(nlp, text, published, url, region_hint, title)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def make_docs(
    nlp: Language, articles: Iterable[Mapping], batch_size: int = NLP_BATCH
) -> Iterator[Doc]:
    """`make_doc` over many articles through `nlp.pipe`, in order: one Doc per article.

    Each article is a mapping with `text` and, optionally, the context `make_doc` takes
    (`published`, `url`, `region_hint`, `title`). The context is set on each Doc before any
    component runs, so every component sees what it sees in `make_doc`; components with a
    `pipe` method get the docs in batches. An error in one article stops the stream: callers
    that must keep going (extract) retry that batch article by article with `make_doc`.
    """
    docs = (
        _doc_with_context(
            nlp,
            article["text"],
            article.get("published"),
            article.get("url"),
            article.get("region_hint"),
            article.get("title"),
        )
        for article in articles
    )
    return nlp.pipe(docs, batch_size=batch_size)


def _doc_with_context(
    nlp: Language,
    text: str,
    published: date | None,
    url: str | None,
    region_hint: str | None,
    title: str | None,
) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc._.url = url
    doc._.region_hint = region_hint
    doc._.title = title
    return doc
