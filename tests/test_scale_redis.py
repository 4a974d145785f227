"""Two crawler processes share one Redis frontier: every demo article archived exactly once.

The test starts a throwaway `redis-server` on a free loopback port (no persistence), serves
the demo site on loopback, and runs two `pantau crawl` processes at once, each with its own
archive folder (as two machines would), both pointed at Redis by PANTAU_REDIS_URL.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.distributed import REDIS_URL_ENV, clear_frontier, redis_settings
from pipeline.demo import expected_article_paths, load_manifest, serve_demo
from tests.pipeline_runs import pantau_command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is needed (make system-deps installs it)"
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def demo_site():
    # A little latency per page, as a real portal has: the crawl then lasts long enough for
    # the second process to start while the first still has work queued.
    server, base = serve_demo(delay=0.3)
    yield server, base
    server.shutdown()


def archived_urls(folders: list[Path]) -> Counter:
    """(folder, URL) of every response record in every WARC file of the folders."""
    seen: Counter = Counter()
    for folder in folders:
        for path in sorted(folder.glob("*.warc.gz")):
            with path.open("rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        seen[(folder.name, record.rec_headers.get_header("WARC-Target-URI"))] += 1
    return seen


def test_settings_switch_on_the_shared_scheduler():
    settings = redis_settings("redis://127.0.0.1:1/0")
    assert settings["SCHEDULER"] == "scrapy_redis.scheduler.Scheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings["SCHEDULER_PERSIST"] is True  # one idle process must not flush the others


def test_two_processes_archive_each_article_once(redis_url, demo_site, tmp_path):
    _, base = demo_site
    folders = [tmp_path / "machine-a", tmp_path / "machine-b"]
    # One site: a process pulls from the shared queue as many requests as CONCURRENT_REQUESTS
    # allows and parks them in its per-domain slot, so with the default 16 the first process
    # can hoard the whole queue. Taking only what it can fetch leaves work for its peer.
    command = ["crawl", "--start-url", base + "/", "--allow-private", "--no-throttle"]
    command += ["--set", "CONCURRENT_REQUESTS=2"]
    env = {REDIS_URL_ENV: redis_url}
    crawlers = [
        subprocess.Popen(
            pantau_command(*command, "--out", str(folder)),
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for folder in folders
    ]
    outputs = [c.communicate(timeout=180)[0] for c in crawlers]
    assert [c.returncode for c in crawlers] == [0, 0], outputs
    seen = archived_urls(folders)
    per_url = Counter(urlsplit(url).path for (_, url) in seen.elements())
    assert set(per_url) == expected_article_paths(load_manifest())
    assert max(per_url.values()) == 1, [p for p, n in per_url.items() if n > 1]
    # Both processes took work from the shared queue.
    assert {folder for folder, _ in seen} == {"machine-a", "machine-b"}
    assert clear_frontier(redis_url) > 0


def test_without_redis_two_processes_fetch_everything_twice(demo_site, tmp_path):
    """The control: the same two processes without the switch duplicate every article."""
    _, base = demo_site
    folders = [tmp_path / "a", tmp_path / "b"]
    crawlers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline.cli",
                "crawl",
                "--start-url",
                base + "/",
                "--allow-private",
                "--no-throttle",
                "--out",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for folder in folders
    ]
    assert [c.wait(timeout=180) for c in crawlers] == [0, 0]
    per_url = Counter(urlsplit(url).path for (_, url) in archived_urls(folders).elements())
    assert set(per_url.values()) == {2}
