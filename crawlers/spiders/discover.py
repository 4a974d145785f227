"""Autodiscovery of a site never seen before (`pantau crawl --start-url URL`).

Probes robots.txt `Sitemap:` lines, the usual sitemap and feed paths, feeds announced in the
start page's head, and listing pages linked from the start page; each entry point is handled
by the same code as the declared-source spiders.
"""

from __future__ import annotations

from urllib.parse import urljoin

import scrapy

from crawlers.sources import Source
from crawlers.spiders.base import ArchivingSpider
from crawlers.spiders.feed import FeedMixin
from crawlers.spiders.listing import ListingMixin
from crawlers.spiders.sitemap import SitemapMixin
from crawlers.urls import host_of

FEED_LINK_XPATH = (
    '//link[@rel="alternate" and (@type="application/rss+xml" or @type="application/atom+xml")]'
    "/@href"
)


class DiscoverSpider(SitemapMixin, FeedMixin, ListingMixin, ArchivingSpider):
    name = "discover"

    def __init__(self, start_url: str, region_hint: str | None = None, **kwargs) -> None:
        host = host_of(start_url)
        if not host:
            raise ValueError(f"--start-url needs an absolute http(s) URL, got {start_url!r}")
        source = Source(
            name=host,
            domains=(host,),
            region_hint=region_hint,
            filter_keywords=False,  # an unknown site: keep every article, extract decides
        )
        super().__init__(sources=[source], **kwargs)
        self.start_url = start_url
        self.source = source

    async def start(self):
        root = urljoin(self.start_url, "/")
        yield scrapy.Request(
            urljoin(root, "/robots.txt"),
            callback=self.parse_robots,
            errback=self.on_probe_error,
            meta={"pantau_source": self.source.name},
        )
        for path in self.rules.sitemap_paths:
            yield self.sitemap_request(urljoin(root, path), self.source)
        for path in self.rules.feed_paths:
            yield self.feed_request(urljoin(root, path), self.source)
        yield scrapy.Request(
            self.start_url,
            callback=self.parse_start_page,
            errback=self.on_probe_error,
            meta={"pantau_source": self.source.name, "pantau_page": 1, "pantau_explore": True},
        )

    def parse_start_page(self, response):
        if hasattr(response, "xpath"):
            for href in response.xpath(FEED_LINK_XPATH).getall():
                yield self.feed_request(response.urljoin(href), self.source)
        yield from self.parse_listing(response)
