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
import socket
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
    extensions = dict(
        settings.getdict("EXTENSIONS")
        if hasattr(settings, "getdict")
        else settings.get("EXTENSIONS") or {}
    )
    extensions[f"{__name__}.SharedFrontierKeepAlive"] = 600
    overlay["EXTENSIONS"] = extensions
    overlay["PANTAU_REDIS_PREFIX"] = prefix
    if hasattr(settings, "setdict"):
        settings.setdict(overlay, priority="cmdline")
    else:
        settings.update(overlay)
    return True


class SharedFrontierKeepAlive:
    """Keep an idle crawler open while another crawler of the fleet is still busy.

    Scrapy closes a spider as soon as its own scheduler is empty. With a shared frontier that
    is too early: a peer still fetching pages will put new requests on the queue a moment
    later, and a process that has gone would leave all of them to that one peer. Each
    crawler therefore marks itself busy in Redis (a key with a short TTL, refreshed on every
    request and response); an idle one stays while the shared queue holds requests or a peer's
    busy mark is alive, and closes when the whole fleet is done.
    """

    BUSY_TTL_SECONDS = 10

    def __init__(self, crawler) -> None:
        from scrapy import signals
        from scrapy_redis.connection import get_redis_from_settings

        self.redis = get_redis_from_settings(crawler.settings)
        self.prefix = crawler.settings.get("PANTAU_REDIS_PREFIX", "pantau")
        self.queue_key = crawler.settings.get("SCHEDULER_QUEUE_KEY")
        self.me = f"{socket.gethostname()}:{os.getpid()}"
        crawler.signals.connect(self.busy, signal=signals.request_scheduled)
        crawler.signals.connect(self.busy, signal=signals.response_received)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _busy_key(self, spider_name: str, who: str) -> str:
        return f"{self.prefix}:{spider_name}:busy:{who}"

    def busy(self, *args, spider=None, **kwargs) -> None:
        name = getattr(spider, "name", "spider")
        self.redis.set(self._busy_key(name, self.me), 1, ex=self.BUSY_TTL_SECONDS)

    def idle(self, spider) -> None:
        from scrapy.exceptions import DontCloseSpider

        self.redis.delete(self._busy_key(spider.name, self.me))
        queue = self.queue_key % {"spider": spider.name}
        # The priority queue is a sorted set; a FIFO/LIFO queue would be a list.
        kind = self.redis.type(queue)
        pending = self.redis.zcard(queue) if kind == b"zset" else self.redis.llen(queue)
        peers = list(self.redis.scan_iter(self._busy_key(spider.name, "*")))
        if pending or peers:
            raise DontCloseSpider

    def closed(self, spider, reason=None) -> None:
        self.redis.delete(self._busy_key(spider.name, self.me))


def clear_frontier(redis_url: str, prefix: str = "pantau") -> int:
    """Delete a finished crawl's queue and fingerprints (`SCHEDULER_PERSIST` keeps them)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    return client.delete(*keys) if keys else 0
