"""`pantau check`: passes on a sound database and archive, fails with a report otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import check, store
from pipeline.cli import app
from tests.test_store_load import build_collection


def write_warc(path: Path, pages: int = 3, gzip: bool = True) -> None:
    """A small archive written with warcio, as the crawler writes one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for number in range(pages):
            body = f"<html><body><p>Berita inovasi daerah nomor {number}.</p>" * 50
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://portal.example.id/berita/{number}",
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=headers,
            )
            writer.write_record(record)


@pytest.fixture
def good(tmp_path: Path) -> tuple[Path, Path]:
    facts_dir, db_file, raw = tmp_path / "facts", tmp_path / "pantau.duckdb", tmp_path / "raw"
    build_collection(facts_dir)
    store.load_facts(facts_dir, db_file, progress=False)
    write_warc(raw / "a" / "pages-00000.warc.gz")
    write_warc(raw / "pages-00001.warc", gzip=False)
    return db_file, raw


def failing_checks(report: check.CheckReport) -> set[str]:
    return {problem.check for problem in report.problems}


def test_sound_database_and_archive_pass(good) -> None:
    db_file, raw = good
    report = check.run_checks(db_file, raw)
    assert report.ok, report.problems
    assert report.warc_files == 2 and report.warc_records == 6
    result = CliRunner().invoke(app, ["check", "--db", str(db_file), "--raw", str(raw)])
    assert result.exit_code == 0, result.output


def test_duplicate_fact_fails(good) -> None:
    db_file, raw = good
    conn = duckdb.connect(str(db_file))
    conn.execute("INSERT INTO mentions SELECT * REPLACE (idx + 100 AS idx) FROM mentions LIMIT 1")
    conn.close()
    report = check.run_checks(db_file, raw)
    assert failing_checks(report) == {"duplicate_facts"}
    result = CliRunner().invoke(app, ["check", "--db", str(db_file), "--raw", str(raw)])
    assert result.exit_code == 1 and "duplicate_facts" in result.output


def test_orphan_fact_in_a_table_without_its_keys_fails(good) -> None:
    db_file, raw = good
    # As a database rebuilt by another tool would be: same columns, constraints lost.
    conn = duckdb.connect(str(db_file))
    conn.execute("CREATE TABLE counts_copy AS SELECT * FROM counts")
    conn.execute("DROP TABLE counts CASCADE")
    conn.execute("ALTER TABLE counts_copy RENAME TO counts")
    conn.execute(
        "INSERT INTO counts SELECT * REPLACE ('ffffffffffffffff' AS article_id) FROM counts LIMIT 1"
    )
    conn.close()
    report = check.run_checks(db_file, raw)
    assert {"orphan_facts", "missing_constraints"} <= failing_checks(report)


def test_dup_of_pointing_nowhere_fails(good) -> None:
    db_file, raw = good
    conn = duckdb.connect(str(db_file))
    conn.execute("UPDATE articles SET dup_of = '0123456789abcdef' WHERE dup_of IS NULL")
    conn.close()
    assert "broken_dup_of" in failing_checks(check.run_checks(db_file, raw))


@pytest.mark.parametrize("name", ["a/pages-00000.warc.gz", "pages-00001.warc"])
def test_truncated_warc_fails(good, name: str) -> None:
    db_file, raw = good
    path = raw / name
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    report = check.run_checks(db_file, raw)
    assert failing_checks(report) == {"warc_records_readable"}
    assert any(path.name in example for example in report.problems[0].examples)
    result = CliRunner().invoke(app, ["check", "--db", str(db_file), "--raw", str(raw)])
    assert result.exit_code == 1


def test_missing_database_is_reported(tmp_path: Path) -> None:
    report = check.run_checks(tmp_path / "none.duckdb", None)
    assert not report.ok and failing_checks(report) == {"open"}


def archive_pages(raw: Path, pages: int = 3) -> None:
    """Pages written by the crawler's own archive (WARC + index.sqlite)."""
    from datetime import UTC, datetime

    from crawlers.archive import WarcArchive

    archive = WarcArchive(raw, max_bytes=10_000_000, software="pantau-test", fsync=False)
    for number in range(pages):
        url = f"https://portal.example.id/berita/inovasi-{number}"
        archive.write_page(
            {
                "url": url,
                "canonical_url": url,
                "status": 200,
                "protocol": "HTTP/1.1",
                "fetched_at": datetime(2024, 1, 29, 14, number, tzinfo=UTC),
                "request_method": "GET",
                "request_headers": [("User-Agent", "pantau-test")],
                "response_headers": [("Content-Type", "text/html; charset=utf-8")],
                "body": f"<html><body><p>Inovasi daerah {number}.</p></body></html>".encode(),
                "source": "uji",
            }
        )
    archive.close()


def test_crawler_index_is_checked_against_records(tmp_path: Path) -> None:
    import sqlite3

    raw = tmp_path / "raw"
    archive_pages(raw)
    report = check.run_checks(None, raw)
    assert report.ok, report.problems
    db = sqlite3.connect(raw / check.INDEX_NAME)
    db.execute("UPDATE pages SET offset = 0 WHERE url LIKE '%inovasi-1'")  # the warcinfo record
    db.commit()
    db.close()
    report = check.run_checks(None, raw)
    assert failing_checks(report) == {"index_points_at_records"}
    assert "inovasi-1" in report.problems[0].examples[0]


def test_stale_derived_tables_fail_until_reloaded(good) -> None:
    db_file, raw = good
    conn = duckdb.connect(str(db_file))
    conn.execute("DELETE FROM events WHERE type = 'penghargaan'")  # behind the load's back
    conn.close()
    assert failing_checks(check.run_checks(db_file, raw)) == {"derived_tables_fresh"}
    conn = store.open_db(db_file)
    store.refresh_derived(conn)
    conn.close()
    assert check.run_checks(db_file, raw).ok
