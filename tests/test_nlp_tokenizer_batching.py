"""Batched NLP (`make_docs`, extract's `_nlp_docs`) gives what `make_doc` gives, one by one."""

from __future__ import annotations

import json
from datetime import date

import pytest
from spacy.language import Language

from pipeline import extract
from pipeline.nlp import load_pipeline, make_doc, make_docs
from pipeline.nlp.export import doc_to_gold

# Written for these tests, in the style of regional portals. The first needs its publication
# date to resolve "Senin (8/7)"; the second its region hint.
ARTICLES = [
    {
        "text": "CILEGON - Pemkot Cilegon menggelar Laboratorium Inovasi di Ruang Rapat Bappeda, "
        "Senin (8/7). Sekda Kota Cilegon, Sari Wulandari, membuka kegiatan yang diikuti 40 "
        "peserta dari 12 OPD.\nSebanyak 86 inovasi akan didampingi LAN RI.",
        "published": date(2019, 7, 10),
        "url": "https://berita.example.id/2019/07/lab-inovasi",
        "region_hint": None,
        "title": "Pemkot Cilegon Gelar Laboratorium Inovasi",
    },
    {
        "text": "Bupati Ahmad Fauzi membuka Bimtek Inovasi Daerah di Aula Setda, Rabu 7 Nopember "
        "2022. Kegiatan dua hari itu diikuti 150 peserta.\nKepala Bappeda, Dr. H. Rudi Hartono, "
        "M.Si, menyebut 30 inovasi siap diuji.",
        "published": date(2022, 11, 8),
        "url": "https://portal.example.id/berita/bimtek",
        "region_hint": "36.04",
        "title": None,
    },
    {"text": "Tanpa konteks apa pun.\nHanya satu paragraf pendek tentang rapat.", "url": None},
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _gold(doc) -> str:
    return json.dumps(doc_to_gold(doc), sort_keys=True, default=str)


def _context(article: dict) -> dict:
    keys = ("published", "url", "region_hint", "title")
    return {key: article.get(key) for key in keys}


def test_make_docs_equals_make_doc(nlp):
    batched = list(make_docs(nlp, ARTICLES, batch_size=2))
    assert len(batched) == len(ARTICLES)
    for article, doc in zip(ARTICLES, batched, strict=True):
        single = make_doc(nlp, article["text"], **_context(article))
        assert doc._.published == article.get("published")
        assert doc._.region_hint == article.get("region_hint")
        assert _gold(doc) == _gold(single)
    # The context reached the components: the date needs the publication year.
    assert "2019-07-08" in doc_to_gold(batched[0])["dates"]


class _FailOn:
    """A component that raises on texts holding a marker, as a bug in one component would."""

    def __init__(self, marker: str):
        self.marker = marker

    def __call__(self, doc):
        if self.marker in doc.text:
            raise ValueError("component bug")
        return doc


def test_one_failing_article_costs_only_its_own_facts(nlp, monkeypatch):
    Language.component("test_fail_on_marker", func=_FailOn("BROKEN"))
    nlp.add_pipe("test_fail_on_marker", first=True)
    try:
        broken = {**ARTICLES[1], "text": ARTICLES[1]["text"] + " BROKEN"}
        articles = [ARTICLES[0], broken, ARTICLES[2]]
        context = extract._Context(None, False, None, None, None, nlp=nlp)
        monkeypatch.setattr(extract, "NLP_BATCH", 8)
        results = list(extract._nlp_docs(articles, context))
    finally:
        nlp.remove_pipe("test_fail_on_marker")
    assert all(article is given for (article, _), given in zip(results, articles, strict=True))
    assert isinstance(results[1][1], ValueError)
    assert _gold(results[0][1]) == _gold(
        make_doc(nlp, ARTICLES[0]["text"], **_context(ARTICLES[0]))
    )
    assert not isinstance(results[2][1], Exception)
