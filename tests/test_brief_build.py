"""The monitoring brief: executed notebook -> HTML (both languages, a region, an empty database)
-> PNG in headless Chromium.

The database is built here through pipeline.store (the real schema and views) with a few
articles written for these tests in the style of regional portals. Each brief is executed once
per module (papermill starts a kernel, a few seconds each) and shared by the asserts.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline import brief, store

# (url, region, published, title, events [(type, day, stage)], counts, awards, organizations,
#  officials)
ARTICLES = [
    (
        "https://serangkota.example.id/berita/lab-inovasi-drum-up",
        "36.73",
        date(2024, 1, 9),
        "Pemkot Serang Gelar Drum-Up Laboratorium Inovasi",
        [("laboratorium_inovasi", date(2024, 1, 8), "drum-up")],
        [(1250, "inovasi")],
        [],
        ["LAN RI"],
        [("Budi Santoso", "wali kota")],
    ),
    (
        "https://serangkota.example.id/berita/diagnose-lab-inovasi",
        "36.73",
        date(2024, 1, 23),
        "Tahap Diagnose Lab Inovasi Kota Serang Dimulai",
        [("laboratorium_inovasi", date(2024, 1, 22), "diagnose"), ("rapat", None, None)],
        [],
        [],
        ["LAN RI", "Bappeda Kota Serang"],
        [("Siti Aminah", "kepala bappeda")],
    ),
    (
        "https://radarbanten.example.id/cilegon-iga-2023",
        "36.72",
        date(2024, 1, 15),
        "Cilegon Raih Innovative Government Award",
        [("penghargaan", date(2024, 1, 12), None)],
        [(86, "inovasi")],
        [("Innovative Government Award", 2023)],
        ["BSKDN Kemendagri"],
        [("Sari Suryati", "sekretaris daerah")],
    ),
    (
        "https://jatimnews.example.id/surabaya-bimtek-inovasi",
        "35.78",
        date(2024, 1, 18),
        "Surabaya Bimtek Inovasi untuk 300 ASN",
        [("bimtek", date(2024, 1, 17), None), ("sosialisasi", date(2024, 1, 18), None)],
        [(412, "inovasi")],
        [("Top Inovasi Pelayanan Publik", 2024)],
        ["KemenPANRB"],
        [("Eri Prasetyo", "wali kota")],
    ),
    (
        "https://bandungraya.example.id/pameran-inovasi-bandung",
        "32.73",
        date(2023, 12, 5),
        "Pameran Inovasi Kota Bandung Ramai Pengunjung",
        [("pameran", date(2023, 12, 4), None)],
        [(95, "inovasi")],
        [],
        ["BSKDN Kemendagri"],
        [],
    ),
]


# Articles the brief must handle without showing them as regional facts: national news with no
# region (counts nationally, in no region), a republished copy and an irrelevant article
# (counted only in coverage).
NATIONAL = (
    "https://nasional.example.id/kemendagri-sosialisasi-indeks-inovasi",
    None,
    date(2024, 1, 25),
    "Kemendagri Sosialisasikan Indeks Inovasi Daerah 2024",
    [("sosialisasi", date(2024, 1, 24), None)],
    [(30, "persen")],
    [("Anugerah Tanpa Tahun", None)],
    ["BSKDN Kemendagri"],
    [],
)
COPY = (
    "https://portalbanten.example.id/salinan-drum-up-serang",
    "36.73",
    date(2024, 1, 10),
    "SALINAN Drum-Up Lab Inovasi Serang",
    [("laboratorium_inovasi", date(2024, 1, 8), "drum-up")],
    [(9999, "inovasi")],
    [],
    [],
    [],
)
IRRELEVANT = (
    "https://serangkota.example.id/berita/jadwal-car-free-day",
    "36.73",
    date(2024, 1, 14),
    "TIDAK RELEVAN Jadwal Car Free Day Kota Serang",
    [("lainnya", date(2024, 1, 14), None)],
    [],
    [],
    [],
    [],
)


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


def insert_article(
    con, url, region, published, title, events, counts, awards, orgs, officials, **extra
):
    aid = article_id(url)
    text = f"{title}. Teks uji untuk brief pemantauan."
    con.execute(
        """INSERT INTO articles (article_id, url, canonical_url, domain, primary_region,
               region_hint, title, site_name, published, published_source, crawled_at, text,
               lang, content_hash, relevant, relevance_score, dup_of, shard_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'meta', ?, ?, 'id', ?, ?, 0.9, ?, 'test')""",
        [
            aid,
            url,
            url,
            url.split("/")[2],
            region,
            region,
            title,
            url.split("/")[2].split(".")[0],
            published,
            datetime(2024, 2, 1, 8, 0),
            text,
            hashlib.sha1(text.encode()).hexdigest(),
            extra.get("relevant", True),
            extra.get("dup_of"),
        ],
    )
    sentence = f"{title} ({region})."
    for idx, (kind, day, stage) in enumerate(events):
        con.execute(
            """INSERT INTO events (article_id, idx, type, "start", region, stage, confidence,
                   start_char, end_char, sentence) VALUES (?, ?, ?, ?, ?, ?, 0.8, 0, 10, ?)""",
            [aid, idx, kind, day, region, stage, sentence],
        )
    for idx, (value, unit) in enumerate(counts):
        con.execute(
            """INSERT INTO counts (article_id, idx, value, unit, text, start_char, end_char,
                   sentence) VALUES (?, ?, ?, ?, ?, 0, 10, ?)""",
            [aid, idx, value, unit, f"{value} {unit}", sentence],
        )
    for idx, (name, year) in enumerate(awards):
        con.execute(
            """INSERT INTO awards (article_id, idx, name, year, text, start_char, end_char,
                   sentence) VALUES (?, ?, ?, ?, ?, 0, 10, ?)""",
            [aid, idx, name, year, name, sentence],
        )
    for idx, name in enumerate(orgs):
        con.execute(
            """INSERT INTO organizations (article_id, idx, name, text, start_char, end_char,
                   sentence) VALUES (?, ?, ?, ?, 0, 10, ?)""",
            [aid, idx, name, name, sentence],
        )
    for idx, (name, role) in enumerate(officials):
        con.execute(
            """INSERT INTO officials (article_id, idx, name, role, region, person_key,
                   start_char, end_char, sentence) VALUES (?, ?, ?, ?, ?, ?, 0, 10, ?)""",
            [aid, idx, name, role, region, f"{name.lower()}|{region}", sentence],
        )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief-db") / "pantau.duckdb"
    con = store.open_db(path)
    for row in [*ARTICLES, NATIONAL]:
        insert_article(con, *row)
    insert_article(con, *COPY, dup_of=article_id(ARTICLES[0][0]))
    insert_article(con, *IRRELEVANT, relevant=False)
    store.refresh_derived(con)  # what `pantau load` does after merging shards
    con.close()
    return path


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief-empty") / "pantau.duckdb"
    store.open_db(path).close()
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="module")
def brief_id(demo_db, reports) -> str:
    return brief.build_brief(demo_db, "2024-01", None, "id", reports).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def brief_en(demo_db, reports) -> str:
    return brief.build_brief(demo_db, "2024-01", None, "en", reports).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def brief_banten(demo_db, reports) -> str:
    out = brief.build_brief(demo_db, "2024-01", "36", "id", reports)
    assert out.name == "brief-2024-01-36.html"
    return out.read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S))


def without_images(page: str) -> str:
    """The page minus its base64 images (their text could hold any short string)."""
    return re.sub(r'src="data:image/[^"]+"', 'src=""', page)


def headings(lang: str) -> list[str]:
    texts = brief.Texts(lang)
    keys = ["headline", "monthly", "top_regions", "map", "counts", "lab", "awards", "agencies"]
    return [texts(f"heading_{k}") for k in [*keys, "evidence", "coverage"]]


def embedded_images(page: str) -> int:
    """Inline PNG images that carry alt text (the chart and the map)."""
    return len(re.findall(r'<img alt="[^"]+" src="data:image/png;base64,', page))


def test_indonesian_brief_has_every_section_chart_and_map(brief_id):
    text = visible_text(brief_id)
    for heading in headings("id"):
        assert heading in text
    assert embedded_images(brief_id) >= 2  # the monthly chart and the map
    assert brief.Texts("id")("title") in text
    assert "Januari 2024" in text
    assert "1.250" in text  # id thousands separator (Kota Serang's 1250 inovasi)
    assert "Traceback" not in brief_id and "Error" not in text


def test_brief_is_self_contained(brief_id):
    # No script or stylesheet fetched from elsewhere: the brief opens offline.
    assert not re.search(r'<script[^>]+src="https?:', brief_id)
    assert not re.search(r'<link[^>]+href="https?:', brief_id)


def test_headline_counts_follow_the_data(brief_id):
    text = visible_text(brief_id)
    row = re.search(re.escape(brief.Texts("id")("metric_events")) + r"\s+(\S+)\s+(\S+)", text)
    # January: Serang 3 (the undated meeting counts on its publication day), Cilegon 1,
    # Surabaya 2, national 1 (the copy and the irrelevant article do not count); December: 1.
    assert row and row.groups() == ("7", "1")
    regions = re.search(re.escape(brief.Texts("id")("metric_active_regions")) + r"\s+(\S+)", text)
    assert regions and regions.group(1) == "3"


def test_copies_and_irrelevant_articles_stay_out_of_the_facts(brief_id):
    page = without_images(brief_id)
    assert "SALINAN" not in page and "TIDAK RELEVAN" not in page and "9.999" not in page
    coverage = visible_text(page.split(brief.Texts("id")("heading_coverage"))[1])
    # 7 articles read in January (6 relevant, 1 not; 1 of them a copy): 85,7% relevant.
    assert re.search(re.escape(brief.Texts("id")("cov_articles")) + r"\s+7\b", coverage)
    assert "85,7%" in coverage


def test_evidence_links_to_articles(brief_id):
    for url, *_ in ARTICLES[:4]:
        assert f'href="{url}"' in brief_id
    evidence = brief_id.split(brief.Texts("id")("heading_evidence"))[1]
    assert "Pemkot Serang Gelar Drum-Up" in evidence
    assert "bandungraya" not in without_images(evidence)  # December is outside the period


def test_english_brief_follows_lang(brief_en):
    text = visible_text(brief_en)
    for heading in headings("en"):
        assert heading in text
    for heading in headings("id"):
        assert heading not in text
    assert "January 2024" in text and "Januari" not in text
    assert "1,250" in text and "1.250" not in text and "1.748" not in text
    assert embedded_images(brief_en) >= 2
    assert '<html lang="en"' in brief_en


def test_region_brief_holds_only_that_regions_facts(brief_banten):
    text = visible_text(brief_banten)
    assert "Banten (36)" in text
    assert "Pemkot Serang Gelar Drum-Up" in brief_banten
    assert "Cilegon" in text
    page = without_images(brief_banten)
    for other in ("Surabaya", "Bandung", "jatimnews", "bandungraya", "KemenPANRB"):
        assert other not in page
    # A number is looked for in the visible text only: random cell ids in the markup hold digits.
    assert "412" not in text
    assert embedded_images(brief_banten) >= 2  # chart and the map of Banten's kab/kota


def test_kabkota_brief_excludes_neighbours(demo_db, reports):
    out = brief.build_brief(demo_db, "2024-01", "36.73", "en", reports)
    page = without_images(out.read_text(encoding="utf-8"))
    assert "Pemkot Serang Gelar Drum-Up" in page
    for other in ("Cilegon", "Surabaya", "Bandung", "BSKDN"):
        assert other not in page


def test_empty_database_gives_a_no_data_brief(empty_db, reports):
    out = brief.build_brief(empty_db, None, None, "id", reports)
    text = visible_text(out.read_text(encoding="utf-8"))
    assert "Belum ada data" in text
    assert brief.Texts("id")("heading_coverage") in text
    assert "Traceback" not in text


def test_missing_database_and_bad_arguments_are_clear_errors(demo_db, tmp_path):
    with pytest.raises(brief.BriefError, match="database not found"):
        brief.build_brief(tmp_path / "nope.duckdb", "2024-01", None, "id", tmp_path)
    foreign = tmp_path / "other.duckdb"
    duckdb.connect(str(foreign)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(brief.BriefError, match="schema"):
        brief.build_brief(foreign, "2024-01", None, "id", tmp_path)
    with pytest.raises(brief.BriefError, match="region"):
        brief.build_brief(demo_db, "2024-01", "Banten", "id", tmp_path)
    with pytest.raises(brief.BriefError, match="language"):
        brief.build_brief(demo_db, "2024-01", None, "fr", tmp_path)
    with pytest.raises(brief.BriefError, match="period"):
        brief.build_brief(demo_db, "Jan 2024", None, "id", tmp_path)


def test_brief_renders_in_headless_chromium(brief_id, reports, tmp_path):
    # Debian chromium comes from `make system-deps` (a prerequisite of `make test`).
    html_file = reports / "brief-2024-01.html"
    png = brief.render_png(html_file, tmp_path / "brief.png", width=1000, height=1600)
    stats = brief.png_stats(png)
    assert stats["width"] == 1000 and stats["height"] == 1600
    assert stats["std"] > 10 and stats["non_white_share"] > 0.02


def test_brief_prints_to_pdf(brief_id, reports, tmp_path):
    pdf = brief.render_pdf(reports / "brief-2024-01.html", tmp_path / "brief.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000  # text, tables and two images
