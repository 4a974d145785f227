"""The crawl against a portal that fails in every way (tests/faultserver.py) (issue 9).

The portal is played by the fault server under a public-looking name (`portal-rusak.invalid`),
reached through the same server acting as the crawler's HTTP proxy: the crawler's address
guard sees what it would see in production, and nothing can leave the machine — a request
that should never be made shows up in the server's log instead of reaching 10.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import Counter

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.faultserver import ERROR_STATUSES, FAULT_DIR, FaultConfig, FaultServer
from tests.pipeline_runs import pantau_command

HOST = "portal-rusak.invalid"
TIMEOUT = 3  # DOWNLOAD_TIMEOUT for the test crawl; the slow routes take longer
RETRY_TIMES = 2  # crawlers/settings.py
RETRY_AFTER = 2


def crawl(server: FaultServer, tmp_path, *settings: str) -> dict:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "portal-rusak"\ndomains = ["{HOST}"]\nregion_hint = "36.73"\n'
        f'filter_keywords = false\nsitemaps = ["{server.url("/sitemap.xml")}"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "warc"
    proxy = {"http_proxy": server.proxy_url, "HTTP_PROXY": server.proxy_url}
    command = pantau_command(
        "crawl", "--sources", str(sources), "--out", str(out), "--no-throttle",
        "--set", f"DOWNLOAD_TIMEOUT={TIMEOUT}", "--set", "LOG_LEVEL=INFO", *settings,
    )  # fmt: skip
    began = time.monotonic()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **proxy, "no_proxy": "", "NO_PROXY": ""},
    )
    watchdog = threading.Timer(240, process.kill)
    watchdog.start()
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()))
    reader.start()
    # The crawler's own peak memory, to show the gzip bomb was not inflated. Read from
    # /proc while it runs: rusage's ru_maxrss would also count the pytest process it was
    # forked from, which is large late in a full test run.
    peak_kb = 0
    while process.poll() is None:
        peak_kb = max(peak_kb, _high_water_kb(process.pid))
        time.sleep(0.05)
    reader.join()
    watchdog.cancel()
    output = "".join(chunks)
    archived = Counter()
    for path in sorted(out.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    archived[record.rec_headers.get_header("WARC-Target-URI")] += 1
    return {
        "code": process.returncode,
        "output": output,
        "seconds": time.monotonic() - began,
        "archived": archived,
        "seen": list(server.seen),
        "peak_rss_mb": peak_kb / 1024,
    }


def _high_water_kb(pid: int) -> int:
    """VmHWM (peak resident set) of a running process, 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    config = FaultConfig(slow_seconds=8, trickle_seconds=8, bomb_mb=1024, retry_after=RETRY_AFTER)
    with FaultServer(config, public_host=HOST) as server:
        return crawl(server, tmp_path_factory.mktemp("faults")), server


def test_crawl_finishes_and_reports(fault_crawl):
    result, _ = fault_crawl
    assert result["code"] in (0, 1), result["output"][-3000:]  # 1: pages failed, said so
    assert "Traceback" not in result["output"], result["output"][-3000:]
    assert "crawl summary" in result["output"]


def test_good_articles_archived_once_and_faults_not_archived(fault_crawl):
    result, server = fault_crawl
    on_portal = {url: n for url, n in result["archived"].items() if HOST in url}
    assert on_portal == {server.url(path): 1 for path in server.article_paths()}


def test_retries_are_bounded(fault_crawl):
    result, _ = fault_crawl
    hits = Counter(s.path for s in result["seen"] if s.host.split(":")[0] == HOST)
    for code in ERROR_STATUSES:
        assert 1 <= hits[f"{FAULT_DIR}status-{code}.html"] <= 1 + RETRY_TIMES, code
    for slow in ("lambat.html", "menetes.html"):
        assert 1 <= hits[f"{FAULT_DIR}{slow}"] <= 1 + RETRY_TIMES, slow
    # A redirect loop stops at REDIRECT_MAX_TIMES, well before a hundred requests.
    loop = hits[f"{FAULT_DIR}loop-a.html"] + hits[f"{FAULT_DIR}loop-b.html"]
    assert 2 <= loop <= 2 * (1 + 5) * (1 + RETRY_TIMES)
    # Timeouts ended the slow pages: the crawl did not wait for them to finish.
    assert result["seconds"] < 120


def _only(server: FaultServer, paths: list[str]) -> None:
    """Serve a sitemap that lists only these paths."""
    server.config.extra_routes["/sitemap.xml"] = (
        200,
        {"Content-Type": "application/xml"},
        server.urlset(paths),
    )


def test_retry_after_is_honoured(tmp_path):
    with FaultServer(FaultConfig(articles=1, retry_after=RETRY_AFTER), public_host=HOST) as server:
        _only(server, [f"{FAULT_DIR}status-503.html"])
        result = crawl(server, tmp_path)
    times = sorted(s.at for s in result["seen"] if s.path == f"{FAULT_DIR}status-503.html")
    assert 2 <= len(times) <= 1 + RETRY_TIMES
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= RETRY_AFTER * 0.9, gaps


def test_private_and_loopback_targets_refused_before_connecting(fault_crawl):
    result, _ = fault_crawl
    hosts = {s.host.split(":")[0] for s in result["seen"]}
    assert not hosts & {"10.0.0.1", "192.168.1.1", "127.0.0.2"}, hosts
    assert "'pantau/refused_private': 2" in result["output"]  # the two redirects
    assert "refused private addresses" in result["output"]


def test_redirect_to_another_domain_not_followed(fault_crawl):
    result, _ = fault_crawl
    assert {s.host for s in result["seen"]} == {HOST}, "a request left the declared portal"
    assert all(HOST in url for url in result["archived"]), "another domain's page archived"


def test_size_limits_stop_huge_sitemap_and_gzip_bombs(fault_crawl):
    result, _ = fault_crawl
    output = result["output"]
    assert "sitemap-huge.xml" in output and "max size" in output
    assert "bom.html" in output and "DOWNLOAD_MAXSIZE" in output
    # Nothing listed only by the huge sitemap was fetched.
    assert not any(s.path.startswith("/berita/besar/") for s in result["seen"])


def test_gzip_bomb_sitemap_is_not_inflated(fault_crawl):
    result, _ = fault_crawl
    # The 1 GB bomb must not be inflated in memory (the crawler idles at ~100 MB).
    assert result["peak_rss_mb"] < 500, result["peak_rss_mb"]


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        ("missing", True),
        ("malformed", True),
        ("error", False),
    ],
)
def test_robots_txt_failures_follow_the_standard(robots, allowed, tmp_path):
    """RFC 9309: 4xx -> crawl freely; unparsable -> no rules; 5xx -> assume full disallow."""
    with FaultServer(FaultConfig(robots=robots, articles=2), public_host=HOST) as server:
        _only(server, server.article_paths())
        result = crawl(server, tmp_path)
    fetched = {s.path for s in result["seen"]} & set(server.article_paths())
    assert bool(fetched) == allowed, (robots, fetched)
