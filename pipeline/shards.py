"""Parquet shards, extract's output: the table schemas and atomic writes.

The schemas below are the single source of truth for the shard tables of
docs/architecture.md; the warehouse (pipeline/store.py) reads them from here. A shard is one
input file: `<facts>/<table>/<shard_id>.parquet` for every table, each written to a temporary
name and renamed, then `<facts>/_manifest/<shard_id>.json` last, which marks it complete.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

_FACT = [
    ("article_id", pa.string()),
    ("idx", pa.int32()),
    ("start_char", pa.int32()),
    ("end_char", pa.int32()),
    ("sentence", pa.string()),
]

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("domain", pa.string()),
        ("source", pa.string()),
        ("region_hint", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("editor", pa.string()),
        ("site_name", pa.string()),
        ("published", pa.date32()),
        ("published_source", pa.string()),
        ("crawled_at", pa.timestamp("us", tz="UTC")),
        ("text", pa.string()),
        ("lang", pa.string()),
        ("content_hash", pa.string()),
        ("relevant", pa.bool_()),
        ("relevance_score", pa.float64()),
        ("dup_of", pa.string()),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("shard_id", pa.string()),
        ("primary_region", pa.string()),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "events": pa.schema(
        _FACT
        + [
            ("type", pa.string()),
            ("start", pa.date32()),
            ("end", pa.date32()),
            ("venue", pa.string()),
            ("region", pa.string()),
            ("organizer", pa.string()),
            ("stage", pa.string()),
            ("confidence", pa.float64()),
        ]
    ),
    "officials": pa.schema(
        _FACT
        + [
            ("name", pa.string()),
            ("name_raw", pa.string()),
            ("role", pa.string()),
            ("role_raw", pa.string()),
            ("acting", pa.bool_()),
            ("institution", pa.string()),
            ("region", pa.string()),
            ("person_key", pa.string()),
        ]
    ),
    "counts": pa.schema(
        _FACT + [("value", pa.float64()), ("unit", pa.string()), ("text", pa.string())]
    ),
    "amounts": pa.schema(
        _FACT + [("value", pa.float64()), ("purpose", pa.string()), ("text", pa.string())]
    ),
    "organizations": pa.schema(_FACT + [("name", pa.string()), ("text", pa.string())]),
    "regulations": pa.schema(
        _FACT
        + [
            ("code", pa.string()),
            ("kind", pa.string()),
            ("number", pa.string()),
            ("year", pa.int32()),
            ("text", pa.string()),
        ]
    ),
    "awards": pa.schema(
        _FACT
        + [
            ("name", pa.string()),
            ("year", pa.int32()),
            ("category", pa.string()),
            ("text", pa.string()),
        ]
    ),
    "mentions": pa.schema(
        _FACT + [("kind", pa.string()), ("text", pa.string()), ("value", pa.string())]
    ),
    "skipped": pa.schema(
        [
            ("source_file", pa.string()),
            ("offset", pa.int64()),
            ("url", pa.string()),
            ("reason", pa.string()),
            ("detail", pa.string()),
            ("shard_id", pa.string()),
        ]
    ),
}

MINHASH = pa.schema(
    [
        ("article_id", pa.string()),
        ("published", pa.date32()),
        ("crawled_at", pa.timestamp("us", tz="UTC")),
        ("url", pa.string()),
        ("hashvalues", pa.list_(pa.uint64())),
    ]
)

DUPS = pa.schema([("article_id", pa.string()), ("dup_of", pa.string())])

MANIFEST_DIR = "_manifest"
MINHASH_DIR = "minhash"
DUPS_FILE = "dups.parquet"


def shard_id(path: Path, root: Path) -> str:
    """Stable id of one input file: its path relative to its root, size and mtime."""
    stat = path.stat()
    # abspath, not resolve: a symlinked input file stays inside the folder it was given in.
    relative = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    key = f"{relative}\0{stat.st_size}\0{int(stat.st_mtime)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def manifest_path(facts_dir: Path, shard: str) -> Path:
    return Path(facts_dir) / MANIFEST_DIR / f"{shard}.json"


def is_complete(facts_dir: Path, shard: str) -> bool:
    """A shard is complete once its manifest exists (it is written last)."""
    return manifest_path(facts_dir, shard).is_file()


def read_manifest(facts_dir: Path, shard: str) -> dict:
    return json.loads(manifest_path(facts_dir, shard).read_text(encoding="utf-8"))


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """Rows (dicts) to an Arrow table of the schema; unknown keys ignored, missing ones null.

    Values are coerced to the column type ("2023-05-04" to a date, "2017" to an int), since
    the NLP components give their values as JSON-like dicts.
    """
    columns = {f.name: _column([row.get(f.name) for row in rows], f.type) for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def _column(values: list, kind: pa.DataType) -> list:
    """One column's values coerced to `kind`; values already of the column's Python type are
    kept as they are (most of them), so `_coerce` runs only on the others."""
    native = _native_type(kind)
    if native is None:
        return [_coerce(v, kind) for v in values]
    return [v if v is None or type(v) is native else _coerce(v, kind) for v in values]


def _native_type(kind: pa.DataType) -> type | None:
    # The Python type `_coerce` returns unchanged for this column type (exact type: a bool is
    # an int to isinstance, and `_coerce` keeps it, but it is not kept here: `_coerce` decides).
    if pa.types.is_string(kind):
        return str
    if pa.types.is_integer(kind):
        return int
    if pa.types.is_floating(kind):
        return float
    return None


def _coerce(value, kind: pa.DataType):
    if value is None:
        return None
    try:
        if pa.types.is_date32(kind) and isinstance(value, str):
            return date.fromisoformat(value[:10])
        if pa.types.is_integer(kind) and not isinstance(value, int):
            return int(value)
        if pa.types.is_floating(kind) and not isinstance(value, float):
            return float(value)
        if pa.types.is_string(kind) and not isinstance(value, str):
            return value if isinstance(value, str) else json.dumps(value, default=str)
    except (TypeError, ValueError):
        return None
    return value


def write_atomic(table: pa.Table, target: Path) -> None:
    """Write Parquet to a temporary name in the same folder, then rename over the target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pq.write_table(table, temp, compression="zstd")
    os.replace(temp, target)


def write_atomic_batches(batches: pa.RecordBatchReader, target: Path) -> int:
    """Stream record batches to Parquet at a temporary name, then rename over the target.
    Returns the number of rows; memory holds one batch at a time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    rows = 0
    with pq.ParquetWriter(temp, batches.schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    os.replace(temp, target)
    return rows


def write_shard(
    facts_dir: Path,
    shard: str,
    tables: dict[str, list[dict]],
    minhash_rows: list[dict],
    info: dict,
) -> None:
    """Write every table of one shard, its MinHash signatures, then its manifest."""
    facts_dir = Path(facts_dir)
    counts = {}
    for name, schema in SCHEMAS.items():
        rows = tables.get(name, [])
        write_atomic(to_table(rows, schema), facts_dir / name / f"{shard}.parquet")
        counts[name] = len(rows)
    write_atomic(to_table(minhash_rows, MINHASH), facts_dir / MINHASH_DIR / f"{shard}.parquet")
    manifest = {
        "shard_id": shard,
        "rows": counts,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **info,
    }
    write_manifest(facts_dir, shard, manifest)


def write_manifest(facts_dir: Path, shard: str, manifest: dict) -> None:
    """Write a shard's manifest atomically (temp name, then rename): the shard is complete."""
    target = manifest_path(facts_dir, shard)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, target)


def complete_shards(facts_dir: Path) -> list[str]:
    """Ids of every complete shard, sorted."""
    folder = Path(facts_dir) / MANIFEST_DIR
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def signature_count(facts_dir: Path) -> int:
    """MinHash rows over every complete shard, from the Parquet footers (no data read)."""
    facts_dir = Path(facts_dir)
    paths = (facts_dir / MINHASH_DIR / f"{s}.parquet" for s in complete_shards(facts_dir))
    return sum(pq.ParquetFile(path).metadata.num_rows for path in paths if path.is_file())


def article_versions(facts_dir: Path) -> tuple[int, int]:
    """(article rows, distinct article_ids) over every complete shard.

    The same article_id in two shards is one article captured twice (a --refresh recrawl in a
    later WARC file); the latest capture is the article (see docs/architecture.md). Counted
    by DuckDB over the Parquet files (a GROUP BY that spills), not in a Python set, so the
    memory it takes does not grow with the collection.
    """
    facts_dir = Path(facts_dir)
    files = [
        str(path)
        for path in (facts_dir / "articles" / f"{s}.parquet" for s in complete_shards(facts_dir))
        if path.is_file()
    ]
    if not files:
        return 0, 0
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory(prefix="pantau-count-") as work:
        conn = duckdb.connect()
        try:
            conn.execute("SET temp_directory = ?", [work])
            rows, distinct = conn.execute(
                "SELECT coalesce(sum(n), 0), count(*) FROM ("
                "SELECT count(*) AS n FROM read_parquet($files) GROUP BY article_id)",
                {"files": files},
            ).fetchone()
        finally:
            conn.close()
    return int(rows), int(distinct)
