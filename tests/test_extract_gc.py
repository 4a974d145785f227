"""Extract's garbage-collection settings are scoped: the process gets its own back."""

from __future__ import annotations

import gc

import pytest

from pipeline import extract


def test_collection_settings_are_raised_inside_and_given_back_after() -> None:
    before = gc.get_threshold()
    with extract._garbage_collection():
        assert gc.get_threshold()[0] == max(extract.GC_YOUNG_THRESHOLD, before[0])
        assert gc.get_threshold()[1:] == before[1:]
        gc.freeze()  # what loading the NLP pipeline does (_Context.pipeline)
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_settings_are_given_back_when_extract_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), extract._garbage_collection():
        gc.freeze()
        raise RuntimeError("a file failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
