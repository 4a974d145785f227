"""Extract over the hostile corpus (tests/hostile.py) never crashes and loses nothing (issue 9).

Every response record and every loose file ends up either as an article or as a row of the
`skipped` table with a reason; the well-formed control page is extracted; binary, empty and
error pages are skipped; the record cut in the middle of a truncated WARC is not taken for an
article; a file that is not a WARC at all is reported.
"""

from __future__ import annotations

import time

import duckdb
import pytest

from tests.hostile import (
    hostile_cases,
    write_garbage_warc,
    write_hostile_files,
    write_hostile_warc,
    write_truncated_warc,
)
from tests.pipeline_runs import extract_args, run_pantau

HUGE = "huge-20mb"  # tested on its own below: today it costs minutes, not seconds
# Loose copies of the cases whose meaning changes without HTTP headers.
LOOSE = ("control", "pdf-as-html", "png-as-html", "empty-body", "cp1252-declared-utf8",
         "utf8-declared-cp1252", "script-only", "nul-and-invalid-bytes", "malformed")  # fmt: skip


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("hostile")
    cases = [c for c in hostile_cases() if c.name != HUGE]
    write_hostile_warc(raw / "hostile.warc.gz", cases)
    whole = write_truncated_warc(raw / "truncated.warc.gz")
    write_garbage_warc(raw / "garbage.warc.gz")
    loose = [c for c in hostile_cases() if c.name in LOOSE]
    write_hostile_files(raw / "loose", loose)
    work = tmp_path_factory.mktemp("hostile-out")
    began = time.monotonic()
    done = run_pantau(*extract_args(raw, work / "facts", work / "db.duckdb", "--any-domain"))
    with duckdb.connect(str(work / "db.duckdb"), read_only=True) as conn:
        articles = {url for (url,) in conn.execute("SELECT url FROM articles").fetchall()}
        skipped = conn.execute("SELECT source_file, url, reason FROM skipped").fetchall()
    return {
        "raw": raw,
        "cases": cases,
        "whole": whole,
        "loose": loose,
        "articles": articles,
        "skipped": skipped,
        "output": done.stdout + done.stderr,
        "seconds": time.monotonic() - began,
    }


def test_every_warc_record_is_extracted_or_skipped_with_a_reason(hostile_run):
    skipped_urls = {url: reason for _, url, reason in hostile_run["skipped"] if url}
    for case in hostile_run["cases"]:
        in_articles = case.url in hostile_run["articles"]
        reason = skipped_urls.get(case.url)
        assert in_articles != (reason is not None), f"{case.name}: lost or counted twice"
        if reason is not None:
            assert reason.strip(), case.name
        if case.expect == "extract":
            assert in_articles, f"{case.name} should be an article, skipped: {reason}"
        if case.expect == "skip":
            assert reason, f"{case.name} should be skipped"


def test_truncated_warc_keeps_whole_records_and_rejects_the_cut_one(hostile_run):
    for case in hostile_run["whole"]:
        assert case.url in hostile_run["articles"], case.name
    cut = f"https://hostile.example.id/berita/2024/04/03/truncated-{len(hostile_run['whole'])}.html"
    assert cut not in hostile_run["articles"]
    truncated_file = str(hostile_run["raw"] / "truncated.warc.gz")
    assert any(
        source.endswith("truncated.warc.gz") or source == truncated_file
        for source, _, _ in hostile_run["skipped"]
    ), "the cut record must be reported in skipped"


def test_a_file_that_is_not_a_warc_is_reported(hostile_run):
    assert any(source.endswith("garbage.warc.gz") for source, _, _ in hostile_run["skipped"])


def test_loose_files_are_extracted_or_skipped(hostile_run):
    loose_dir = hostile_run["raw"] / "loose"
    skipped_files = {source: reason for source, _, reason in hostile_run["skipped"]}
    for case in hostile_run["loose"]:
        path = loose_dir / f"{case.name}.html"
        url = path.resolve().as_uri()
        in_articles = url in hostile_run["articles"]
        assert in_articles != (
            str(path) in skipped_files or str(path.resolve()) in skipped_files
        ), case.name
        if case.expect == "extract":
            assert in_articles, case.name


def test_summary_counts_the_skips(hostile_run):
    output = hostile_run["output"]
    assert "skipped" in output
    reasons = {reason for _, _, reason in hostile_run["skipped"]}
    assert all(reason in output for reason in reasons), reasons


def test_twenty_megabyte_page_is_dealt_with_quickly(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    huge = [c for c in hostile_cases() if c.name == HUGE]
    write_hostile_warc(raw / "huge.warc.gz", huge)
    work = tmp_path / "out"
    # Model loading takes ~10 s; a capped page costs nothing on top.
    run_pantau(*extract_args(raw, work / "facts", work / "db.duckdb", "--any-domain"), timeout=30)
    with duckdb.connect(str(work / "db.duckdb"), read_only=True) as conn:
        rows = conn.execute("SELECT url, reason FROM skipped").fetchall()
        articles = conn.execute("SELECT url FROM articles").fetchall()
    assert len(rows) + len(articles) == 1
    assert [reason for _, reason in rows] == ["too_large"]  # skipped whole, never half-stored
