"""What spiders yield: one fetched page worth archiving."""

from __future__ import annotations

import scrapy


class ArchivedPage(scrapy.Item):
    """An article page as fetched, with everything a WARC request/response pair needs."""

    url = scrapy.Field()  # as fetched (after redirects)
    canonical_url = scrapy.Field()  # the index key: tracking parameters, AMP, fragments removed
    source = scrapy.Field()  # name in sources.toml (or the host, for autodiscovery)
    region_hint = scrapy.Field()  # Kemendagri code or None
    status = scrapy.Field()
    protocol = scrapy.Field()  # "HTTP/1.1"
    request_method = scrapy.Field()
    request_headers = scrapy.Field()  # list of (name, value) str pairs
    response_headers = scrapy.Field()  # list of (name, value) str pairs
    body = scrapy.Field()  # bytes, decoded from any Content-Encoding
    ip_address = scrapy.Field()
    fetched_at = scrapy.Field()  # datetime (UTC)
