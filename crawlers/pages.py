"""The one rule that decides what an article page is, shared by every spider.

A page is an article when it says so (`og:type` = article, or JSON-LD of a news/article type);
a page that says it is something else (`og:type` = website) is not; a page that says nothing
is judged by its URL (the article patterns of sources.toml).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from crawlers.sources import CrawlRules


@dataclass(frozen=True)
class PageSignals:
    og_type: str | None
    jsonld_types: tuple[str, ...]
    canonical: str | None
    amphtml: str | None
    title: str | None


def is_article_url(url: str, rules: CrawlRules, patterns: tuple = ()) -> bool:
    """Does this URL look like one article (before fetching it)?"""
    return any(p.search(url) for p in (patterns or rules.article_patterns))


def is_listing_url(url: str, rules: CrawlRules) -> bool:
    """Does this URL look like a category, tag, archive, search or pagination page?"""
    return any(p.search(url) for p in rules.listing_patterns)


def read_signals(selector: Selector, base_url: str) -> PageSignals:
    """What the page's head says about itself."""
    og_type = selector.xpath('//meta[@property="og:type"]/@content').get()
    canonical = selector.xpath('//link[@rel="canonical"]/@href').get()
    amphtml = selector.xpath('//link[@rel="amphtml"]/@href').get()
    return PageSignals(
        og_type=og_type.strip().lower() if og_type else None,
        jsonld_types=tuple(_jsonld_types(selector)),
        canonical=urljoin(base_url, canonical.strip()) if canonical else None,
        amphtml=urljoin(base_url, amphtml.strip()) if amphtml else None,
        title=(selector.xpath("//title/text()").get() or "").strip() or None,
    )


def is_article_page(
    url: str, signals: PageSignals, rules: CrawlRules, patterns: tuple = ()
) -> bool:
    """The shared decision: is this fetched page an article worth archiving?"""
    if signals.og_type == "article" or set(signals.jsonld_types) & set(rules.article_jsonld_types):
        return True
    if signals.og_type is not None:
        return False
    return is_article_url(url, rules, patterns)


def _jsonld_types(selector: Selector) -> Iterator[str]:
    for raw in selector.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # broken JSON-LD is common; the other signals still decide
        yield from _types_in(data)


def _types_in(data: object) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _types_in(item)
    elif isinstance(data, dict):
        kind = data.get("@type")
        if isinstance(kind, str):
            yield kind
        elif isinstance(kind, list):
            yield from (k for k in kind if isinstance(k, str))
        if "@graph" in data:
            yield from _types_in(data["@graph"])
