"""Reads data/sources.toml: the portals to crawl and the crawl vocabulary (keywords, patterns)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import config

REGION_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
SOURCE_KEYS = {
    "name",
    "title",
    "kind",
    "domains",
    "region_hint",
    "sitemaps",
    "feeds",
    "listings",
    "search",
    "keywords",
    "filter_keywords",
    "article_patterns",
    "max_listing_pages",
}


class SourcesError(ValueError):
    """sources.toml is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class CrawlRules:
    """The crawl vocabulary from the `[defaults]` table of sources.toml."""

    keywords: tuple[str, ...]
    tracking_params: tuple[str, ...]
    article_patterns: tuple[re.Pattern[str], ...]
    listing_patterns: tuple[re.Pattern[str], ...]
    amp_path_patterns: tuple[re.Pattern[str], ...]
    amp_host_prefixes: tuple[str, ...]
    article_jsonld_types: tuple[str, ...]
    feed_paths: tuple[str, ...]
    sitemap_paths: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    name: str
    domains: tuple[str, ...]
    region_hint: str | None = None
    title: str | None = None
    kind: str = "news"
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    search: str | None = None
    keywords: tuple[str, ...] = ()
    filter_keywords: bool = True
    article_patterns: tuple[re.Pattern[str], ...] = field(default=())
    max_listing_pages: int | None = None


def _compile(patterns: list[str], where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise SourcesError(f"{where}: bad regular expression: {exc}") from exc


def _rules(defaults: dict) -> CrawlRules:
    try:
        return CrawlRules(
            keywords=tuple(defaults["keywords"]),
            tracking_params=tuple(p.lower() for p in defaults["tracking_params"]),
            article_patterns=_compile(defaults["article_patterns"], "defaults.article_patterns"),
            listing_patterns=_compile(defaults["listing_patterns"], "defaults.listing_patterns"),
            amp_path_patterns=_compile(defaults["amp_path_patterns"], "defaults.amp_path_patterns"),
            amp_host_prefixes=tuple(defaults.get("amp_host_prefixes", [])),
            article_jsonld_types=tuple(defaults["article_jsonld_types"]),
            feed_paths=tuple(defaults["feed_paths"]),
            sitemap_paths=tuple(defaults["sitemap_paths"]),
        )
    except KeyError as exc:
        raise SourcesError(f"[defaults] lacks {exc.args[0]!r}") from exc


def _source(entry: dict, rules: CrawlRules, position: int) -> Source:
    name = entry.get("name")
    where = f"source #{position} ({name or 'no name'})"
    if not name:
        raise SourcesError(f"{where}: 'name' is required")
    unknown = set(entry) - SOURCE_KEYS
    if unknown:
        raise SourcesError(f"{where}: unknown keys {sorted(unknown)}")
    domains = tuple(d.lower().removeprefix("www.") for d in entry.get("domains", []))
    if not domains:
        raise SourcesError(f"{where}: 'domains' must list at least one domain")
    region = entry.get("region_hint") or None
    if region is not None and not REGION_CODE.match(region):
        raise SourcesError(f"{where}: region_hint {region!r} is not a Kemendagri code (36.73)")
    search = entry.get("search")
    if search is not None and "{query}" not in search:
        raise SourcesError(f"{where}: 'search' must contain {{query}}")
    return Source(
        name=name,
        domains=domains,
        region_hint=region,
        title=entry.get("title"),
        kind=entry.get("kind", "news"),
        sitemaps=tuple(entry.get("sitemaps", [])),
        feeds=tuple(entry.get("feeds", [])),
        listings=tuple(entry.get("listings", [])),
        search=search,
        keywords=tuple(entry.get("keywords", rules.keywords)),
        filter_keywords=bool(entry.get("filter_keywords", True)),
        article_patterns=_compile(entry.get("article_patterns", []), where)
        or rules.article_patterns,
        max_listing_pages=entry.get("max_listing_pages"),
    )


def load_sources(path: Path = config.SOURCES_FILE) -> tuple[CrawlRules, list[Source]]:
    """Parse sources.toml into the crawl rules and the declared sources."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesError(f"sources file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: {exc}") from exc
    defaults = data.get("defaults")
    if defaults is None:
        # A user's own small sources file may omit the vocabulary: take the project's.
        defaults = tomllib.loads(config.SOURCES_FILE.read_text(encoding="utf-8"))["defaults"]
    rules = _rules(defaults)
    sources = [_source(entry, rules, i) for i, entry in enumerate(data.get("source", []), 1)]
    names = [s.name for s in sources]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SourcesError(f"{path}: duplicate source names {sorted(duplicates)}")
    return rules, sources


def load_rules() -> CrawlRules:
    """The project's crawl vocabulary alone (for autodiscovery of an undeclared site)."""
    return load_sources(config.SOURCES_FILE)[0]


def select_sources(sources: list[Source], names: list[str] | tuple[str, ...]) -> list[Source]:
    """The named sources (all when no name is given); unknown names are an error."""
    if not names:
        return list(sources)
    by_name = {s.name: s for s in sources}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise SourcesError(f"unknown source(s) {missing}; known: {sorted(by_name)}")
    return [by_name[n] for n in names]
