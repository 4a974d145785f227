"""Downloader middlewares: which requests may leave, and under which URL.

- AddressGuardMiddleware: no loopback, private, link-local or reserved addresses unless
  PANTAU_ALLOW_PRIVATE (a crawler fed URLs from the web must not reach the local network).
- CanonicalUrlMiddleware: every request goes out under its canonical URL (no fragment,
  tracking parameters or AMP variant), so the dupe filter sees one URL per article.
- ArchivedUrlMiddleware: a URL already in the archive index is not fetched again unless
  PANTAU_REFRESH (incremental crawling; the index survives crashes).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawlers.archive import INDEX_NAME, UrlIndex
from crawlers.sources import load_rules
from crawlers.urls import canonicalize

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
