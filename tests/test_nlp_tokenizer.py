"""pantau's tokenizer gives spaCy's `id` tokens (text, whitespace, norm), only faster."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import spacy

import pipeline.nlp.tokenizer as tokenizer_module
from pipeline.config import PROJECT_ROOT
from pipeline.nlp import load_pipeline
from pipeline.nlp.tokenizer import CachedChunkTokenizer

FAST = {"nlp": {"tokenizer": {"@tokenizers": "pantau.id_tokenizer.v1"}}}

# Written for these tests in the style of regional portals: the shapes that matter to the
# components (abbreviated titles, datelines, numbers, reduplication, odd whitespace).
FIXTURES = [
    "SERANG, Senin (8/7/2019) - Sekda Kab. Serang, Drs. H. Nanang, M.Si., membuka Bimtek.\n"
    "Plt. Kepala Bappeda, Dr. Ir. Hj. Siti Aminah, MM, hadir di Jl. Veteran No. 12.",
    "Kegiatan berlangsung Jum'at, 7 Nopember 2022 s.d. 9 Nop. 2022.\n\nSebanyak 86 inovasi "
    "masing-masing OPD diusulkan; anggaran Rp1,2 miliar (60%).",
    "  Diawali spasi,\tlalu tab\u00a0dan spasi tak putus.  Dua  spasi.\n \n",
    "Tanpa baris baru dan tanpa pengecualian apa pun di kalimat ini",
    "Wali Kota Dr. med Budi :) hadir (Dr.) -- anak-anak, ibu-ibu dan bapak-bapak\nJan. 2024",
    "Info: https://bappeda.serangkab.go.id/berita?id=12 atau humas@serangkab.go.id\n"
    "Kab./Kota se-Banten, ke-260, Top 45, 10 besar, pukul 09.00 WIB, 5 km.",
    "",
    "\n",
    "Tabel:\n- satu\n- dua\n\n\n(tiga)",
]


def _tokens(doc) -> list[tuple[str, str, str, int]]:
    return [(t.text, t.whitespace_, t.norm_, t.idx) for t in doc]


@pytest.fixture(scope="module")
def reference():
    return spacy.blank("id")


@pytest.fixture(scope="module")
def fast():
    return spacy.blank("id", config=FAST)


def test_the_registered_tokenizer_is_the_fast_one(fast):
    assert isinstance(fast.tokenizer, CachedChunkTokenizer)


@pytest.mark.parametrize("text", FIXTURES)
def test_same_tokens_as_spacy_id_on_fixtures(reference, fast, text):
    doc = fast(text)
    assert doc.text == text
    assert _tokens(doc) == _tokens(reference(text))


def test_special_case_norms_are_kept(fast):
    doc = fast("Rapat pada Jum'at lalu, Jan. 2024.\nSelesai.")
    norms = {t.text: t.norm_ for t in doc}
    assert norms["Jum'at"] == "Jumat"
    assert norms["Jan."] == "Januari"


def _gold_texts(path: Path) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            texts.append(json.loads(line).get("text") or "")
    return texts


def test_same_tokens_as_spacy_id_on_dev_sets_and_seeds(reference, fast, shared_dir):
    files = sorted((PROJECT_ROOT / "data" / "devset").glob("*.jsonl"))
    files.append(shared_dir / "gold" / "seeds.jsonl")
    texts = [text for path in files for text in _gold_texts(path)]
    assert len(texts) > 100
    differ = [text[:60] for text in texts if _tokens(fast(text)) != _tokens(reference(text))]
    assert differ == []


def test_same_tokens_when_the_chunk_cache_is_cleared(reference, monkeypatch):
    monkeypatch.setattr(tokenizer_module, "MAX_CACHED_CHUNKS", 5)
    nlp = spacy.blank("id", config=FAST)
    # Bounded: at most the limit plus the new pieces of one text.
    bound = 5 + max(len(set(text.split())) + text.count("\n") + 2 for text in FIXTURES)
    distinct = len({piece for text in FIXTURES for piece in text.split()})
    for text in FIXTURES * 2:
        assert _tokens(nlp(text)) == _tokens(reference(text))
        assert len(nlp.tokenizer._chunks) <= bound < distinct


def test_faster_than_spacy_id_on_multi_paragraph_text(reference, fast):
    paragraph = FIXTURES[0] + "\n" + FIXTURES[1] + "\n"
    texts = [paragraph * 8 + f"Nomor {i}." for i in range(200)]
    started = time.process_time()
    for text in texts:
        reference(text)
    spacy_seconds = time.process_time() - started
    started = time.process_time()
    for text in texts:
        fast(text)
    fast_seconds = time.process_time() - started
    assert fast_seconds * 3 < spacy_seconds


def test_pipeline_uses_it_unless_told_otherwise():
    assert isinstance(load_pipeline().tokenizer, CachedChunkTokenizer)
    own = load_pipeline(tokenizer="spacy.Tokenizer.v1").tokenizer
    assert not isinstance(own, CachedChunkTokenizer)
