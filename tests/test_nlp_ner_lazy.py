"""The lazy NER gives the entities an eager run gives, and only runs when asked."""

from __future__ import annotations

import spacy

from pipeline.nlp.ner import NER_MODEL, NerComponent, ensure_entities

TEXT = (
    "Gubernur Kalimantan Barat Ria Norsan membuka pameran inovasi di Pontianak. "
    "Ria berharap setiap kabupaten di Kalbar menampilkan karya terbaiknya."
)


def _component(lazy: bool) -> tuple[spacy.language.Language, NerComponent]:
    nlp = spacy.blank("id")
    return nlp, NerComponent(nlp, NER_MODEL, lazy)


def test_lazy_component_defers_and_then_matches_the_eager_entities() -> None:
    nlp, eager = _component(lazy=False)
    expected = [(e.start_char, e.end_char, e.label_) for e in eager(nlp(TEXT)).ents]
    assert "PER" in {label for *_, label in expected}, expected

    nlp, lazy = _component(lazy=True)
    doc = lazy(nlp(TEXT))
    assert doc.ents == ()  # nothing ran yet
    ensure_entities(doc)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == expected
    ensure_entities(doc)  # a second call is a no-op
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == expected


def test_batched_eager_run_equals_one_by_one() -> None:
    nlp, eager = _component(lazy=False)
    texts = [TEXT, "Bupati Sleman Harda Kiswaya meninjau Puskesmas Depok."]
    one_by_one = [[(e.text, e.label_) for e in eager(nlp(t)).ents] for t in texts]
    batched = [[(e.text, e.label_) for e in d.ents] for d in eager.pipe(nlp.pipe(texts))]
    assert batched == one_by_one
