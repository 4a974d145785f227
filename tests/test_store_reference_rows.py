"""Reference rows (regions, sources, shard bookkeeping) reach DuckDB without pandas.

The load writes these rows through temporary tables built by DuckDB from Python lists;
building them as Arrow arrays made pyarrow import pandas, 0.2 CPU-s of every load.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb

from pipeline import config, shards, store

TEXT = (
    "PANGKALPINANG – Pemkot Pangkalpinang meluncurkan aplikasi layanan kependudukan daring "
    "pada Jum'at (3/11/2023). Wali Kota menyebut 40 kelurahan sudah memakainya."
)


def test_temp_strings_keeps_order_nulls_and_quotes() -> None:
    conn = duckdb.connect()
    columns = {"code": ["19", "19.71", "31"], "note": [None, 'it\'s "kota"', ""]}
    store._temp_strings(conn, "incoming", columns)
    rows = conn.execute("SELECT code, note FROM incoming").fetchall()
    assert rows == [("19", None), ("19.71", 'it\'s "kota"'), ("31", "")]
    types = {c[0]: c[1] for c in conn.execute("DESCRIBE incoming").fetchall()}
    assert types == {"code": "VARCHAR", "note": "VARCHAR"}


def test_temp_strings_of_no_rows_is_an_empty_table() -> None:
    conn = duckdb.connect()
    store._temp_strings(conn, "incoming", {"name": [], "domain": []})
    assert conn.execute("SELECT count(*) FROM incoming").fetchall() == [(0,)]


def _one_shard(facts: Path) -> None:
    article = {
        "article_id": "a" * 16,
        "url": "https://babelpos.example.id/2023/11/03/layanan-daring",
        "canonical_url": "https://babelpos.example.id/2023/11/03/layanan-daring",
        "domain": "babelpos.example.id",
        "title": "Layanan kependudukan daring",
        "published": date(2023, 11, 3),
        "published_source": "url",
        "text": TEXT,
        "lang": "id",
        "content_hash": "b" * 40,
        "relevant": True,
        "relevance_score": 0.8,
        "primary_region": "19.71",
        "shard_id": "s1",
    }
    shards.write_shard(facts, "s1", {"articles": [article]}, [], {"source_file": "x.warc.gz"})


def test_a_load_fills_reference_tables_and_never_imports_pandas(tmp_path: Path) -> None:
    facts, db = tmp_path / "facts", tmp_path / "pantau.duckdb"
    _one_shard(facts)
    script = textwrap.dedent(
        f"""
        import sys
        from pipeline.store import load_facts
        load_facts({str(facts)!r}, {str(db)!r})
        print("pandas" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=config.PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "False"
    with duckdb.connect(str(db), read_only=True) as conn:
        regions = conn.execute("SELECT count(*) FROM regions").fetchall()[0][0]
        assert regions == len(store.read_regions())
        name = conn.execute("SELECT name FROM regions WHERE code = '19.71'").fetchall()
        assert name and "Pangkal" in name[0][0]
        assert conn.execute("SELECT count(*) FROM sources").fetchall()[0][0] == len(
            store.read_sources()
        )
        shard = conn.execute("SELECT shard_id, articles, manifest->>'source_file' FROM shards")
        assert shard.fetchall() == [("s1", 1, "x.warc.gz")]
