"""Sitemap spider: sitemap indexes, sitemaps and news sitemaps, with a `lastmod` filter."""

from __future__ import annotations

from datetime import date, datetime

import scrapy
from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawlers.sources import Source
from crawlers.spiders.base import ArchivingSpider

GZIP_MAGIC = b"\x1f\x8b"


class SitemapMixin:
    """Parsing of robots.txt Sitemap: lines, sitemap indexes and url sets.

    Scrapy's SitemapSpider does this for a spider of its own; pantau composes sitemaps with
    feeds and listings in one spider, so it uses Scrapy's sitemap parser (`Sitemap`,
    `sitemap_urls_from_robots`) inside a callback instead.
    """

    def sitemap_request(self, url: str, source: Source) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_sitemap,
            errback=self.on_probe_error,
            meta={"pantau_source": source.name},
        )

    def parse_robots(self, response):
        source = self.source_of(response)
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self.sitemap_request(url, source)

    def parse_sitemap(self, response):
        source = self.source_of(response)
        max_size = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        try:
            body = sitemap_body(response.body, max_size)
        except SitemapTooLarge as exc:
            self.crawler.stats.inc_value("pantau/sitemaps_too_large")
            self.logger.warning("sitemap skipped: %s %s", response.url, exc)
            return
        if body is None:
            self.crawler.stats.inc_value("pantau/sitemaps_unreadable")
            return
        try:
            sitemap = Sitemap(body)
        except (etree.XMLSyntaxError, StopIteration):
            self.crawler.stats.inc_value("pantau/sitemaps_unreadable")
            return
        self.crawler.stats.inc_value("pantau/sitemaps_read")
        titles = news_titles(body) if sitemap.type == "urlset" else {}
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if self.too_old(entry_date(entry)):
                self.crawler.stats.inc_value("pantau/skipped_since")
                continue
            if sitemap.type == "sitemapindex":
                yield self.sitemap_request(loc, source)
            elif sitemap.type == "urlset":
                request = self.article_request(loc, source, titles.get(loc))
                if request is not None:
                    yield request

    def too_old(self, when: date | None) -> bool:
        return self.since is not None and when is not None and when < self.since


class SitemapTooLarge(ValueError):
    """A gzipped sitemap inflates beyond DOWNLOAD_MAXSIZE (a gzip bomb, or simply too big)."""


def sitemap_body(body: bytes, max_size: int = 0) -> bytes | None:
    """The XML of a sitemap, gunzipped when served as .xml.gz; None when it is not XML.

    Inflation stops as soon as it passes max_size bytes (0: no cap), raising SitemapTooLarge:
    a 1 MB gzip bomb would otherwise take a gigabyte of memory.
    """
    if body.startswith(GZIP_MAGIC):
        try:
            body = gunzip(body, max_size=max_size)
        except OSError:
            return None
        except ValueError as exc:  # scrapy's _DecompressionMaxSizeExceeded (private class)
            raise SitemapTooLarge(f"inflates past DOWNLOAD_MAXSIZE ({max_size} B)") from exc
    head = body.lstrip()[:200].lower()
    return (
        body
        if head.startswith(b"<?xml") or b"<urlset" in head or b"<sitemapindex" in head
        else None
    )


def entry_date(entry: dict) -> date | None:
    """`lastmod` (or a news sitemap's publication date, which Scrapy's parser flattens away)."""
    raw = entry.get("lastmod")
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def news_titles(body: bytes) -> dict[str, str]:
    """loc -> news:title of a Google news sitemap (used by the keyword filter)."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return {}
    if root is None:
        return {}
    titles = {}
    for url in root.iterfind("{*}url"):
        loc = url.findtext("{*}loc")
        title = url.findtext("{*}news/{*}title")
        if loc and title:
            titles[loc.strip()] = title.strip()
    return titles


class SitemapSpider(SitemapMixin, ArchivingSpider):
    """Crawls the sitemaps declared in sources.toml."""

    name = "sitemap"

    async def start(self):
        for source in self.sources.values():
            for url in source.sitemaps:
                yield self.sitemap_request(url, source)
