"""Scrapy settings for pantau's crawl stage: every knob lives here.

Politeness is the default: robots.txt obeyed, AutoThrottle on, at most two concurrent requests
per domain, a user agent that names the project and a contact URL. `crawlers.run.run_crawl`
overrides only what the CLI asks for (output directory, throttle off for the demo, ...).
"""

from __future__ import annotations

from pipeline import config

BOT_NAME = "pantau"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# --- politeness -------------------------------------------------------------------------------
USER_AGENT = config.USER_AGENT
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- limits -----------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # a news page is < 1 MB; anything far larger is not one
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
# A 429/503 Retry-After is honoured before retrying, but never longer than this (seconds).
RETRY_AFTER_MAX = 60.0
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 20
# Listing/category pages followed per listing entry point (next-page links).
PANTAU_MAX_LISTING_PAGES = 10

# --- pantau -----------------------------------------------------------------------------------
PANTAU_OUT_DIR = str(config.RAW_DIR)
# Loopback/private/link-local addresses are refused unless this is True (the demo sets it).
PANTAU_ALLOW_PRIVATE = False
# Archive at most this many pages in one run (0: no limit); `--max-pages`.
PANTAU_MAX_PAGES = 0
# Follow redirects that leave a source's declared domains (refused and counted otherwise).
PANTAU_ALLOW_OFFSITE_REDIRECTS = False
# Fetch again URLs that the archive index already holds.
PANTAU_REFRESH = False
# WARC files are closed and a new one started when a file reaches this size.
WARC_MAX_BYTES = 100 * 1024 * 1024
# fsync each record before it enters the index: a crash then loses at most the page in flight.
WARC_FSYNC = True

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.AddressGuardMiddleware": 40,
    # Before robots.txt (100): a refused redirect must not even fetch the other host's robots.
    "crawlers.middlewares.OffsiteRedirectMiddleware": 45,
    "crawlers.middlewares.CanonicalUrlMiddleware": 50,
    "crawlers.middlewares.ArchivedUrlMiddleware": 60,
    # Scrapy's own, replaced by subclasses at the same places in the chain.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.StrictRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.RetryAfterMiddleware": 550,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.WarcWriterPipeline": 300,
}

LOG_LEVEL = "INFO"
