"""Near-duplicate grouping: MinHash LSH (datasketch) over word shingles.

Regional press releases are republished by many portals with small edits. Each shard keeps
its articles' MinHash signatures; after all shards, one global pass groups similar articles
(union-find over LSH candidates confirmed by estimated Jaccard similarity) and marks every
article of a group but the canonical one — the earliest published, else the first crawled,
then the smallest URL — with `dup_of`. Groups and canonical choice depend only on the set of
articles, never on the order the files were read in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datasketch import MinHash, MinHashLSH

from pipeline import shards

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DedupSettings:
    """Shingle size, number of permutations and the Jaccard threshold for a duplicate."""

    shingle_words: int = 3
    num_perm: int = 128
    threshold: float = 0.7
    seed: int = 1
    scheme: str = "affine32"  # datasketch's hashing scheme; stored signatures need it named


def shingles(text: str, size: int) -> set[bytes]:
    """Overlapping word n-grams of the lowercased text."""
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, settings: DedupSettings = DedupSettings()) -> list[int]:
    """MinHash signature of one article's text."""
    minhash = MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme=settings.scheme)
    minhash.update_batch(list(shingles(text, settings.shingle_words)))
    return [int(v) for v in minhash.hashvalues]


def find_duplicates(rows: list[dict], settings: DedupSettings = DedupSettings()) -> dict[str, str]:
    """{article_id: dup_of} for every non-canonical member of a near-duplicate group.

    `rows` carry article_id, published, crawled_at, url and hashvalues (the MinHash table).
    """
    unique = _one_row_per_article(rows)
    if not unique:
        return {}
    hashes = {
        aid: MinHash(
            num_perm=settings.num_perm,
            seed=settings.seed,
            scheme=settings.scheme,
            hashvalues=np.array(h, dtype=np.uint64),
        )
        for aid, h in ((r["article_id"], r["hashvalues"]) for r in unique.values())
    }
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    for aid in sorted(hashes):
        lsh.insert(aid, hashes[aid])
    parent = {aid: aid for aid in hashes}
    for aid in sorted(hashes):
        for other in lsh.query(hashes[aid]):
            if other != aid and hashes[aid].jaccard(hashes[other]) >= settings.threshold:
                _union(parent, aid, other)
    groups: dict[str, list[str]] = {}
    for aid in hashes:
        groups.setdefault(_find(parent, aid), []).append(aid)
    dup_of: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = min(members, key=lambda a: _canonical_key(unique[a]))
        dup_of.update({a: canonical for a in members if a != canonical})
    return dup_of


def _one_row_per_article(rows: list[dict]) -> dict[str, dict]:
    """The version of each article the warehouse keeps: the latest capture (a --refresh
    recrawl puts the same article_id in a second shard), then the larger shard id."""
    unique: dict[str, dict] = {}
    for row in rows:
        current = unique.get(row["article_id"])
        if current is None or _capture_key(row) > _capture_key(current):
            unique[row["article_id"]] = row
    return unique


def _capture_key(row: dict) -> tuple:
    crawled = row.get("crawled_at")
    crawled_key = crawled.timestamp() if isinstance(crawled, datetime) else float("-inf")
    return (crawled_key, row.get("shard_id") or "")


def _canonical_key(row: dict) -> tuple:
    # Earliest published first; unknown dates sort last; then first crawled, then URL.
    published = row.get("published") or date.max
    crawled = row.get("crawled_at")
    crawled_key = crawled.timestamp() if isinstance(crawled, datetime) else float("inf")
    return (published, crawled_key, row.get("url") or "", row["article_id"])


def _find(parent: dict[str, str], item: str) -> str:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _union(parent: dict[str, str], a: str, b: str) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)


def run_dedup(facts_dir: Path, settings: DedupSettings = DedupSettings()) -> dict[str, str]:
    """Recompute dups over every complete shard's signatures; write <facts>/dups.parquet."""
    facts_dir = Path(facts_dir)
    rows: list[dict] = []
    for shard in shards.complete_shards(facts_dir):
        path = facts_dir / shards.MINHASH_DIR / f"{shard}.parquet"
        if path.is_file():
            rows.extend({**row, "shard_id": shard} for row in pq.read_table(path).to_pylist())
    dup_of = find_duplicates(rows, settings)
    table = pa.Table.from_pydict(
        {"article_id": sorted(dup_of), "dup_of": [dup_of[a] for a in sorted(dup_of)]},
        schema=shards.DUPS,
    )
    shards.write_atomic(table, facts_dir / shards.DUPS_FILE)
    return dup_of
