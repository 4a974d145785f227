"""Parallel and split extraction give the same result as one plain run (issue 8).

One synthetic corpus (bench/corpus.py, 6 WARC files) is extracted once plainly; then with
`--workers 2`, as `--shard i/2` runs loaded afterwards, and as Dask tasks. Shard tables,
near-duplicate decisions and the warehouse must be identical.
"""

from __future__ import annotations

import json

import pytest

from bench.corpus import write_corpus
from tests.pipeline_runs import (
    db_articles,
    db_table_rows,
    extract_args,
    facts_snapshot,
    run_pantau,
)

PAGES = 24
PER_FILE = 4


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, n=PAGES, seed=21, per_file=PER_FILE)
    (folder / "manifest.jsonl").rename(folder.parent / "corpus-manifest.jsonl")
    return folder


@pytest.fixture(scope="module")
def plain_run(corpus, tmp_path_factory):
    work = tmp_path_factory.mktemp("plain")
    run_pantau(*extract_args(corpus, work / "facts", work / "db.duckdb", "--any-domain"))
    return work


def test_plain_run_extracts_the_corpus(plain_run, corpus):
    manifest = [json.loads(line) for line in (corpus.parent / "corpus-manifest.jsonl").open()]
    articles = db_articles(plain_run / "db.duckdb")
    # Every generated page is a full regional article: each must come out, once.
    assert len(articles) == len(manifest) == PAGES
    assert len({a for a, _ in articles}) == PAGES


def test_two_workers_equal_one(plain_run, corpus, tmp_path):
    run_pantau(
        *extract_args(corpus, tmp_path / "facts", tmp_path / "db.duckdb", "--any-domain"),
        "--workers",
        "2",
    )
    assert facts_snapshot(tmp_path / "facts") == facts_snapshot(plain_run / "facts")
    for table in ("articles", "events", "officials", "counts", "mentions", "skipped"):
        assert db_table_rows(tmp_path / "db.duckdb", table) == db_table_rows(
            plain_run / "db.duckdb", table
        ), table


def test_union_of_shards_equals_one_run(plain_run, corpus, tmp_path):
    facts, db = tmp_path / "facts", tmp_path / "db.duckdb"
    seen_shards: list[set[str]] = []
    for i in range(2):
        before = (
            set(p.stem for p in (facts / "_manifest").glob("*.json")) if facts.exists() else set()
        )
        run_pantau(
            *extract_args(corpus, facts, db, "--any-domain", "--no-load", "--shard", f"{i}/2")
        )
        after = {p.stem for p in (facts / "_manifest").glob("*.json")}
        seen_shards.append(after - before)
    # The split is a partition: every input file in exactly one shard, none empty.
    assert all(seen_shards) and sum(map(len, seen_shards)) == PAGES // PER_FILE
    run_pantau("load", "--facts", str(facts), "--db", str(db))
    assert facts_snapshot(facts) == facts_snapshot(plain_run / "facts")
    assert db_articles(db) == db_articles(plain_run / "db.duckdb")
    for table in ("events", "officials", "counts", "mentions"):
        assert db_table_rows(db, table) == db_table_rows(plain_run / "db.duckdb", table), table


@pytest.mark.slow
def test_dask_runner_equals_one_run(plain_run, corpus, tmp_path):
    from pipeline.distributed import run_distributed

    facts, db = tmp_path / "facts", tmp_path / "db.duckdb"
    summary = run_distributed(
        [corpus], facts, db, shards=2, workers=2, any_domain=True, progress=False
    )
    assert not summary.failed, [run.output_tail for run in summary.failed]
    assert [run.shard for run in summary.shards] == ["0/2", "1/2"]
    assert facts_snapshot(facts) == facts_snapshot(plain_run / "facts")
    assert db_articles(db) == db_articles(plain_run / "db.duckdb")


def test_rerun_over_complete_shards_loads_no_model(plain_run, corpus, tmp_path, monkeypatch):
    # With --workers the parent loads the models once and forks the workers; when every shard
    # is complete there is nothing to extract and no model may be loaded at all.
    import shutil

    from pipeline import extract

    shutil.copytree(plain_run / "facts", tmp_path / "facts")

    def no_model():
        raise AssertionError("the NLP pipeline was loaded for complete shards")

    monkeypatch.setattr(extract, "load_pipeline", no_model)
    code = extract.run_extract(
        [corpus], tmp_path / "db.duckdb", tmp_path / "facts", workers=2, any_domain=True
    )
    assert code == 0
    assert facts_snapshot(tmp_path / "facts") == facts_snapshot(plain_run / "facts")
    assert db_articles(tmp_path / "db.duckdb") == db_articles(plain_run / "db.duckdb")


def test_load_after_extraction_runs_in_a_process_of_its_own(
    corpus, plain_run, tmp_path, monkeypatch
):
    # The extracting process holds the NLP models; the load's DuckDB memory must not add to
    # them. A load attempted in this process fails the test; the database still gets loaded.
    from pipeline import extract

    def load_here(*args, **kwargs):
        raise AssertionError("the load ran in the process that holds the models")

    monkeypatch.setattr(extract, "load_facts", load_here)
    code = extract.run_extract(
        [corpus], tmp_path / "db.duckdb", tmp_path / "facts", workers=1, any_domain=True
    )
    assert code == 0
    assert db_articles(tmp_path / "db.duckdb") == db_articles(plain_run / "db.duckdb")
