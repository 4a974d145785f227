"""Extract's NLP keeps spaCy's vocabulary from growing with the collection (issue 8).

Every article of real news brings names, numbers and typos spaCy has never seen; kept in the
vocabulary they would make a worker's memory grow with the number of articles it extracts.
`pipeline.extract._nlp_docs` runs each batch in a spaCy memory zone and the Docs are turned
into rows inside it.
"""

from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.nlp import NLP_BATCH, load_pipeline
from pipeline.nlp.export import doc_to_rows


class _Context:
    def __init__(self, nlp):
        self.nlp = nlp

    def pipeline(self):
        return self.nlp


def _article(n: int) -> dict:
    # Made-up words, one set per article: none of them can be in the vocabulary already.
    text = (
        f"Kepala Bappeda Kabupaten Sleman, Qorvintel Zabrunoka{n}, membuka bimtek inovasi "
        f"Xelvoprak{n} di Aula Bappeda pada Rabu (3/5). Sebanyak {100 + n} peserta dari 17 OPD "
        "mengikuti kegiatan tersebut hingga selesai."
    )
    return {"text": text, "url": f"https://sleman.example.id/berita/{n}"}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_new_words_of_a_batch_leave_the_vocabulary(nlp):
    articles = [_article(n) for n in range(2 * NLP_BATCH + 3)]
    list(extract._nlp_docs(articles[:1], _Context(nlp)))  # warm: the pipeline's own strings
    before = len(nlp.vocab.strings)
    seen = []
    for article, doc in extract._nlp_docs(articles, _Context(nlp)):
        rows = doc_to_rows(doc)  # inside the zone, as process_file does
        seen.append((article["url"], doc.text, rows))
    assert len(seen) == len(articles)
    # The Docs were whole while used: their text, and facts read from it.
    assert all(
        text == article["text"] for article, (_, text, _) in zip(articles, seen, strict=True)
    )
    assert all(rows["counts"] for _, _, rows in seen)
    assert len(nlp.vocab.strings) <= before + 50  # not ~4 new strings per article
