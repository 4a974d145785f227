"""Fixtures shared by every test module. Area-specific fixtures live in their own modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import config


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project (corpora, gold, seeds); the tests need it."""
    assert config.SHARED_DIR.is_dir(), f"expected ../shared at {config.SHARED_DIR}"
    return config.SHARED_DIR


@pytest.fixture(scope="session")
def who_nlp():
    """The who-components (regions, organizations, officials) after the layout steps, on a
    blank `id` pipeline: what the rule tests of issue 5 exercise, without dates or events."""
    import spacy

    import pipeline.nlp.layout  # noqa: F401  (registers the factories)
    import pipeline.nlp.normalize  # noqa: F401
    import pipeline.nlp.officials  # noqa: F401
    import pipeline.nlp.organizations  # noqa: F401
    import pipeline.nlp.regions  # noqa: F401

    nlp = spacy.blank("id")
    for name in (
        "pantau_split_glued",
        "sentencizer",
        "pantau_layout",
        "pantau_regions",
        "pantau_organizations",
        "pantau_officials",
    ):
        nlp.add_pipe(name)
    return nlp
