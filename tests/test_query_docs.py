"""Every SQL example in docs/queries.md runs on a real (small) warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import config, store
from tests.test_store_load import build_collection

DOC = config.PROJECT_ROOT / "docs" / "queries.md"
EXAMPLES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    build_collection(root / "facts")
    store.load_facts(root / "facts", root / "pantau.duckdb", progress=False)
    return root / "pantau.duckdb"


def test_the_doc_has_a_dozen_examples() -> None:
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("sql", EXAMPLES, ids=[f"example{i + 1}" for i in range(len(EXAMPLES))])
def test_example_runs(db_file: Path, sql: str) -> None:
    conn = store.open_db(db_file, read_only=True)
    try:
        conn.execute(sql).fetchall()
    finally:
        conn.close()
