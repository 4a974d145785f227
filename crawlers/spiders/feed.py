"""Feed spider: RSS and Atom feeds (parsed with feedparser)."""

from __future__ import annotations

from datetime import date

import feedparser
import scrapy

from crawlers.sources import Source
from crawlers.spiders.base import ArchivingSpider


class FeedMixin:
    def feed_request(self, url: str, source: Source) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_feed,
            errback=self.on_probe_error,
            meta={"pantau_source": source.name},
        )

    def parse_feed(self, response):
        source = self.source_of(response)
        parsed = feedparser.parse(response.body)
        if not parsed.entries:
            self.crawler.stats.inc_value("pantau/feeds_empty")
            return
        self.crawler.stats.inc_value("pantau/feeds_read")
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                continue
            when = entry.get("published_parsed") or entry.get("updated_parsed")
            if self.since and when and date(*when[:3]) < self.since:
                self.crawler.stats.inc_value("pantau/skipped_since")
                continue
            request = self.article_request(response.urljoin(link), source, entry.get("title"))
            if request is not None:
                yield request


class FeedSpider(FeedMixin, ArchivingSpider):
    """Crawls the feeds declared in sources.toml."""

    name = "feed"

    async def start(self):
        for source in self.sources.values():
            for url in source.feeds:
                yield self.feed_request(url, source)
