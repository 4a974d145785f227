"""Warehouse benchmark: a synthetic database of 1M articles and 5M facts, then every named query.

The generator builds the rows inside DuckDB from ``range()`` and ``hash()`` (bulk, no Python
loop over rows), into a database made by ``pipeline.store.open_db`` (the real schema, keys and
foreign keys), so the numbers are those of the tables analysts query. Each named query runs
with its default parameters on a read-only connection: one warm-up, then ``--repeat`` timed runs,
p50 and p95 reported.

    .venv/bin/python bench/warehouse_bench.py                 # 1M articles, 5M facts
    .venv/bin/python bench/warehouse_bench.py --articles 100000 --facts 500000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import duckdb

from pipeline import query, store

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_FILE = BENCH_DIR / "results-warehouse.json"

# Share of the facts each table gets (sums to 1).
FACT_SHARES = {
    "events": 0.30,
    "officials": 0.20,
    "counts": 0.16,
    "organizations": 0.12,
    "awards": 0.02,
    "mentions": 0.20,
}
# Synthetic vocabulary: enough variety for realistic group sizes, not real data. Officials are
# drawn from 40 names per kabupaten/kota, as a region has a few dozen officials in the news.
EVENT_TYPES = [
    "bimtek", "laboratorium_inovasi", "sosialisasi", "lomba", "penghargaan",
    "peluncuran", "rapat", "kunjungan", "pameran", "verifikasi", "lainnya",
]  # fmt: skip
STAGES = ["drum-up", "diagnose", "design", "deliver", "display"]
UNITS = ["inovasi", "inovasi", "peserta", "persen", "opd"]
AGENCIES = ["LAN RI", "BSKDN Kemendagri", "Bappeda", "KemenPAN-RB", "Balitbangda", "BRIN"]
ROLES = ["kepala bappeda", "sekretaris daerah", "bupati", "wali kota"]
MENTION_KINDS = ["date", "venue", "region", "regulation"]
AWARDS = ["Innovative Government Award", "TOP Inovasi Pelayanan Publik", "Niagara"]


def _literal(values: list[str]) -> str:
    # Our own constant vocabulary, quoted for a DuckDB list literal.
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str], seed: int) -> str:
    """SQL choosing one of ``values`` by a hash of the row number ``i``."""
    return f"{_literal(values)}[1 + (hash(i, {seed}) % {len(values)})::INTEGER]"


def build_synthetic(db_file: Path, articles: int, facts: int) -> tuple[dict[str, int], float]:
    """Create the synthetic database; returns rows per table and the derived-table refresh time."""
    if db_file.exists():
        db_file.unlink()
    conn = store.open_db(db_file)
    sizes = {table: int(facts * share) for table, share in FACT_SHARES.items()}
    conn.execute(
        """
        CREATE TEMP TABLE kabkota AS
        SELECT row_number() OVER (ORDER BY code) - 1 AS n, code FROM regions
        WHERE level = 'kabkota'
        """
    )
    regions = conn.execute("SELECT count(*) FROM kabkota").fetchall()[0][0]
    conn.execute("INSERT INTO shards VALUES ('bench', 'bench', NULL, 0, now())")
    conn.execute(
        f"""
        INSERT INTO articles (article_id, url, canonical_url, domain, region_hint,
            primary_region, title, published, published_source, crawled_at, text, lang,
            content_hash, relevant, relevance_score, dup_of, shard_id)
        SELECT
            lpad(to_hex(i), 16, '0'),
            'https://portal' || (i % 500) || '.example.id/berita/' || i,
            'https://portal' || (i % 500) || '.example.id/berita/' || i,
            'portal' || (i % 500) || '.example.id',
            k.code, k.code,
            'Berita inovasi ' || i,
            DATE '2018-01-01' + (hash(i, 1) % 2900)::INTEGER,
            'meta',
            TIMESTAMP '2026-01-01' + to_seconds((hash(i, 2) % 1000000)::BIGINT),
            'Teks berita inovasi daerah nomor ' || i || '. Sebanyak 86 inovasi dilaporkan.',
            'id',
            sha1(i::VARCHAR),
            hash(i, 3) % 10 < 7,
            (hash(i, 4) % 1000) / 1000.0,
            CASE WHEN i % 20 = 1 THEN lpad(to_hex(i - 1), 16, '0') END,
            'bench'
        FROM range({articles}) AS r(i)
        JOIN kabkota AS k ON k.n = hash(i, 5) % {regions}
        """
    )
    article_of = f"lpad(to_hex(hash(i, 10) % {articles}), 16, '0')"
    fact_columns = f"{article_of}, i::INTEGER, 40, 50, 'Kalimat bukti nomor ' || i || '.'"
    conn.execute(
        f"""
        INSERT INTO events (article_id, idx, start_char, end_char, sentence, type, "start",
            venue, region, stage, confidence)
        SELECT {fact_columns},
            {_pick(EVENT_TYPES, 12)},
            DATE '2018-01-01' + (hash(i, 13) % 2900)::INTEGER,
            'Aula ' || (i % 300),
            CASE WHEN hash(i, 14) % 3 = 0 THEN k.code END,
            {_pick(STAGES, 15)},
            (hash(i, 16) % 100) / 100.0
        FROM range({sizes["events"]}) AS r(i)
        JOIN kabkota AS k ON k.n = hash(i, 11) % {regions}
        """
    )
    conn.execute(
        f"""
        CREATE TEMP TABLE bench_officials AS
        SELECT {article_of} AS article_id, i::INTEGER AS idx,
               'Pejabat ' || k.code || '-' || (hash(i, 20) % 40) AS name, k.code AS region,
               {_pick(ROLES, 21)}
                   AS role
        FROM range({sizes["officials"]}) AS r(i)
        JOIN kabkota AS k ON k.n = hash(i, 22) % {regions}
        """
    )
    conn.execute(
        """
        INSERT INTO persons
        SELECT DISTINCT ON (key) substr(sha1(key), 1, 16), key, name, region
        FROM (SELECT lower(name) || '|' || region AS key, name, region FROM bench_officials)
        """
    )
    conn.execute(
        """
        INSERT INTO officials (article_id, idx, name, name_raw, role, role_raw, acting,
            region, person_key, person_id, start_char, end_char, sentence)
        SELECT article_id, idx, name, name, role, role, false, region,
               lower(name) || '|' || region, substr(sha1(lower(name) || '|' || region), 1, 16),
               10, 30, 'Kalimat bukti.'
        FROM bench_officials
        """
    )
    conn.execute(
        f"""
        INSERT INTO counts (article_id, idx, start_char, end_char, sentence, value, unit, text)
        SELECT {fact_columns}, (10 + hash(i, 30) % 200)::DOUBLE,
               {_pick(UNITS, 31)}, 'n unit'
        FROM range({sizes["counts"]}) AS r(i)
        """
    )
    conn.execute(
        f"""
        INSERT INTO organizations (article_id, idx, start_char, end_char, sentence, name, text)
        SELECT {fact_columns}, {_pick(AGENCIES, 40)}, 'org'
        FROM range({sizes["organizations"]}) AS r(i)
        """
    )
    conn.execute(
        f"""
        INSERT INTO awards (article_id, idx, start_char, end_char, sentence, name, year, text)
        SELECT {fact_columns}, {_pick(AWARDS, 50)},
               2018 + (hash(i, 51) % 8)::INTEGER, 'award'
        FROM range({sizes["awards"]}) AS r(i)
        """
    )
    conn.execute(
        f"""
        INSERT INTO mentions (article_id, idx, start_char, end_char, sentence, kind, text, value)
        SELECT {fact_columns}, {_pick(MENTION_KINDS, 60)},
               'teks', '{{}}'
        FROM range({sizes["mentions"]}) AS r(i)
        """
    )
    # What every load does after merging: rebuild the tables the trend queries scan.
    began = time.perf_counter()
    store.refresh_derived(conn)
    refresh_seconds = time.perf_counter() - began
    counts = {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
        for table in store.base_tables(conn)
    }
    conn.execute("CHECKPOINT")
    conn.close()
    return counts, refresh_seconds


def reuse_synthetic(db_file: Path) -> tuple[dict[str, int], float]:
    """Rows per table of a kept database (derived tables rebuilt if derived.sql changed)."""
    conn = store.open_db(db_file)
    began = time.perf_counter()
    store.refresh_derived(conn)
    refresh_seconds = time.perf_counter() - began
    counts = {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
        for table in store.base_tables(conn)
    }
    conn.execute("CHECKPOINT")
    conn.close()
    return counts, refresh_seconds


# A period that cuts months and years at both ends: the trend queries then also read the
# events of the cut months / years (not only the rollups), the slower path.
CUT_PERIOD = {"start": "2019-03-15", "end": "2023-08-10"}


def time_queries(db_file: Path, repeat: int, params: dict[str, str] | None = None) -> list[dict]:
    """p50/p95 of every named query on a read-only connection, with its default parameters or,
    given ``params``, those it declares (queries declaring none of them are left out)."""
    conn = store.open_db(db_file, read_only=True)
    results = []
    try:
        for named in query.load_queries().values():
            declared = {param.name for param in named.params}
            if params is not None and not declared & set(params):
                continue
            values = named.bind({k: v for k, v in (params or {}).items() if k in declared})
            rows = len(conn.execute(named.sql, values).fetchall())  # warm-up
            timings, cpu = [], []
            for _ in range(repeat):
                began, began_cpu = time.perf_counter(), time.process_time()
                conn.execute(named.sql, values).fetchall()
                timings.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
            timings.sort()
            p95_index = min(len(timings) - 1, round(0.95 * (len(timings) - 1)))
            results.append(
                {
                    "query": named.name,
                    "rows": rows,
                    "p50_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(timings[p95_index], 1),
                    # CPU time of all DuckDB threads: what the query costs when the machine
                    # is shared (wall time then includes waiting for a core).
                    "cpu_p50_ms": round(statistics.median(cpu), 1),
                    "runs": repeat,
                }
            )
    finally:
        conn.close()
    return results


def markdown(results: list[dict], target_ms: float) -> str:
    lines = [
        "| query | rows | p50 ms | p95 ms | CPU p50 ms | p50 < target |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for r in results:
        ok = "yes" if r["p50_ms"] < target_ms else "**no**"
        lines.append(
            f"| {r['query']} | {r['rows']} | {r['p50_ms']} | {r['p95_ms']} | {r['cpu_p50_ms']} "
            f"| {ok} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--facts", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--db", type=Path, default=BENCH_DIR / "warehouse-bench.duckdb")
    parser.add_argument("--out", type=Path, default=RESULTS_FILE)
    parser.add_argument("--target-ms", type=float, default=100.0)
    parser.add_argument("--keep", action="store_true", help="Keep the synthetic database.")
    parser.add_argument(
        "--reuse", action="store_true", help="Time the queries on a database kept by --keep."
    )
    args = parser.parse_args()

    began = time.perf_counter()
    reused = args.reuse and args.db.exists()
    if reused:
        counts, refresh_seconds = reuse_synthetic(args.db)
    else:
        counts, refresh_seconds = build_synthetic(args.db, args.articles, args.facts)
    build_seconds = None if reused else round(time.perf_counter() - began, 1)
    facts = sum(counts[t] for t in store.FACT_TABLES)
    print(
        f"{'reused' if reused else f'built in {build_seconds} s'}: {counts['articles']:,} "
        f"articles, {facts:,} facts (derived tables refreshed in {refresh_seconds:.1f} s)"
    )
    load_before = os.getloadavg()[0]
    results = time_queries(args.db, args.repeat)
    cut_results = time_queries(args.db, args.repeat, CUT_PERIOD)
    load_after = os.getloadavg()[0]
    report = {
        "articles": counts["articles"],
        "facts": facts,
        "rows_per_table": counts,
        "build_seconds": build_seconds,  # None: timed on a database kept from an earlier build
        "derived_refresh_seconds": round(refresh_seconds, 1),
        "target_p50_ms": args.target_ms,
        "duckdb": duckdb.__version__,
        "machine": f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores",
        # Other work on the machine slows every query; the 1-minute load average says how much.
        "load_average_during_timing": [round(load_before, 2), round(load_after, 2)],
        "queries": results,
        "cut_period": CUT_PERIOD,
        "queries_cut_period": cut_results,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(results, args.target_ms))
    print(f"with start={CUT_PERIOD['start']} end={CUT_PERIOD['end']}:")
    print(markdown(cut_results, args.target_ms))
    print(f"load average during timing: {load_before:.2f} -> {load_after:.2f}")
    if not args.keep:
        args.db.unlink(missing_ok=True)
        Path(str(args.db) + ".wal").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
