"""Fan `pantau extract --shard i/n` out over a Dask cluster, then dedup and load once.

Why Dask (not Ray, not a home-made cluster): it is already a pantau dependency (the `scale`
extra), pure Python with no object store or daemon to run, its `LocalCluster` tests the same
code path on one laptop, and `dask scheduler` / `dask worker`, dask-jobqueue (SLURM, PBS) and
dask-kubernetes start the same workers on N machines. Our tasks are coarse (one shard = a few
WARC files, minutes of CPU), so Ray's low-latency actors and shared-memory objects would buy
nothing here.

Each task runs the real `pantau extract` as a subprocess (`--shard i/n --no-load`): a worker
does exactly what a user on one machine does, a crash in one shard cannot take the worker
down, and a failed shard is retried by Dask. Shards write Parquet atomically into one facts
folder (a shared filesystem, or each machine's own folder copied together afterwards); the
client then recomputes near-duplicates over every shard and loads the warehouse once
(DuckDB has one writer).
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import config

STDERR_TAIL = 2_000


@dataclass(frozen=True)
class ShardRun:
    """What one `pantau extract --shard i/n` subprocess did."""

    shard: str
    returncode: int
    seconds: float
    output_tail: str


@dataclass
class DistributedSummary:
    shards: list[ShardRun] = field(default_factory=list)
    seconds: float = 0.0
    duplicates: int = 0
    loaded: dict = field(default_factory=dict)

    @property
    def failed(self) -> list[ShardRun]:
        return [run for run in self.shards if run.returncode != 0]


class ShardFailed(RuntimeError):
    """Raised inside a Dask task so that Dask retries the shard."""


def extract_command(
    inputs: list[Path],
    facts_dir: Path,
    shard: int,
    shards: int,
    *,
    any_domain: bool = False,
    sources_file: Path | None = None,
) -> list[str]:
    """The `pantau extract` command line of shard `shard` (0-based) of `shards`."""
    command = [sys.executable, "-m", "pipeline.cli", "extract", "--no-load"]
    for path in inputs:
        command += ["--raw", str(Path(path).resolve())]
    command += ["--facts", str(Path(facts_dir).resolve()), "--shard", f"{shard}/{shards}"]
    if any_domain:
        command.append("--any-domain")
    if sources_file is not None:
        command += ["--sources", str(Path(sources_file).resolve())]
    return command


def run_shard(command: list[str], shard: str) -> ShardRun:
    """Run one shard's extract; raise (so Dask retries) when it fails."""
    began = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=config.PROJECT_ROOT, check=False
    )
    output = (done.stdout + done.stderr)[-STDERR_TAIL:]
    if done.returncode != 0:
        raise ShardFailed(f"shard {shard} exited {done.returncode}: {output}")
    return ShardRun(shard, done.returncode, time.perf_counter() - began, output)


def _client(scheduler: str | None, workers: int):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    # Threads are enough: each task's work happens in its own `pantau extract` process.
    # processes=False keeps the local cluster in-process (no ports opened at all).
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None
    )
    return Client(cluster)


def run_distributed(
    inputs: list[Path],
    facts_dir: Path = config.FACTS_DIR,
    db_file: Path | None = config.DB_FILE,
    *,
    shards: int | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    any_domain: bool = False,
    sources_file: Path | None = None,
    retries: int = 1,
    progress: bool = True,
) -> DistributedSummary:
    """Extract every input over a Dask cluster (`scheduler` address, or a local one), then
    recompute near-duplicates over all shards and load them into `db_file` (None: no load)."""
    from dask.distributed import as_completed
    from rich.progress import Progress

    from pipeline import dedup

    shards = shards or max(1, workers * 2)
    began = time.perf_counter()
    summary = DistributedSummary()
    client = _client(scheduler, workers)
    try:
        futures = [
            client.submit(
                run_shard,
                extract_command(
                    inputs, facts_dir, i, shards, any_domain=any_domain, sources_file=sources_file
                ),
                f"{i}/{shards}",
                key=f"pantau-extract-{i}-of-{shards}-{time.time_ns()}",
                retries=retries,
                pure=False,
            )
            for i in range(shards)
        ]
        with Progress(disable=not progress) as bar:
            task = bar.add_task(f"extract, {shards} shards", total=shards)
            for future in as_completed(futures):
                summary.shards.append(_result(future))
                bar.advance(task)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and scheduler is None:
            cluster.close()
    summary.shards.sort(key=lambda run: int(run.shard.split("/")[0]))
    if not summary.failed:
        summary.duplicates = dedup.run_dedup(facts_dir)
        if db_file is not None:
            from pipeline.store import load_facts

            summary.loaded = vars(load_facts(facts_dir, db_file, progress=progress))
    summary.seconds = time.perf_counter() - began
    return summary


def _result(future) -> ShardRun:
    try:
        return future.result()
    except ShardFailed as error:
        shard = str(error).split()[1]
        return ShardRun(shard, 1, 0.0, str(error)[-STDERR_TAIL:])
