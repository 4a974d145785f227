"""The trained NER loads and finds people; eval on the seeds reaches issue 5's target."""

from __future__ import annotations

import spacy

from pipeline.config import MODELS_DIR

WHO_FIELDS = ("regions", "primary_region", "officials", "officials_role", "organizations")


def test_trained_ner_loads_and_finds_a_person():
    import pipeline.nlp.ner  # noqa: F401  (registers pantau_ner)

    assert (MODELS_DIR / "ner-id" / "meta.json").exists()
    nlp = spacy.blank("id")
    nlp.add_pipe("pantau_ner", config={"lazy": False})
    doc = nlp("Gubernur Jawa Barat Dedi Mulyadi meninjau banjir di Karawang bersama warga.")
    people = [ent.text for ent in doc.ents if ent.label_ == "PER"]
    assert "Dedi Mulyadi" in people
    assert {ent.label_ for ent in doc.ents} <= {"PER", "ORG", "LOC"}


def test_eval_on_seeds_reaches_target_for_who_fields(shared_dir):
    from pipeline.evaluate import evaluate

    report = evaluate([shared_dir / "gold" / "seeds.jsonl"], progress=False).as_dict()["fields"]
    for field in WHO_FIELDS:
        assert report[field]["f1"] == 1.0, (field, report[field])
