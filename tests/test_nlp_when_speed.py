"""The fast scans of the date and regulation components find what a plain finditer finds."""

from __future__ import annotations

import re

from pipeline.nlp import dates, regulations
from pipeline.nlp.doctext import finditer_at

TEXTS = [
    "Bupati meresmikan aplikasi itu pada Senin (8/7/2019) di pendopo, lalu Rabu (3/5).",
    "Lomba digelar Senin sampai Rabu tanggal 7-9 Nopember 2022 dan (11-12/08/2022).",
    "Acara berlangsung xSenin 12 Mei 2024; skor 3/5; Jum'at, 1 Desember 2023.",
    "Sesuai Perbup Nomor 12 Tahun 2021 dan Permendagri No. 90/2019 serta UU 23/2014.",
    "SE Mendagri Nomor 100/2020 dan Peraturan Menteri Dalam Negeri Nomor 8 Tahun 2021.",
    "Teks dengan \u0131 dan \u017f: Selasa, 2 Juli 2024 dan Sabtu (6/7).",
]


def test_finditer_at_equals_finditer_given_every_position() -> None:
    pattern = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}")
    for text in TEXTS:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in finditer_at(pattern, text, list(range(len(text))))] == expected


def test_date_candidate_starts_cover_every_match_start() -> None:
    for text in TEXTS:
        starts = dates._match_starts(text)
        assert starts == sorted(set(starts))
        for pattern, _ in dates.FULL_DATES:
            for match in pattern.finditer(text):
                assert match.start() in starts, (text, match.group(0))
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in finditer_at(pattern, text, starts)] == expected


def test_date_mentions_found_at_candidates_equal_a_full_scan() -> None:
    found = dates._mentions_in(TEXTS[1])
    assert [(m.day, m.month, m.end_day) for m in found][:2] == [(7, 11, 9), (11, 8, 12)]


def test_regulation_kinds_found_at_candidates_equal_a_full_scan() -> None:
    for text in TEXTS:
        starts = [m.start() for m in regulations.KIND_STARTS.finditer(text)]
        for _, pattern in regulations.PATTERNS:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in finditer_at(pattern, text, starts)] == expected
    codes = [value["code"] for _, _, value in regulations.find_regulations(TEXTS[3])]
    assert codes == ["Perbup 12/2021", "Permendagri 90/2019", "UU 23/2014"]
