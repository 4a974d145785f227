"""Helpers of the scale and reliability tests: run stages as a user does, compare outputs.

Stages run as subprocesses (`python -m pipeline.cli ...`), the way `pantau` runs them, so a
test can kill one with SIGKILL at any point, and each run starts from a clean interpreter.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline import config

STAGE_TIMEOUT = 300


def pantau_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


def extract_args(raw: Path, facts: Path, db: Path, *extra: str) -> list[str]:
    return ["extract", "--raw", str(raw), "--facts", str(facts), "--db", str(db), *extra]


def run_pantau(*args: str, timeout: float = STAGE_TIMEOUT, env: dict | None = None):
    """Run `pantau ARGS` to completion; fail the test with its output if it fails."""
    done = subprocess.run(
        pantau_command(*args),
        cwd=config.PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert done.returncode == 0, f"pantau {' '.join(args)} exited {done.returncode}:\n" + (
        done.stdout[-3000:] + done.stderr[-3000:]
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


def start_pantau(*args: str, env: dict | None = None) -> subprocess.Popen:
    """Start `pantau ARGS` in its own process group (so a kill reaches its workers too)."""
    return subprocess.Popen(
        pantau_command(*args),
        cwd=config.PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )


def kill_after(process: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the process group after `seconds`; False when it had already finished."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        time.sleep(0.02)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    process.wait()
    return True


def parquet_rows(facts: Path, table: str, drop: tuple[str, ...] = ()) -> list[tuple]:
    """Every row of one shard table, over all shards, sorted (order-free comparison)."""
    folder = facts / table
    rows: list[tuple] = []
    for path in sorted(folder.glob("*.parquet")) if folder.is_dir() else []:
        for row in pq.read_table(path).to_pylist():
            rows.append(tuple(sorted((k, repr(v)) for k, v in row.items() if k not in drop)))
    return sorted(rows)


def shard_tables(facts: Path) -> list[str]:
    return sorted(p.name for p in facts.iterdir() if p.is_dir() and not p.name.startswith("_"))


def facts_snapshot(facts: Path, drop: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """All shard tables (minhash included) and dups.parquet; manifests (timestamps) aside."""
    snapshot = {table: parquet_rows(facts, table, drop) for table in shard_tables(facts)}
    dups = facts / "dups.parquet"
    snapshot["dups"] = sorted(map(tuple, pq.read_table(dups).to_pylist())) if dups.is_file() else []
    return snapshot


def db_articles(db: Path) -> list[tuple]:
    """(article_id, content_hash) of every article in the warehouse, sorted."""
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(
            "SELECT article_id, content_hash FROM articles ORDER BY article_id"
        ).fetchall()


def db_table_rows(db: Path, table: str) -> list[tuple]:
    """Every row of a warehouse table, sorted, as comparable text."""
    with duckdb.connect(str(db), read_only=True) as conn:
        columns = [c[0] for c in conn.execute(f"DESCRIBE {table}").fetchall()]
        # Bookkeeping times differ between two runs by nature; the facts must not.
        keep = [c for c in columns if not c.endswith(("_at", "_seconds")) or c == "crawled_at"]
        quoted = ", ".join('"' + c.replace('"', '""') + '"' for c in keep)
        query = f"SELECT {quoted} FROM {table}"
        return sorted(tuple(map(repr, row)) for row in conn.execute(query).fetchall())
