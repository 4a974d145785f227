"""Peak memory and CPU of the near-duplicate pass at N articles, without running extraction.

Writes N synthetic MinHash signature rows as complete shards (minhash/<shard>.parquet and a
manifest each) with planted near-duplicate groups, then runs, each in a child process whose
peak RSS is read from the kernel (VmHWM of the child):

- `streamed`: `pipeline.dedup.run_dedup` (DuckDB, the pass `pantau extract` runs);
- `in-memory`: the previous design, every signature read into Python and indexed with
  datasketch's MinHashLSH (`pipeline.dedup.find_duplicates`).

Both write their duplicates; the script checks they are the same.

    .venv/bin/python bench/dedup_bench.py --n 200000 --out /tmp/dedup-bench
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import shards  # noqa: E402
from pipeline.dedup import DedupSettings  # noqa: E402

# Share of a copy's MinHash values redrawn: the copy's Jaccard estimate is about 1 - share.
# 0.05 and 0.2 are near-duplicates at the 0.7 threshold, 0.28-0.32 straddle it, 0.5 is not.
EDIT_SHARES = (0.05, 0.2, 0.28, 0.3, 0.32, 0.5)


def synthetic_signatures(
    n: int, seed: int = 7, group_every: int = 10, num_perm: int = 128
) -> dict[str, np.ndarray | list]:
    """Columns of the minhash table for n articles; every `group_every`-th article is the
    original of a group whose copies follow it, each copy with a share of its values
    redrawn (EDIT_SHARES), so similarities fall on both sides of the threshold."""
    rng = np.random.default_rng(seed)
    # affine32 MinHash values are 32-bit.
    values = rng.integers(0, 2**32, size=(n, num_perm), dtype=np.uint64)
    for start in range(0, n, group_every):
        copies = min(len(EDIT_SHARES), n - start - 1, group_every - 1)
        for k in range(copies):
            row = start + 1 + k
            keep = rng.random(num_perm) >= EDIT_SHARES[k]
            values[row] = np.where(keep, values[start], values[row])
    day0 = date(2024, 1, 1)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    return {
        "article_id": [f"{i:016x}" for i in range(n)],
        "published": [
            None if i % 17 == 0 else day0 + timedelta(days=int(d))
            for i, d in enumerate(rng.integers(0, 60, n))
        ],
        "crawled_at": [t0 + timedelta(seconds=int(s)) for s in rng.integers(0, 10**7, n)],
        "url": [f"https://portal{i % 50}.example.id/berita/{i}" for i in range(n)],
        "hashvalues": values,
    }


def write_signature_shards(facts_dir: Path, columns: dict, per_shard: int = 5000) -> int:
    """Write the rows as complete shards (minhash file + manifest); returns the shard count."""
    facts_dir = Path(facts_dir)
    n = len(columns["article_id"])
    count = 0
    for start in range(0, n, per_shard):
        end = min(n, start + per_shard)
        values = columns["hashvalues"][start:end]
        table = pa.Table.from_arrays(
            [
                pa.array(columns["article_id"][start:end], pa.string()),
                pa.array(columns["published"][start:end], pa.date32()),
                pa.array(columns["crawled_at"][start:end], pa.timestamp("us", tz="UTC")),
                pa.array(columns["url"][start:end], pa.string()),
                pa.ListArray.from_arrays(
                    pa.array(np.arange(0, values.size + 1, values.shape[1], dtype=np.int32)),
                    pa.array(values.ravel(), pa.uint64()),
                ),
            ],
            schema=shards.MINHASH,
        )
        shard = f"bench{count:011d}"
        shards.write_atomic(table, facts_dir / shards.MINHASH_DIR / f"{shard}.parquet")
        manifest = shards.manifest_path(facts_dir, shard)
        manifest.parent.mkdir(parents=True, exist_ok=True)
        # Synthetic values: no article text behind them to re-sign from; named as current.
        info = {"shard_id": shard, "rows": {}, "minhash": DedupSettings().key()}
        manifest.write_text(json.dumps(info), encoding="utf-8")
        count += 1
    return count


def in_memory_dedup(facts_dir: Path) -> int:
    """The previous global pass: every signature into Python, datasketch's in-memory LSH."""
    from pipeline.dedup import find_duplicates

    rows: list[dict] = []
    for shard in shards.complete_shards(facts_dir):
        path = facts_dir / shards.MINHASH_DIR / f"{shard}.parquet"
        rows.extend({**row, "shard_id": shard} for row in pq.read_table(path).to_pylist())
    dup_of = find_duplicates(rows, DedupSettings())
    table = pa.Table.from_pydict(
        {"article_id": sorted(dup_of), "dup_of": [dup_of[a] for a in sorted(dup_of)]},
        schema=shards.DUPS,
    )
    shards.write_atomic(table, facts_dir / "dups-in-memory.parquet")
    return len(dup_of)


def _child(mode: str, facts_dir: Path) -> None:
    from pipeline.dedup import run_dedup

    started = time.process_time()
    wall = time.perf_counter()
    found = run_dedup(facts_dir) if mode == "streamed" else in_memory_dedup(facts_dir)
    peak_mb = peak_rss_kb() / 1024
    result = {
        "mode": mode,
        "duplicates": found,
        "cpu_s": round(time.process_time() - started, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
        "peak_rss_mb": round(peak_mb),
    }
    print(json.dumps(result))


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM). Not `ru_maxrss`: that one also counts the
    pages a child shared with its parent before exec (the parent here holds the signatures
    it wrote), which inflated the first measurements."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(mode: str, facts_dir: Path) -> dict:
    """Run one pass in a child process; its own peak RSS and CPU time."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--out", str(facts_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/dedup"))
    parser.add_argument("--modes", default="streamed,in-memory")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.out)
        return
    if (args.out / shards.MANIFEST_DIR).exists():
        raise SystemExit(f"{args.out} holds shards already: give an empty --out")
    written = write_signature_shards(args.out, synthetic_signatures(args.n))
    print(f"{args.n} signatures in {written} shards under {args.out}")
    results = [measure(mode, args.out) for mode in args.modes.split(",")]
    for result in results:
        print(json.dumps(result))
    streamed = args.out / shards.DUPS_FILE
    in_memory = args.out / "dups-in-memory.parquet"
    if streamed.is_file() and in_memory.is_file():
        same = pq.read_table(streamed).equals(pq.read_table(in_memory))
        print(f"same duplicates (streamed vs in-memory): {same}")


if __name__ == "__main__":
    main()
