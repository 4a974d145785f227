"""What every pantau spider shares: the article decision and the archived item."""

from __future__ import annotations

from datetime import UTC, datetime

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from crawlers.items import ArchivedPage
from crawlers.pages import is_article_page, read_signals
from crawlers.sources import CrawlRules, Source, load_rules
from crawlers.urls import canonicalize, in_domains, matches_keywords

# How many rel=canonical redirections to follow before archiving the page as it is.
MAX_CANONICAL_HOPS = 1


class ArchivingSpider(scrapy.Spider):
    """Base spider: turns article responses into ArchivedPage items.

    Subclasses decide where article links come from (sitemaps, feeds, listings) and call
    `article_request()` for each; this class decides whether a fetched page is an article,
    follows its rel=canonical to one URL, and yields the item the WARC pipeline writes.
    """

    def __init__(
        self,
        sources: list[Source] | None = None,
        rules: CrawlRules | None = None,
        since: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.rules = rules or load_rules()
        self.sources = {s.name: s for s in (sources or [])}
        self.since = datetime.fromisoformat(since).date() if since else None

    # --- requests -----------------------------------------------------------------------------

    def article_request(
        self, url: str, source: Source, title: str | None = None
    ) -> scrapy.Request | None:
        """A request for a candidate article link, or None when the source filters it out."""
        canonical = canonicalize(url, self.rules)
        if not in_domains(canonical, source.domains):
            self.crawler.stats.inc_value("pantau/skipped_offsite")
            return None
        if source.filter_keywords and not matches_keywords(
            f"{canonical} {title or ''}", source.keywords
        ):
            self.crawler.stats.inc_value("pantau/skipped_keywords")
            return None
        return scrapy.Request(
            canonical,
            callback=self.parse_article,
            errback=self.on_article_error,
            meta={"pantau_source": source.name, "pantau_hops": 0},
        )

    def source_of(self, response_or_request) -> Source:
        return self.sources[response_or_request.meta["pantau_source"]]

    # --- responses ----------------------------------------------------------------------------

    def parse_article(self, response: Response):
        source = self.source_of(response)
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("pantau/skipped_not_html")
            return
        signals = read_signals(response.selector, response.url)
        if not is_article_page(response.url, signals, self.rules, source.article_patterns):
            stats.inc_value("pantau/skipped_not_article")
            return
        own = canonicalize(response.url, self.rules)
        declared = canonicalize(signals.canonical, self.rules) if signals.canonical else own
        hops = response.meta.get("pantau_hops", 0)
        if declared != own and in_domains(declared, source.domains) and hops < MAX_CANONICAL_HOPS:
            stats.inc_value("pantau/followed_canonical")
            yield response.request.replace(
                url=declared, meta={**response.meta, "pantau_hops": hops + 1}
            )
            return
        yield self.archived_page(response, own, source)

    def archived_page(self, response: Response, canonical: str, source: Source) -> ArchivedPage:
        request = response.request
        return ArchivedPage(
            url=response.url,
            canonical_url=canonical,
            source=source.name,
            region_hint=source.region_hint,
            status=response.status,
            protocol=response.protocol or "HTTP/1.1",
            request_method=request.method,
            request_headers=_header_pairs(request.headers),
            response_headers=_header_pairs(response.headers),
            body=response.body,
            ip_address=str(response.ip_address) if response.ip_address else None,
            fetched_at=datetime.now(UTC),
        )

    # --- errors -------------------------------------------------------------------------------

    def on_article_error(self, failure) -> None:
        if failure.check(IgnoreRequest):
            return  # robots.txt, already archived, refused address: counted where decided
        self.crawler.stats.inc_value("pantau/errors")
        self.logger.warning("article fetch failed: %s (%s)", failure.request.url, failure.value)

    def on_probe_error(self, failure) -> None:
        """Errback for sitemap/feed/listing fetches: a missing one is normal, not an error."""
        if not failure.check(IgnoreRequest):
            self.crawler.stats.inc_value("pantau/probes_failed")
            self.logger.debug("entry point failed: %s (%s)", failure.request.url, failure.value)


def _header_pairs(headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs
