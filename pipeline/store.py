"""The DuckDB warehouse: schema, migrations, idempotent load of Parquet shards, export.

The load stage reads only what extract wrote (docs/architecture.md): complete shards under
``facts/<table>/<shard_id>.parquet`` (complete when ``facts/_manifest/<shard_id>.json`` exists)
and ``facts/dups.parquet``. Shards are merged in bulk with DuckDB's ``read_parquet``, one
transaction per batch, so a load killed half-way leaves the database as it was before that
batch and the next run picks the batch up again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline import config

log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parent / "sql"
SCHEMA_FILE = SQL_DIR / "schema.sql"
VIEWS_FILE = SQL_DIR / "views.sql"
DERIVED_FILE = SQL_DIR / "derived.sql"
MIGRATIONS_DIR = SQL_DIR / "migrations"

# Fact tables in the shards, all keyed (article_id, idx) and replaced article by article.
FACT_TABLES = (
    "events",
    "officials",
    "counts",
    "amounts",
    "organizations",
    "regulations",
    "awards",
    "mentions",
)
# Region-code columns that reference regions(code): unknown codes are set to NULL and counted,
# so that one odd code does not stop a load (the value stays in mentions.value).
REGION_COLUMNS = {
    "articles": ("region_hint", "primary_region"),
    "events": ("region",),
    "officials": ("region",),
}
# Shards merged per transaction. PANTAU_LOAD_SHARDS_PER_BATCH changes it (the kill test uses
# small batches, so that a load has many commit points to be killed between).
SHARDS_PER_BATCH = int(os.environ.get("PANTAU_LOAD_SHARDS_PER_BATCH", "200"))


class SchemaError(RuntimeError):
    """The database file is not one this version of pantau can open."""


class DatabaseBusyError(RuntimeError):
    """Another process holds the database (DuckDB allows one writer, which excludes readers)."""


class LoadMemoryError(RuntimeError):
    """The load needed more memory than its DuckDB limit (PANTAU_LOAD_MEMORY) allows."""


def schema_version() -> int:
    """The version that schema.sql describes (its ``-- schema_version: N`` header)."""
    match = re.search(r"^-- schema_version:\s*(\d+)", SCHEMA_FILE.read_text(), re.M)
    if not match:
        raise SchemaError(f"{SCHEMA_FILE} has no '-- schema_version: N' header")
    return int(match.group(1))


def migrations() -> list[tuple[int, Path]]:
    """Ordered migrations: ``NNN_name.sql`` brings version NNN-1 to NNN."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        number = re.match(r"(\d+)_", path.name)
        if number:
            found.append((int(number.group(1)), path))
    return sorted(found)


# --------------------------------------------------------------------------- opening


def open_db(
    path: Path | str, read_only: bool = False, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (and create or migrate, unless read-only) a pantau database.

    A database of an older schema version is migrated by the ordered migration files; a newer
    one is refused with a clear message, and so is an older one opened read-only.
    `memory_limit` caps DuckDB's memory (it spills to `<db>.tmp` past it); None: DuckDB's
    default, 80 % of the machine's memory.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no database at {path}: run `pantau load` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        settings = {"memory_limit": memory_limit} if memory_limit else {}
        conn = duckdb.connect(str(path), read_only=read_only, config=settings)
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        raise DatabaseBusyError(
            f"{path} is in use by another process (a load running?). Read a snapshot copy or "
            "the Parquet export meanwhile (docs/queries.md, 'Reading while a load is running')."
        ) from error
    try:
        # Timestamps are stored as UTC wall-clock time whatever the machine's zone.
        conn.execute("SET TimeZone = 'UTC'")
        _ensure_schema(conn, path, read_only)
        if not read_only:
            _sync_regions(conn)
            _sync_sources(conn)
            if _stored_derived_hash(conn) != _derived_hash():
                refresh_derived(conn)
            conn.execute(VIEWS_FILE.read_text())
    except BaseException:
        conn.close()
        raise
    return conn


def _has_table(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        conn.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = $n AND NOT temporary",
            {"n": name},
        ).fetchall()[0][0]
    )


def _derived_hash() -> str:
    return hashlib.sha1(DERIVED_FILE.read_bytes()).hexdigest()[:16]


def _stored_derived_hash(conn: duckdb.DuckDBPyConnection) -> str | None:
    if not _has_table(conn, "derived_state"):
        return None
    rows = conn.execute("SELECT sql_hash FROM derived_state").fetchall()
    return rows[0][0] if rows else None


def _mark_derived_stale(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("DELETE FROM derived_state")


def refresh_derived(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the derived tables of derived.sql (the facts the trend queries scan).

    The hash of derived.sql is kept beside them, so that a database opened by a pantau whose
    derived.sql changed is rebuilt on its first writable open.
    """
    conn.execute("BEGIN")
    try:
        conn.execute(DERIVED_FILE.read_text())
        conn.execute(
            "CREATE OR REPLACE TABLE derived_state AS SELECT $h AS sql_hash",
            {"h": _derived_hash()},
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def current_version(conn: duckdb.DuckDBPyConnection) -> int | None:
    """The database's schema version, or None for a database without pantau's schema."""
    has_table = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not has_table:
        return None
    return conn.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]


def _ensure_schema(conn: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    wanted = schema_version()
    found = current_version(conn)
    if found is not None and found > wanted:
        raise SchemaError(
            f"{path} has schema version {found}, newer than this pantau's {wanted}: "
            "upgrade pantau to open it (the file was left untouched)"
        )
    if found == wanted:
        return
    if read_only:
        raise SchemaError(
            f"{path} has schema version {found}, older than {wanted}: "
            "open it once writable (e.g. `pantau load`) to migrate it"
        )
    if found is None:
        other_tables = conn.execute("SELECT count(*) FROM duckdb_tables()").fetchall()[0][0]
        if other_tables:
            raise SchemaError(f"{path} is a DuckDB file without pantau's schema_version table")
        conn.execute("BEGIN")
        conn.execute(SCHEMA_FILE.read_text())
        conn.execute("INSERT INTO schema_version (version) VALUES ($v)", {"v": wanted})
        conn.execute("COMMIT")
        return
    for number, migration in migrations():
        if found < number <= wanted:
            log.info("migrating %s to schema version %d (%s)", path, number, migration.name)
            conn.execute("BEGIN")
            conn.execute(migration.read_text())
            conn.execute("INSERT INTO schema_version (version) VALUES ($v)", {"v": number})
            conn.execute("COMMIT")
    if current_version(conn) != wanted:
        raise SchemaError(f"no migration path from version {found} to {wanted} for {path}")


# --------------------------------------------------------------------------- reference data


def read_regions(gazetteer_dir: Path | None = None, shared_dir: Path | None = None) -> list[dict]:
    """Provinces and kabupaten/kota as rows of the regions table.

    Reads ``data/gazetteers/regions.csv`` (the project's gazetteer); while it does not exist,
    the Kemendagri lists in ``../shared/data/wilayah`` give the same rows.
    """
    gazetteer = (gazetteer_dir or config.GAZETTEER_DIR) / "regions.csv"
    if gazetteer.exists():
        with gazetteer.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    else:
        wilayah = (shared_dir or config.SHARED_DIR) / "data" / "wilayah"
        with (wilayah / "provinces.csv").open(newline="", encoding="utf-8") as handle:
            rows = [dict(row, type="provinsi") for row in csv.DictReader(handle)]
        with (wilayah / "regencies.csv").open(newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    return [region for row in rows if (region := _region_row(row))]


def _region_row(row: dict) -> dict | None:
    code = (row.get("code") or "").strip()
    depth = code.count(".")
    if not code or depth > 1:  # districts and villages are not regions of this warehouse
        return None
    level = "province" if depth == 0 else "kabkota"
    # The gazetteer's "level" says kabupaten or kota; wilayah's regencies call that "type".
    kind = row.get("type") or row.get("level")
    return {
        "code": code,
        "name": row["name"].strip(),
        "level": level,
        "type": "provinsi" if level == "province" else kind,
        "province_code": (row.get("province_code") or code.split(".")[0]).strip(),
        "short_name": row.get("short_name") or None,
    }


def _sync_regions(conn: duckdb.DuckDBPyConnection) -> None:
    try:
        rows = read_regions()
    except FileNotFoundError as error:
        log.warning("no region gazetteer (%s): regions table left as it is", error)
        return
    columns = ("code", "name", "level", "type", "province_code", "short_name")
    incoming = {column: [row[column] for row in rows] for column in columns}
    _temp_strings(conn, "incoming_regions", incoming)
    conn.execute(
        """
        INSERT INTO regions SELECT * FROM incoming_regions
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
            type = excluded.type, province_code = excluded.province_code,
            short_name = excluded.short_name
        """
    )
    conn.execute("DROP TABLE incoming_regions")


def read_sources(sources_file: Path | None = None) -> list[dict]:
    """Rows of the sources table from sources.toml (``[[source]]`` or ``[sources.NAME]``)."""
    path = sources_file or config.SOURCES_FILE
    if not path.exists():
        return []
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = document.get("source", document.get("sources", []))
    if isinstance(entries, dict):
        entries = [dict(entry, name=entry.get("name", name)) for name, entry in entries.items()]
    rows = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        rows.append(
            {
                "name": str(entry["name"]),
                "domain": entry.get("domain") or next(iter(entry.get("domains") or []), None),
                "region_hint": entry.get("region_hint", entry.get("region")),
                "entry": json.dumps(entry, default=str, ensure_ascii=False),
            }
        )
    return rows


def _sync_sources(conn: duckdb.DuckDBPyConnection) -> None:
    try:
        rows = read_sources()
    except (tomllib.TOMLDecodeError, OSError) as error:
        log.warning("sources.toml unreadable (%s): sources table left as it is", error)
        return
    if not rows:
        return
    columns = ("name", "domain", "region_hint", "entry")
    _temp_strings(conn, "incoming_sources", {c: [r[c] for r in rows] for c in columns})
    conn.execute("BEGIN")
    conn.execute("DELETE FROM sources")
    conn.execute("INSERT INTO sources SELECT DISTINCT ON (name) * FROM incoming_sources")
    conn.execute("COMMIT")
    conn.execute("DROP TABLE incoming_sources")


def _temp_strings(conn: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list]) -> None:
    """A temporary table `name` of VARCHAR columns, built by DuckDB from the Python lists
    (one list parameter per column, unnested side by side). Not an Arrow table: pyarrow's
    first `pa.array` imports pandas, 0.2 CPU-s of every load (bench/PROFILE.md)."""
    select = ", ".join(f'unnest(?::VARCHAR[]) AS "{column}"' for column in columns)
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", list(columns.values()))


# --------------------------------------------------------------------------- loading


@dataclass
class LoadSummary:
    """What one `load_facts` run did; every input shard is accounted for."""

    shards_found: int = 0
    shards_loaded: int = 0
    shards_unchanged: int = 0
    shards_bad: list[str] = field(default_factory=list)
    articles_new: int = 0
    articles_updated: int = 0
    articles_kept_newer: int = 0
    history_rows: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    orphan_facts: int = 0
    unknown_region_codes: int = 0
    skipped_records: int = 0
    duplicates_marked: int = 0
    seconds: float = 0.0


@dataclass
class _Shard:
    shard_id: str
    manifest_hash: str
    manifest: str


def find_pending_shards(
    conn: duckdb.DuckDBPyConnection, facts_dir: Path, summary: LoadSummary
) -> list[_Shard]:
    """Complete shards whose manifest is new or changed since they were last loaded."""
    loaded = dict(conn.execute("SELECT shard_id, manifest_hash FROM shards").fetchall())
    pending = []
    for manifest_path in sorted((facts_dir / "_manifest").glob("*.json")):
        summary.shards_found += 1
        raw = manifest_path.read_bytes()
        try:
            json.loads(raw)
        except ValueError:
            log.warning("unreadable manifest %s: shard skipped", manifest_path)
            summary.shards_bad.append(manifest_path.stem)
            continue
        digest = hashlib.sha1(raw).hexdigest()
        if loaded.get(manifest_path.stem) == digest:
            summary.shards_unchanged += 1
            continue
        pending.append(_Shard(manifest_path.stem, digest, raw.decode("utf-8")))
    return pending


def load_facts(
    facts_dir: Path | str = config.FACTS_DIR,
    db_file: Path | str = config.DB_FILE,
    progress: bool = True,
    memory_limit: str = config.LOAD_MEMORY,
) -> LoadSummary:
    """Merge complete shards into the database, idempotently, and apply dups.parquet.

    Re-running loads nothing twice (a shard whose manifest is unchanged is skipped); a shard
    extracted again replaces the facts of its articles; the same URL with new content updates
    the article and keeps the old content hash in article_history. DuckDB works within
    `memory_limit` (PANTAU_LOAD_MEMORY); a load that needs more stops with LoadMemoryError,
    keeping the batches it committed.
    """
    facts_dir = Path(facts_dir)
    began = time.perf_counter()
    summary = LoadSummary(facts={table: 0 for table in FACT_TABLES})
    limit = config.memory_size(memory_limit, "PANTAU_LOAD_MEMORY")
    try:
        _load_within(facts_dir, db_file, limit, summary, progress)
    except duckdb.OutOfMemoryException as error:
        raise LoadMemoryError(
            f"the load needed more than PANTAU_LOAD_MEMORY={limit} ({str(error).splitlines()[0]});"
            " set PANTAU_LOAD_MEMORY higher (e.g. 1GB) and run `pantau load` again: the shards"
            " loaded so far are kept"
        ) from error
    summary.seconds = time.perf_counter() - began
    return summary


def _load_within(
    facts_dir: Path, db_file: Path | str, limit: str, summary: LoadSummary, progress: bool
) -> None:
    conn = open_db(db_file, memory_limit=limit)
    try:
        pending = find_pending_shards(conn, facts_dir, summary)
        batches = [
            pending[i : i + SHARDS_PER_BATCH] for i in range(0, len(pending), SHARDS_PER_BATCH)
        ]
        for batch in _with_progress(batches, len(pending), progress):
            _load_batch_or_each(conn, facts_dir, batch, summary)
        _apply_dups(conn, facts_dir, summary)
        _drop_unreferenced_persons(conn)
        # Every change to the base tables cleared derived_state in its own transaction, so a
        # load killed before this point is caught up by the next one.
        if _stored_derived_hash(conn) != _derived_hash():
            refresh_derived(conn)
    finally:
        conn.close()


def _with_progress(batches: list[list[_Shard]], total: int, show: bool) -> Iterable[list[_Shard]]:
    if not show or not batches:
        yield from batches
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("[bold]load", BarColumn(), MofNCompleteColumn(), "shards", TimeElapsedColumn())
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("load", total=total)
        for batch in batches:
            yield batch
            bar.advance(task, len(batch))


def _files(facts_dir: Path, table: str, batch: list[_Shard]) -> list[str]:
    paths = (facts_dir / table / f"{shard.shard_id}.parquet" for shard in batch)
    return [str(path) for path in paths if path.exists()]


def _stage(conn: duckdb.DuckDBPyConnection, name: str, table: str, files: list[str]) -> bool:
    """Read a table's Parquet files of the batch into a temp table, cast to the warehouse types.

    Columns the shards lack come in as NULL (an older extract), columns the warehouse does not
    know are ignored; the shard id comes from the file name, the authority on where a row
    came from. Returns False when the batch has no file of this table.
    """
    conn.execute(f"DROP TABLE IF EXISTS {name}")
    if not files:
        return False
    source = "read_parquet($files, union_by_name = true, filename = true)"
    available = {
        row[0]
        for row in conn.execute(f"DESCRIBE SELECT * FROM {source}", {"files": files}).fetchall()
    }
    target = conn.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE table_name = $t AND schema_name = 'main' ORDER BY column_index",
        {"t": table},
    ).fetchall()
    selects = []
    for column, data_type in target:
        if column in ("shard_id", "person_id"):  # set by the load, not read from the shard
            continue
        expression = f'"{column}"' if column in available else "NULL"
        selects.append(f'CAST({expression} AS {data_type}) AS "{column}"')
    selects.append("parse_filename(filename, true) AS shard_id")
    conn.execute(
        f"CREATE TEMP TABLE {name} AS SELECT {', '.join(selects)} FROM {source}", {"files": files}
    )
    return True


def _load_batch_or_each(
    conn: duckdb.DuckDBPyConnection, facts_dir: Path, batch: list[_Shard], summary: LoadSummary
) -> None:
    """Merge a batch in one transaction; when it fails, shard by shard, so that one bad shard
    is skipped (logged, counted, named in the summary) and the others still load."""
    part = LoadSummary(facts=dict.fromkeys(FACT_TABLES, 0))
    try:
        _load_batch(conn, facts_dir, batch, part)
    except duckdb.OutOfMemoryException:
        raise  # not the shards' fault: load_facts says which setting to raise
    except duckdb.Error as error:
        if len(batch) > 1:
            for shard in batch:
                _load_batch_or_each(conn, facts_dir, [shard], summary)
            return
        log.warning("shard %s not loaded: %s", batch[0].shard_id, error)
        summary.shards_bad.append(f"{batch[0].shard_id}: {str(error).splitlines()[0][:200]}")
        return
    summary.shards_loaded += len(batch)
    for name in _COUNTERS:
        setattr(summary, name, getattr(summary, name) + getattr(part, name))
    for table, rows in part.facts.items():
        summary.facts[table] += rows


_COUNTERS = (
    "articles_new",
    "articles_updated",
    "articles_kept_newer",
    "history_rows",
    "orphan_facts",
    "unknown_region_codes",
    "skipped_records",
)


def _load_batch(
    conn: duckdb.DuckDBPyConnection, facts_dir: Path, batch: list[_Shard], summary: LoadSummary
) -> None:
    conn.execute("BEGIN")
    try:
        _merge_articles(conn, facts_dir, batch, summary)
        for table in FACT_TABLES:
            summary.facts[table] += _merge_facts(conn, facts_dir, table, batch, summary)
        summary.skipped_records += _merge_skipped(conn, facts_dir, batch)
        _record_shards(conn, batch)
        _mark_derived_stale(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        for name in ("stg_articles", "winners", "stg_facts"):
            conn.execute(f"DROP TABLE IF EXISTS {name}")


def _null_unknown_regions(
    conn: duckdb.DuckDBPyConnection, staged: str, table: str, summary: LoadSummary
) -> None:
    for column in REGION_COLUMNS.get(table, ()):
        unknown = f'"{column}" IS NOT NULL AND "{column}" NOT IN (SELECT code FROM regions)'
        count = conn.execute(f"SELECT count(*) FROM {staged} WHERE {unknown}").fetchall()[0][0]
        if count:
            log.warning("%d unknown region codes in %s.%s set to NULL", count, table, column)
            summary.unknown_region_codes += count
            conn.execute(f'UPDATE {staged} SET "{column}" = NULL WHERE {unknown}')


def _merge_articles(
    conn: duckdb.DuckDBPyConnection, facts_dir: Path, batch: list[_Shard], summary: LoadSummary
) -> None:
    conn.execute("CREATE TEMP TABLE winners (article_id VARCHAR, shard_id VARCHAR)")
    if not _stage(conn, "stg_articles", "articles", _files(facts_dir, "articles", batch)):
        conn.execute("CREATE TEMP TABLE stg_articles (article_id VARCHAR)")
        return
    _null_unknown_regions(conn, "stg_articles", "articles", summary)
    # One version per article in the batch: the latest crawl wins, then the later shard id,
    # so the outcome does not depend on the order the shards are listed in.
    conn.execute(
        """
        CREATE OR REPLACE TEMP TABLE stg_articles AS SELECT * FROM stg_articles
        QUALIFY row_number() OVER (PARTITION BY article_id
            ORDER BY crawled_at DESC NULLS LAST, shard_id DESC, content_hash DESC) = 1
        """
    )
    # A version older than the one already stored loses; its content hash goes to history.
    conn.execute(
        """
        INSERT INTO winners
        SELECT s.article_id, s.shard_id FROM stg_articles AS s
        LEFT JOIN articles AS a USING (article_id)
        WHERE a.article_id IS NULL OR a.crawled_at IS NULL OR s.crawled_at IS NULL
           OR s.crawled_at >= a.crawled_at
        """
    )
    counts = conn.execute(
        """
        SELECT count(*) FILTER (WHERE a.article_id IS NULL),
               count(*) FILTER (WHERE a.article_id IS NOT NULL AND w.article_id IS NOT NULL),
               count(*) FILTER (WHERE w.article_id IS NULL)
        FROM stg_articles AS s
        LEFT JOIN articles AS a USING (article_id)
        LEFT JOIN winners AS w USING (article_id)
        """
    ).fetchall()[0]
    summary.articles_new += counts[0]
    summary.articles_updated += counts[1]
    summary.articles_kept_newer += counts[2]
    now = datetime.now(UTC).replace(tzinfo=None)
    history = conn.execute(
        """
        INSERT INTO article_history
        SELECT a.article_id, a.content_hash, a.title, a.published, a.crawled_at, a.shard_id, $now
        FROM articles AS a JOIN stg_articles AS s USING (article_id)
        JOIN winners AS w USING (article_id)
        WHERE a.content_hash <> s.content_hash
        UNION ALL
        SELECT s.article_id, s.content_hash, s.title, s.published, s.crawled_at, s.shard_id, $now
        FROM stg_articles AS s JOIN articles AS a USING (article_id)
        WHERE s.article_id NOT IN (SELECT article_id FROM winners)
          AND a.content_hash <> s.content_hash
        ON CONFLICT DO NOTHING
        """,
        {"now": now},
    ).fetchall()[0][0]
    summary.history_rows += history
    for table in FACT_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM winners)")
    columns = [d[0] for d in conn.execute("SELECT * FROM articles LIMIT 0").description]
    quoted = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "article_id")
    conn.execute(
        f"""
        INSERT INTO articles ({quoted})
        SELECT {quoted} FROM stg_articles WHERE article_id IN (SELECT article_id FROM winners)
        ON CONFLICT (article_id) DO UPDATE SET {updates}
        """
    )


def _merge_facts(
    conn: duckdb.DuckDBPyConnection,
    facts_dir: Path,
    table: str,
    batch: list[_Shard],
    summary: LoadSummary,
) -> int:
    if not _stage(conn, "stg_facts", table, _files(facts_dir, table, batch)):
        return 0
    # A fact whose article is in neither its shard nor the database cannot be stored (its
    # foreign key): counted and logged, never silently dropped.
    orphan = (
        "article_id NOT IN (SELECT article_id FROM stg_articles WHERE article_id IS NOT NULL) "
        "AND article_id NOT IN (SELECT article_id FROM articles)"
    )
    orphans = conn.execute(f"SELECT count(*) FROM stg_facts WHERE {orphan}").fetchall()[0][0]
    if orphans:
        log.warning("%d %s rows without their article skipped", orphans, table)
        summary.orphan_facts += orphans
    # Only the facts of the article version that won, so a stale shard adds nothing.
    conn.execute(
        """
        DELETE FROM stg_facts AS f WHERE NOT EXISTS (
            SELECT 1 FROM winners AS w
            WHERE w.article_id = f.article_id AND w.shard_id = f.shard_id)
        """
    )
    _null_unknown_regions(conn, "stg_facts", table, summary)
    columns = [d[0] for d in conn.execute(f"SELECT * FROM {table} LIMIT 0").description]
    if table == "officials":
        _merge_persons(conn)
    selects = ", ".join(_person_id_expression() if c == "person_id" else f'"{c}"' for c in columns)
    quoted = ", ".join(f'"{c}"' for c in columns)
    inserted = conn.execute(
        f"""
        INSERT INTO {table} ({quoted})
        SELECT {selects} FROM stg_facts
        QUALIFY row_number() OVER (PARTITION BY article_id, idx ORDER BY start_char) = 1
        """
    ).fetchall()[0][0]
    return inserted


def _person_key_expression() -> str:
    # Extract gives person_key (name + region); older shards without one get the same recipe.
    return "coalesce(person_key, lower(trim(name)) || '|' || coalesce(region, ''))"


def _person_id_expression() -> str:
    # Derived from the key, not a counter: stable across loads, rebuilds and machines.
    return f"substr(sha1({_person_key_expression()}), 1, 16)"


def _merge_persons(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"UPDATE stg_facts SET person_key = {_person_key_expression()}")
    conn.execute(
        f"""
        INSERT INTO persons (person_id, person_key, name, region)
        SELECT DISTINCT ON (person_key) {_person_id_expression()}, person_key, name, region
        FROM stg_facts WHERE name IS NOT NULL
        ORDER BY person_key, article_id, idx
        ON CONFLICT DO NOTHING
        """
    )


def _merge_skipped(conn: duckdb.DuckDBPyConnection, facts_dir: Path, batch: list[_Shard]) -> int:
    ids = [shard.shard_id for shard in batch]
    conn.execute("DELETE FROM skipped WHERE list_contains($ids, shard_id)", {"ids": ids})
    if not _stage(conn, "stg_facts", "skipped", _files(facts_dir, "skipped", batch)):
        return 0
    return conn.execute("INSERT INTO skipped BY NAME SELECT * FROM stg_facts").fetchall()[0][0]


def _record_shards(conn: duckdb.DuckDBPyConnection, batch: list[_Shard]) -> None:
    _temp_strings(
        conn,
        "incoming_shards",
        {
            "shard_id": [s.shard_id for s in batch],
            "manifest_hash": [s.manifest_hash for s in batch],
            "manifest": [s.manifest for s in batch],
        },
    )
    conn.execute(
        """
        INSERT OR REPLACE INTO shards
        SELECT i.shard_id, i.manifest_hash, i.manifest::JSON,
               (SELECT count(*) FROM articles AS a WHERE a.shard_id = i.shard_id), $now
        FROM incoming_shards AS i
        """,
        {"now": datetime.now(UTC).replace(tzinfo=None)},
    )
    conn.execute("DROP TABLE incoming_shards")


def _apply_dups(conn: duckdb.DuckDBPyConnection, facts_dir: Path, summary: LoadSummary) -> int:
    """dups.parquet is recomputed over the whole collection, so it is the authority on dup_of.

    A canonical copy that is not (yet) in the database is not pointed at, so that no story
    disappears from the views; the next load, with that article in, marks it.
    """
    dups_file = facts_dir / "dups.parquet"
    if not dups_file.exists():
        return 0
    conn.execute("BEGIN")
    try:
        conn.execute(
            """
            CREATE OR REPLACE TEMP TABLE stg_dups AS
            SELECT DISTINCT ON (d.article_id) d.article_id::VARCHAR AS article_id,
                   d.dup_of::VARCHAR AS dup_of
            FROM read_parquet($file) AS d
            WHERE d.dup_of IS NOT NULL AND d.dup_of <> d.article_id
              AND d.dup_of IN (SELECT article_id FROM articles)
            ORDER BY d.article_id, d.dup_of
            """,
            {"file": str(dups_file)},
        )
        changed = conn.execute(
            """
            UPDATE articles AS a SET dup_of = d.dup_of
            FROM (SELECT a2.article_id, s.dup_of FROM articles AS a2
                  LEFT JOIN stg_dups AS s USING (article_id)) AS d
            WHERE a.article_id = d.article_id AND a.dup_of IS DISTINCT FROM d.dup_of
            """
        ).fetchall()[0][0]
        summary.duplicates_marked = conn.execute(
            "SELECT count(*) FROM articles WHERE dup_of IS NOT NULL"
        ).fetchall()[0][0]
        log.info("dup_of changed on %d articles", changed)
        if changed:
            _mark_derived_stale(conn)
        conn.execute("DROP TABLE stg_dups")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return changed


def _drop_unreferenced_persons(conn: duckdb.DuckDBPyConnection) -> None:
    # Its own transaction: DuckDB checks foreign keys against the state before the
    # transaction, so persons can only go once the officials that named them are gone.
    conn.execute(
        "DELETE FROM persons WHERE person_id NOT IN "
        "(SELECT person_id FROM officials WHERE person_id IS NOT NULL)"
    )


# --------------------------------------------------------------------------- export


def base_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's tables (not views), in name order."""
    rows = conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
        "AND NOT temporary ORDER BY table_name"
    ).fetchall()
    return [name for (name,) in rows]


def export_tables(db_file: Path | str, out_dir: Path | str) -> dict[str, int]:
    """Write every table to ``out_dir/<table>.parquet`` (atomically); returns rows per table."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    conn = open_db(db_file, read_only=True)
    try:
        for table in base_tables(conn):
            target = out_dir / f"{table}.parquet"
            partial = out_dir / f".{table}.parquet.partial"
            # COPY takes no bound parameters for its target; the path is ours, quotes escaped.
            literal = str(partial).replace("'", "''")
            conn.execute(f"COPY (SELECT * FROM \"{table}\") TO '{literal}' (FORMAT parquet)")
            partial.replace(target)
            written[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
    finally:
        conn.close()
    return written


def print_load_summary(summary: LoadSummary) -> None:
    """The end-of-load summary as a rich table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"load: {summary.seconds:.1f} s", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("shards found (complete)", summary.shards_found),
        ("shards loaded", summary.shards_loaded),
        ("shards unchanged, skipped", summary.shards_unchanged),
        ("shards not loaded (unreadable, see log)", len(summary.shards_bad)),
        ("articles new", summary.articles_new),
        ("articles updated", summary.articles_updated),
        ("articles older than stored, kept in history", summary.articles_kept_newer),
        ("article_history rows added", summary.history_rows),
        *((f"{table_name} rows", n) for table_name, n in summary.facts.items()),
        ("skipped input records", summary.skipped_records),
        ("facts without article, skipped", summary.orphan_facts),
        ("unknown region codes set to NULL", summary.unknown_region_codes),
        ("articles marked near-duplicate", summary.duplicates_marked),
    ]
    for label, value in rows:
        table.add_row(label, f"{value:,}")
    Console().print(table)
