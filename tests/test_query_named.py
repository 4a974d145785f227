"""Named trend queries: every one returns rows, parameters are values, the connection reads only."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline import query, store
from pipeline.cli import app
from tests.test_store_load import (
    TEXT_LAB,
    build_collection,
    facts_for,
    make_article,
    write_shard,
)

HOSTILE = [
    "'; DROP TABLE articles; --",
    '"; DELETE FROM events; --',
    "' OR '1'='1",
    "$start",
    "36.72'); DROP TABLE regions; --",
    "Kab. Bandung Barat — ñ 漢字 🙂 \u0000",
    "x" * 100_000,
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("query")
    facts_dir, db_file = root / "facts", root / "pantau.duckdb"
    build_collection(facts_dir)
    # A second report from Cilegon in the same month with another count: a conflict to review.
    other = make_article(
        "https://banten.example.id/cilegon-90",
        TEXT_LAB.replace("86 inovasi", "90 inovasi"),
        "36.72",
        date(2019, 7, 20),
    )
    write_shard(facts_dir, "shard-d", [other], facts_for(other, 90))
    store.load_facts(facts_dir, db_file, progress=False)
    return db_file


def table_counts(db_file: Path) -> dict[str, int]:
    conn = store.open_db(db_file, read_only=True)
    try:
        return {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in store.base_tables(conn)
        }
    finally:
        conn.close()


def test_every_query_has_a_header_and_returns_rows(demo_db: Path) -> None:
    queries = query.load_queries()
    assert len(queries) >= 9
    for name, named in queries.items():
        assert named.description, name
        columns, rows = query.run_query(name, {}, demo_db)
        assert columns and rows, f"{name} returned no rows"


def test_latest_count_gives_evidence_and_latest_date(demo_db: Path) -> None:
    columns, rows = query.run_query("latest_innovation_count", {"region": "36.72"}, demo_db)
    record = dict(zip(columns, rows[0], strict=True))
    assert len(rows) == 1
    assert record["value"] == 90 and record["published"] == date(2019, 7, 20)
    assert "inovasi" in record["evidence"]


def test_parameters_filter(demo_db: Path) -> None:
    _, rows = query.run_query("events_per_month", {"type": "penghargaan"}, demo_db)
    assert {row[1] for row in rows} == {"penghargaan"}
    _, none = query.run_query("events_per_month", {"start": "2030-01-01"}, demo_db)
    assert none == []
    _, review = query.run_query("facts_to_review", {}, demo_db)
    assert {row[0] for row in review} == {"low_confidence_event", "conflicting_count"}
    _, top = query.run_query("most_active_regions", {"limit": "1"}, demo_db)
    assert len(top) == 1


def test_hostile_values_are_values(demo_db: Path) -> None:
    before = table_counts(demo_db)
    for named in query.load_queries().values():
        for param in named.params:
            if param.type == "VARCHAR":
                # A value that matches nothing: a hostile one must give exactly the same rows.
                _, baseline = query.run_query(named.name, {param.name: "no-such-value"}, demo_db)
            for value in HOSTILE:
                if param.type == "VARCHAR":
                    _, rows = query.run_query(named.name, {param.name: value}, demo_db)
                    assert rows == baseline, (named.name, param.name, value[:40])
                else:
                    with pytest.raises(query.QueryError, match=param.name):
                        query.run_query(named.name, {param.name: value}, demo_db)
    assert table_counts(demo_db) == before


def test_unknown_query_and_parameter_are_clear_errors(demo_db: Path) -> None:
    with pytest.raises(query.QueryError, match="no query named"):
        query.run_query("../../etc/passwd", {}, demo_db)
    with pytest.raises(query.QueryError, match="has no parameter"):
        query.run_query("events_per_month", {"startt": "2020-01-01"}, demo_db)


def test_read_only_connection_refuses_writes(demo_db: Path) -> None:
    conn = store.open_db(demo_db, read_only=True)
    try:
        with pytest.raises(duckdb.Error):
            conn.execute("DELETE FROM articles")
    finally:
        conn.close()


def test_cli_query_formats_and_show(demo_db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["query", "awards_by_region_year", "--db", str(demo_db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    awards = json.loads(result.output)
    assert awards[0]["award"] == "Innovative Government Award" and awards[0]["year"] == 2023
    result = runner.invoke(
        app,
        [
            "query",
            "events_per_month",
            "--db",
            str(demo_db),
            "--format",
            "csv",
            "--param",
            "type=laboratorium_inovasi",
        ],
    )
    assert result.exit_code == 0 and result.output.startswith("month,type,events")
    result = runner.invoke(
        app, ["query", "events_per_month", "--db", str(demo_db), "--param", "start=yesterday"]
    )
    assert result.exit_code == 2
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0 and "lab_inovasi_stages" in result.output
    conn = store.open_db(demo_db, read_only=True)
    article_id = conn.execute("SELECT article_id FROM events LIMIT 1").fetchone()[0]
    conn.close()
    result = runner.invoke(app, ["show", article_id, "--db", str(demo_db)])
    assert result.exit_code == 0 and "facts" in result.output
    result = runner.invoke(app, ["show", "0000000000000000", "--db", str(demo_db)])
    assert result.exit_code == 2


def test_database_held_by_a_writer_gives_a_clear_error(demo_db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    held = tmp_path / "held.duckdb"
    held.write_bytes(demo_db.read_bytes())
    # Another process holds the file writable, as a running load does.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)",
            str(held),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        with pytest.raises(store.DatabaseBusyError, match="snapshot"):
            query.run_query("events_per_month", {}, held)
        result = CliRunner().invoke(app, ["query", "events_per_month", "--db", str(held)])
        assert result.exit_code == 2
    finally:
        writer.kill()
        writer.wait()
