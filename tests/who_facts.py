"""Helpers of the who-rule tests: the facts a pipeline finds in a text, as plain values."""

from __future__ import annotations

from pipeline.nlp import make_doc


def organizations(nlp, text: str) -> list[str]:
    doc = make_doc(nlp, text)
    return [s._.value["name"] for s in doc._.facts["organization"]]


def regions(nlp, text: str) -> list[str]:
    doc = make_doc(nlp, text)
    return [s._.value["code"] for s in doc._.facts["region"]]
