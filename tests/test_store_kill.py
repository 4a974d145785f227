"""kill -9 of `pantau load` at ten random points (seeded), then a full run: same database.

About twenty shards are written as extract writes them (the helpers of test_store_load), some
holding newer captures of earlier articles (replacement, history) and a dups.parquet. The load
runs as a user runs it (`pantau load`, its own process), with two shards per transaction so
that it has many commit points to be killed between; kills pile up on the same database (a
killed run is the starting state of the next), and only a run that finished before its kill
starts over from an empty database. After the last kill a run to completion must give what a
clean run gives: the same rows in every table (derived tables included), the same content
hashes, no duplicates, and `pantau check` passes.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.pipeline_runs import db_articles, db_table_rows, kill_after, run_pantau, start_pantau
from tests.test_store_load import (
    TEXT_IGA,
    TEXT_LAB,
    facts_for,
    make_article,
    merge_facts,
    write_shard,
)

KILLS = 10
SEED = 20261123
SHARDS = 20
NEWER_CAPTURES = 5  # the last shards re-capture articles of the first ones, with new text
REGIONS = ("36.72", "36.73", "32.06", "11.73", "35.78", "73.71")
BATCH_ENV = {"PANTAU_LOAD_SHARDS_PER_BATCH": "2"}


def _articles_of(shard: int, recapture: bool) -> list[dict]:
    """Two articles per shard; a re-capture has the same URLs as shard `shard` and new text."""
    rows = []
    for k, base in enumerate((TEXT_LAB, TEXT_IGA)):
        text = base + (" Pembaruan berita." if recapture else "")
        rows.append(
            make_article(
                f"https://portal{shard % 7}.example.id/berita/{shard}-{k}",
                text,
                REGIONS[(shard + k) % len(REGIONS)],
                date(2019 + shard % 5, 1 + shard % 12, 1 + shard),
                crawled_at=datetime(2024, 2 if recapture else 1, 1 + shard, 8, 0),
            )
        )
    return rows


def write_collection(facts_dir: Path) -> None:
    for shard in range(SHARDS):
        recapture = shard >= SHARDS - NEWER_CAPTURES
        source = shard - (SHARDS - NEWER_CAPTURES) if recapture else shard
        articles = _articles_of(source, recapture)
        facts = merge_facts(*(facts_for(a, 86 + shard) for a in articles))
        write_shard(facts_dir, f"shard-{shard:02d}", articles, facts)
    first, second = _articles_of(6, False), _articles_of(7, False)
    pq.write_table(
        pa.Table.from_pylist(
            [{"article_id": second[0]["article_id"], "dup_of": first[0]["article_id"]}]
        ),
        facts_dir / "dups.parquet",
    )


def load_args(facts_dir: Path, db_file: Path) -> tuple[str, ...]:
    return ("load", "--facts", str(facts_dir), "--db", str(db_file))


def all_tables(db_file: Path) -> dict[str, list[tuple]]:
    """Every table's rows (times of the load's own bookkeeping aside), derived tables included."""
    with duckdb.connect(str(db_file), read_only=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
            ).fetchall()
        ]
    return {table: db_table_rows(db_file, table) for table in tables}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, Path, float]:
    work = tmp_path_factory.mktemp("load-kill")
    facts_dir, db_file = work / "facts", work / "clean.duckdb"
    write_collection(facts_dir)
    began = time.monotonic()
    run_pantau(*load_args(facts_dir, db_file), env=BATCH_ENV)
    return facts_dir, db_file, time.monotonic() - began


def test_clean_load_holds_every_shard(clean) -> None:
    facts_dir, db_file, _ = clean
    with duckdb.connect(str(db_file), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM shards").fetchall()[0][0] == SHARDS
        # 15 shards of two new articles; the 5 re-captures replace 10 of them.
        assert conn.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 2 * (
            SHARDS - NEWER_CAPTURES
        )
        assert conn.execute("SELECT count(*) FROM article_history").fetchall()[0][0] == 10
        assert (
            conn.execute("SELECT count(*) FROM articles WHERE dup_of IS NOT NULL").fetchall()[0][0]
            == 1
        )


def test_load_killed_ten_times_then_completed_equals_clean_run(clean, tmp_path: Path) -> None:
    facts_dir, clean_db, seconds = clean
    db_file = tmp_path / "pantau.duckdb"
    args = load_args(facts_dir, db_file)
    rng = random.Random(SEED)
    kills = attempts = 0
    while kills < KILLS and attempts < 3 * KILLS:
        attempts += 1
        if kill_after(start_pantau(*args, env=BATCH_ENV), rng.uniform(0.2, seconds)):
            kills += 1
        else:
            # It finished first: start again from nothing so the next run has work to lose.
            for path in tmp_path.glob("pantau.duckdb*"):
                path.unlink()
    assert kills == KILLS
    run_pantau(*args, env=BATCH_ENV)

    assert db_articles(db_file) == db_articles(clean_db)  # same articles, same content hashes
    with duckdb.connect(str(db_file), read_only=True) as conn:
        duplicated = conn.execute(
            "SELECT count(*) - count(DISTINCT (article_id, idx)) FROM events"
        ).fetchall()[0][0]
    assert duplicated == 0
    assert all_tables(db_file) == all_tables(clean_db)
    run_pantau("check", "--db", str(db_file), "--raw", str(tmp_path / "no-archive"))
