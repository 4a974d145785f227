"""The brief on the demo database: `pantau demo` (crawl of the bundled portal over loopback,
extract, load) and then `pantau brief` as a user runs them, national and for one province.

Unlike test_brief_build.py (hand-made rows), the facts here come from the real extraction, so
these tests check properties that hold for any data: sections present, the map drawn, every
linked article inside the region of a region brief, the page rendered by Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pipeline import brief
from tests.pipeline_runs import run_pantau


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("brief-demo")
    run_pantau("demo", "--workdir", str(workdir))
    db = workdir / "pantau.duckdb"
    assert db.is_file(), "pantau demo wrote no database"
    return db


@pytest.fixture(scope="module")
def demo_span(demo_db) -> str:
    """The whole range of the demo's dated articles, as a --period."""
    with duckdb.connect(str(demo_db), read_only=True) as con:
        first, last = con.execute("SELECT min(day), max(day) FROM v_events").fetchone()
    assert first is not None, "the demo database holds no events"
    return f"{first:%Y-%m-%d}..{last:%Y-%m-%d}"


@pytest.fixture(scope="module")
def busiest_province(demo_db, demo_span) -> str:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return con.execute(
            "SELECT province_code FROM v_events WHERE province_code IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()[0]


def build(db: Path, out: Path, *args: str) -> Path:
    done = run_pantau("brief", "--db", str(db), "--out", str(out), *args)
    return Path(done.stdout.strip().splitlines()[-1])


def linked_urls(page: str) -> set[str]:
    return set(re.findall(r'<a href="(https?://[^"]+)"', page))


def test_national_demo_brief(demo_db, demo_span, tmp_path):
    html_file = build(demo_db, tmp_path, "--period", demo_span, "--png")
    page = html_file.read_text(encoding="utf-8")
    texts = brief.Texts("id")
    for key in ("headline", "monthly", "top_regions", "map", "evidence", "coverage"):
        assert texts(f"heading_{key}") in page
    assert texts("no_data") not in page
    assert len(re.findall(r'<img alt="[^"]+" src="data:image/png;base64,', page)) == 2
    with duckdb.connect(str(demo_db), read_only=True) as con:
        known = {row[0] for row in con.execute("SELECT url FROM articles").fetchall()}
    assert linked_urls(page) and linked_urls(page) <= known  # evidence links real articles
    stats = brief.png_stats(html_file.with_suffix(".png"))
    assert stats["std"] > 10 and stats["non_white_share"] > 0.02


def test_province_demo_brief_links_only_its_own_articles(
    demo_db, demo_span, busiest_province, tmp_path
):
    html_file = build(demo_db, tmp_path, "--period", demo_span, "--region", busiest_province)
    assert html_file.name.endswith(f"-{busiest_province}.html")
    page = html_file.read_text(encoding="utf-8")
    urls = linked_urls(page)
    assert urls
    with duckdb.connect(str(demo_db), read_only=True) as con:
        for url in urls:
            regions = {
                row[0]
                for row in con.execute(
                    """SELECT r.province_code FROM articles AS a
                       LEFT JOIN events AS e USING (article_id)
                       JOIN regions AS r ON r.code IN (a.primary_region, e.region)
                       WHERE a.url = ?""",
                    [url],
                ).fetchall()
            }
            assert busiest_province in regions, url
