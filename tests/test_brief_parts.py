"""The brief's parts that need no kernel: periods, region scope, number formats per language,
strings in both languages, and the derived boundary files in data/geo/."""

from __future__ import annotations

import csv
import json
import tomllib
from datetime import date

import pytest

from pipeline import brief


def test_month_period_and_its_previous():
    period = brief.parse_period("2024-03")
    assert (period.start, period.end) == (date(2024, 3, 1), date(2024, 3, 31))
    assert period.label == "2024-03" and period.spec == "2024-03"
    previous = brief.parse_period("2024-01").previous()
    assert (previous.start, previous.end) == (date(2023, 12, 1), date(2023, 12, 31))
    leap = brief.parse_period("2024-03").previous()
    assert leap.end == date(2024, 2, 29)


def test_date_range_period_and_its_previous():
    period = brief.parse_period("2024-01-10..2024-01-19")
    assert period.label == "2024-01-10_2024-01-19"
    assert brief.parse_period(period.spec) == period
    previous = period.previous()
    assert (previous.start, previous.end) == (date(2023, 12, 31), date(2024, 1, 9))
    # A range that happens to be a whole month is that month.
    assert brief.parse_period("2024-02-01..2024-02-29").label == "2024-02"


def test_chart_span_is_twelve_whole_months():
    span = brief.parse_period("2024-01-10..2024-01-19").months_back(12)
    assert (span.start, span.end) == (date(2023, 2, 1), date(2024, 1, 31))
    assert brief.parse_period("2023-11-30..2025-01-01").month_count == 15
    assert brief.parse_period("2024-02").month_count == 1


@pytest.mark.parametrize(
    "text", ["2024-13", "2024/01", "Jan 2024", "2024-01-31..2024-01-01", "2024-02-30..2024-03-01"]
)
def test_bad_periods_are_refused(text):
    with pytest.raises(brief.BriefError):
        brief.parse_period(text)


def test_region_codes():
    assert brief.normalize_region(" 36 ") == "36"
    assert brief.normalize_region("36.73") == "36.73"
    assert brief.normalize_region("") is None
    for bad in ("Banten", "3673", "36.73.01", "6"):
        with pytest.raises(brief.BriefError):
            brief.normalize_region(bad)


def test_numbers_follow_the_language():
    ind, eng = brief.Texts("id"), brief.Texts("en")
    assert (ind.number(1250), ind.number(2.5, 1), ind.percent(0.253)) == ("1.250", "2,5", "25,3%")
    assert (eng.number(1250), eng.number(2.5, 1), eng.percent(0.253)) == ("1,250", "2.5", "25.3%")
    assert ind.month(date(2024, 8, 1)) == "Agustus 2024"
    assert eng.date(date(2024, 8, 17)) == "August 17, 2024"
    assert ind.change(12, 10) == "+2 (+20%)"
    assert eng.change(3, 0) == "+3 (new)"
    assert ind.change(1, 4) == "−3 (−75%)"


def test_both_languages_have_the_same_strings():
    with brief.I18N_FILE.open("rb") as fh:
        strings = tomllib.load(fh)
    assert set(strings) == set(brief.LANGUAGES)

    def keys(table, prefix=""):
        out = set()
        for key, value in table.items():
            out |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
        return out

    assert keys(strings["id"]) == keys(strings["en"])
    # Every event type of the gold schema has a label in each language.
    for lang in brief.LANGUAGES:
        assert {"bimtek", "laboratorium_inovasi", "verifikasi", "lainnya"} <= set(
            strings[lang]["event_types"]
        )


def test_file_names():
    period = brief.parse_period("2024-01")
    assert brief.brief_filename(period, None, "id") == "brief-2024-01.html"
    assert brief.brief_filename(period, "36", "id") == "brief-2024-01-36.html"
    assert brief.brief_filename(period, "36.73", "en") == "brief-2024-01-36.73-en.html"


def test_geo_files_are_small_and_keyed_by_every_kemendagri_code(shared_dir):
    wilayah = shared_dir / "data" / "wilayah"
    for level, csv_name, expected in (
        ("province", "provinces.csv", 38),
        ("kabkota", "regencies.csv", 514),
    ):
        with (wilayah / csv_name).open(encoding="utf-8") as fh:
            codes = {row["code"] for row in csv.DictReader(fh)}
        shapes = brief.load_geojson(level)
        found = [f["properties"]["code"] for f in shapes["features"]]
        assert len(found) == len(set(found)) == expected
        assert set(found) == codes
        for feature in shapes["features"]:
            assert feature["geometry"]["type"] == "MultiPolygon"
            assert feature["geometry"]["coordinates"], feature["properties"]["code"]
    total = sum(p.stat().st_size for p in brief.GEO_DIR.glob("*.geojson"))
    assert total < 2 * 1024 * 1024
    # Longitude first (GeoJSON order), inside Indonesia's extent.
    serang = next(
        f for f in brief.load_geojson("kabkota")["features"] if f["properties"]["code"] == "36.73"
    )
    lng, lat = serang["geometry"]["coordinates"][0][0][0]
    assert 105 < lng < 107 and -7 < lat < -5
    json.dumps(serang)  # plain JSON types only
