"""The issue-4 components on sentences written for these tests (regional-news style)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.nlp import load_pipeline, make_doc
from pipeline.nlp.counts import spoken_value
from pipeline.nlp.export import doc_to_gold, doc_to_rows

WHEN_WHERE = """base = "blank:id"
components = ["sentencizer", "pantau_layout", "pantau_dates", "pantau_regulations",
              "pantau_awards", "pantau_counts", "pantau_venues", "pantau_events"]
"""


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    # Only this components: fast, and independent of the trained NER model.
    config = tmp_path_factory.mktemp("nlp") / "pipeline.toml"
    config.write_text(WHEN_WHERE, encoding="utf-8")
    return load_pipeline(Path(config))


def facts(nlp, text, kind, published=None):
    doc = make_doc(nlp, text, published=published)
    return [span._.value for span in doc._.facts[kind]]


def days(nlp, text, published=None):
    return sorted({d for v in facts(nlp, text, "date", published) for d in v.values() if d})


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gorontalo, 29 Januari 2024 – Pemprov menggelar rakor.", ["2024-01-29"]),
        ("digelar di aula, Senin (8/7/2019). Kegiatan ini", ["2019-07-08"]),
        ("berlangsung Kamis sampai Jum'at (11-12/08/2022) di aula.", ["2022-08-11", "2022-08-12"]),
        ("selama dua hari, 13-14 Agustus 2019, di Palu.", ["2019-08-13", "2019-08-14"]),
        ("Senin sampai dengan Rabu tanggal 7-9 Nopember 2022.", ["2022-11-07", "2022-11-09"]),
        ("pendaftaran dibuka 2 hingga 29 Mei 2024.", ["2024-05-02", "2024-05-29"]),
        ("rapat pada 4 Pebruari 2021 dan 6 Agt 2021.", ["2021-02-04", "2021-08-06"]),
        ("libur 30 Desember - 2 Januari 2024.", ["2023-12-30", "2024-01-02"]),
    ],
)
def test_dates_written_forms(nlp, text, expected):
    assert days(nlp, text) == expected


def test_weekday_picks_the_year_nearest_publication(nlp):
    # 3 May was a Wednesday in 2023 (and 2017): with a 2024 publication date, 2023 is nearest.
    assert days(nlp, "Bimtek digelar Rabu (3/5) di hotel.", date(2024, 2, 1)) == ["2023-05-03"]


def test_year_without_publication_date_comes_from_the_text(nlp):
    text = "Lomba IGA Tahun 2023 disiapkan. Bimtek digelar Rabu (3/5) di Hotel Jelita."
    assert days(nlp, text) == ["2023-05-03"]


def test_year_without_any_reference_is_not_guessed(nlp):
    assert days(nlp, "Bimtek digelar Rabu (3/5) di hotel.") == []


def test_day_after_a_quote_takes_the_year_of_full_dates(nlp):
    text = 'Digelar 13-14 Agustus 2019. "Inovasi itu kunci," kata Bupati.(13/8)'
    assert days(nlp, text) == ["2019-08-13", "2019-08-14"]


def test_relative_words_against_publication(nlp):
    text = "Rapat digelar kemarin. Hasilnya diumumkan besok."
    assert days(nlp, text, date(2023, 3, 7)) == ["2023-03-06", "2023-03-08"]
    assert days(nlp, text) == []  # no publication date: no day


def test_relative_word_after_a_noun_is_not_a_day(nlp):
    assert days(nlp, "seperti pemilihan kemarin, warga antusias.", date(2025, 10, 17)) == []


def test_wrong_weekday_in_a_recent_article_keeps_the_date(nlp):
    # 28 September 2025 was a Sunday; the writer's "Jumat" must not move it to 2029.
    assert days(nlp, "walk out pada Jumat (28/9) lalu.", date(2025, 10, 22)) == ["2025-09-28"]


def test_chrome_lines_are_not_annotated(nlp):
    text = "Jumat, November 22, 2024\nBaca juga: Bupati resmikan pasar 5 Maret 2024\nIsi berita."
    assert days(nlp, text) == []


def test_fractions_and_scores_are_not_dates(nlp):
    assert days(nlp, "skor 3/5 di babak kedua", date(2023, 5, 4)) == []


# ---------------------------------------------------------------- counts and amounts


def counts(nlp, text):
    return [(v["value"], v["unit"]) for v in facts(nlp, text, "count")]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("delapan puluh enam", 86),
        ("seratus", 100),
        ("sebelas", 11),
        ("dua puluh lima ribu", 25000),
        ("tiga ratus lima puluh", 350),
        ("seribu dua ratus", 1200),
    ],
)
def test_number_words(words, value):
    assert spoken_value(words) == value


def test_counts_with_their_nouns(nlp):
    text = (
        "Tercatat 1.250 peserta dari delapan puluh enam desa, jalan 2,5 km dan rapat 30 menit; "
        "60% warga hadir, lima buah inovasi dipamerkan."
    )
    assert counts(nlp, text) == [
        (1250, "peserta"),
        (86, "desa"),
        (2.5, "km"),
        (30, "menit"),
        (60, "persen"),
        (5, "inovasi"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "inovasi ke-260 itu",
        "masuk Top 45 nasional",
        "masuk 10 besar provinsi",
        "sesuai Pasal 16 ayat (2) tentang",
        "pukul 09.00 WIB acara dimulai",
        "hubungi 081234567890 untuk info",
        "pada tahun 2023 lalu",
        "dengan indeks 3,5 di akhir",
        "di Lt 3 Kantor Wali Kota",
        "menuju Indonesia 4.0, Selasa",
        "ulang tahun ke - 72 Kemerdekaan",
        "siswa SDNU 1 Trate hadir",
        "salah satu inovasi unggulan",
        "aturan satu KK satu suara",
        "anggaran Rp 1,2 miliar untuk gedung",
    ],
)
def test_not_counts(nlp, text):
    assert counts(nlp, text) == []


def test_numbers_inside_dates_and_regulations_are_not_counts(nlp):
    text = "Sesuai PP Nomor 38 Tahun 2017, rapat 7-9 Nopember 2022 diikuti 30 OPD."
    assert counts(nlp, text) == [(30, "opd")]


def test_money_is_an_amount_with_its_purpose(nlp):
    amounts = facts(
        nlp, "Pemkab menyiapkan Rp 1,2 miliar untuk pembangunan gedung, kata dia.", "amount"
    )
    assert amounts == [{"value": 1_200_000_000.0, "purpose": "pembangunan gedung"}]
    assert facts(nlp, "hibah Rp1.250.000 per orang", "amount")[0]["value"] == 1_250_000.0


# ---------------------------------------------------------------- venues


def venues(nlp, text):
    return [(v["name"], v["online"]) for v in facts(nlp, text, "venue")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bimtek digelar di Ruang Rapat Bappeda Kota Cilegon, Senin (8/7/2019).",
            "Ruang Rapat Bappeda Kota Cilegon",
        ),
        (
            "Lab inovasi digelar di Aula Sutrisno Hadi Lt 3 Kantor Wali Kota, Senin (7/11).",
            "Aula Sutrisno Hadi Lt 3 Kantor Wali Kota",
        ),
        (
            "Rapat paripurna digelar di ruang rapat utama DPRD Kota Palembang, Selasa.",
            "ruang rapat utama DPRD Kota Palembang",
        ),
        (
            "Kegiatan bertempat di Pendopo Kabupaten Kudus Senin 5 Juni 2023.",
            "Pendopo Kabupaten Kudus",
        ),
        ("Palu – Hotel Santika menjadi saksi kegiatan bimtek inovasi.", "Hotel Santika"),
    ],
)
def test_venue_names_and_their_bounds(nlp, text, expected):
    assert venues(nlp, text) == [(expected, False)]


def test_online_venue(nlp):
    assert venues(nlp, "Rakor dilaksanakan secara daring melalui Zoom Meeting pada Kamis.") == [
        ("Zoom Meeting", True)
    ]


def test_room_of_a_hybrid_event(nlp):
    text = "Kepala BSKDN hadir secara virtual dari Ruang Video Conference BSKDN pada Selasa."
    assert venues(nlp, text) == [("Ruang Video Conference BSKDN", False)]


def test_a_workplace_is_not_a_venue(nlp):
    assert venues(nlp, "Ia bekerja di Kantor Camat sejak 2010.") == []


# ---------------------------------------------------------------- regulations and awards


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("berdasarkan Peraturan Pemerintah Nomor 38 Tahun 2017 tentang Inovasi", "PP 38/2017"),
        ("sesuai PP No. 38/2017", "PP 38/2017"),
        ("Undang-Undang Nomor 23 Tahun 2014", "UU 23/2014"),
        (
            "Peraturan Menteri Dalam Negeri (Permendagri) Nomor 104 Tahun 2018",
            "Permendagri 104/2018",
        ),
        ("Peraturan Menteri PANRB Nomor 91 Tahun 2021", "PermenPANRB 91/2021"),
        ("Peraturan Bupati Tabalong Nomor 12 Tahun 2020", "Perbup 12/2020"),
        ("Peraturan Wali (Perwali) Kota Makassar Nomor 19 Tahun 2025", "Perwali 19/2025"),
        ("Perda Provinsi Jawa Timur No 5 Tahun 2019", "Perda 5/2019"),
        (
            "Keputusan Menteri Dalam Negeri Nomor 002.6-5848 Tahun 2021",
            "Kepmendagri 002.6-5848/2021",
        ),
    ],
)
def test_regulations_normalized(nlp, text, code):
    assert [v["code"] for v in facts(nlp, text, "regulation")] == [code]


def test_running_text_is_not_a_regulation(nlp):
    assert facts(nlp, "peraturan pemerintah yang baru nomor 5 tahun depan", "regulation") == []


def test_awards_with_year_and_category(nlp):
    found = facts(nlp, "Sinjai meraih predikat Sangat Inovatif pada IGA 2022.", "award")
    assert found == [
        {"name": "Innovative Government Award", "year": 2022, "category": "sangat inovatif"}
    ]
    misspelt = facts(nlp, "lomba Inovatif Goverment Award (IGA) Tahun 2023.", "award")[0]
    assert misspelt == {"name": "Innovative Government Award", "year": 2023, "category": None}
    kipp = facts(nlp, "masuk Top 45 KIPP 2021.", "award")[0]
    assert (kipp["name"], kipp["year"], kipp["category"]) == (
        "Kompetisi Inovasi Pelayanan Publik",
        2021,
        "top 45",
    )
    other = facts(nlp, "Pemkab meraih Juara 1 Mandaya Awards 2025 kategori Kabupaten.", "award")
    assert other[0]["name"] == "Mandaya Awards" and other[0]["year"] == 2025


def test_a_category_without_an_award_is_not_an_award(nlp):
    assert facts(nlp, "Kota Serang menjadi Kota Terinovatif pada tahun 2022.", "award") == []


# ---------------------------------------------------------------- events and export


def events(nlp, text, published=None):
    return [(v["type"], v["start"], v["end"]) for v in facts(nlp, text, "event", published)]


def test_event_from_dated_sentence_extended_by_a_range(nlp):
    text = (
        "Pemkot Tanjungbalai menggelar Laboratorium Inovasi di Aula Kantor Wali Kota, "
        "Senin (7/11).\n"
        "Kegiatan ini dilaksanakan selama 3 hari, Senin sampai Rabu tanggal 7-9 Nopember 2022."
    )
    assert events(nlp, text) == [("laboratorium_inovasi", "2022-11-07", "2022-11-09")]


def test_event_type_overrides_and_first_cue(nlp):
    text = "Bimbingan Teknis Laboratorium Inovasi digelar di Aula Bappeda, Selasa (13/8/2019)."
    assert events(nlp, text)[0][0] == "laboratorium_inovasi"
    text = "Sosialisasi Inovboyo Award digelar di Ruang Rapat BSKDN pada Selasa, 17 Juni 2025."
    assert events(nlp, text)[0][:2] == ("sosialisasi", "2025-06-17")


def test_intentions_are_not_events(nlp):
    text = (
        "Bimtek digelar di Hotel Jelita, Rabu (3/5/2023).\n"
        "Kami berencana untuk mengikuti lomba IGA."
    )
    assert events(nlp, text) == [("bimtek", "2023-05-03", None)]


def test_statement_date_gives_way_to_the_held_date(nlp):
    text = (
        "Pemkab Bogor meraih Mandaya Awards 2025.\n"
        '"Kami bersyukur," ungkap Sekda dalam keterangan tertulis, Minggu (19/10/2025).\n'
        "Ia menerima penghargaan di Ballroom Plaza Jamsostek, Kamis (16/10)."
    )
    assert events(nlp, text) == [("penghargaan", "2025-10-16", None)]


def test_two_dated_meetings_are_two_events(nlp):
    text = (
        "Rapat evaluasi digelar di Ruang Rapat Bappeda pada 13 September 2023.\n"
        "Rapat lanjutan digelar di Ruang Rapat Bappeda pada 27 September 2023."
    )
    assert [e[1] for e in events(nlp, text)] == ["2023-09-13", "2023-09-27"]


def test_event_stage_and_evidence(nlp):
    doc = make_doc(
        nlp, "Laboratorium Inovasi tahap Drum-up dan Diagnose digelar di Aula Setda, 2 Mei 2023."
    )
    event = doc._.facts["event"][0]
    assert event._.value["stage"] == "drum-up, diagnose"
    assert event.text == doc.text  # the evidence is the sentence


def test_doc_to_gold_dedups_and_fills_every_field(nlp):
    text = (
        "Bimtek IGA digelar di Hotel Jelita, Rabu (3/5/2023). Lomba Innovative Government Award "
        "Tahun 2023 diikuti 30 OPD. Bimtek digelar di Hotel Jelita bagi 30 OPD."
    )
    gold = doc_to_gold(make_doc(nlp, text))
    assert gold["venues"] == ["Hotel Jelita"]
    assert gold["counts"] == [{"value": 30, "unit": "opd"}]
    assert gold["awards"] == [
        {"name": "Innovative Government Award", "year": 2023, "category": None}
    ]
    assert gold["dates"] == ["2023-05-03"]
    for field in ("regions", "officials", "organizations", "regulations", "amounts"):
        assert gold[field] == []


def test_doc_to_rows_keeps_evidence(nlp):
    doc = make_doc(nlp, "Rapat digelar di Aula Bappeda, Senin (6/3/2023). Hadir 40 peserta.")
    rows = doc_to_rows(doc)
    count = rows["counts"][0]
    assert (count["value"], count["unit"], count["text"]) == (40, "peserta", "40 peserta")
    assert doc.text[count["start_char"] : count["end_char"]] == "40 peserta"
    assert count["sentence"] == "Hadir 40 peserta."
    kinds = {row["kind"] for row in rows["mentions"]}
    assert {"date", "venue", "count", "event"} <= kinds
    assert len(rows["events"]) == 1 and rows["events"][0]["type"] == "rapat"


# ---------------------------------------------------------------- issue 4 follow-up: unseen news

JUNE_19 = date(2025, 6, 19)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rapat digelar Kamis, 19 Juni 2025 di Pendopo.", ["2025-06-19"]),
        ("Aplikasi diluncurkan (28/5/2025) oleh Bupati.", ["2025-05-28"]),
        ("Layanan dibuka sejak 2 Juni 2025.", ["2025-06-02"]),
        (
            "Pelatihan berlangsung mulai Senin (16/6) hingga Rabu (18/6).",
            ["2025-06-16", "2025-06-18"],
        ),
        ("Pameran dibuka pada Minggu oleh Sekda.", ["2025-06-15"]),
        ("Acara digelar hari Kamis di aula.", ["2025-06-19"]),
        ("Pameran berikutnya akan digelar Senin depan.", ["2025-06-23"]),
    ],
)
def test_dates_of_unseen_news(nlp, text, expected):
    assert days(nlp, text, JUNE_19) == expected


def test_range_with_weekdays_is_one_span(nlp):
    values = facts(nlp, "Bimtek digelar mulai Senin (16/6) hingga Rabu (18/6).", "date", JUNE_19)
    assert values == [{"start": "2025-06-16", "end": "2025-06-18"}]


@pytest.mark.parametrize(
    "text",
    [
        "Setiap Senin petugas membuka layanan keliling.",
        "Minggu kedua bulan ini jadwalnya padat.",
        "Warga tidak datang minggu lalu.",
    ],
)
def test_weekdays_that_name_no_day(nlp, text):
    assert days(nlp, text, JUNE_19) == []


def test_bare_weekday_needs_the_articles_time_frame(nlp):
    # The story is set in 2021: "pada Rabu" cannot be read against a 2025 publication date.
    text = "Pada 12 Maret 2021 pasar diresmikan. Pasar itu dibuka pada Rabu."
    assert days(nlp, text, JUNE_19) == ["2021-03-12"]


def test_counts_of_unseen_news(nlp):
    found = counts(
        nlp,
        "Tinggi air 40 cmpenyebab banjir. Jalan dibuka dua arah selama enam bulan. "
        "Izin terbit paling lama 2 x 24 jam. Satu biasanya cepat surut. Ada 7 ncbrakan.",
    )
    assert found == [(40, "cm"), (2, "arah"), (6, "bulan"), (24, "jam")]


def test_venues_of_unseen_news(nlp):
    assert venues(
        nlp, "Pameran digelar di dua lokasi, yakni Taman Sri Baduga dan Lapangan Merdeka."
    ) == [("Taman Sri Baduga", False), ("Lapangan Merdeka", False)]
    assert venues(nlp, "Sosialisasi digelar di ruang Anjosmoro lantai 4 Kantor Bupati Blitar.") == [
        ("ruang Anjosmoro lantai 4 Kantor Bupati Blitar", False)
    ]


def test_place_of_a_statement_is_not_a_venue(nlp):
    text = "Rapat itu penting, kata Bupati saat ditemui di Kantor Bupati Lumajang, Rabu (18/6)."
    assert venues(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("sesuai Permen LH 8/2023 tentang sampah", "Permen LH 8/2023"),
        ("mengacu Permen ATR/BPN Nomor 14 Tahun 2021", "Permen ATR/BPN 14/2021"),
        ("SE Mendagri Nomor 100.3.4/1234/SJ Tahun 2025", "SE Mendagri 100.3.4/1234/SJ/2025"),
        ("Inpres No 1 Tahun 2025 tentang efisiensi", "Inpres 1/2025"),
    ],
)
def test_regulations_with_ministry_acronyms(nlp, text, code):
    assert [v["code"] for v in facts(nlp, text, "regulation")] == [code]


def test_awards_without_award_in_the_name(nlp):
    names = [
        v["name"]
        for v in facts(
            nlp,
            "Kota Madiun menerima Anugerah Pandu Negeri 2025, penghargaan TOP Inovasi Pelayanan "
            "Publik dan Piala Wahana Tata Nugraha.",
            "award",
        )
    ]
    assert names == [
        "Anugerah Pandu Negeri",
        "TOP Inovasi Pelayanan Publik",
        "Piala Wahana Tata Nugraha",
    ]


def test_future_activity_is_not_dated_to_the_statement(nlp):
    text = "Wali Kota mengatakan, Rabu (18/6/2025), pameran inovasi akan digelar pekan depan."
    assert events(nlp, text, JUNE_19) == [("pameran", None, None)]


# ---------------------------------------------------------------- issue 4: venue and event rules


def test_building_after_a_room_and_a_comma_is_the_same_venue(nlp):
    text = "Pelatihan digelar di ruang kelas B, Kantor BPSDM Provinsi, Jalan Merdeka No 5."
    assert venues(nlp, text) == [("ruang kelas B", False)]
    # A list after "yakni" still names several buildings.
    text = "Pameran digelar di dua lokasi, yakni Gedung Juang dan Gedung Serbaguna Pemkab."
    assert [name for name, _ in venues(nlp, text)] == ["Gedung Juang", "Gedung Serbaguna Pemkab"]


def test_list_of_places_goes_on_in_the_next_sentences(nlp):
    text = (
        "Lokasi pasar murah di Kendari, yakni halaman Sekolah Harapan, Kecamatan Mandonga. "
        "Lalu, di lapangan bola Kelurahan Anduonohu.\n"
        "Kemudian, ada pula di halaman Kantor Dinas Pangan dan Perikanan, Kecamatan Baruga."
    )
    assert [name for name, _ in venues(nlp, text)] == [
        "halaman Sekolah Harapan",
        "lapangan bola Kelurahan Anduonohu",
        "halaman Kantor Dinas Pangan dan Perikanan",
    ]
    # Without a list before it, "kemudian ... di halaman" is no venue.
    assert venues(nlp, "Kemudian, warga berkumpul di halaman rumah Pak RT.") == []


def test_activity_on_the_nth_day_of_a_festival_is_its_own_event(nlp):
    text = (
        "GOWA – Ribuan warga memadati Festival Inovasi Kabupaten Gowa yang digelar di Lapangan "
        "Syekh Yusuf, 12-14 Agustus 2024. Festival menampilkan stan inovasi.\n"
        "Pada hari kedua, panitia menggelar lomba vlog inovasi."
    )
    assert events(nlp, text) == [
        ("pameran", "2024-08-12", "2024-08-14"),
        ("lomba", "2024-08-13", None),
    ]
    # A day past the range dates nothing.
    text = text.replace("hari kedua", "hari kelima")
    assert events(nlp, text)[1] == ("lomba", None, None)


# ---------------------------------------------------------------- issue 4: regional news rules


def test_adjective_rapat_is_no_meeting(nlp):
    text = "Bupati meninjau kampung itu, Senin (16/6/2025). Rumah warga di sana sudah rapat."
    assert events(nlp, text) == [("kunjungan", "2025-06-16", None)]


def test_matter_of_a_statement_is_no_event(nlp):
    # The lead's cue ("penilaian inovasi") is what was said; the event dates the statement.
    text = (
        "Kepala BSKDN menekankan, kebaruan menjadi kriteria dalam penilaian inovasi daerah.\n"
        "Hal itu disampaikan dalam Sosialisasi Inovasi Kota Palu di Aula Bappeda, Selasa "
        "(17/6/2025)."
    )
    assert events(nlp, text) == [("sosialisasi", "2025-06-17", None)]
    # A rule about activities is no activity either.
    text = "Gubernur mengizinkan pemda menggelar rapat di hotel, kata dia, Jumat (20/6/2025)."
    assert events(nlp, text) == []


def test_activity_performed_later_in_the_article_takes_the_day_of_the_report(nlp):
    text = (
        "Jaksa menghadiri acara bersama para bupati di Denpasar.\n"
        '"Kami mendukung desa," kata Jaksa, Kamis (11/9/2025).\n'
        # Past the lead, where a sentence needs more than an activity verb to be an event.
        + "Pengawasan dana desa terus berjalan dan laporan dibahas bersama. "
        * 10
        + "\n"
        "Kejaksaan meluncurkan aplikasi Jaga Desa untuk pelaporan dana desa.\n"
        "Jaksa juga memberikan piagam penghargaan kepada bupati yang bebas kasus."
    )
    assert events(nlp, text) == [
        ("peluncuran", "2025-09-11", None),
        ("penghargaan", "2025-09-11", None),
    ]
    # Background ("telah meluncurkan") and quotations are not the day's activities.
    background = text.replace("Kejaksaan meluncurkan", "Kejaksaan telah meluncurkan")
    assert [e[0] for e in events(nlp, background)] == ["penghargaan"]
    quoted = text.replace("Jaksa juga memberikan", '"Tahun depan kami juga memberikan').replace(
        "bebas kasus.", 'bebas kasus," ujarnya.'
    )
    assert [e[0] for e in events(nlp, quoted)] == ["peluncuran"]


def test_decision_made_official_in_a_plenary_is_a_meeting(nlp):
    text = "Perda itu diresmikan dalam Rapat Paripurna di ruang sidang DPRD Bangli, (20/10/2025)."
    assert events(nlp, text) == [("rapat", "2025-10-20", None)]
    text = "Bupati meresmikan Mal Pelayanan Publik Bangli, Senin (20/10/2025)."
    assert events(nlp, text) == [("peluncuran", "2025-10-20", None)]


def test_routine_activities_are_not_events(nlp):
    text = (
        "Wali Kota menerima gelar adat di Pekanbaru, Jumat (20/6/2025).\n"
        "Pemko juga rutin menggelar Festival Budaya Melayu di Rumah Singgah setiap pekan."
    )
    assert events(nlp, text) == []


def test_lead_audience_dated_by_the_statement(nlp):
    text = (
        '"Hari ini kami melakukan audiensi dengan DPRD," ujar Ketua Forum, di gedung DPRD '
        "Banten, Selasa (21/10/2025)."
    )
    assert events(nlp, text) == [("rapat", "2025-10-21", None)]
    text = (
        "Kepala Balai usai beraudiensi dengan Gubernur di Kantor Gubernur, hari ini.\n"
        '"Ekspor terus naik," kata dia, Senin (20/10/2025).'
    )
    assert events(nlp, text) == [("rapat", "2025-10-20", None)]


def test_inspections_and_quran_contests_are_typed(nlp):
    text = "Pj Gubernur mengecek langsung logistik pemilu di GOR Pancasila, Selasa (13/2/2024)."
    assert events(nlp, text) == [("kunjungan", "2024-02-13", None)]
    assert venues(nlp, text) == [("GOR Pancasila", False)]


def test_place_a_speaker_names_for_the_activity_is_a_venue(nlp):
    text = (
        'Kepala Bappeda mengatakan, "Bimtek inovasi kami gelar di Aula Bappeda Lantai 2 '
        'selama dua hari," ujarnya, Kamis (12/10/2023).'
    )
    assert [name for name, _ in venues(nlp, text)] == ["Aula Bappeda Lantai 2"]
    text = "Sekda membuka seleksi peserta MTQ di Hotel Santika Malang, Minggu (11/2/2024)."
    assert events(nlp, text) == [("lomba", "2024-02-11", None)]


def test_counts_after_a_quote_mark_and_times_of_day(nlp):
    assert counts(nlp, '"Satu orang cuma boleh membeli dua karung," katanya.') == [
        (1, "orang"),
        (2, "karung"),
    ]
    assert counts(nlp, "Wisata dibuka pukul 7 pagi hingga 5 sore untuk 300 pengunjung.") == [
        (300, "pengunjung")
    ]


def test_venue_names_that_open_with_a_brand_or_follow_a_region(nlp):
    text = "Seleksi digelar di Harris Hotel and Convention Malang, Minggu (11/2/2024)."
    assert venues(nlp, text) == [("Harris Hotel and Convention Malang", False)]
    text = "Operasi pasar digelar di Kampar Pasar Inpres Bangkinang pada Kamis."
    assert venues(nlp, text) == [("Pasar Inpres Bangkinang", False)]
    text = "Kunjungan Gubernur berlangsung di halaman SMAN 2 Taruna Bhayangkara, Kecamatan Genteng."
    assert venues(nlp, text) == [("halaman SMAN 2 Taruna Bhayangkara", False)]


def test_surat_keputusan_of_a_regional_head(nlp):
    text = "Dasarnya SK Walikota Nomor 7 Tahun 2022 dan SK Bupati Kampar No. 12/2021."
    codes = [v["code"] for v in facts(nlp, text, "regulation")]
    assert codes == ["Kepwal 7/2022", "Kepbup 12/2021"]


def test_video_promotion_line_is_chrome(nlp):
    text = (
        "Wali Kota menerima gelar adat, Jumat (20/6/2025).\n"
        'Tonton juga "Pekanbaru Bukan Lagi Kota Layak Anak" di sini:'
    )
    assert facts(nlp, text, "award") == []


def test_lowercase_venue_named_by_its_street_and_a_listed_venue_after_a_region(nlp):
    text = (
        "Lokasi operasi pasar di Padang, yakni halaman Masjid Raya. Lalu, di lapangan bola "
        "Jalan Kelapa Gading, dan di Pariaman Pasar Raya Kurai."
    )
    assert [name for name, _ in venues(nlp, text)] == [
        "halaman Masjid Raya",
        "lapangan bola Jalan Kelapa Gading",
        "Pasar Raya Kurai",
    ]
    # After a capitalized name the street is its address.
    text = "Rapat digelar di Aula Bappeda Jalan Sudirman No 3."
    assert venues(nlp, text) == [("Aula Bappeda", False)]


def test_award_names_introduced_without_award(nlp):
    text = (
        "Kota Blitar meraih penghargaan Kota Sehat Wistara dari Kemenkes. Penghargaan itu "
        "adalah Pembina Kampung Tangguh Terbaik. Humas Pemkot juga Silver WinnerAnugerah "
        "Humas Daerah 2025. Camat menerima penghargaan Bupati Blitar."
    )
    assert [(v["name"], v["year"]) for v in facts(nlp, text, "award")] == [
        ("Kota Sehat Wistara", None),
        ("Pembina Kampung Tangguh Terbaik", None),
        ("Anugerah Humas Daerah", 2025),
    ]


def test_relative_day_with_its_weekday_in_parentheses(nlp):
    # Said on Wednesday 18 June about the Sunday run: the weekday named wins over "besok".
    text = "Mohon maaf, besok (Minggu) nanti jalan akan kami batasi."
    assert days(nlp, text, date(2025, 6, 18)) == ["2025-06-22"]
    assert days(nlp, "Rapat digelar kemarin (Senin) di Aula.", date(2025, 6, 18)) == ["2025-06-16"]


def test_floor_abbreviation_keeps_the_venue_whole(nlp):
    text = "Pelatihan digelar di Aula Lt. 3 Gedung Setda Kabupaten Bantul, 21 s.d. 23 Oktober 2024."
    assert venues(nlp, text) == [("Aula Lt. 3 Gedung Setda Kabupaten Bantul", False)]
    assert facts(nlp, text, "event")[0]["venue"] == "Aula Lt. 3 Gedung Setda Kabupaten Bantul"


def test_received_award_is_an_award_event_and_its_nearest_category(nlp):
    text = (
        "Kudus masuk Top 45 Kompetisi Inovasi Pelayanan Publik (KIPP) 2024 dan meraih "
        "Penghargaan Pembangunan Daerah 2024 kategori terbaik, Kamis (7/11/2024)."
    )
    assert events(nlp, text) == [("penghargaan", "2024-11-07", None)]
    categories = {v["name"]: v["category"] for v in facts(nlp, text, "award")}
    assert categories["Penghargaan Pembangunan Daerah"] == "terbaik"
    text = "Tim juri memverifikasi inovasi di Puskesmas Tamalate, Selasa (5/11/2024)."
    assert venues(nlp, text) == [("Puskesmas Tamalate", False)]


def test_kemarin_in_speech_is_no_calendar_day(nlp):
    text = '"Alat itu saya bikin kemarin, murah sekali," kata Bima, Jumat (17/10/2025).'
    assert days(nlp, text, date(2025, 10, 17)) == ["2025-10-17"]
    # Outside a quotation it is yesterday.
    text = "Wali Kota meresmikan alat itu kemarin, kata Bima."
    assert days(nlp, text, date(2025, 10, 17)) == ["2025-10-16"]


def test_acronym_unit_is_counted(nlp):
    assert counts(nlp, "Pemkot akan memasang enam CCTV dan 12 SKPD ikut.") == [
        (6, "cctv"),
        (12, "skpd"),
    ]


def test_passing_a_regional_bill_is_a_meeting_and_a_plan_name_is_no_intention(nlp):
    text = (
        "DPRD dan Pemkot Bogor mengesahkan Raperda tentang Rencana Pembangunan Jangka Menengah "
        "Daerah.\n"
        '"Terima kasih," kata Wali Kota, Rabu (18/6/2025).'
    )
    assert events(nlp, text) == [("rapat", "2025-06-18", None)]
    # A lowercase "rencana" is an intention: no event.
    text = text.replace(
        "mengesahkan Raperda tentang Rencana", "rencana mengesahkan Raperda tentang"
    )
    assert events(nlp, text) == []


def test_cached_text_is_the_docs_own(nlp):
    from pipeline.nlp.doctext import doc_text, span_text

    doc = make_doc(nlp, "Rapat digelar di Aula Lt. 3, Senin (8/7/2019).\n\nWarga hadir.  ")
    assert doc_text(doc) == doc.text
    assert [span_text(s) for s in doc.sents] == [s.text for s in doc.sents]
    assert all(span_text(f) == f.text for spans in doc._.facts.values() for f in spans)


def test_place_inside_a_quotation_is_no_venue(nlp):
    text = (
        "Pj Gubernur mengecek logistik di GOR Pancasila, Selasa (13/2/2024). "
        '"Yang ada di Gedung Pancasila ini sudah siap," kata dia.'
    )
    assert venues(nlp, text) == [("GOR Pancasila", False)]


def test_narrated_relative_day_dates_the_award_event(nlp):
    text = (
        "Pemkot Ternate meraih predikat Kota Sangat Inovatif pada IGA 2024. Penghargaan "
        "diterima langsung Wali Kota Ternate di Jakarta, kemarin."
    )
    assert events(nlp, text, date(2024, 11, 8)) == [("penghargaan", "2024-11-07", None)]


def test_place_named_after_an_award_is_no_award(nlp):
    text = "Festival digelar di Lapangan Swasti Saba, Luwuk. Luwuk meraih Adipura 2024."
    assert [v["name"] for v in facts(nlp, text, "award")] == ["Adipura"]


# ---------------------------------------------------------------- round 2 (issue 4)


def test_relative_word_after_a_month_is_not_a_day(nlp):
    text = "Pelatihan berlangsung pada 3 hingga 5 Maret kemarin di Kota Jambi."
    assert days(nlp, text, date(2024, 3, 9)) == ["2024-03-03", "2024-03-05"]


def test_dash_range_counts_both_bounds(nlp):
    text = "Waktu tempuh dari desa ke kota turun dari 5-6 jam menjadi 2 jam."
    assert counts(nlp, text) == [(5, "jam"), (6, "jam"), (2, "jam")]
    assert counts(nlp, "Skor akhir 3-1 untuk tuan rumah.") == []


def test_circular_of_a_minister_written_in_full(nlp):
    text = "Surat Edaran (SE) Menteri Kesehatan Nomor HK/12/III/2024 tentang Imunisasi"
    assert [v["code"] for v in facts(nlp, text, "regulation")] == ["SE Menkes HK/12/III/2024"]
    text = "Surat Edaran (SE) Bupati Sigi Nomor 100/45/2024 tentang jam kerja"
    assert [v["code"] for v in facts(nlp, text, "regulation")] == ["SE 100/45/2024"]


def test_award_named_twice_with_a_province_short_form_is_one_name(nlp):
    text = (
        "Pemprov menggelar Anugerah Seni Budaya Kalimantan Selatan 2024 di Banjarbaru. "
        "Malam Penghargaan Anugerah Seni Budaya Kalsel 2024 dihadiri ratusan seniman."
    )
    names = {v["name"] for v in facts(nlp, text, "award")}
    assert names == {"Anugerah Seni Budaya Kalimantan Selatan"}


def test_route_ends_are_venues(nlp):
    text = (
        "Kirab budaya berlangsung Sabtu (5/10/2024) dari Pendopo Kabupaten Kudus menuju "
        "Alun-alun Simpang Tujuh."
    )
    names = [name for name, _ in venues(nlp, text)]
    assert names == ["Pendopo Kabupaten Kudus", "Alun-alun Simpang Tujuh"]
    # Without a route word, "dari Kantor X" is where someone comes from, not a venue.
    assert venues(nlp, "Hadir pula perwakilan dari Kantor Kemenag Kudus.") == []


def test_day_inside_a_longer_range_is_not_extended_to_it(nlp):
    text = (
        "Festival Kopi digelar Pemkab Temanggung pada 12 Juli 2023, di sela Tour de Temanggung "
        "yang berlangsung 10-16 Juli 2023."
    )
    assert events(nlp, text) == [("pameran", "2023-07-12", None)]


def test_undated_event_takes_the_date_of_a_follow_up_sentence(nlp):
    text = (
        "Palu, Antara - Dinas Kominfo Sulawesi Tengah kembali menggelar Bimtek Literasi Digital "
        "bagi aparatur desa.\n\n"
        "Kegiatan yang berlangsung pada 14 hingga 16 Mei 2024 itu diikuti 120 peserta."
    )
    assert events(nlp, text) == [("bimtek", "2024-05-14", "2024-05-16")]


def test_lead_scene_dates_the_activity_of_the_next_paragraph(nlp):
    text = (
        "Suasana Aula Dinas Kesehatan Kota Kendari tampak ramai pada Kamis (6/6/2024).\n\n"
        "Pelatihan bertajuk 'Kader Posyandu Tangguh' ini diikuti 300 kader."
    )
    assert events(nlp, text) == [("bimtek", "2024-06-06", None)]


def test_bringing_the_first_of_a_kind_is_a_launch(nlp):
    text = "Pemkab Sleman menghadirkan layanan perpustakaan keliling pertama pada Senin (2/9/2024)."
    assert events(nlp, text) == [("peluncuran", "2024-09-02", None)]
    text = "Panitia menghadirkan narasumber dari kampus pada Senin (2/9/2024)."
    assert events(nlp, text) == []


def test_visit_takes_the_day_of_a_meeting_held_in_it(nlp):
    text = (
        "Komisi II DPRD Jambi melakukan kunjungan kerja ke Kabupaten Kerinci.\n"
        '"Kami ingin melihat langsung," kata ketua komisi, Kamis (12/9/2024).\n'
        "Rombongan mengadakan pertemuan di Kantor Bupati Kerinci, Selasa (10/9) lalu."
    )
    found = events(nlp, text)
    assert ("kunjungan", "2024-09-10", None) in found
    assert ("rapat", "2024-09-10", None) in found


# Round 3: regional-portal innovation news (rules exposed by data/devset syn-portal-* lines).


def test_a_meeting_room_in_a_venue_name_is_no_meeting(nlp):
    text = (
        "Pada hari kedua, Wali Kota Ternate memaparkan capaian inovasi di Ruang Rapat "
        "Kantor Wali Kota Ternate, Rabu (6/3/2024)."
    )
    assert "rapat" not in {kind for kind, _, _ in events(nlp, text)}


def test_presenting_before_the_assessors_is_a_verification(nlp):
    text = (
        "Usai pelatihan, para kepala puskesmas mempresentasikan inovasinya di hadapan tim "
        "penilai di Aula Dinas Kesehatan Kabupaten Ende, Jumat (8/3/2024)."
    )
    assert events(nlp, text) == [("verifikasi", "2024-03-08", None)]


def test_a_named_5d_stage_is_a_laboratorium_inovasi_session(nlp):
    text = "Berikutnya tahap Deliver akan digelar pada 4-5 Juni 2024 secara daring melalui Zoom."
    assert events(nlp, text) == [("laboratorium_inovasi", "2024-06-04", "2024-06-05")]


def test_the_day_in_the_sentence_beats_the_dateline(nlp):
    text = (
        "Ketapang, 21 Mei 2024 || Pemkab Ketapang menggelar bimbingan teknis inovasi daerah "
        "di Pendopo Bupati Ketapang, Senin (20/5)."
    )
    assert events(nlp, text, date(2024, 5, 21)) == [("bimtek", "2024-05-20", None)]


def test_until_a_day_closes_the_event_it_continues(nlp):
    text = (
        "TOBELO, Selasa, 14 Mei 2024 – Bappeda Halmahera Utara membuka workshop inovasi "
        "pelayanan publik di Aula Bappeda. Workshop berlangsung tiga hari sampai Kamis (16/5)."
    )
    assert events(nlp, text, date(2024, 5, 14)) == [("bimtek", "2024-05-14", "2024-05-16")]


def test_an_activity_held_alongside_takes_its_host_day(nlp):
    text = (
        "Pemprov Sulawesi Tengah menggelar Gelar Inovasi Daerah pada 2-4 Juli 2024 di Taman "
        "GOR Palu.\nPembukaan pameran dirangkaikan dengan penyerahan penghargaan inovasi "
        "terbaik kepada lima kabupaten."
    )
    found = events(nlp, text)
    assert ("pameran", "2024-07-02", "2024-07-04") in found
    assert ("penghargaan", "2024-07-02", None) in found


def test_the_sentence_dating_the_day_names_the_activity(nlp):
    text = (
        "Sebanyak 30 proposal masuk dalam Kompetisi Inovasi Kota Bitung 2024. Babak "
        "presentasi peserta digelar 2 Mei 2024 di Aula Kantor Wali Kota Bitung."
    )
    assert events(nlp, text) == [("verifikasi", "2024-05-02", None)]


def test_announcing_winners_is_an_award_event(nlp):
    text = "Pemenang lomba akan diumumkan pada 17 Agustus 2024 di Lapangan Merdeka Ambon."
    assert ("penghargaan", "2024-08-17", None) in events(nlp, text)


def test_a_proposed_entry_is_not_a_contest_held(nlp):
    text = (
        "Ia mengatakan inovasi terbaik akan diusulkan mengikuti Kompetisi Inovasi Pelayanan "
        "Publik tahun depan."
    )
    assert events(nlp, text) == []


def test_field_verification_of_an_award_names_the_award(nlp):
    text = "Tim BSKDN melakukan penilaian lapangan Innovative Government Award 2024 di Kota Bima."
    names = [(v["name"], v["year"]) for v in facts(nlp, text, "award")]
    assert names == [("Innovative Government Award", 2024)]
    # A place named after an award is still no award.
    assert facts(nlp, "Warga berkumpul di Lapangan Adipura Kota Bima.", "award") == []


def test_a_passive_verb_after_a_classifier_is_not_the_noun_counted(nlp):
    assert counts(nlp, "Rombongan berjumlah 18 orang dipimpin Asisten II.") == [(18, "orang")]
    assert counts(nlp, "Hadir lima orang direktur rumah sakit.") == [(5, "direktur")]
