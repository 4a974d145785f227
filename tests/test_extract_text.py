"""Text stage: boilerplate, credits, datelines and chrome dates (fixtures written for pantau)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from pipeline.pubdate import choose_published, dateline_date
from pipeline.records import article_id, decode_html
from pipeline.text import clean_text, extract_from_html

BODY = """MAKASSAR – Pemerintah Kota Makassar menggelar sosialisasi inovasi daerah di Aula Bappeda.
Baca juga: Wali Kota Resmikan Taman Baru di Tamalate
Kegiatan itu diikuti perwakilan seluruh OPD dan kecamatan se-Kota Makassar.
Baca Juga
Harga Cabai Naik Jelang Ramadan
BERITA LAINNYA : Banjir Rendam Dua Kelurahan
Simak juga video pilihan redaksi berikut ini.
Kepala Bappeda berharap jumlah inovasi yang dilaporkan naik tahun ini.
Temukan Berita Makassar Terbaru di Google News
Loading...
Leave a Reply
Want to join the discussion?
Discussion about this post
Reporter : Andi Sultan
Editor: Nurul Hikmah
Inovasi itu akan dipamerkan pada akhir bulan, kata dia. (Tf/red)"""


def test_boilerplate_lines_are_removed_and_story_kept() -> None:
    text, credits = clean_text(BODY)
    lowered = text.lower()
    for gone in (
        "baca juga",
        "berita lainnya",
        "simak juga",
        "google news",
        "loading",
        "leave a reply",
        "join the discussion",
        "discussion about",
        "harga cabai",
        "(tf/red)",
        "reporter",
        "editor",
    ):
        assert gone not in lowered, gone
    assert text.startswith("MAKASSAR – Pemerintah Kota Makassar")
    assert text.endswith("akhir bulan, kata dia.")
    assert len(text.splitlines()) == 4
    assert credits == {"author": "Andi Sultan", "editor": "Nurul Hikmah"}


def test_read_also_heading_drops_a_headline_but_never_story_text() -> None:
    with_headline = (
        "Paragraf pertama.\nBaca Juga:\nPemkot Kupang Luncurkan Aplikasi Antre\nPenutup."
    )
    assert clean_text(with_headline)[0] == "Paragraf pertama.\nPenutup."
    # A scraper that lost the linked headline leaves the heading above a story paragraph.
    lost_headline = "Paragraf pertama.\nBaca Juga\nBupati Siak, Alfedri, berharap banyak.\nPenutup."
    assert clean_text(lost_headline)[0] == (
        "Paragraf pertama.\nBupati Siak, Alfedri, berharap banyak.\nPenutup."
    )


def test_closing_credits_become_metadata() -> None:
    assert clean_text("Isi berita yang cukup panjang. (Man/Red)")[1]["author"] == "Man"
    text, credits = clean_text("Isi berita.\n(Elsi/Kominfo)")
    assert text == "Isi berita." and credits == {"author": "Elsi", "editor": "Kominfo"}
    text, credits = clean_text("Kegiatan ditutup dengan doa bersama. (A Fazari)")
    assert text == "Kegiatan ditutup dengan doa bersama." and credits["author"] == "A Fazari"


def test_one_credit_line_with_several_roles() -> None:
    text, credits = clean_text("Isi berita.\nReporter: Eko Nasution | Editor: Rina Setiawan")
    assert text == "Isi berita."
    assert credits == {"author": "Eko Nasution", "editor": "Rina Setiawan"}
    # A line that only starts like a credit is story text, not a credit.
    line = "Penulis: buku ini ditulis tiga tahun | kata Andi di Aula Bappeda"
    assert clean_text(line)[0] == line


def test_markup_byline_loses_its_leading_word() -> None:
    page = (
        "<html><body><article><h1>Pemkab Luwu Gelar Expo Inovasi</h1>"
        '<div class="byline">Oleh <span class="author">Oleh Iwan Harahap</span></div>'
        + "<p>Pemerintah Kabupaten Luwu menggelar expo inovasi daerah di Belopa.</p>" * 8
        + "</article></body></html>"
    )
    assert extract_from_html(page, "https://luwu.example.id/expo")["author"] == "Iwan Harahap"


def test_acronyms_and_date_stamps_are_not_credits() -> None:
    for line in ("Narasumber hadir dari Jakarta (LAN RI)", "kata Rais.(13/8)"):
        text, credits = clean_text(line)
        assert text == line and credits["author"] is None


def test_dateline_variants() -> None:
    assert dateline_date("Serang Kota, 29 Januari 2024 || Portal.com — Isi") == date(2024, 1, 29)
    assert dateline_date("Kendari, Jum'at 7 Nopember 2022 - Pemkab") == date(2022, 11, 7)
    assert dateline_date("Sampit, 3 Agt 2021 10.00 WIB | Isi") == date(2021, 8, 3)
    assert dateline_date("Mataram, 12 Pebruari 2020 – Isi") == date(2020, 2, 12)


def test_event_dates_and_chrome_are_not_datelines() -> None:
    assert dateline_date("CILEGON – Pemkot menggelar rapat, Senin (8/7/2019).") is None
    assert dateline_date("Salakan, Portal.id – Kegiatan bimtek, Selasa (13/8/2019).") is None
    assert dateline_date("Jumat, November 22, 2024\nPemerintahan\nJudul") is None
    assert dateline_date("Jumat, 22 November 2024\nIsi berita") is None


def test_seed_datelines_match_gold(shared_dir) -> None:
    gold = {}
    for line in (shared_dir / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        gold[item["id"]] = item["published"]
    for path in sorted((shared_dir / "seeds").glob("*.txt")):
        found = dateline_date(path.read_text(encoding="utf-8"))
        expected = gold[f"seed-{path.name[:3]}"]
        assert (found.isoformat() if found else None) == expected, path.name


def test_chrome_date_rejected_against_text_and_url() -> None:
    text = "Kupang, 22 November 2024 | Lab inovasi digelar 7-9 Nopember 2022 di Aula Bappeda."
    crawled = datetime(2024, 11, 22, tzinfo=UTC)
    assert choose_published(None, "none", None, text, crawled) == (None, "none")
    url = "https://portal.id/berita/2022/11/09/lab-inovasi"
    assert choose_published(None, "none", url, text, crawled) == (date(2022, 11, 9), "url")
    # A metadata date after the crawl is impossible.
    assert choose_published(date(2025, 1, 1), "meta", None, text, crawled)[0] is None


PAGE = """<html><head><title>Pemkab Muna Gelar Bimtek Inovasi - Kabar Sultra</title>
<meta property="og:site_name" content="Kabar Sultra">
<meta property="article:published_time" content="2023-05-04T10:00:00+07:00">
<link rel="canonical" href="https://kabarsultra.example.id/berita/bimtek-inovasi-muna">
</head><body><header><span>Jumat, November 22, 2024</span><nav>Beranda Politik</nav></header>
<article><h1>Pemkab Muna Gelar Bimtek Inovasi</h1>
<p>RAHA – Pemerintah Kabupaten Muna menggelar bimbingan teknis inovasi daerah di Aula Bappeda,
Kamis (4/5/2023). Kegiatan diikuti puluhan peserta dari berbagai OPD.</p>
<p>Baca juga: Bupati Resmikan Pasar Rakyat</p>
<p>Kepala Bappeda mengatakan inovasi penting untuk pelayanan publik yang lebih baik.</p>
<p>Editor: Rina Wati</p></article><footer>Hak cipta Kabar Sultra</footer></body></html>"""


def test_extract_from_html_gives_metadata_and_clean_text() -> None:
    result = extract_from_html(PAGE, "https://kabarsultra.example.id/?p=12")
    assert result["title"] == "Pemkab Muna Gelar Bimtek Inovasi"
    assert result["site_name"] == "Kabar Sultra"
    assert result["published"] == date(2023, 5, 4)
    assert result["canonical_url"] == "https://kabarsultra.example.id/berita/bimtek-inovasi-muna"
    assert result["editor"] == "Rina Wati"
    assert "Baca juga" not in result["text"] and "2024" not in result["text"]
    assert result["text"].startswith("RAHA – Pemerintah Kabupaten Muna")


def test_wrong_declared_charsets_are_corrected() -> None:
    text = "Kabupaten Bone meraih penghargaan “Innovative Government Award” – café inovasi"
    assert decode_html(text.encode("cp1252"), "utf-8") == text
    assert decode_html(text.encode("utf-8"), "windows-1252") == text
    assert decode_html(text.encode("cp1252"), "windows-1252") == text


def test_article_id_ignores_tracking_parameters() -> None:
    plain = article_id("https://portal.id/berita/satu")
    assert article_id("https://portal.id/berita/satu?utm_source=fb#top") == plain
    assert len(plain) == 16 and article_id("https://portal.id/berita/dua") != plain
