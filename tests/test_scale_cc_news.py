"""Common Crawl: `pantau extract` reads a CC-NEWS WARC and keeps only Indonesian regional news.

The WARC is built by the test in CC-NEWS's layout (warcinfo + response records, every kind
of site mixed): Indonesian regional portals (.id), Indonesian news on .com/.net domains,
English pages on .id domains, English and French pages abroad (bench/corpus.py).
"""

from __future__ import annotations

import json

import duckdb
import pytest

from bench.corpus import write_corpus
from tests.pipeline_runs import extract_args, run_pantau

PAGES = 40


@pytest.fixture(scope="module")
def cc_news(tmp_path_factory):
    raw = tmp_path_factory.mktemp("cc-news")
    write_corpus(raw, n=PAGES, seed=13, fmt="cc-news", per_file=PAGES)
    manifest = [json.loads(line) for line in (raw / "manifest.jsonl").open()]
    return raw, manifest


def _query(db, sql):
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_any_domain_keeps_indonesian_pages_on_id_domains(cc_news, tmp_path):
    raw, manifest = cc_news
    db = tmp_path / "db.duckdb"
    run_pantau(*extract_args(raw, tmp_path / "facts", db, "--any-domain"))
    kept = {url for (url,) in _query(db, "SELECT url FROM articles")}
    expected = {m["url"] for m in manifest if m["expected_keep"]}
    assert PAGES // 4 <= len(expected) < PAGES  # the sample really mixes both sides
    assert kept == expected
    skipped = dict(_query(db, "SELECT url, reason FROM skipped"))
    for page in manifest:
        if page["expected_keep"]:
            continue
        reason = skipped.get(page["url"])
        if page["kind"] == "english_id":
            assert reason == "not_indonesian", page
        else:  # Indonesian or not, a non-.id domain outside sources.toml is filtered
            assert reason == "domain_filtered", page


@pytest.fixture(scope="module")
def declared_run(cc_news, tmp_path_factory):
    """Extract without --any-domain, with a sources file that declares one portal."""
    raw, manifest = cc_news
    regional = [m for m in manifest if m["expected_keep"]]
    chosen = regional[0]
    work = tmp_path_factory.mktemp("declared")
    sources = work / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "portal-uji"\ntitle = "Portal uji"\nkind = "news"\n'
        f'domains = ["{chosen["domain"]}"]\nregion_hint = "{chosen["region_code"]}"\n'
        f'sitemaps = ["https://{chosen["domain"]}/sitemap.xml"]\n',
        encoding="utf-8",
    )
    db = work / "db.duckdb"
    run_pantau(*extract_args(raw, work / "facts", db, "--sources", str(sources)))
    rows = _query(db, "SELECT url, domain, source, region_hint FROM articles")
    return chosen, regional, rows


def test_sources_file_limits_to_declared_portals(declared_run):
    chosen, regional, rows = declared_run
    domain = chosen["domain"]
    assert {url for url, *_ in rows} == {m["url"] for m in regional if m["domain"] == domain}
    assert {(d, s) for _, d, s, _ in rows} == {(domain, "portal-uji")}


def test_declared_portal_gives_its_region_hint(declared_run):
    chosen, _, rows = declared_run
    assert {r for *_, r in rows} == {chosen["region_code"]}
