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
