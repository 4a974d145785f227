"""The optional Stanza backend (`pantau annotate --nlp stanza`): a clear error where Stanza or
its Indonesian models are missing (always the case on these machines), and a tokenizer
wrapper that keeps the text and its offsets exact."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest
import spacy
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.nlp.stanza_backend import (
    STANZA_DIR_ENV,
    StanzaUnavailableError,
    check_models,
    doc_from_offsets,
    load_backend,
)


def test_annotate_with_stanza_fails_with_install_advice(tmp_path, monkeypatch):
    monkeypatch.setenv(STANZA_DIR_ENV, str(tmp_path / "no-models-here"))
    article = tmp_path / "a.txt"
    article.write_text("Bupati Sleman membuka festival inovasi.", encoding="utf-8")
    result = CliRunner().invoke(app, ["annotate", str(article), "--nlp", "stanza"])
    assert result.exit_code == 2
    message = result.output
    assert "stanza.download('id'" in message and STANZA_DIR_ENV in message
    if importlib.util.find_spec("stanza") is None:
        assert "not installed" in message
    else:
        assert "no-models-here" in message


def test_unknown_backend_is_refused(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Teks.", encoding="utf-8")
    result = CliRunner().invoke(app, ["annotate", str(article), "--nlp", "udpipe"])
    assert result.exit_code != 0
    with pytest.raises(ValueError):
        load_backend("udpipe")


def test_model_folder_without_indonesian_models_is_refused(tmp_path):
    (tmp_path / "resources.json").write_text("{}", encoding="utf-8")
    with pytest.raises(StanzaUnavailableError, match="no Stanza Indonesian models"):
        check_models(tmp_path)
    (tmp_path / "id").mkdir()
    check_models(tmp_path)  # both present: accepted


def _word(upos: str, lemma: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(upos=upos, lemma=lemma)]


def test_stanza_tokens_become_a_doc_over_the_same_text():
    text = "Bupati  Sleman\nmembuka festival."
    tokens = [
        (0, 6, _word("NOUN", "bupati"), True),
        (8, 14, _word("PROPN", "Sleman"), False),
        (15, 22, _word("VERB", "buka"), True),
        (23, 31, _word("NOUN", "festival"), False),
        (31, 32, _word("PUNCT", "."), False),
    ]
    doc = doc_from_offsets(spacy.blank("id").vocab, text, tokens)
    assert doc.text == text
    words = [t for t in doc if not t.is_space]
    assert [t.text for t in words] == ["Bupati", "Sleman", "membuka", "festival", "."]
    assert [t.pos_ for t in words] == ["NOUN", "PROPN", "VERB", "NOUN", "PUNCT"]
    assert words[2].lemma_ == "buka" and words[2].is_sent_start
    assert text[words[1].idx : words[1].idx + len(words[1])] == "Sleman"
