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
