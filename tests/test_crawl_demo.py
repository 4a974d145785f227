"""The crawl stage end to end: real Scrapy over loopback against the bundled demo portal.

Each crawl runs in a subprocess (`pantau crawl ...`): Twisted's reactor cannot be restarted
inside one pytest process. The demo server runs in this process and logs every request.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.archive import INDEX_NAME, OPEN_SUFFIX
from pipeline.demo import expected_article_paths, load_manifest, serve_demo

PANTAU = Path(sys.executable).parent / "pantau"
MANIFEST = load_manifest()
EXPECTED = expected_article_paths(MANIFEST)
DISALLOWED = [a["path"] for a in MANIFEST["articles"] if a["disallowed"]]


@pytest.fixture(scope="module")
def demo():
    server, base_url = serve_demo()
    yield server, base_url
    server.shutdown()


def crawl(out: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    cmd = [str(PANTAU), "crawl", "--out", str(out), "--allow-private", "--no-throttle", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def sources_file(tmp_path: Path, base_url: str, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nname = "demo"\ndomains = ["127.0.0.1"]\nregion_hint = "36.73"\n'
        "filter_keywords = false\n" + body.replace("BASE", base_url),
        encoding="utf-8",
    )
    return path


def warc_responses(out: Path) -> list[str]:
    urls = []
    for path in sorted(out.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    urls.append(record.rec_headers.get_header("WARC-Target-URI"))
    return urls


def paths_of(urls, base_url: str) -> list[str]:
    return [u.removeprefix(base_url) for u in urls]


def requested_since(server, mark: int) -> list[str]:
    return [entry.path for entry in server.request_log[mark:]]


def test_sitemap_spider_archives_exactly_the_articles_and_obeys_robots(demo, tmp_path):
    server, base = demo
    mark = len(server.request_log)
    src = sources_file(tmp_path, base, 'sitemaps = ["BASE/sitemap_index.xml"]\n')
    crawl(tmp_path / "out", "--sources", str(src), "--spider", "sitemap")
    archived = paths_of(warc_responses(tmp_path / "out"), base)
    assert sorted(archived) == sorted(EXPECTED)
    requested = requested_since(server, mark)
    assert "/robots.txt" in requested
    assert not [p for p in requested if any(p.startswith(d) for d in DISALLOWED)]
    # Every request carries the project's descriptive user agent.
    assert all("pantau" in e.user_agent for e in server.request_log[mark:])


def test_sitemap_since_filter_keeps_only_recent_entries(demo, tmp_path):
    server, base = demo
    src = sources_file(tmp_path, base, 'sitemaps = ["BASE/sitemap_index.xml"]\n')
    crawl(tmp_path / "out", "--sources", str(src), "--spider", "sitemap", "--since", "2024-08-01")
    archived = set(paths_of(warc_responses(tmp_path / "out"), base))
    recent = {
        a["path"]
        for a in MANIFEST["articles"]
        if a["published"] >= "2024-08-01" and not a["disallowed"]
    }
    assert archived == recent
    assert 0 < len(recent) < len(EXPECTED)


def test_feed_spider_archives_the_feed_items_under_clean_urls(demo, tmp_path):
    server, base = demo
    src = sources_file(tmp_path, base, 'feeds = ["BASE/feed/"]\n')
    crawl(tmp_path / "out", "--sources", str(src), "--spider", "feed")
    archived = paths_of(warc_responses(tmp_path / "out"), base)
    assert sorted(archived) == sorted(MANIFEST["feed"])  # the feed links carry utm_* params


def test_max_pages_stops_the_crawl_early(demo, tmp_path):
    server, base = demo
    src = sources_file(tmp_path, base, 'sitemaps = ["BASE/sitemap_index.xml"]\n')
    crawl(tmp_path / "out", "--sources", str(src), "--spider", "sitemap", "--max-pages", "5")
    assert len(warc_responses(tmp_path / "out")) == 5


def test_listing_spider_follows_pagination_and_never_fetches_amp(demo, tmp_path):
    server, base = demo
    mark = len(server.request_log)
    listings = ", ".join(f'"BASE{path}"' for path in MANIFEST["listings"] if path != "/")
    src = sources_file(tmp_path, base, f"listings = [{listings}]\n")
    crawl(tmp_path / "out", "--sources", str(src), "--spider", "listing")
    archived = paths_of(warc_responses(tmp_path / "out"), base)
    assert sorted(archived) == sorted(EXPECTED)
    requested = requested_since(server, mark)
    categories = [pages for root, pages in MANIFEST["listings"].items() if root != "/"]
    deepest = max(categories, key=len)
    assert len(deepest) >= 3
    assert deepest[-1] in requested  # the last page, reached only by next-page links
    assert not [p for p in requested if p.endswith("/amp/")]


def test_sources_spider_combines_entry_points_without_duplicates(demo, tmp_path):
    server, base = demo
    body = (
        'sitemaps = ["BASE/sitemap_index.xml"]\nfeeds = ["BASE/feed/"]\n'
        'listings = ["BASE/category/pemerintahan/"]\n'
    )
    src = sources_file(tmp_path, base, body)
    crawl(tmp_path / "out", "--sources", str(src), "--source", "demo")
    counts = Counter(paths_of(warc_responses(tmp_path / "out"), base))
    assert set(counts) == EXPECTED and set(counts.values()) == {1}


def test_feed_since_filter(demo, tmp_path):
    server, base = demo
    src = sources_file(tmp_path, base, 'feeds = ["BASE/feed/"]\n')
    crawl(tmp_path / "out", "--sources", str(src), "--spider", "feed", "--since", "2024-09-15")
    archived = set(paths_of(warc_responses(tmp_path / "out"), base))
    recent = {
        a["path"] for a in MANIFEST["articles"] if a["in_feed"] and a["published"] >= "2024-09-15"
    }
    assert archived == recent and 0 < len(recent) < len(MANIFEST["feed"])


def test_keyword_filter_keeps_innovation_articles_only(demo, tmp_path):
    server, base = demo
    src = sources_file(tmp_path, base, 'sitemaps = ["BASE/sitemap_index.xml"]\n')
    src.write_text(src.read_text().replace("filter_keywords = false", "filter_keywords = true"))
    crawl(tmp_path / "out", "--sources", str(src), "--spider", "sitemap")
    archived = set(paths_of(warc_responses(tmp_path / "out"), base))
    innovation = {a["path"] for a in MANIFEST["articles"] if a["innovation"]}
    assert archived <= innovation
    assert len(archived) >= 20


def test_private_addresses_are_refused_by_default(demo, tmp_path):
    server, base = demo
    mark = len(server.request_log)
    cmd = [str(PANTAU), "crawl", "--start-url", base + "/", "--out", str(tmp_path / "out")]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "allow-private" in result.stdout
    assert requested_since(server, mark) == []
    assert warc_responses(tmp_path / "out") == []


def test_autodiscovery_archives_every_article_once_and_rerun_fetches_none(demo, tmp_path):
    server, base = demo
    out = tmp_path / "out"
    mark = len(server.request_log)
    crawl(out, "--start-url", base + "/")
    archived = paths_of(warc_responses(out), base)
    assert sorted(archived) == sorted(EXPECTED)
    assert not [p for p in requested_since(server, mark) if p.startswith("/arsip-internal/")]
    check_warc_records(out, base)

    mark = len(server.request_log)
    crawl(out, "--start-url", base + "/")
    again = requested_since(server, mark)
    assert not set(again) & EXPECTED  # no article fetched a second time
    assert sorted(paths_of(warc_responses(out), base)) == sorted(EXPECTED)


def check_warc_records(out: Path, base: str) -> None:
    """Request/response pairs, decoded payloads, the windows-1252 page byte for byte."""
    cp1252 = next(a["path"] for a in MANIFEST["articles"] if a["encoding"] == "windows-1252")
    records: dict[str, dict] = {}
    concurrent = set()
    for path in out.glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "request":
                    concurrent.add(record.rec_headers.get_header("WARC-Concurrent-To"))
                    assert record.http_headers.protocol == "GET"  # warcio: method, then target
                    assert record.http_headers.statusline.startswith("/")
                elif record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    records[url.removeprefix(base)] = {
                        "id": record.rec_headers.get_header("WARC-Record-ID"),
                        "type": record.http_headers.get_header("Content-Type"),
                        "body": record.content_stream().read(),
                    }
    assert {r["id"] for r in records.values()} <= concurrent  # every response has its request
    page = records[cp1252]
    assert "windows-1252" in page["type"]
    assert "“Kafé Inovasi”".encode("cp1252") in page["body"]
    assert b"{{BASE_URL}}" not in page["body"]


def test_killed_crawl_reruns_to_every_article_exactly_once(tmp_path):
    server, base = serve_demo(delay=0.05)  # slow enough to kill mid-run
    out = tmp_path / "out"
    try:
        cmd = [str(PANTAU), "crawl", "--start-url", base + "/", "--out", str(out)]
        cmd += ["--allow-private", "--no-throttle", "--set", "WARC_MAX_BYTES=12000"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_index(out / INDEX_NAME, at_least=8, proc=proc)
            # Kill while a file is being written, so the rerun has one to recover (files rotate
            # every few pages here, and the next one opens with its first record).
            writing = wait_for(lambda: any(out.glob(f"*{OPEN_SUFFIX}")), proc=proc)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        before = indexed(out / INDEX_NAME)
        assert 8 <= len(before) < len(EXPECTED), "the kill must land mid-crawl"
        assert writing, "a file being written carries the .open suffix"

        crawl(out, "--start-url", base + "/")
        assert not list(out.glob(f"*{OPEN_SUFFIX}"))
        counts = Counter(paths_of(warc_responses(out), base))
        assert set(counts) == EXPECTED
        assert set(counts.values()) == {1}  # exactly once, across every WARC file
        assert len(indexed(out / INDEX_NAME)) == len(EXPECTED)
        assert len(list(out.glob("*.warc.gz"))) >= 3  # rotated by size
    finally:
        server.shutdown()


def wait_for(condition, proc: subprocess.Popen, limit: float = 10) -> bool:
    deadline = time.monotonic() + limit
    while not condition() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    return bool(condition())


def indexed(index: Path) -> list[str]:
    with sqlite3.connect(index) as db:
        return [row[0] for row in db.execute("SELECT canonical_url FROM pages")]


def wait_for_index(index: Path, at_least: int, proc: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the crawl ended before it could be killed"
        if index.exists():
            try:
                if len(indexed(index)) >= at_least:
                    return
            except sqlite3.OperationalError:
                pass  # table not created yet
        time.sleep(0.05)
    raise AssertionError("the crawl did not archive enough pages in time")
