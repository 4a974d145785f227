"""Near-duplicate grouping: MinHash LSH over word shingles.

Regional press releases are republished by many portals with small edits. Each shard keeps
its articles' MinHash signatures (datasketch); after all shards, one global pass groups similar
articles (union-find over LSH candidates confirmed by estimated Jaccard similarity) and marks
every article of a group but the canonical one — the earliest published, else the first
crawled, then the smallest URL — with `dup_of`. Groups and canonical choice depend only on the
set of articles, never on the order the files were read in.

The global pass (`run_dedup`) runs in DuckDB over the shards' Parquet files, in a temporary
on-disk database with a memory limit: LSH buckets are a GROUP BY over band values, candidate
pairs are verified by signature Jaccard in SQL (pipeline/sql/dedup_*.sql), and only the
duplicates reach Python. Its memory does not grow with the number of articles (an in-memory
datasketch index took ~4 GB at a million). `find_duplicates` is the same decision over rows in
memory with datasketch's own MinHashLSH: the reference the streaming pass is tested against.
"""

from __future__ import annotations

import logging
import re
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import config, shards

log = logging.getLogger(__name__)
SQL_DIR = Path(__file__).parent / "sql"
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DedupSettings:
    """Shingle size, number of permutations and the Jaccard threshold for a duplicate."""

    shingle_words: int = 3
    num_perm: int = 128
    threshold: float = 0.7
    seed: int = 1
    scheme: str = "affine32"  # datasketch's hashing scheme; stored signatures need it named
    # The 32-bit hash of a shingle before the permutations: datasketch's default, SHA-1.
    # xxHash32 ("xxh32", the `xxhash` package, a hash datasketch documents for this) is ~1.5x
    # cheaper per signature and as good for the estimate (bench/PROFILE.md), but it moves
    # borderline pairs across the threshold, for ~0.13 ms an article (<1 % of an extract):
    # not worth changing every stored collection's duplicate groups. Shards signed with other
    # settings are re-signed from their text (`resign_stale_shards`).
    hash_function: str = "sha1"

    def key(self) -> str:
        """What a stored signature depends on; kept in each shard's manifest."""
        return (
            f"{self.hash_function}/{self.scheme}/seed={self.seed}/perm={self.num_perm}"
            f"/shingle={self.shingle_words}"
        )


# The signatures of shards written before the manifest named them (datasketch's default hash).
LEGACY_KEY = DedupSettings(hash_function="sha1").key()


def shingles(text: str, size: int) -> set[bytes]:
    """Overlapping word n-grams of the lowercased text."""
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@cache
def _datasketch():
    # Imported on first use: datasketch pulls in scipy, which commands that never hash text
    # (query, load, the CLI's start-up) should not pay for.
    import datasketch

    return datasketch


def signature(text: str, settings: DedupSettings = DedupSettings()) -> list[int]:
    """MinHash signature of one article's text."""
    minhash = _datasketch().MinHash(
        num_perm=settings.num_perm,
        seed=settings.seed,
        scheme=settings.scheme,
        hashfunc=_hash_function(settings.hash_function),
        permutations=_permutations(settings),
    )
    minhash.update_batch(list(shingles(text, settings.shingle_words)))
    return minhash.hashvalues.tolist()


@cache
def _permutations(settings: DedupSettings):
    """The permutation parameters of `settings`, drawn once: MinHash otherwise draws them from
    its seeded random generator for every signature (0.1 ms an article, a quarter of the
    signature's cost). Passed back through MinHash's own `permutations` argument."""
    return (
        _datasketch()
        .MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme=settings.scheme)
        .permutations
    )


def _hash_function(name: str):
    if name == "crc32":
        return zlib.crc32
    if name == "xxh32":
        import xxhash

        return xxhash.xxh32_intdigest
    if name == "sha1":
        from datasketch.hashfunc import sha1_hash32

        return sha1_hash32
    raise ValueError(f"unknown MinHash hash function {name!r} (xxh32, crc32 or sha1)")


def lsh_bands(settings: DedupSettings = DedupSettings()) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH chooses for the threshold."""
    lsh = _datasketch().MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    return lsh.b, lsh.r


def find_duplicates(rows: list[dict], settings: DedupSettings = DedupSettings()) -> dict[str, str]:
    """{article_id: dup_of} for every non-canonical member of a near-duplicate group, over
    rows held in memory (datasketch's MinHashLSH): the reference for `run_dedup`.

    `rows` carry article_id, published, crawled_at, url and hashvalues (the MinHash table),
    and shard_id when the same article can come from two shards.
    """
    import numpy as np

    ds = _datasketch()
    unique = _one_row_per_article(rows)
    if not unique:
        return {}
    hashes = {
        aid: ds.MinHash(
            num_perm=settings.num_perm,
            seed=settings.seed,
            scheme=settings.scheme,
            hashvalues=np.array(h, dtype=np.uint64),
        )
        for aid, h in ((r["article_id"], r["hashvalues"]) for r in unique.values())
    }
    lsh = ds.MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    for aid in sorted(hashes):
        lsh.insert(aid, hashes[aid])
    edges = [
        (aid, other)
        for aid in sorted(hashes)
        for other in lsh.query(hashes[aid])
        if other != aid and hashes[aid].jaccard(hashes[other]) >= settings.threshold
    ]
    return _canonical_choice(_union_find(edges), unique)


def _union_find(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over confirmed pairs: {article: parent}, holding only paired articles."""
    parent: dict[str, str] = {}
    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        _union(parent, a, b)
    return parent


def _canonical_choice(parent: dict[str, str], rows: dict[str, dict]) -> dict[str, str]:
    """Each group's members but its canonical one -> dup_of. `rows` needs every article in
    `parent` (published, crawled_at, url)."""
    groups: dict[str, list[str]] = {}
    for aid in parent:
        groups.setdefault(_find(parent, aid), []).append(aid)
    dup_of: dict[str, str] = {}
    for members in groups.values():
        canonical = min(members, key=lambda a: _canonical_key(rows[a]))
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


def run_dedup(
    facts_dir: Path,
    settings: DedupSettings = DedupSettings(),
    memory_limit: str = config.DEDUP_MEMORY,
) -> int:
    """Recompute dups over every complete shard's signatures; write <facts>/dups.parquet.
    Returns the number of articles marked as a duplicate."""
    facts_dir = Path(facts_dir)
    resign_stale_shards(facts_dir, settings)
    files = [
        str(path)
        for path in (
            facts_dir / shards.MINHASH_DIR / f"{shard}.parquet"
            for shard in shards.complete_shards(facts_dir)
        )
        if path.is_file()
    ]
    target = facts_dir / shards.DUPS_FILE
    if not files:
        shards.write_atomic(shards.DUPS.empty_table(), target)
        return 0
    import duckdb

    bands, rows = lsh_bands(settings)
    with tempfile.TemporaryDirectory(prefix="pantau-dedup-") as work:
        conn = duckdb.connect(str(Path(work) / "dedup.duckdb"))
        try:
            limit = config.memory_size(memory_limit, "PANTAU_DEDUP_MEMORY")
            conn.execute(f"SET memory_limit = '{limit}'")
            conn.execute("SET temp_directory = ?", [str(Path(work) / "spill")])
            conn.execute("SET preserve_insertion_order = false")
            conn.execute(_sql("dedup_signatures"), {"files": files})
            _check_signature_length(conn, settings.num_perm)
            conn.execute(_sql("dedup_candidates"), {"bands": bands, "rows": rows})
            conn.execute(_sql("dedup_edges"), {"threshold": settings.threshold})
            conn.execute(_sql("dedup_labels"))
            _connected_components(conn)
            dups = conn.sql(_sql("dedup_canonical")).to_arrow_reader(50_000)
            return shards.write_atomic_batches(_as_schema(dups, shards.DUPS), target)
        finally:
            conn.close()


def resign_stale_shards(facts_dir: Path, settings: DedupSettings = DedupSettings()) -> int:
    """Recompute, from the shard's own article texts, the signatures of every complete shard
    whose manifest names other MinHash settings (or none: shards written before the manifest
    named them), so that all signatures compared are alike. One shard in memory at a time;
    each file is replaced atomically, then the manifest. Returns the number re-signed."""
    facts_dir = Path(facts_dir)
    wanted = settings.key()
    resigned = 0
    for shard in shards.complete_shards(facts_dir):
        manifest = shards.read_manifest(facts_dir, shard)
        articles = facts_dir / "articles" / f"{shard}.parquet"
        if manifest.get("minhash", LEGACY_KEY) == wanted or not articles.is_file():
            continue
        columns = ["article_id", "published", "crawled_at", "url", "text"]
        rows = pq.read_table(articles, columns=columns).to_pylist()
        for row in rows:
            row["hashvalues"] = signature(row.pop("text"), settings)
        shards.write_atomic(
            shards.to_table(rows, shards.MINHASH),
            facts_dir / shards.MINHASH_DIR / f"{shard}.parquet",
        )
        shards.write_manifest(facts_dir, shard, {**manifest, "minhash": wanted})
        resigned += 1
    if resigned:
        log.info("re-signed %d shards for MinHash settings %s", resigned, wanted)
    return resigned


def _connected_components(conn, max_rounds: int = 10_000) -> None:
    """Propagate labels (dedup_components.sql) until none changes: table `labels` then holds
    each paired article's group as its smallest article id."""
    for _ in range(max_rounds):
        conn.execute(_sql("dedup_components"))
        changed = conn.execute(
            "SELECT count(*) FROM next_labels AS n JOIN labels AS l USING (article_id) "
            "WHERE n.root <> l.root"
        ).fetchone()[0]
        conn.execute("DROP TABLE labels")
        conn.execute("ALTER TABLE next_labels RENAME TO labels")
        if not changed:
            return
    raise RuntimeError(f"near-duplicate groups did not settle in {max_rounds} rounds")


def _as_schema(reader: pa.RecordBatchReader, schema: pa.Schema) -> pa.RecordBatchReader:
    # DuckDB's VARCHAR arrives as Arrow string or string_view by version: cast to the contract.
    return pa.RecordBatchReader.from_batches(schema, (batch.cast(schema) for batch in reader))


def _check_signature_length(conn, num_perm: int) -> None:
    wrong = conn.execute(
        "SELECT count(*) FROM signatures WHERE len(hashvalues) <> ?", [num_perm]
    ).fetchone()[0]
    if wrong:
        raise ValueError(
            f"{wrong} MinHash signatures are not {num_perm} values long: shards written with "
            "other dedup settings; re-extract them (delete their manifests) or use those settings"
        )


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
