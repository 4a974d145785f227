"""Publication date: page metadata, URL path, Indonesian dateline; chrome dates rejected.

Order of trust: JSON-LD `datePublished`, then markup metadata (htmldate without its body-text
search, which is where chrome dates such as a header showing today's date come from), then
the URL date path, then the dateline at the top of the text ("Serang Kota, 29 Januari 2024 ||").
Every candidate is checked for plausibility against the crawl date, the URL date and the
dates the text itself names. Month and weekday spellings live in
data/gazetteers/pubdate_months.toml.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import htmldate
from htmldate.extractors import extract_url_date
from htmldate.settings import MIN_DATE
from htmldate.utils import Extractor

from pipeline import config

MONTHS_FILE = config.GAZETTEER_DIR / "pubdate_months.toml"


@dataclass(frozen=True)
class DateSpec:
    """Compiled date vocabulary and dateline rules."""

    months: dict[str, int]
    weekdays: frozenset[str]
    dateline: re.Pattern
    full_date: re.Pattern
    max_lines: int
    url_tolerance: timedelta
    text_window: timedelta


@lru_cache(maxsize=4)
def load_spec(path: Path = MONTHS_FILE) -> DateSpec:
    """Read the month spellings and dateline settings (cached per file)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    months = {name: int(num) for num, names in data["months"].items() for name in names}
    weekdays = frozenset(data["weekdays"]["names"])
    rules = data["dateline"]
    month_alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    weekday_alt = "|".join(sorted(map(re.escape, weekdays), key=len, reverse=True))
    day_month_year = (
        rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{month_alt})\.?\s+(?P<year>(?:19|20)\d{{2}})"
        rf"|(?P<nday>\d{{1,2}})[/.-](?P<nmonth>\d{{1,2}})[/.-](?P<nyear>(?:19|20)\d{{2}}))"
    )
    separators = "|".join(rules["separators"])
    dateline = re.compile(
        rf"^\s*(?P<place>[A-Z][^\W\d][^,|\n]{{0,40}}?)\s*,\s*"
        rf"(?:(?P<weekday>{weekday_alt})\s*,?\s*)?\(?{day_month_year}\)?"
        rf"{rules['time']}\s*(?:{separators})",
        re.I,
    )
    full_date = re.compile(
        rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{month_alt})\.?\s+(?P<year>(?:19|20)\d{{2}})\b"
        rf"|\((?P<nday>\d{{1,2}})/(?P<nmonth>\d{{1,2}})/(?P<nyear>(?:19|20)\d{{2}})\)",
        re.I,
    )
    return DateSpec(
        months=months,
        weekdays=weekdays,
        dateline=dateline,
        full_date=full_date,
        max_lines=int(rules["max_lines"]),
        url_tolerance=timedelta(days=int(rules["url_tolerance_days"])),
        text_window=timedelta(days=int(rules["text_window_days"])),
    )


def _date_of(match: re.Match, spec: DateSpec) -> date | None:
    try:
        if match.group("day"):
            month = spec.months[match.group("month").lower()]
            return date(int(match.group("year")), month, int(match.group("day")))
        return date(int(match.group("nyear")), int(match.group("nmonth")), int(match.group("nday")))
    except (KeyError, ValueError):
        return None


def dateline_date(text: str) -> date | None:
    """The date of the dateline opening the article, if the dateline states one.

    Only the dateline proper counts ("Serang Kota, 29 Januari 2024 || ..."): a place and a
    full date, before the separator that starts the story. A date inside the first sentence
    ("CILEGON – ... Senin (8/7/2019)") is the date of the event, and a lone date line at
    the top ("Jumat, November 22, 2024") is the page header showing the day it was viewed.
    """
    spec = load_spec()
    lines = [line for line in text.splitlines() if line.strip()][: spec.max_lines]
    for line in lines:
        match = spec.dateline.match(line)
        if match and match.group("place").strip().lower() not in spec.weekdays:
            found = _date_of(match, spec)
            if found:
                return found
    return None


def text_dates(text: str) -> list[date]:
    """Full calendar dates named in the text (day, month and year)."""
    spec = load_spec()
    found = (_date_of(m, spec) for m in spec.full_date.finditer(text))
    return [d for d in found if d is not None]


def url_date(url: str | None) -> date | None:
    """The date in a URL path (/2022/11/07/...), via htmldate."""
    if not url:
        return None
    options = Extractor(False, datetime.now() + timedelta(days=1), MIN_DATE, True, "%Y-%m-%d")
    value = extract_url_date(url, options)
    return date.fromisoformat(value) if value else None


def metadata_date(tree, url: str | None = None) -> tuple[date | None, str]:
    """Publication date from JSON-LD, else markup metadata; (None, "none") without one."""
    found = _jsonld_date(tree)
    if found:
        return found, "jsonld"
    try:
        value = htmldate.find_date(
            tree, extensive_search=False, original_date=True, url=url, deferred_url_extractor=True
        )
    except (ValueError, TypeError):
        value = None
    if not value:
        return None, "none"
    found = date.fromisoformat(value[:10])
    return found, "url" if found == url_date(url) else "meta"


def _jsonld_date(tree) -> date | None:
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in _walk(data):
            value = item.get("datePublished")
            if isinstance(value, str):
                try:
                    return date.fromisoformat(value.strip()[:10])
                except ValueError:
                    continue
    return None


def _walk(data):
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def choose_published(
    meta: date | None,
    meta_source: str,
    url: str | None,
    text: str,
    crawled_at: datetime | None,
) -> tuple[date | None, str]:
    """The publication date and where it came from, implausible candidates rejected."""
    spec = load_spec()
    from_url = url_date(url)
    candidates = [(meta, meta_source), (from_url, "url"), (dateline_date(text), "dateline")]
    for found, source in candidates:
        if found and _plausible(found, source, from_url, text, crawled_at, spec):
            return found, source
    return None, "none"


def _plausible(
    found: date,
    source: str,
    from_url: date | None,
    text: str,
    crawled_at: datetime | None,
    spec: DateSpec,
) -> bool:
    if crawled_at and found > crawled_at.date() + timedelta(days=1):
        return False  # published after it was fetched
    if from_url and source != "url" and abs(found - from_url) > spec.url_tolerance:
        return False
    if source in ("jsonld", "meta", "url"):
        return True
    # A date taken from the text itself: compare it with the other dates the text names. A
    # page header dated long after every date in the story is the day the page was viewed.
    # (Those dates are looked for only here: most articles keep a metadata or URL date.)
    others = [d for d in text_dates(text) if d != found]
    return not others or found <= max(others) + spec.text_window
