"""Peak memory and CPU of `pantau load` as the database grows.

Loads one folder of shards (a `pantau extract --no-load` output) with `pantau load`, in a child
process whose peak RSS comes from `os.wait4`, into:

- an empty database;
- a copy of the warehouse benchmark's synthetic database of `--articles` articles with five
  facts each (`bench/warehouse_bench.py`'s generator: the real schema, keys and foreign keys),
  so the load merges into large key indexes and rebuilds large derived tables.

The load works within PANTAU_LOAD_MEMORY (default 512MB; DuckDB spills to disk past it), so
its peak should not follow the database's size.

    .venv/bin/pantau extract --raw bench/out/corpus --any-domain --no-load --facts /tmp/f10k
    .venv/bin/python bench/load_bench.py --facts /tmp/f10k --articles 1000000
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def build_database(db_file: Path, articles: int) -> None:
    """The synthetic database, built in a child process: this one stays small, so that its
    children's peak RSS is their own."""
    code = (
        "import sys; from pathlib import Path; from warehouse_bench import build_synthetic; "
        "build_synthetic(Path(sys.argv[1]), int(sys.argv[2]), 5 * int(sys.argv[2]))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(db_file), str(articles)],
        cwd=BENCH_DIR,
        env=dict(os.environ, PYTHONPATH=str(BENCH_DIR.parent)),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def timed_load(facts: Path, db_file: Path) -> dict:
    """`pantau load` in a child process: its CPU seconds, wall seconds and peak RSS."""
    began = time.perf_counter()
    command = [sys.executable, "-m", "pipeline.cli", "load", "--facts", str(facts)]
    child = subprocess.Popen(
        [*command, "--db", str(db_file)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"pantau load failed: {child.stderr.read().decode()[-2000:]}")
    return {
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "wall_s": round(time.perf_counter() - began, 2),
        "peak_rss_mb": usage.ru_maxrss // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, required=True, help="Folder of complete shards.")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=None, help="Scratch folder (default: tmp).")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="pantau-load-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        empty = timed_load(args.facts, work / "empty.duckdb")
        print(f"into an empty database: {empty}", flush=True)
        base = work / "base.duckdb"
        build_database(base, args.articles)
        shutil.copyfile(base, work / "grown.duckdb")
        grown = timed_load(args.facts, work / "grown.duckdb")
        print(f"into {args.articles:,} articles / {5 * args.articles:,} facts: {grown}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
