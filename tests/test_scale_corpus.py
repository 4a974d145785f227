"""The synthetic corpus generator (bench/corpus.py): deterministic, valid WARC, both formats."""

from __future__ import annotations

import json
from collections import Counter

from warcio.archiveiterator import ArchiveIterator

from bench.corpus import generate_pages, load_regions, write_corpus


def _records(path):
    with path.open("rb") as fh:
        return [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(fh)
        ]


def test_same_seed_same_pages_other_seed_other_pages():
    first = [p.html for p in generate_pages(20, seed=3)]
    again = [p.html for p in generate_pages(20, seed=3)]
    other = [p.html for p in generate_pages(20, seed=4)]
    assert first == again
    assert sum(a != b for a, b in zip(first, other, strict=True)) >= 18


def test_page_depends_only_on_its_index():
    whole = list(generate_pages(30, seed=5))
    tail = list(generate_pages(10, seed=5, start=20))
    assert [p.html for p in whole[20:]] == [p.html for p in tail]


def test_pages_look_like_regional_portal_articles():
    pages = list(generate_pages(200, seed=11))
    kinds = Counter(p.kind for p in pages)
    assert kinds["innovation"] > 80 and kinds["other"] > 40
    codes = {r.code for r in load_regions()}
    for page in pages:
        assert page.region_code in codes
        assert page.domain.endswith(".id") and page.url.startswith(f"https://{page.domain}/")
        assert "Baca" in page.html or "Berita Lainnya" in page.html  # inline boilerplate
        assert '<nav class="main-navigation">' in page.html and "<footer" in page.html
        assert 20_000 < len(page.html) < 200_000  # WordPress-sized, theme CSS/JS included
    assert len({p.url for p in pages}) == len(pages)
    assert any("Nopember" in p.html or "Pebruari" in p.html or "Jum'at" in p.html for p in pages)


def test_pantau_format_writes_request_response_pairs(tmp_path):
    files = write_corpus(tmp_path, n=25, seed=2, per_file=10)
    assert [f.name for f in files] == [f"synthetic-{i:05d}.warc.gz" for i in range(3)]
    records = [r for f in files for r in _records(f)]
    types = Counter(t for t, _, _ in records)
    assert types == {"warcinfo": 3, "request": 25, "response": 25}
    manifest = [json.loads(line) for line in (tmp_path / "manifest.jsonl").open()]
    responses = [(u, body) for t, u, body in records if t == "response"]
    assert [m["url"] for m in manifest] == [u for u, _ in responses]
    assert all(b"200 OK" not in body and b"<!DOCTYPE html>" in body for _, body in responses)
    assert not list(tmp_path.glob("*.tmp"))


def test_cc_news_format_mixes_domains_and_languages(tmp_path):
    files = write_corpus(tmp_path, n=120, seed=2, fmt="cc-news", per_file=200)
    records = _records(files[0])
    assert Counter(t for t, _, _ in records) == {"warcinfo": 1, "response": 120}
    manifest = [json.loads(line) for line in (tmp_path / "manifest.jsonl").open()]
    kinds = Counter(m["kind"] for m in manifest)
    assert set(kinds) == {"innovation", "other", "national_com", "english_id", "foreign"}
    for row in manifest:
        keep = row["domain"].endswith(".id") and row["lang"] == "id"
        assert row["expected_keep"] == keep, row
    assert {m["lang"] for m in manifest} >= {"id", "en", "fr"}
    # A CC-NEWS file is not pantau's own archive: its warcinfo must not claim to be.
    assert b"pantau" not in records[0][2].lower()
