"""Crawl benchmark: pages/s and CPU-seconds per 1,000 pages on the demo site, throttling off.

    .venv/bin/python bench/crawl_bench.py [--runs 3] [--quick] [-s NAME=VALUE ...]

The demo portal is served from this process on 127.0.0.1; each crawl (autodiscovery from the
bare start URL, the real spiders, robots.txt, WARC writing with fsync, the index) runs in a
child process into a fresh directory. Two clocks per run:

- crawl: wall time and the child's CPU time (user + system) spent inside `run_crawl`, i.e.
  from the reactor start to the last WARC file closed, excluding Python and Scrapy imports;
- process: the whole `pantau crawl`-like child, imports included (what a user waits for).

Per-domain concurrency stays at the polite 2 requests (settings.py): only AutoThrottle and the
download delay are off, as in `pantau demo`. Results print as a table and go to
bench/out/crawl_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
OUT_FILE = BENCH_DIR / "out" / "crawl_bench.json"


def child(start_url: str, out_dir: str, overrides: list[str]) -> None:
    """Runs in the child process: one crawl, its figures as JSON on the last stdout line."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from crawlers.run import parse_settings, run_crawl

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    summary = run_crawl(
        start_url=start_url,
        out_dir=Path(out_dir),
        allow_private=True,
        throttle=False,
        settings_overrides=parse_settings(overrides),
        progress=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures = {
        "archived": summary.archived,
        "responses": summary.stats.get("response_received_count", 0),
        "errors": summary.errors,
        "crawl_wall_s": wall,
        "crawl_cpu_s": cpu,
    }
    print(json.dumps(figures))


def one_run(start_url: str, overrides: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="pantau-crawl-bench-") as out:
        cmd = [sys.executable, __file__, "--child", start_url, out]
        for pair in overrides:
            cmd += ["-s", pair]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        stdout = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"crawl child failed (status {status}):\n{stdout}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["process_wall_s"] = wall
    figures["process_cpu_s"] = usage.ru_utime + usage.ru_stime
    return figures


def per_thousand(cpu: float, pages: int) -> float:
    return 1000 * cpu / pages if pages else float("nan")


def report(runs: list[dict], overrides: list[str]) -> dict:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    pages = runs[0]["archived"]
    responses = runs[0]["responses"]
    result = {
        "runs": len(runs),
        "settings": overrides,
        "pages_archived": pages,
        "responses": responses,
        "crawl_pages_per_s": pages / median("crawl_wall_s"),
        "crawl_responses_per_s": responses / median("crawl_wall_s"),
        "crawl_cpu_s_per_1000_pages": per_thousand(median("crawl_cpu_s"), pages),
        "process_pages_per_s": pages / median("process_wall_s"),
        "process_cpu_s_per_1000_pages": per_thousand(median("process_cpu_s"), pages),
        "raw": runs,
    }
    print(f"crawl of the demo site, throttling off, median of {len(runs)} run(s)")
    print(f"  pages archived: {pages} (of {responses} responses: sitemaps, feed, listings)")
    print(
        f"  crawl only : {result['crawl_pages_per_s']:7.1f} pages/s "
        f"({result['crawl_responses_per_s']:.1f} responses/s), "
        f"{result['crawl_cpu_s_per_1000_pages']:6.1f} CPU-s per 1,000 pages"
    )
    print(
        f"  whole run  : {result['process_pages_per_s']:7.1f} pages/s, "
        f"{result['process_cpu_s_per_1000_pages']:6.1f} CPU-s per 1,000 pages (imports included)"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run")
    parser.add_argument("-s", "--set", dest="overrides", action="append", default=[])
    parser.add_argument(
        "--child", nargs=2, metavar=("START_URL", "OUT_DIR"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.overrides)
        return
    sys.path.insert(0, str(PROJECT_ROOT))
    from pipeline.demo import serve_demo

    server, base_url = serve_demo()
    try:
        runs = [
            one_run(base_url + "/", args.overrides) for _ in range(1 if args.quick else args.runs)
        ]
    finally:
        server.shutdown()
    result = report(runs, args.overrides)
    OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
