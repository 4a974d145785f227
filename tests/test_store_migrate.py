"""Schema versions: an older database is migrated in place, a newer one is refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline import store
from tests.test_store_load import build_collection


def catalog(db_file: Path) -> list[tuple]:
    """Every table's columns, types, nullability and defaults: what a migration must reproduce."""
    conn = duckdb.connect(str(db_file), read_only=True)
    try:
        return conn.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND NOT internal ORDER BY ALL"
        ).fetchall()
    finally:
        conn.close()


def make_version_1(db_file: Path) -> None:
    """Version 1 is version 2 without article_history (see migrations/002_*.sql)."""
    conn = duckdb.connect(str(db_file))
    conn.execute("DROP TABLE article_history")
    conn.execute("DELETE FROM schema_version")
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    conn.close()


def test_older_version_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    facts_dir, db_file = tmp_path / "facts", tmp_path / "old.duckdb"
    build_collection(facts_dir)
    store.load_facts(facts_dir, db_file, progress=False)
    fresh = catalog(db_file)
    make_version_1(db_file)
    assert ("article_history",) not in {(row[0],) for row in catalog(db_file)}

    with pytest.raises(store.SchemaError, match="older"):
        store.open_db(db_file, read_only=True)
    conn = store.open_db(db_file)
    versions = [
        v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    ]
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    assert versions == [1, store.schema_version()]
    assert articles == 3
    assert catalog(db_file) == fresh


def test_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db_file = tmp_path / "new.duckdb"
    store.open_db(db_file).close()
    conn = duckdb.connect(str(db_file))
    conn.execute(
        "INSERT INTO schema_version (version) VALUES ($v)", {"v": store.schema_version() + 1}
    )
    conn.close()
    for read_only in (False, True):
        with pytest.raises(store.SchemaError, match="newer"):
            store.open_db(db_file, read_only=read_only)
    conn = duckdb.connect(str(db_file), read_only=True)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == (
        store.schema_version() + 1
    )
    conn.close()


def test_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    db_file = tmp_path / "other.duckdb"
    conn = duckdb.connect(str(db_file))
    conn.execute("CREATE TABLE something (x INTEGER)")
    conn.close()
    with pytest.raises(store.SchemaError, match="without pantau"):
        store.open_db(db_file)


def test_migrations_are_numbered_up_to_the_schema_version() -> None:
    numbers = [number for number, _ in store.migrations()]
    assert numbers == sorted(set(numbers))
    assert numbers[-1] == store.schema_version()
