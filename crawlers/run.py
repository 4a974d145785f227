"""`run_crawl()`: what `pantau crawl` and `pantau demo` call.

Builds the Scrapy settings from crawlers/settings.py plus the CLI's choices, runs one spider in
a CrawlerProcess (Twisted's reactor cannot restart: one crawl per process), and ends with a
summary read from the crawl's stats.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.table import Table
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers import settings as default_settings
from crawlers.distributed import apply_redis
from crawlers.sources import SourcesError, load_sources, select_sources
from crawlers.spiders.discover import DiscoverSpider
from crawlers.spiders.feed import FeedSpider
from crawlers.spiders.listing import ListingSpider
from crawlers.spiders.sitemap import SitemapSpider
from crawlers.spiders.sources import SourcesSpider
from pipeline import config

SPIDERS = {
    "sources": SourcesSpider,
    "sitemap": SitemapSpider,
    "feed": FeedSpider,
    "listing": ListingSpider,
}


class CrawlConfigError(ValueError):
    """The crawl cannot start: bad sources file, unknown source or spider, bad option."""


@dataclass
class CrawlSummary:
    archived: int = 0
    skipped: int = 0
    errors: int = 0
    elapsed: float = 0.0
    out_dir: Path = field(default_factory=lambda: config.RAW_DIR)
    stats: dict = field(default_factory=dict)


def build_settings(
    out_dir: Path,
    max_pages: int | None,
    refresh: bool,
    allow_private: bool,
    throttle: bool,
    overrides: dict[str, str] | None = None,
    progress: bool = True,
) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    chosen = {
        "PANTAU_OUT_DIR": str(out_dir),
        "PANTAU_REFRESH": refresh,
        "PANTAU_ALLOW_PRIVATE": allow_private,
        "LOG_LEVEL": "WARNING",
    }
    if not throttle:
        chosen.update({"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
    if max_pages:
        chosen["CLOSESPIDER_ITEMCOUNT"] = max_pages
        chosen["PANTAU_MAX_PAGES"] = max_pages
    if progress:
        chosen["EXTENSIONS"] = {"crawlers.extensions.RichProgress": 500}
    settings.setdict(chosen, priority="cmdline")
    settings.setdict(overrides or {}, priority="cmdline")
    # Many processes share one frontier when PANTAU_REDIS_URL is set (no-op otherwise).
    apply_redis(settings)
    return settings


def run_crawl(
    sources_file: Path = config.SOURCES_FILE,
    source_names: list[str] | tuple[str, ...] = (),
    start_url: str | None = None,
    out_dir: Path = config.RAW_DIR,
    max_pages: int | None = None,
    since: str | None = None,
    refresh: bool = False,
    allow_private: bool = False,
    throttle: bool = True,
    spider: str = "sources",
    settings_overrides: dict[str, str] | None = None,
    progress: bool = True,
) -> CrawlSummary:
    """Crawl declared sources (or one site by autodiscovery) into WARC files under out_dir."""
    try:
        rules, sources = load_sources(sources_file)
        spider_cls, kwargs = choose_spider(sources, source_names, start_url, spider)
        if since:
            date.fromisoformat(since)
    except (SourcesError, ValueError) as exc:
        raise CrawlConfigError(str(exc)) from exc
    settings = build_settings(
        Path(out_dir), max_pages, refresh, allow_private, throttle, settings_overrides, progress
    )
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    crawler = process.create_crawler(spider_cls)
    started = time.monotonic()
    process.crawl(crawler, rules=rules, since=since, **kwargs)
    process.start()
    summary = summarize(crawler.stats.get_stats(), time.monotonic() - started, Path(out_dir))
    print_summary(summary)
    return summary


def choose_spider(
    sources: list, source_names, start_url: str | None, spider: str
) -> tuple[type, dict]:
    """The spider class and its arguments for this run."""
    if start_url:
        parts = urlsplit(start_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"--start-url needs an absolute http(s) URL, got {start_url!r}")
        return DiscoverSpider, {"start_url": start_url}
    if spider not in SPIDERS:
        raise ValueError(f"unknown spider {spider!r}; choose from {sorted(SPIDERS)}")
    chosen = select_sources(sources, source_names)
    if not chosen:
        raise ValueError("no sources declared")
    return SPIDERS[spider], {"sources": chosen}


def summarize(stats: dict, elapsed: float, out_dir: Path) -> CrawlSummary:
    skipped_keys = (
        "pantau/skipped_archived",
        "pantau/skipped_not_article",
        "pantau/skipped_keywords",
        "pantau/skipped_since",
        "pantau/skipped_offsite",
        "pantau/refused_private",
        "pantau/refused_offsite_redirect",
        "pantau/duplicates_dropped",
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest",
    )
    robots = stats.get("robotstxt/forbidden", 0)
    return CrawlSummary(
        archived=stats.get("pantau/archived", 0),
        skipped=sum(stats.get(k, 0) for k in skipped_keys[:-1]) + robots,
        errors=stats.get("pantau/errors", 0) + stats.get("spider_exceptions/count", 0),
        elapsed=elapsed,
        out_dir=out_dir,
        stats=stats,
    )


def print_summary(summary: CrawlSummary) -> None:
    stats = summary.stats
    table = Table(title="crawl summary", show_header=False)
    rows = [
        ("pages archived", summary.archived),
        ("already archived (not fetched)", stats.get("pantau/skipped_archived", 0)),
        ("not article pages", stats.get("pantau/skipped_not_article", 0)),
        ("filtered by keywords", stats.get("pantau/skipped_keywords", 0)),
        ("older than --since", stats.get("pantau/skipped_since", 0)),
        ("disallowed by robots.txt", stats.get("robotstxt/forbidden", 0)),
        ("refused private addresses", stats.get("pantau/refused_private", 0)),
        ("refused offsite redirects", stats.get("pantau/refused_offsite_redirect", 0)),
        ("robots.txt unreachable (full disallow)", stats.get("pantau/robots_unreachable", 0)),
        ("sitemaps too large (skipped)", stats.get("pantau/sitemaps_too_large", 0)),
        ("waits for Retry-After", stats.get("pantau/retry_after_waits", 0)),
        ("errors", summary.errors),
        ("responses", stats.get("response_received_count", 0)),
        (
            "recovered / discarded .open files",
            "{} / {}".format(
                stats.get("pantau/recovered_files", 0), stats.get("pantau/discarded_files", 0)
            ),
        ),
        ("WARC files closed", len(stats.get("pantau/warc_files", []))),
        ("elapsed", f"{summary.elapsed:.1f} s"),
        ("archive", str(summary.out_dir)),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    console = Console()
    console.print(table)
    if stats.get("pantau/refused_private", 0) and not summary.archived:
        console.print(
            "[yellow]every request went to a loopback/private address and was refused; "
            "pass --allow-private if that is intended[/]"
        )


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """`NAME=VALUE` strings from the command line into a settings dict."""
    parsed = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CrawlConfigError(f"--set expects NAME=VALUE, got {pair!r}")
        parsed[name.strip()] = value.strip()
    return parsed
