"""The named queries (over the rollups of derived.sql) equal their plain definitions.

`pipeline/queries/reference/*.sql` answer each question by scanning the v_* views directly; on
a synthetic warehouse (the benchmark's generator, small) both must give the same rows, in the
same order, for the default parameters and for periods that cut months and years.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bench.warehouse_bench import build_synthetic
from pipeline import query, store
from tests.test_store_load import build_collection

REFERENCE_DIR = query.QUERIES_DIR / "reference"
PARAMETER_SETS = [
    {},
    {"start": "2019-03-15", "end": "2023-08-10"},  # cuts months and years at both ends
    {"start": "2020-01-01", "end": "2020-12-31"},  # whole months and a whole year only
    {"start": "2021-02-10", "end": "2021-02-20"},  # inside one month
    {"start": "2021-01-31", "end": "2021-03-01"},  # one day of each end month
    {"start": "2024-07-01", "end": "2024-06-30"},  # empty period
    {"province": "32", "start": "2020-05-05"},
    {"type": "laboratorium_inovasi", "end": "2022-10-09"},
    {"limit": "7", "start": "2018-12-31"},
    {"unit": "peserta"},
    {"region": "32.06"},
    {"min_confidence": "0.2", "limit": "30"},
    {"org": "lan", "end": "2024-02-29"},
    {"name": "award", "start_year": "2020", "end_year": "2022"},
]


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("rollups") / "synthetic.duckdb"
    build_synthetic(db, articles=6000, facts=30000)
    return db


def test_every_named_query_has_a_reference() -> None:
    assert set(query.load_queries(REFERENCE_DIR)) == set(query.load_queries())


@pytest.mark.parametrize("name", sorted(query.load_queries()))
def test_named_query_equals_its_reference(db_file: Path, name: str) -> None:
    fast = query.load_queries()[name]
    plain = query.load_queries(REFERENCE_DIR)[name]
    declared = {param.name for param in fast.params}
    conn = store.open_db(db_file, read_only=True)
    compared = 0
    try:
        for params in PARAMETER_SETS:
            if not set(params) <= declared:
                continue
            values = fast.bind(params)
            got = conn.execute(fast.sql, values)
            columns = [d[0] for d in got.description]
            rows = got.fetchall()
            expected = conn.execute(plain.sql, plain.bind(params))
            assert columns == [d[0] for d in expected.description]
            assert rows == expected.fetchall(), f"{name} {params}"
            compared += bool(rows)
    finally:
        conn.close()
    assert compared >= 1  # at least one parameter set gave rows to compare


def test_a_database_without_the_rollups_asks_for_a_load(tmp_path: Path) -> None:
    facts_dir, db = tmp_path / "facts", tmp_path / "pantau.duckdb"
    build_collection(facts_dir)
    store.load_facts(facts_dir, db, progress=False)
    conn = duckdb.connect(str(db))
    # As a database written by a pantau whose derived.sql had no such rollup yet.
    conn.execute("DROP TABLE m_event_months")
    conn.execute("UPDATE derived_state SET sql_hash = 'older'")
    conn.close()
    with pytest.raises(query.QueryError, match="pantau load"):
        query.run_query("events_per_month", db_file=db)
    store.load_facts(facts_dir, db, progress=False)  # no new shard; the rollups are rebuilt
    columns, rows = query.run_query("events_per_month", db_file=db)
    assert columns == ["month", "type", "events", "articles"] and rows
