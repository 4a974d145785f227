"""The default spider for declared sources: sitemaps, feeds, listings and searches in one crawl.

One crawler (one dupe filter, one WARC writer) for all entry points, so a link found in both a
sitemap and a feed is fetched once.
"""

from __future__ import annotations

from crawlers.spiders.base import ArchivingSpider
from crawlers.spiders.feed import FeedMixin
from crawlers.spiders.listing import ListingMixin
from crawlers.spiders.sitemap import SitemapMixin


class SourcesSpider(SitemapMixin, FeedMixin, ListingMixin, ArchivingSpider):
    name = "sources"

    async def start(self):
        for source in self.sources.values():
            for url in source.sitemaps:
                yield self.sitemap_request(url, source)
            for url in source.feeds:
                yield self.feed_request(url, source)
            for url in source.listings:
                yield self.listing_request(url, source)
            for request in self.search_requests(source):
                yield request
