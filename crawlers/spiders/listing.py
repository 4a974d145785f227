"""Listing spider: category, tag and search pages, their article links and next pages."""

from __future__ import annotations

import scrapy
from scrapy.linkextractors import LinkExtractor

from crawlers.pages import is_article_url, is_listing_url
from crawlers.sources import Source
from crawlers.spiders.base import ArchivingSpider
from crawlers.urls import canonicalize, in_domains

NEXT_PAGE_XPATHS = (
    '//link[@rel="next"]/@href',
    '//a[@rel="next"]/@href',
    '//a[contains(concat(" ", normalize-space(@class), " "), " next ")]/@href',
    '//a[contains(@class, "nextpostslink")]/@href',
)


class ListingMixin:
    """Article links and next-page links of listing pages, bounded per entry point."""

    link_extractor = LinkExtractor(unique=True)

    def listing_request(
        self, url: str, source: Source, page: int = 1, explore: bool = False
    ) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_probe_error,
            meta={"pantau_source": source.name, "pantau_page": page, "pantau_explore": explore},
        )

    def max_listing_pages(self, source: Source) -> int:
        return source.max_listing_pages or self.settings.getint("PANTAU_MAX_LISTING_PAGES")

    def search_requests(self, source: Source):
        if not source.search:
            return
        for keyword in source.keywords:
            yield self.listing_request(source.search.format(query=keyword), source)

    def parse_listing(self, response):
        source = self.source_of(response)
        page = response.meta.get("pantau_page", 1)
        explore = response.meta.get("pantau_explore", False)
        if not hasattr(response, "xpath"):
            return
        self.crawler.stats.inc_value("pantau/listing_pages")
        for link in self.link_extractor.extract_links(response):
            url = canonicalize(link.url, self.rules)
            if not in_domains(url, source.domains):
                continue
            if is_article_url(url, self.rules, source.article_patterns):
                request = self.article_request(url, source, link.text)
                if request is not None:
                    yield request
            elif explore and is_listing_url(url, self.rules):
                # Autodiscovery: category/tag pages reached from the start page.
                yield self.listing_request(url, source, page=1, explore=False)
        if page >= self.max_listing_pages(source):
            return
        for xpath in NEXT_PAGE_XPATHS:
            href = response.xpath(xpath).get()
            if href:
                next_url = canonicalize(response.urljoin(href), self.rules)
                if in_domains(next_url, source.domains):
                    yield self.listing_request(next_url, source, page=page + 1, explore=explore)
                break


class ListingSpider(ListingMixin, ArchivingSpider):
    """Crawls the listing and search pages declared in sources.toml."""

    name = "listing"

    async def start(self):
        for source in self.sources.values():
            for url in source.listings:
                yield self.listing_request(url, source)
            for request in self.search_requests(source):
                yield request
