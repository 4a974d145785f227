"""Downloader middlewares: which requests may leave, and under which URL.

- AddressGuardMiddleware: no loopback, private, link-local or reserved addresses unless
  PANTAU_ALLOW_PRIVATE (a crawler fed URLs from the web must not reach the local network).
- CanonicalUrlMiddleware: every request goes out under its canonical URL (no fragment,
  tracking parameters or AMP variant), so the dupe filter sees one URL per article.
- ArchivedUrlMiddleware: a URL already in the archive index is not fetched again unless
  PANTAU_REFRESH (incremental crawling; the index survives crashes).
- OffsiteRedirectMiddleware: a redirect may not take the crawl to a host outside the source's
  declared domains unless PANTAU_ALLOW_OFFSITE_REDIRECTS.
- RetryAfterMiddleware: Scrapy's retries, waiting what a 429/503 Retry-After asks (capped).
- StrictRobotsTxtMiddleware: Scrapy's robots.txt handling, but an unreachable robots.txt
  (5xx or network error) means "disallow all", as RFC 9309 section 2.3.1.3 says.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import sleep
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.response import response_status_message

from crawlers.archive import INDEX_NAME, UrlIndex
from crawlers.sources import load_rules
from crawlers.urls import canonicalize, host_of, in_domains

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def resolve_addresses(host: str) -> tuple[str, ...]:
    """IP addresses of a host (cached: one lookup per host per run)."""
    try:
        return (str(ipaddress.ip_address(host)),)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return ()  # unresolvable: the download itself will fail with a clear DNS error
    return tuple(sorted({info[4][0] for info in infos}))


def is_private_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


class AddressGuardMiddleware:
    def __init__(self, allow_private: bool, stats) -> None:
        self.allow_private = allow_private
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("PANTAU_ALLOW_PRIVATE"), crawler.stats)

    def process_request(self, request, spider=None):
        if self.allow_private:
            return None
        host = urlsplit(request.url).hostname or ""
        if any(is_private_address(a) for a in resolve_addresses(host)):
            self.stats.inc_value("pantau/refused_private")
            raise IgnoreRequest(
                f"refused private/loopback address for {host} (see --allow-private)"
            )
        return None


class CanonicalUrlMiddleware:
    def __init__(self) -> None:
        self.rules = load_rules()

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_request(self, request, spider=None):
        if request.url.endswith("/robots.txt"):
            return None
        canonical = canonicalize(request.url, self.rules)
        if canonical != request.url:
            # Re-scheduled under its canonical URL: the dupe filter then drops repeats.
            return request.replace(url=canonical)
        return None


class ArchivedUrlMiddleware:
    def __init__(self, out_dir: Path, refresh: bool, stats) -> None:
        self.out_dir = out_dir
        self.refresh = refresh
        self.stats = stats
        self._index: UrlIndex | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            Path(settings.get("PANTAU_OUT_DIR")), settings.getbool("PANTAU_REFRESH"), crawler.stats
        )

    def process_request(self, request, spider=None):
        if self.refresh:
            return None
        if self._index is None:
            # Opened lazily: the WARC pipeline has recovered the archive by the first request.
            self._index = UrlIndex(self.out_dir / INDEX_NAME)
        if request.url in self._index:
            self.stats.inc_value("pantau/skipped_archived")
            raise IgnoreRequest(f"already archived: {request.url}")
        return None


class OffsiteRedirectMiddleware:
    """Refuses a redirect (3xx or meta refresh) that leaves the source's declared domains.

    Scrapy's OffsiteMiddleware needs `allowed_domains` on the spider, and pantau's spiders
    crawl several sources at once, each with its own domains: the allowed set here comes from
    the request's source (`pantau_source` meta; for --start-url, the start URL's host).
    """

    def __init__(self, allow_offsite: bool, stats) -> None:
        self.allow_offsite = allow_offsite
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        o = cls(crawler.settings.getbool("PANTAU_ALLOW_OFFSITE_REDIRECTS"), crawler.stats)
        o.crawler = crawler
        return o

    def process_request(self, request, spider=None):
        if self.allow_offsite or not request.meta.get("redirect_urls"):
            return None
        domains = self._domains_of(request)
        if domains is None or in_domains(request.url, domains):
            return None
        origin = request.meta["redirect_urls"][0]
        self.stats.inc_value("pantau/refused_offsite_redirect")
        logger.info("refused redirect off the source's domains: %s -> %s", origin, request.url)
        raise IgnoreRequest(
            f"redirect to {host_of(request.url)} leaves the source's domains "
            "(see PANTAU_ALLOW_OFFSITE_REDIRECTS)"
        )

    def _domains_of(self, request) -> tuple[str, ...] | None:
        """The domains the request's source may be crawled on; None when it names no source."""
        sources = getattr(self.crawler.spider, "sources", None) or {}
        source = sources.get(request.meta.get("pantau_source"))
        return tuple(source.domains) if source is not None else None


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a Retry-After header (delta-seconds or HTTP-date); None if absent/bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but a 429/503 with Retry-After is retried only after the wait.

    Scrapy 2.19 has no built-in Retry-After support. The wait is an awaited, reactor-friendly
    sleep (other requests keep flowing); it is capped at RETRY_AFTER_MAX seconds so a server
    cannot park the crawler, and retries stay bounded by RETRY_TIMES as before.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 60.0)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked:
            delay = min(asked, self.retry_after_max)
            self.crawler.stats.inc_value("pantau/retry_after_waits")
            logger.debug("Retry-After: waiting %.1f s before retrying %s", delay, request.url)
            await sleep(delay)
        return retry


# Full disallow, in robots.txt terms: what an unreachable robots.txt means (RFC 9309).
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """robots.txt per RFC 9309: 4xx -> crawl freely; 5xx or unreachable -> assume full disallow.

    Scrapy parses a 5xx body as if it were the file (usually: no rules, so allow all) and
    allows all after a network error; both are overridden here, counted and logged.
    """

    async def _parse_robots(self, response, netloc, request) -> None:
        if response.status >= 500:
            self._stats.inc_value("pantau/robots_unreachable")
            logger.warning(
                "robots.txt of %s answered %d: assuming full disallow (RFC 9309)",
                netloc,
                response.status,
            )
            response = response.replace(body=DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)  # refused before fetching: decided elsewhere
            return
        self._stats.inc_value("pantau/robots_unreachable")
        logger.warning("robots.txt of %s unreachable (%s): assuming full disallow", netloc, exc)
        deferred = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        deferred.callback(parser)
