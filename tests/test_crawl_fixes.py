"""Unit checks for the crawl/extract reliability fixes (issues 2, 3, 9).

The end-to-end behaviour is in tests/test_reliability_crawl.py, test_reliability_extract.py and
test_scale_cc_news.py; these pin the small pieces those runs rely on.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from crawlers.middlewares import retry_after_seconds
from crawlers.spiders.sitemap import SitemapTooLarge, sitemap_body
from pipeline import records

URLSET = (
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    + b"<url><loc>https://portal.example.id/berita/1.html</loc></url>" * 2000
    + b"</urlset>"
)


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2024, 5, 6, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"7", now) == 7.0
    assert retry_after_seconds("Mon, 06 May 2024 10:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Mon, 06 May 2024 09:00:00 GMT", now) == 0.0  # in the past
    assert retry_after_seconds(b"soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_gzipped_sitemap_inflation_is_capped():
    packed = gzip.compress(URLSET)
    assert sitemap_body(packed, max_size=len(URLSET)) == URLSET
    with pytest.raises(SitemapTooLarge):
        sitemap_body(packed, max_size=len(URLSET) // 2)


def test_page_over_the_cap_is_skipped_as_too_large(tmp_path, monkeypatch):
    page = tmp_path / "besar.html"
    page.write_bytes(b"<html><body>" + b"<p>isi berita</p>" * 100 + b"</body></html>")
    monkeypatch.setattr(records, "MAX_PAGE_BYTES", 1000)
    skip = records._read_loose(page)
    assert isinstance(skip, records.Skip) and skip.reason == "too_large"
    monkeypatch.setattr(records, "MAX_PAGE_BYTES", 10_000)
    assert isinstance(records._read_loose(page), records.RawPage)


def test_source_index_carries_region_hint(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "portal-uji"\ndomains = ["portaluji.go.id"]\nregion_hint = "36.73"\n',
        encoding="utf-8",
    )
    found = records.SourceIndex.load(sources).lookup("https://www.portaluji.go.id/berita/1")
    assert found == {"source": "portal-uji", "region_hint": "36.73"}
