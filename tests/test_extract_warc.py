"""Extract over a WARC built in the test with warcio: articles, dups, skips, idempotence."""

from __future__ import annotations

import html
import io
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import shards
from pipeline.extract import run_extract
from pipeline.relevance import RelevanceModel
from pipeline.text import extract_from_html

STORY = (
    "Pemerintah Kabupaten {region} menggelar bimbingan teknis inovasi daerah bagi perangkat "
    "daerah di Aula Bappeda, Senin (6/3/2023). Kegiatan diikuti {n} peserta dari seluruh OPD.\n"
    "Kepala Bappeda {region} mengatakan setiap perangkat daerah diminta melahirkan sedikitnya "
    "satu inovasi pelayanan publik setiap tahun agar indeks inovasi daerah terus naik.\n"
    "Narasumber dari BSKDN Kemendagri memaparkan tata cara pelaporan inovasi daerah dan "
    "kriteria penilaian yang dipakai dalam pengukuran indeks inovasi daerah tahun ini."
)


def page(title: str, paragraphs: str, published: str | None, extra: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs.split("\n"))
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title>{meta}</head><body>'
        f"<header>Jumat, November 22, 2024</header><article><h1>{title}</h1>{body}"
        f"<p>Baca juga: Harga Beras Turun di Pasar Induk</p>{extra}</article>"
        f"<footer>Tentang kami · Kontak</footer></body></html>"
    )


def write_warc(path: Path, records: list[tuple[str, bytes, str]]) -> None:
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "pantau-test"}))
        for url, body, content_type in records:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-11-22T08:00:00Z"},
            )
            writer.write_record(record)


ORIGINAL = page(
    "Pemkab Luwu Gelar Bimtek Inovasi", STORY.format(region="Luwu", n=120), "2023-03-06"
)
REPUBLISHED = page(
    "Bimtek Inovasi Daerah di Luwu",
    STORY.format(region="Luwu", n=120).replace("Senin (6/3/2023)", "Senin lalu"),
    "2023-03-08",
)
CP1252_TEXT = (
    STORY.format(region="Bone", n=80)
    + "\nPeserta menyebut kegiatan itu “sangat bermanfaat” – kata mereka."
)
CP1252 = page("Pemkab Bone Dorong Inovasi – Kabar", CP1252_TEXT, "2023-04-10")
ENGLISH = page(
    "City Hall Hosts Workshop",
    "The city government held a workshop on public service reform on Monday. Officials from "
    "every agency attended the two-day event at the city hall and discussed new ideas.\n"
    "The mayor said the program would continue next year with more participants and more "
    "funding from the provincial budget, according to a statement released afterwards.",
    "2023-05-01",
)


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    write_warc(
        raw / "portal-a.warc.gz",
        [
            (
                "https://luwu.example.id/berita/bimtek-inovasi",
                ORIGINAL.encode(),
                "text/html; charset=utf-8",
            ),
            (
                "https://bone.example.id/berita/inovasi",
                CP1252.encode("cp1252"),
                "text/html; charset=utf-8",
            ),
            ("https://bone.example.id/broken", b"<html><body><div>", "text/html"),
            ("https://bone.example.id/logo.png", b"\x89PNG\r\n", "image/png"),
            ("https://bone.example.id/en/workshop", ENGLISH.encode(), "text/html"),
        ],
    )
    write_warc(
        raw / "portal-b.warc.gz",
        [("https://kabar.example.id/2023/03/08/bimtek-luwu", REPUBLISHED.encode(), "text/html")],
    )
    return raw


def read_table(facts: Path, name: str) -> list[dict]:
    rows = []
    for path in sorted((facts / name).glob("*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return rows


@pytest.fixture(scope="module")
def facts(raw_dir, tmp_path_factory) -> Path:
    facts = tmp_path_factory.mktemp("facts")
    code = run_extract([raw_dir], facts / "x.duckdb", facts, sources_file=None, load=False)
    assert code == 0
    return facts


def test_every_article_page_is_one_article(facts) -> None:
    articles = {a["url"]: a for a in read_table(facts, "articles")}
    assert len(articles) == 3
    luwu = articles["https://luwu.example.id/berita/bimtek-inovasi"]
    assert luwu["title"] == "Pemkab Luwu Gelar Bimtek Inovasi"
    assert luwu["published"] == date(2023, 3, 6) and luwu["published_source"] == "meta"
    assert luwu["relevant"] and luwu["lang"] == "id"
    for article in articles.values():
        assert "Baca juga" not in article["text"] and "2024" not in article["text"]


def test_windows_1252_page_declared_utf8_decodes(facts) -> None:
    bone = next(a for a in read_table(facts, "articles") if a["domain"] == "bone.example.id")
    assert "“sangat bermanfaat” – kata mereka" in bone["text"]
    assert bone["title"] == "Pemkab Bone Dorong Inovasi – Kabar"


def test_skips_are_counted_with_reasons(facts) -> None:
    reasons = sorted(s["reason"] for s in read_table(facts, "skipped"))
    assert reasons == ["broken_page", "not_html", "not_indonesian"]


def test_republished_copy_points_at_original(facts) -> None:
    ids = {a["url"]: a["article_id"] for a in read_table(facts, "articles")}
    dups = pq.read_table(facts / shards.DUPS_FILE).to_pylist()
    assert dups == [
        {
            "article_id": ids["https://kabar.example.id/2023/03/08/bimtek-luwu"],
            "dup_of": ids["https://luwu.example.id/berita/bimtek-inovasi"],
        }
    ]


def snapshot(facts: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(facts)): p.read_bytes()
        for p in sorted(facts.rglob("*"))
        if p.is_file() and not p.name.endswith(".duckdb")
    }


def test_second_run_changes_nothing(raw_dir, facts) -> None:
    before = snapshot(facts)
    assert run_extract([raw_dir], facts / "x.duckdb", facts, sources_file=None, load=False) == 0
    assert snapshot(facts) == before


def test_two_workers_and_shards_give_the_same_rows(raw_dir, facts, tmp_path) -> None:
    other = tmp_path / "facts"
    assert run_extract([raw_dir], other / "x.duckdb", other, workers=2, load=False) == 0
    for table in ("articles", "skipped"):
        assert read_table(other, table) == read_table(facts, table)
    assert (other / shards.DUPS_FILE).read_bytes() == (facts / shards.DUPS_FILE).read_bytes()
    split = tmp_path / "split"
    for index in (0, 1):
        run_extract([raw_dir], split / "x.duckdb", split, shard=f"{index}/2", load=False)
    assert sorted(a["article_id"] for a in read_table(split, "articles")) == sorted(
        a["article_id"] for a in read_table(facts, "articles")
    )


def test_symlinked_input_files_are_read_in_place(raw_dir, facts, tmp_path) -> None:
    linked = tmp_path / "linked"
    linked.mkdir()
    for path in sorted(raw_dir.iterdir()):
        (linked / path.name).symlink_to(path)
    other = tmp_path / "facts"
    assert run_extract([linked], other / "x.duckdb", other, load=False) == 0
    ids = sorted(a["article_id"] for a in read_table(other, "articles"))
    assert ids == sorted(a["article_id"] for a in read_table(facts, "articles"))


def test_seeds_are_relevant(shared_dir) -> None:
    model = RelevanceModel.load()
    for path in sorted((shared_dir / "seeds").glob("*.txt")):
        paragraphs = path.read_text(encoding="utf-8").split("\n")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p.strip())
        result = extract_from_html(f"<html><body><article>{body}</article></body></html>", None)
        assert model.is_relevant(result["title"], result["text"]), path.name
