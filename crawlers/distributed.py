"""The switch that makes many crawler processes share one frontier (scrapy-redis).

Set `PANTAU_REDIS_URL` (or call `apply_redis(settings, url)`) and every crawler process,
on one machine or many, uses one Redis for its request queue and its seen-request
fingerprints: a URL is scheduled once for the whole fleet, so each page is fetched and
archived once. Without it the crawl is the ordinary single-process Scrapy crawl.

This is a settings overlay, not a separate crawler: spiders, middlewares (address guard,
archived-URL check) and the WARC writer stay exactly the same.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

REDIS_URL_ENV = "PANTAU_REDIS_URL"
REDIS_PREFIX_ENV = "PANTAU_REDIS_PREFIX"


def redis_settings(redis_url: str, prefix: str = "pantau") -> dict[str, object]:
    """Scrapy settings for the scrapy-redis scheduler and dupefilter on `redis_url`."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
        # Persist: the first process to go idle must not flush the queue and fingerprints
        # that the others are still working from (scrapy-redis flushes on close otherwise).
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
    }


def apply_redis(
    settings: MutableMapping, redis_url: str | None = None, prefix: str | None = None
) -> bool:
    """Overlay the shared-frontier settings when a Redis URL is given or in the environment.

    Works on a plain dict or a `scrapy.settings.Settings` (priority "cmdline": it wins over the
    project's settings.py). Returns True when the shared frontier is on.
    """
    redis_url = redis_url or os.environ.get(REDIS_URL_ENV)
    if not redis_url:
        return False
    prefix = prefix or os.environ.get(REDIS_PREFIX_ENV, "pantau")
    overlay = redis_settings(redis_url, prefix)
    if hasattr(settings, "setdict"):
        settings.setdict(overlay, priority="cmdline")
    else:
        settings.update(overlay)
    return True


def clear_frontier(redis_url: str, prefix: str = "pantau") -> int:
    """Delete a finished crawl's queue and fingerprints (`SCHEDULER_PERSIST` keeps them)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    return client.delete(*keys) if keys else 0
