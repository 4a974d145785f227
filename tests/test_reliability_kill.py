"""kill -9 at random points of crawl, extract and load, then re-run: same result as a clean run.

Each stage is run as a user runs it (`pantau ...` in its own process group), killed with
SIGKILL at a random moment (seeded, so a failure can be replayed) ten times, then run to
completion. The result must equal a clean run's: same rows, same content hashes, no
duplicates, every WARC file readable.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from bench.corpus import write_corpus
from pipeline.demo import expected_article_paths, load_manifest, serve_demo
from tests.pipeline_runs import (
    db_articles,
    db_table_rows,
    extract_args,
    facts_snapshot,
    kill_after,
    run_pantau,
    start_pantau,
)

KILLS = 10
SEED = 20261122
FACT_TABLES = ("articles", "events", "officials", "counts", "mentions", "skipped")


def _timed(*args: str) -> float:
    began = time.monotonic()
    run_pantau(*args)
    return time.monotonic() - began


def _kill_loop(args: tuple[str, ...], window: tuple[float, float], rng, reset=None) -> int:
    """Start the stage and SIGKILL it after a random delay, KILLS times; returns kills made.

    A run that finishes before its kill is not a kill; `reset` (if given) then restores the
    starting state so that the next run has work to be killed in.
    """
    kills = attempts = 0
    while kills < KILLS and attempts < 3 * KILLS:
        attempts += 1
        if kill_after(start_pantau(*args), rng.uniform(*window)):
            kills += 1
        elif reset is not None:
            reset()
    return kills


def _kill_extract_at_random_shards(args: tuple[str, ...], facts, rng, reset) -> int:
    """SIGKILL extract at random points of its progress, KILLS times; returns kills made.

    Most of a short extract run is start-up (imports, models), so a kill at a random *time*
    mostly lands before any work or after the end, more so on a loaded machine. The point is
    drawn from the run's progress instead: after 0, 1 or 2 more shards are complete, plus a
    random fraction of a second, which lands inside a shard as often as between two.
    """
    kills = attempts = 0
    while kills < KILLS and attempts < 4 * KILLS:
        attempts += 1
        done_before = _complete_shards(facts)
        target = done_before + rng.randint(0, 2)
        extra = rng.uniform(0.0, 0.4)
        process = start_pantau(*args)
        while process.poll() is None and _complete_shards(facts) < target:
            time.sleep(0.02)
        if kill_after(process, extra):
            kills += 1
        else:
            reset()  # it finished: start again from nothing, so there is work to kill
    return kills


def _complete_shards(facts) -> int:
    manifests = facts / "_manifest"
    return len(list(manifests.glob("*.json"))) if manifests.is_dir() else 0


# ------------------------------------------------------------------------- extract and load


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill-corpus")
    write_corpus(folder, n=16, seed=31, per_file=2, manifest=False)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    work = tmp_path_factory.mktemp("clean")
    seconds = _timed(*extract_args(corpus, work / "facts", work / "db.duckdb", "--any-domain"))
    return work, seconds


@pytest.mark.slow
def test_extract_killed_ten_times_then_completed_equals_clean_run(corpus, clean, tmp_path):
    clean_dir, _ = clean
    rng = random.Random(SEED)
    args = extract_args(corpus, tmp_path / "facts", tmp_path / "db.duckdb", "--any-domain")

    def fresh_output() -> None:
        shutil.rmtree(tmp_path / "facts", ignore_errors=True)
        for path in tmp_path.glob("db.duckdb*"):
            path.unlink()

    kills = _kill_extract_at_random_shards(tuple(args), tmp_path / "facts", rng, fresh_output)
    assert kills == KILLS
    run_pantau(*args)
    assert facts_snapshot(tmp_path / "facts") == facts_snapshot(clean_dir / "facts")
    articles = db_articles(tmp_path / "db.duckdb")
    assert articles == db_articles(clean_dir / "db.duckdb")
    assert len({a for a, _ in articles}) == len(articles)  # no duplicates
    for table in FACT_TABLES:
        assert db_table_rows(tmp_path / "db.duckdb", table) == db_table_rows(
            clean_dir / "db.duckdb", table
        ), table
    run_pantau("check", "--db", str(tmp_path / "db.duckdb"), "--raw", str(corpus))


@pytest.mark.slow
def test_load_killed_ten_times_then_completed_equals_clean_run(clean, tmp_path):
    clean_dir, _ = clean
    db = tmp_path / "db.duckdb"
    args = ("load", "--facts", str(clean_dir / "facts"), "--db", str(db))
    seconds = _timed(*args)
    rng = random.Random(SEED + 1)

    def fresh_database() -> None:
        for path in tmp_path.glob("db.duckdb*"):
            path.unlink()

    fresh_database()
    kills = _kill_loop(args, (0.2, seconds), rng, reset=fresh_database)
    assert kills == KILLS
    run_pantau(*args)
    assert db_articles(db) == db_articles(clean_dir / "db.duckdb")
    for table in FACT_TABLES:
        assert db_table_rows(db, table) == db_table_rows(clean_dir / "db.duckdb", table), table


# ------------------------------------------------------------------------- crawl


def _archive(folder) -> tuple[Counter, dict[str, str]]:
    """Response records per URL path, and each path's payload SHA-1; every file read whole."""
    per_path: Counter = Counter()
    digests: dict[str, str] = {}
    files = sorted(folder.glob("*.warc.gz"))
    assert files, f"no WARC in {folder}"
    for path in files:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):  # raises on an unreadable record
                if record.rec_type != "response":
                    continue
                url_path = urlsplit(record.rec_headers.get_header("WARC-Target-URI")).path
                per_path[url_path] += 1
                digests[url_path] = hashlib.sha1(record.content_stream().read()).hexdigest()
    return per_path, digests


@pytest.fixture(scope="module")
def demo_site():
    server, base = serve_demo()
    yield base
    server.shutdown()


@pytest.mark.slow
def test_crawl_killed_ten_times_then_completed_equals_clean_run(demo_site, tmp_path):
    args = ("crawl", "--start-url", demo_site + "/", "--allow-private", "--no-throttle")
    clean_seconds = _timed(*args, "--out", str(tmp_path / "clean"))
    clean_paths, clean_digests = _archive(tmp_path / "clean")
    assert set(clean_paths) == expected_article_paths(load_manifest())

    rng = random.Random(SEED + 2)
    out = tmp_path / "killed"

    def fresh_archive() -> None:
        shutil.rmtree(out, ignore_errors=True)

    kills = _kill_loop((*args, "--out", str(out)), (0.5, clean_seconds), rng, reset=fresh_archive)
    assert kills == KILLS
    run_pantau(*args, "--out", str(out))
    assert not list(out.glob("*.open")), "an unfinished WARC file was left behind"
    paths, digests = _archive(out)
    assert set(paths) == set(clean_paths)
    assert max(paths.values()) == 1, [p for p, n in paths.items() if n > 1]
    assert digests == clean_digests
