"""The fast scans of the when/where components find what a plain scan finds."""

from __future__ import annotations

import re
import string

from pipeline.nlp import awards, counts, dates, events, regulations, venues
from pipeline.nlp.doctext import (
    finditer_at,
    lowercase_keeps_matches,
    lowercase_twin,
    may_match,
    opening_lookahead,
    required_literals,
)

TEXTS = [
    "Bupati meresmikan aplikasi itu pada Senin (8/7/2019) di pendopo, lalu Rabu (3/5).",
    "Lomba digelar Senin sampai Rabu tanggal 7-9 Nopember 2022 dan (11-12/08/2022).",
    "Acara berlangsung xSenin 12 Mei 2024; skor 3/5; Jum'at, 1 Desember 2023.",
    "Sesuai Perbup Nomor 12 Tahun 2021 dan Permendagri No. 90/2019 serta UU 23/2014.",
    "SE Mendagri Nomor 100/2020 dan Peraturan Menteri Dalam Negeri Nomor 8 Tahun 2021.",
    "Teks dengan \u0131 dan \u017f: Selasa, 2 Juli 2024 dan Sabtu (6/7).",
    "Desa itu, pada Mei 5, 2024; Senin, May 5, 2024, (Rabu) 3 Mei 2023 dan Kamis, 12/05/2024.",
]


def test_finditer_at_equals_finditer_given_every_position() -> None:
    pattern = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}")
    for text in TEXTS:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in finditer_at(pattern, text, list(range(len(text))))] == expected


def test_date_candidate_starts_cover_every_match_start() -> None:
    for text in TEXTS:
        for pattern, _, opens_with_month in dates.FULL_DATES:
            starts = dates._match_starts(text, months=opens_with_month)
            assert starts == sorted(set(starts))
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


def _type_cue_by_every_type(text: str) -> tuple[str, int] | None:
    # The rule written plainly: every type searched over the whole text.
    text = events.FALSE_CUES.sub(lambda m: " " * len(m.group(0)), text)
    found = [(m.start(), name) for name, pattern in events.TYPES if (m := pattern.search(text))]
    for offset, name in sorted(found):
        if name in events.OVERRIDES:
            return name, offset
    return (min(found)[1], min(found)[0]) if found else None


def test_event_type_cue_equals_searching_every_type_from_the_start() -> None:
    sentences = [
        *TEXTS,
        "Rapat persiapan peluncuran aplikasi digelar di aula.",
        "Bimtek Laboratorium Inovasi tahap Diagnose dibuka bupati.",
        "Kiri-kanan sudah rapat, kata warga; pameran dibuka Senin.",
        "xrapat dan lomba_inovasi: kunjunganx, lalu sosialisasi-nya.",
        "Tidak ada isyarat kegiatan di kalimat ini.",
        "",
    ]
    for sentence in sentences:
        assert events._type_cue(sentence) == _type_cue_by_every_type(sentence), sentence
    assert events.event_type("Rapat persiapan peluncuran aplikasi") == "rapat"
    assert events.event_type("Bimtek Laboratorium Inovasi") == "laboratorium_inovasi"
    assert events.event_type("Tidak ada isyarat di sini.") is None


def test_word_pattern_lookahead_admits_every_character_its_words_can_open_with() -> None:
    # Under IGNORECASE a set [k] must take exactly what a literal k takes (K, k and the
    # Kelvin sign), for every code point, or the lookahead would drop or add matches.
    every_char = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    words = [
        *venues.VOCAB["events"]["cues"],
        *venues.VOCAB["online"]["cues"],
        *venues.VOCAB["routes"]["cues"],
        *venues.VOCAB["lists"]["place_words"],
    ]
    openers = {w[0] for w in words}
    openers |= {w[0] for w in counts.WORDS}
    openers |= set(string.ascii_letters)  # what opening_lookahead writes (awards, events)
    for opener in openers:
        literal = re.compile(re.escape(opener), re.IGNORECASE)
        in_set = re.compile(f"[{re.escape(opener)}]", re.IGNORECASE)
        assert [m.start() for m in literal.finditer(every_char)] == [
            m.start() for m in in_set.finditer(every_char)
        ], opener


def test_word_patterns_match_where_the_plain_alternation_does() -> None:
    words = venues.VOCAB["events"]["cues"]
    plain = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    texts = [
        *TEXTS,
        "KEGIATAN digelar di Aula; acara-acara, xacara dan Acara_1 bertempat di pendopo.",
        "Rute pawai: dari Taman menuju Kantor LAM, titik akhir di halaman; secara DARING.",
    ]
    for text in texts:
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in venues.EVENT_CUES.finditer(text)] == expected
    assert venues.ROUTE_CUE.search(texts[-1]) and venues.ONLINE_CUE.search(texts[-1])
    assert venues.PLACE_WORDS.search("lokasi acara") and not venues.PLACE_WORDS.search("Lokasinya")


AWARD_TEXTS = [
    "Kota Batu meraih predikat Sangat Inovatif pada Innovative Government Award (IGA) 2023.\n"
    "Sebelumnya, Inovatif Goverment Award 2022 diraih. Penghargaan itu adalah Kepala Daerah "
    "Pendukung Kebudayaan Terbaik. Kab. Sigi masuk Top 45 KIPP.",
    "Silver WinnerAnugerah Humas Indonesia\ndan Mandaya Awards 2025 terbaik; Jalan Adipura.",
    "Pemkab menerima penghargaan Kota Layak Anak kategori Madya. Wali Kota meraih Piala Adipura"
    " Kencana, lalu Swasti Saba Wistara\nutama tahun ini",
]


def test_awards_vocabulary_cannot_match_a_full_stop() -> None:
    assert awards.NO_MATCH_CROSSES_A_STOP
    for unsafe in [r"Lab\.?\s+X", "a.b", "[^a]x", "[+-/]", r"\Sx", "x$", r"\x2e", r"\056"]:
        assert not awards._cannot_see_a_stop(unsafe), unsafe
    assert awards._cannot_see_a_stop(r"(?:\b|(?<=[a-z]))[A-Z][\w&-]*\s+Awards?\b")


def test_masking_the_stretch_around_an_award_equals_masking_the_whole_text() -> None:
    for text in AWARD_TEXTS:
        whole = awards._mask_award_names(text)
        for _, pattern in awards.PATTERNS:
            for match in pattern.finditer(text):
                start, end = awards._stretch_around(text, match)
                assert "." not in text[start:end]
                masked = awards._masked_stretch(text, start, end)
                assert masked[start:end] == whole[start:end]
                assert awards._category_near(masked, match) == awards._category_near(whole, match)
    found = awards.find_awards(AWARD_TEXTS[0])
    assert [(v["name"], v["category"]) for _, _, v in found][:1] == [
        ("Innovative Government Award", "sangat inovatif")
    ]


def test_any_type_cue_matches_where_some_type_does() -> None:
    sentences = [
        *TEXTS,
        "Pemkab menghadirkan spot foto pertama; DPRD mengesahkan Raperda APBD.",
        "Rapat, xrapat, FGD-nya, bimtek_1, Lab. Inovasi dan LABINOV pekan ini.",
        "tidak ada isyarat apa pun di sini",
    ]
    for text in sentences:
        every = sorted(m.start() for _, p in events.TYPES for m in [p.search(text)] if m)
        first = events.ANY_TYPE.search(text)
        assert (first.start() if first else None) == (every[0] if every else None), text


def test_numbers_found_behind_the_opener_lookahead_equal_the_plain_pattern() -> None:
    plain = re.compile(counts.NUMBER.pattern.removeprefix(counts._NUMBER_OPENERS), re.IGNORECASE)
    texts = [
        *TEXTS,
        "Rp1,2 miliar untuk 86 inovasi, delapan puluh enam peserta, Rp.800-an juta, 7-8 jam.",
        "Seribu DUA RATUS warga; sebelas OPD; x12 dan 5.1.02-04; ke-260; Tiga puluh persen.",
    ]
    for text in texts:
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in counts.NUMBER.finditer(text)] == expected
    assert [m.group(0) for m in counts.NUMBER.finditer(texts[-1])] == [
        "Seribu DUA RATUS",
        "sebelas",
        "Tiga puluh",
    ]


def test_opening_lookahead_names_the_first_characters_or_nothing() -> None:
    assert opening_lookahead(re.compile(r"a?b")) == "(?=(?-i:[ab]))"
    assert opening_lookahead(re.compile(r"(?:\b|(?<=[a-z]))[A-Z]x")) == "(?=(?-i:[A-Z]))"
    assert opening_lookahead(re.compile(r"rapat|(?:meng)?hadir", re.I)) == "(?=(?-i:(?i:[hmr])))"
    for unknown in [r"\w+", r"[^a]b", "a*", "", r"(?=x)", r".x", r"(a?)\1b"]:
        assert opening_lookahead(re.compile(unknown)) == "", unknown


def test_award_patterns_behind_their_lookahead_match_as_written() -> None:
    plain = [pattern for _, pattern in awards._compile()]
    assert all(
        p.pattern.endswith(q.pattern) for (_, p), q in zip(awards.PATTERNS, plain, strict=True)
    )
    assert all(p.pattern.startswith("(?=") for _, p in awards.PATTERNS)
    for text in [*AWARD_TEXTS, *TEXTS, "iga Iga IGA; kipp KIPP; top 45 TOP 45 Top 45 KIPP."]:
        for (_, fast), slow in zip(awards.PATTERNS, plain, strict=True):
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in slow.finditer(text)
            ]


def test_event_cue_patterns_behind_their_lookahead_match_as_written() -> None:
    texts = [*TEXTS, "Menghadirkan spot foto pertama, DPRD mengesahkan Raperda; sudah rapat."]
    for cues in [t["cues"] for t in events.VOCAB["types"]] + [events.VOCAB["occurrence"]["verbs"]]:
        fast = events._pattern(cues)
        slow = re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.IGNORECASE)
        assert fast.pattern.startswith("(?=")
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in slow.finditer(text)
            ]


def test_case_insensitive_openers_are_ascii_letters_checked_above() -> None:
    # The exhaustive check above covers ASCII letters: every case-insensitive set that
    # opening_lookahead writes for the vocabularies must hold only those.
    patterns = [p for _, p in awards.PATTERNS] + [p for _, p in events.TYPES]
    patterns += [events.ANY_TYPE, events.FALSE_CUES, events.OCCURRENCE, events.FUTURE]
    prefix = re.compile(r"\(\?=\(\?-i:(?:\[[^\]]*\]\|?)?(?:\(\?i:\[(?P<ic>[^\]]*)\]\))?\)\)")
    checked = 0
    for pattern in patterns:
        lookahead = prefix.match(pattern.pattern)
        assert lookahead, pattern.pattern[:60]
        letters = lookahead["ic"] or ""
        assert set(letters) <= set(string.ascii_letters), (pattern.pattern[:60], letters)
        checked += len(letters)
    assert checked > 20


_LOOKAHEAD = re.compile(r"\(\?=\(\?-i:(?:\[[^\]]*\]\|?)?(?:\(\?i:\[(?P<ic>[^\]]*)\]\))?\)\)")


def _as_written(pattern: re.Pattern) -> re.Pattern:
    # The pattern without the opening lookahead in front of it.
    lookahead = _LOOKAHEAD.match(pattern.pattern)
    assert lookahead, pattern.pattern[:60]
    return re.compile(pattern.pattern[lookahead.end() :], pattern.flags)


def _vocabulary_texts(words: list[str]) -> list[str]:
    # Every word in several cases, alone, glued to a letter and inside a sentence.
    texts = []
    for word in words:
        for form in (word, word.upper(), word.title(), word.lower()):
            texts += [form, f"x{form} {form}x", f"Pada {form}, di {form}. ({form})"]
    return texts


def _example_of(cue: str) -> str:
    # A cue written as a pattern ("ujar(?:nya)?", "kepada detik\\w*") as plain words.
    return re.sub(r"\(\?:[^()]*\)\?|\\[sw][+*]", " ", cue).strip()


def test_scans_behind_an_opening_lookahead_match_as_written() -> None:
    kinds = [
        re.sub(r"\\.|[^\w ]", " ", p) for k in regulations.VOCAB["kinds"] for p in k["patterns"]
    ]
    online = venues.VOCAB["online"]
    phrases = [
        f"{cue} melalui {platform}" for cue in online["cues"] for platform in online["platforms"]
    ]
    cases = [
        (dates.RELATIVE_WORDS, list(dates.RELATIVE)),
        (dates.WEEKDAY_ALONE, list(dates.WEEKDAYS)),
        (dates.AHEAD_CUES, dates.ALONE["ahead_cues"]),
        (venues.ONLINE, phrases),
        (events.STATEMENT, [_example_of(cue) for cue in events.VOCAB["statement"]["cues"]]),
        (regulations.KIND_STARTS, [f"{k} Nomor 3 Tahun 2020" for k in kinds]),
    ]
    for fast, words in cases:
        slow = _as_written(fast)
        texts = [*TEXTS, *_vocabulary_texts(words)]
        found = 0
        for text in texts:
            expected = [m.span() for m in slow.finditer(text)]
            assert [m.span() for m in fast.finditer(text)] == expected, (fast.pattern[:60], text)
            found += len(expected)
        assert found >= len(words), fast.pattern[:60]  # the texts do hold matches
        assert set(_LOOKAHEAD.match(fast.pattern)["ic"] or "") <= set(string.ascii_letters)


def test_lowercase_twin_finds_what_the_caseless_pattern_finds() -> None:
    cues = [cue for entry in events.VOCAB["types"] for cue in entry["cues"]]
    words = [*venues.VOCAB["events"]["cues"], *venues.VOCAB["routes"]["cues"]]
    texts = [*TEXTS, *_vocabulary_texts([*cues[:40], *words]), "RAPAT\u212a Rapat-rapat"]
    scans, plain = events.LOWERCASE_SCANS, events._plain_pattern
    assert scans is not None
    pairs = [(plain(cues), scans.any_type)]
    pairs += [(plain(events.VOCAB["false_cues"]["patterns"]), scans.false_cues)]
    types = zip(events.VOCAB["types"], scans.types, strict=True)
    pairs += [(plain(entry["cues"]), twin) for entry, (_, twin) in types]
    pairs += [(p, t) for p, t in venues._LOWERCASE_TWINS.items()]
    checked = 0
    for pattern, twin in pairs:
        assert twin is not None and twin.flags & re.IGNORECASE == 0
        for text in texts:
            lowered = text.lower()
            if not lowercase_keeps_matches(text, lowered):
                continue
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in twin.finditer(lowered)] == expected, (text, twin.pattern[:40])
            checked += len(expected)
    assert checked > 100


def test_lowercase_twin_refuses_what_lowering_would_change() -> None:
    for source in [r"(?-i:Rp)\d", r"\Sa", r"[^\W\d]x", "caf\u00e9", r"(?P<wd>senin)"]:
        assert lowercase_twin(re.compile(source, re.IGNORECASE)) is None, source
    assert lowercase_twin(re.compile("rapat")) is None  # not caseless: nothing to gain
    # Dotless i and long s match "i" / "s" only under re.IGNORECASE; the dotted capital I
    # lowers to two characters.
    for text in ["R\u0131apat", "\u017fidang", "\u0130novasi"]:
        assert not lowercase_keeps_matches(text, text.lower()), text
    assert lowercase_keeps_matches("Rapat “Kerja” — Jum'at", "rapat “kerja” — jum'at")


def test_type_cue_through_the_lowercase_twin_equals_the_caseless_scan() -> None:
    sentences = [*TEXTS, "Musrenbang RKPD digelar", "SOFT LAUNCHING aplikasi", "Sudah rapat."]
    for sentence in sentences:
        assert events._type_cue(sentence, lowercase_ok=True) == events._type_cue(sentence)


def test_number_and_year_scans_with_the_lookbehind_moved_equal_the_plain_patterns() -> None:
    plain_starts = re.compile(r"(?<![\w/.,])\d|\(")
    plain_years = re.compile(rf"(?<![\w/.,]){dates._YEAR}(?![\w/])")
    glued = "2024 x2024 /2019 .2020 ,2021 (2022) 2023a 20245 1999/ 1(2) a1 (a) \u0662\u0660"
    texts = [*TEXTS, glued]
    texts += [text[i:] for text in texts for i in (1, 2, 3)]
    for text in texts:
        assert [m.start() for m in dates.NUMBER_STARTS.finditer(text)] == [
            m.start() for m in plain_starts.finditer(text)
        ], text
        assert dates.YEAR_IN_TEXT.findall(text) == plain_years.findall(text), text
    assert dates.YEAR_IN_TEXT.findall(glued) == ["2024", "2022"]


def test_required_literals_are_held_by_every_match() -> None:
    niagara = re.compile(r"\b(?:(?i:Niagara\s+Awards?))\b")
    assert required_literals(niagara) == [("niagara", True), ("award", True)]
    assert required_literals(re.compile(r"IGA|(?i:inovatif)\s+x")) == [
        [[("IGA", False)], [("inovatif", True), ("x", False)]]
    ]
    assert required_literals(re.compile(r"ab(?:c|d)+e")) == [("ab", False), ("e", False)]
    for unknown in [r"\w+", "a?", "(?:x|)y?", "[ab]c?", "\u00e9", r"(?=abc)\w"]:
        assert required_literals(re.compile(unknown)) == [], unknown
    texts = [*AWARD_TEXTS, *TEXTS, "iga Iga IGA; kipp KIPP; top 45 TOP 45 Top 45 KIPP."]
    matched = 0
    for _, pattern in awards.PATTERNS:
        required = required_literals(pattern)
        assert required, pattern.pattern[:60]
        for text in texts:
            for match in pattern.finditer(text):
                found = match.group(0)
                assert may_match(required, found, found.lower()), (found, required)
                matched += 1
    assert matched > 10
    assert not may_match(required_literals(niagara), "Niagara Falls", "niagara falls")


def test_awards_skipped_by_their_required_words_equal_a_full_scan(monkeypatch) -> None:
    texts = [*AWARD_TEXTS, *TEXTS, "Tanpa penghargaan apa pun.", "R\u0131ih IGA 2023"]
    texts += [text.upper() for text in AWARD_TEXTS]
    gated = [awards.find_awards(text) for text in texts]
    monkeypatch.setattr(awards, "REQUIRED", {p: [] for p in awards.REQUIRED})  # scan every one
    assert gated == [awards.find_awards(text) for text in texts]
    assert sum(map(len, gated)) > 8
