"""Canonical URLs and keyword matching: one URL per article, whatever link led to it."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize

from crawlers.sources import CrawlRules


def canonicalize(url: str, rules: CrawlRules) -> str:
    """Strip fragments, tracking parameters and AMP variants; normalize the rest.

    w3lib does the RFC-level work (lower-case host, sorted query, percent-encoding, no
    fragment); the tracking and AMP lists come from data/sources.toml.
    """
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(key, rules.tracking_params)
    ]
    path = parts.path or "/"
    for pattern in rules.amp_path_patterns:
        path = pattern.sub("/", path)
    host = parts.netloc.lower()
    for prefix in rules.amp_host_prefixes:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    rebuilt = urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))
    return w3lib_canonicalize(rebuilt, keep_fragments=False)


def _is_tracking(key: str, patterns: tuple[str, ...]) -> bool:
    lowered = key.lower()
    return any(fnmatchcase(lowered, pattern) for pattern in patterns)


def host_of(url: str) -> str:
    """Host without port and without a leading `www.`."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def in_domains(url: str, domains: tuple[str, ...]) -> bool:
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in domains)


_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> str:
    """Lower-case word tokens joined by single spaces, framed by spaces for whole-word search."""
    return " " + " ".join(_TOKEN.findall(text.lower())) + " "


def matches_keywords(text: str, keywords: tuple[str, ...]) -> bool:
    """True when a keyword occurs in a URL slug or title.

    Short keywords (IGA, KIPP) must be whole words, or "iga" would match "tiga" and "harga";
    longer ones may sit inside a word, so "inovasi" also finds "berinovasi".
    """
    haystack = tokens(text)
    for keyword in keywords:
        needle = tokens(keyword).strip()
        if not needle:
            continue
        if len(needle) <= 4:
            if f" {needle} " in haystack:
                return True
        elif needle in haystack:
            return True
    return False
