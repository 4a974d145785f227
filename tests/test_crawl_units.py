"""Crawl stage, the parts that need no network: URLs, the article rule, sources, the archive."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from parsel import Selector
from warcio.archiveiterator import ArchiveIterator

from crawlers.archive import INDEX_NAME, OPEN_SUFFIX, UrlIndex, WarcArchive, recover
from crawlers.middlewares import is_private_address
from crawlers.pages import is_article_page, is_article_url, read_signals
from crawlers.sources import SourcesError, load_rules, load_sources, select_sources
from crawlers.urls import canonicalize, matches_keywords
from pipeline import config

RULES = load_rules()


# --- canonical URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://Portal.co.id/2024/01/29/bimtek/?utm_source=rss&utm_medium=rss#comments",
            "https://portal.co.id/2024/01/29/bimtek/",
        ),
        ("https://portal.co.id/2024/01/29/bimtek/amp/", "https://portal.co.id/2024/01/29/bimtek/"),
        ("https://portal.co.id/berita/x?fbclid=abc&id=7", "https://portal.co.id/berita/x?id=7"),
        ("https://portal.co.id/read?b=2&a=1", "https://portal.co.id/read?a=1&b=2"),
        ("https://amp.portal.co.id/berita/x", "https://portal.co.id/berita/x"),
    ],
)
def test_canonicalize_strips_tracking_fragments_and_amp(url: str, expected: str) -> None:
    assert canonicalize(url, RULES) == expected


def test_canonicalize_keeps_meaningful_parameters() -> None:
    assert canonicalize("https://kab.go.id/?s=inovasi&paged=2", RULES) == (
        "https://kab.go.id/?paged=2&s=inovasi"
    )


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("https://x.id/2024/06/26/pemkab-gelar-rakor-persiapan-iga-2024/", True),
        ("https://x.id/2024/06/26/harga-tiga-komoditas-naik/", False),  # not "iga"
        ("Pemda Berinovasi Lewat Aplikasi", True),  # inovasi inside a word
        ("Laboratorium Inovasi tahap drum-up", True),
        ("Klub Lokal Serang Menang Dua Gol", False),
    ],
)
def test_keyword_matching(text: str, hit: bool) -> None:
    assert matches_keywords(text, RULES.keywords) is hit


# --- the article rule -------------------------------------------------------------------------


def _signals(head: str, url: str = "https://x.id/tentang/"):
    return read_signals(Selector(text=f"<html><head>{head}</head><body></body></html>"), url)


def test_og_type_article_makes_an_article_whatever_the_url() -> None:
    signals = _signals('<meta property="og:type" content="article">')
    assert is_article_page("https://x.id/tentang/", signals, RULES)


def test_jsonld_newsarticle_makes_an_article() -> None:
    head = '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}]}</script>'
    assert is_article_page("https://x.id/p?id=3", _signals(head), RULES)


def test_og_type_website_is_not_an_article_even_with_an_article_url() -> None:
    signals = _signals('<meta property="og:type" content="website">')
    assert not is_article_page("https://x.id/2024/01/29/slug/", signals, RULES)


def test_url_pattern_decides_when_the_page_says_nothing() -> None:
    assert is_article_page("https://x.id/2024/01/29/some-slug/", _signals(""), RULES)
    assert not is_article_page("https://x.id/category/pemerintahan/", _signals(""), RULES)
    assert is_article_url("https://x.id/berita/pemkot-gelar-bimtek-inovasi-12345", RULES)


def test_canonical_and_broken_jsonld_are_read_safely() -> None:
    head = (
        '<link rel="canonical" href="/2024/01/29/slug/">'
        '<script type="application/ld+json">{not json</script>'
    )
    signals = _signals(head, "https://x.id/2024/01/29/slug/amp/")
    assert signals.canonical == "https://x.id/2024/01/29/slug/"
    assert signals.jsonld_types == ()


# --- sources.toml -----------------------------------------------------------------------------


def test_declared_sources_cover_seeds_and_provinces(shared_dir: Path) -> None:
    _, sources = load_sources(config.SOURCES_FILE)
    domains = {d for s in sources for d in s.domains}
    seeds = {
        "compaskotanews.com",
        "bantennews.co.id",
        "metro7.co.id",
        "banggaikep.go.id",
        "lensaexpose.com",
    }
    assert seeds <= domains
    assert len(sources) >= 30
    with open(shared_dir / "data/wilayah/regencies.csv", encoding="utf-8") as fh:
        regencies = {row["code"] for row in csv.DictReader(fh)}
    with open(shared_dir / "data/wilayah/provinces.csv", encoding="utf-8") as fh:
        provinces = {row["code"] for row in csv.DictReader(fh)}
    for source in sources:
        assert source.region_hint in regencies | provinces, source.name
        assert source.sitemaps or source.feeds or source.listings, source.name
    assert len({s.region_hint.split(".")[0] for s in sources}) >= 15


def test_bad_sources_file_gives_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\ndomains = ["x.id"]\nregion_hint = "Serang"\n')
    with pytest.raises(SourcesError, match="region_hint"):
        load_sources(bad)
    bad.write_text('[[source]]\nname = "x"\ndomains = ["x.id"]\nsitemap = ["typo"]\n')
    with pytest.raises(SourcesError, match="unknown keys"):
        load_sources(bad)
    _, sources = load_sources(config.SOURCES_FILE)
    with pytest.raises(SourcesError, match="unknown source"):
        select_sources(sources, ["no-such-portal"])


def test_private_addresses_are_recognised() -> None:
    assert is_private_address("127.0.0.1")
    assert is_private_address("10.1.2.3")
    assert is_private_address("169.254.169.254")
    assert is_private_address("::1")
    assert not is_private_address("103.10.20.30")


# --- the archive ------------------------------------------------------------------------------


def _page(n: int) -> dict:
    url = f"https://portal.co.id/2024/01/{n:02d}/berita-{n}/"
    body = f"<html><body>berita nomor {n}</body></html>".encode()
    return {
        "url": url,
        "canonical_url": url,
        "source": "portal",
        "region_hint": "36.73",
        "status": 200,
        "protocol": "HTTP/1.1",
        "request_method": "GET",
        "request_headers": [("User-Agent", "pantau-test")],
        "response_headers": [("Content-Type", "text/html; charset=UTF-8")],
        "body": body,
        "ip_address": None,
        "fetched_at": datetime(2024, 1, n, tzinfo=UTC),
    }


def _responses(directory: Path) -> list[str]:
    urls = []
    for path in sorted(directory.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    urls.append(record.rec_headers.get_header("WARC-Target-URI"))
    return urls


def test_archive_writes_pairs_rotates_and_indexes(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, max_bytes=1500, software="pantau-test")
    entries = [archive.write_page(_page(n)) for n in range(1, 6)]
    archive.close()
    assert not list(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    assert len(list(tmp_path.glob("*.warc.gz"))) >= 2  # rotated by size
    assert sorted(_responses(tmp_path)) == sorted(e.url for e in entries)
    for entry in entries:  # each index offset points at that page's response record
        with open(tmp_path / entry.warc_file, "rb") as fh:
            fh.seek(entry.offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == entry.url
            assert record.rec_headers.get_header("Pantau-Region-Hint") == "36.73"


def test_recovery_cuts_unindexed_tail_and_keeps_indexed_pages(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, max_bytes=10**9, software="pantau-test")
    for n in range(1, 4):
        archive.write_page(_page(n))
    open_file = next(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    # A crash: one more page on disk but not in the index, then half a gzip member.
    archive.index.db.execute("DELETE FROM pages WHERE canonical_url LIKE '%berita-3/'")
    with open(open_file, "ab") as fh:
        fh.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:25])
    archive._fh.close()  # the process died: nothing else is flushed or renamed
    index = UrlIndex(tmp_path / INDEX_NAME)
    report = recover(tmp_path, index)
    assert report.recovered_files == 1 and report.truncated_bytes > 0
    assert not list(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    assert sorted(_responses(tmp_path)) == sorted(_page(n)["url"] for n in (1, 2))
    assert index.count() == 2
    # A second recovery has nothing to do: re-running is safe.
    again = recover(tmp_path, index)
    assert (again.recovered_files, again.discarded_files, again.lost_entries) == (0, 0, 0)


def test_recovery_discards_a_file_with_no_indexed_page(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, max_bytes=10**9, software="pantau-test")
    archive.write_page(_page(1))
    archive.index.db.execute("DELETE FROM pages")
    archive._fh.close()
    report = recover(tmp_path, UrlIndex(tmp_path / INDEX_NAME))
    assert report.discarded_files == 1
    assert all(p.name.startswith(INDEX_NAME) for p in tmp_path.iterdir())


# --- the demo site's truth ----------------------------------------------------------------------


def test_demo_manifest_describes_a_rich_site() -> None:
    manifest = json.loads((config.DATA_DIR / "demo/manifest.json").read_text(encoding="utf-8"))
    articles = manifest["articles"]
    innovation = [a for a in articles if a["innovation"] and not a["disallowed"]]
    other = [a for a in articles if not a["innovation"] and a["kind"] != "broken"]
    assert len(innovation) >= 24 and len(other) >= 6
    assert len({a["region"] for a in innovation}) >= 8
    assert len({a["province"] for a in innovation}) >= 5
    assert len({a["published"][:7] for a in innovation}) >= 4
    kinds = {a["kind"] for a in innovation}
    assert {"bimtek", "laboratorium_inovasi", "penghargaan", "peluncuran", "kunjungan"} <= kinds
    assert {"pameran", "lomba", "rapat", "verifikasi"} <= kinds
    assert any(a["dup_of"] for a in articles)
    assert any(a["encoding"] == "windows-1252" for a in articles)
    assert any(a["broken"] for a in articles)
    assert any(a["disallowed"] for a in articles)
    site = config.DATA_DIR / "demo/site"
    for article in articles:
        assert (site / article["path"].lstrip("/") / "index.html").is_file(), article["path"]
    assert any(len(pages) >= 3 for pages in manifest["listings"].values())


# --- sitemap helpers ----------------------------------------------------------------------------


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.id/2024/10/07/a/</loc><news:news><news:title>Bimtek Inovasi di Siak</news:title>
</news:news></url></urlset>"""


def test_news_sitemap_titles_and_gzipped_sitemaps() -> None:
    from crawlers.spiders.sitemap import entry_date, news_titles, sitemap_body

    assert news_titles(NEWS_SITEMAP) == {"https://x.id/2024/10/07/a/": "Bimtek Inovasi di Siak"}
    assert sitemap_body(gzip.compress(NEWS_SITEMAP)) == NEWS_SITEMAP
    assert sitemap_body(b"<html><body>not a sitemap</body></html>") is None
    assert str(entry_date({"lastmod": "2024-10-07T10:00:00Z"})) == "2024-10-07"
    assert entry_date({"lastmod": "kemarin"}) is None


# --- the demo server ----------------------------------------------------------------------------


def test_demo_server_types_charsets_and_absolute_urls() -> None:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    from pipeline.demo import load_manifest, serve_demo

    manifest = load_manifest()
    cp1252 = next(a for a in manifest["articles"] if a["encoding"] == "windows-1252")
    server, base = serve_demo()
    try:
        with urlopen(base + cp1252["path"]) as response:
            assert response.headers["Content-Type"] == "text/html; charset=windows-1252"
            body = response.read()
        assert "Kafé".encode("cp1252") in body and f'href="{base}/'.encode() in body
        with urlopen(base + "/feed/") as response:
            assert response.headers["Content-Type"].startswith("application/rss+xml")
        with urlopen(base + "/robots.txt") as response:
            assert f"Sitemap: {base}/sitemap_index.xml" in response.read().decode()
        with pytest.raises(HTTPError) as missing:
            urlopen(base + "/tidak-ada/")
        assert missing.value.code == 404
        with pytest.raises(HTTPError):
            urlopen(base + "/../../pyproject.toml")
    finally:
        server.shutdown()
    assert [e.path for e in server.request_log][:2] == [cp1252["path"], "/feed/"]


# --- the article callback -----------------------------------------------------------------------


def test_article_callback_follows_rel_canonical_and_archives_the_canonical_page() -> None:
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawlers.items import ArchivedPage
    from crawlers.spiders.discover import DiscoverSpider

    crawler = get_crawler(DiscoverSpider)
    spider = DiscoverSpider.from_crawler(crawler, start_url="https://portal.co.id/")
    head = (
        '<meta property="og:type" content="article">'
        '<link rel="canonical" href="https://portal.co.id/2024/03/05/pemkab-luncurkan/">'
    )
    html = f"<html><head>{head}</head><body><p>isi</p></body></html>".encode()

    def fetched(url: str, hops: int = 0) -> HtmlResponse:
        meta = {"pantau_source": "portal.co.id", "pantau_hops": hops}
        return HtmlResponse(url, body=html, request=Request(url, meta=meta), encoding="utf-8")

    printed = list(spider.parse_article(fetched("https://portal.co.id/cetak/?id=55")))
    assert len(printed) == 1 and isinstance(printed[0], Request)
    assert printed[0].url == "https://portal.co.id/2024/03/05/pemkab-luncurkan/"
    assert printed[0].meta["pantau_hops"] == 1

    page = list(spider.parse_article(fetched("https://portal.co.id/2024/03/05/pemkab-luncurkan/")))
    assert len(page) == 1 and isinstance(page[0], ArchivedPage)
    assert page[0]["canonical_url"] == "https://portal.co.id/2024/03/05/pemkab-luncurkan/"
    assert page[0]["body"] == html

    not_article = HtmlResponse(
        "https://portal.co.id/tentang/",
        body=b'<html><head><meta property="og:type" content="website"></head></html>',
        request=Request("https://portal.co.id/tentang/", meta={"pantau_source": "portal.co.id"}),
    )
    assert list(spider.parse_article(not_article)) == []
    assert crawler.stats.get_value("pantau/skipped_not_article") == 1


def test_recovery_leaves_a_live_writers_open_file_alone(tmp_path: Path) -> None:
    import subprocess
    import sys

    archive = WarcArchive(tmp_path, max_bytes=10**9, software="pantau-test")
    archive.write_page(_page(1))
    archive._fh.close()
    own = next(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        parts = own.name.split("-")
        parts[2] = str(live.pid)
        other = own.rename(tmp_path / "-".join(parts))
        index = UrlIndex(tmp_path / INDEX_NAME)
        index.db.execute("UPDATE pages SET warc_file = ?", (other.name.removesuffix(OPEN_SUFFIX),))
        report = recover(tmp_path, index)
        assert report.skipped_live == 1 and report.lost_entries == 0
        assert other.exists() and index.count() == 1
    finally:
        live.kill()
        live.wait()
    assert recover(tmp_path, index).recovered_files == 1  # once its writer is gone
