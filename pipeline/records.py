"""Read extract's input: WARC records and loose .html/.htm/.txt files -> RawPage.

WARC files come from our own crawler or from Common Crawl / CC-NEWS; the latter are filtered
to the domains in sources.toml (or every .id domain with `any_domain`). Pages that cannot be
used are not dropped silently: they come out as `Skip` items with a reason, which extract
counts and writes to the `skipped` table.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import charset_normalizer
from warcio.archiveiterator import ArchiveIterator

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
HTML_TYPES = ("text/html", "application/xhtml+xml")
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|amp|ref|src|mc_cid|mc_eid)$", re.I)
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
# Pages larger than this (bytes of HTML) are skipped as `too_large`: a news article is well
# under 1 MB, and trafilatura spends over a minute on a 20 MB page. Skipping (rather than
# truncating) keeps extract from archiving half a page as if it were the article.
MAX_PAGE_BYTES = int(os.environ.get("PANTAU_MAX_PAGE_BYTES", 5 * 1024 * 1024))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


@dataclass
class RawPage:
    """One page as read from the input, before any extraction."""

    url: str
    content: bytes | str
    is_html: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    charset: str | None = None
    source_file: str = ""
    warc_file: str | None = None
    warc_offset: int | None = None
    crawled_at: datetime | None = None

    def decoded(self) -> str:
        """The page as text, with wrong declared charsets corrected (see `decode_html`)."""
        if isinstance(self.content, str):
            return self.content
        return decode_html(self.content, self.charset)


@dataclass
class Skip:
    """An input record that yields no article, and why."""

    source_file: str
    offset: int | None
    url: str | None
    reason: str
    detail: str = ""


def article_id(url: str) -> str:
    """First 16 hex digits of SHA-1 of the canonical URL (docs/architecture.md)."""
    return hashlib.sha1(canonicalize_url(url).encode("utf-8")).hexdigest()[:16]


def canonicalize_url(url: str) -> str:
    """Drop tracking parameters and fragments; lowercase scheme and host."""
    if url.startswith("file://"):
        return url
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if not TRACKING_PARAMS.match(k)]
    path = parts.path or "/"
    if path.endswith("/amp/") or path.endswith("/amp"):
        # AMP copies of an article resolve to the article itself.
        path = path[: path.rfind("/amp")] or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def domain_of(url: str) -> str:
    """Host without `www.` and port."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def declared_charset(headers: dict[str, str], body: bytes) -> str | None:
    """Charset from the Content-Type header, else from a <meta charset> in the first 4 KB."""
    content_type = headers.get("content-type", "")
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    if match:
        return match.group(1).lower()
    meta = _META_CHARSET.search(body[:4096])
    return meta.group(1).decode("ascii", "ignore").lower() if meta else None


def decode_html(body: bytes, charset: str | None) -> str:
    """Decode honouring the declared charset, but catch the two common lies.

    - declared utf-8 (or nothing) but the bytes are not valid UTF-8 (a windows-1252 page):
      charset-normalizer guesses the real encoding;
    - declared windows-1252/latin-1 but the bytes are valid UTF-8 with non-ASCII characters:
      valid multi-byte UTF-8 almost never happens by accident, so UTF-8 wins.
    """
    charset = _normalize_charset(charset)
    if charset in (None, "utf-8"):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return _guess_decode(body)
    if charset in ("cp1252", "latin-1", "iso8859-1", "ascii") and not body.isascii():
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return _guess_decode(body)


def _normalize_charset(charset: str | None) -> str | None:
    if not charset:
        return None
    import codecs

    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    return {"iso8859-1": "cp1252", "latin-1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8"}.get(
        name, name
    )


def _guess_decode(body: bytes) -> str:
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("cp1252", errors="replace")


# --- input discovery -----------------------------------------------------------------------


def input_files(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """Every readable input file under the given paths, sorted, as (file, root) pairs."""
    found: list[tuple[Path, Path]] = []
    for root in inputs:
        root = root.resolve()
        if root.is_file():
            found.append((root, root.parent))
            continue
        if not root.is_dir():
            raise FileNotFoundError(f"input not found: {root}")
        for path in sorted(root.rglob("*")):
            if path.is_file() and _is_input(path):
                found.append((path, root))
    return sorted(set(found))


def _is_input(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES + HTML_SUFFIXES + TEXT_SUFFIXES)


# --- domain filter (Common Crawl / CC-NEWS) -------------------------------------------------


@dataclass
class SourceIndex:
    """Domains declared in sources.toml, with their name and region hint."""

    by_domain: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, sources_file: Path | None) -> SourceIndex:
        if sources_file is None or not Path(sources_file).is_file():
            return cls()
        data = tomllib.loads(Path(sources_file).read_text(encoding="utf-8"))
        entries = data.get("source") or data.get("sources") or []
        if isinstance(entries, dict):
            entries = [{"name": k, **v} for k, v in entries.items()]
        index: dict[str, dict] = {}
        for entry in entries:
            for dom in _entry_domains(entry):
                # `region_hint`: the key crawlers/sources.py validates and the file documents.
                index[dom] = {
                    "source": entry.get("name"),
                    "region_hint": entry.get("region_hint"),
                }
        return cls(index)

    def lookup(self, url: str) -> dict | None:
        host = domain_of(url)
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            host = host.partition(".")[2]
        return None

    def accepts(self, url: str, any_domain: bool) -> bool:
        host = domain_of(url)
        # Loopback hosts never occur in Common Crawl; they are the demo site or a test server.
        if self.lookup(url) is not None or host in LOOPBACK_HOSTS:
            return True
        return any_domain and host.endswith(".id")


def _entry_domains(entry: dict) -> list[str]:
    domains = entry.get("domains") or ([entry["domain"]] if entry.get("domain") else [])
    if not domains:
        for key in ("url", "start_urls", "sitemaps", "sitemap", "feeds", "feed"):
            value = entry.get(key)
            values = value if isinstance(value, list) else [value] if value else []
            domains += [domain_of(v) for v in values if isinstance(v, str)]
    return [d.lower().removeprefix("www.") for d in domains if d]


# --- readers ------------------------------------------------------------------------------


def read_file(path: Path, sources: SourceIndex, any_domain: bool) -> Iterator[RawPage | Skip]:
    """RawPages (and Skips) from one input file."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from read_warc(path, sources, any_domain)
    elif name.endswith(HTML_SUFFIXES + TEXT_SUFFIXES):
        yield _read_loose(path)


def too_large(size: int, source_file: str, offset: int | None, url: str | None) -> Skip | None:
    """A `too_large` Skip when a page exceeds MAX_PAGE_BYTES, else None."""
    if size <= MAX_PAGE_BYTES:
        return None
    return Skip(source_file, offset, url, "too_large", f"{size} B > {MAX_PAGE_BYTES} B")


def _read_loose(path: Path) -> RawPage | Skip:
    url = path.resolve().as_uri()
    oversized = too_large(path.stat().st_size, str(path), None, url)
    if oversized is not None:
        return oversized
    body = path.read_bytes()
    is_html = not path.name.lower().endswith(TEXT_SUFFIXES)
    charset = declared_charset({}, body) if is_html else None
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return RawPage(
        url=url,
        content=body,
        is_html=is_html,
        charset=charset,
        source_file=str(path),
        crawled_at=mtime,
    )


def read_warc(path: Path, sources: SourceIndex, any_domain: bool) -> Iterator[RawPage | Skip]:
    """Response records with HTML from a WARC file (ours, Common Crawl or CC-NEWS).

    Our own WARCs start with a warcinfo record naming pantau and are read whole; foreign WARCs
    (CC-NEWS) hold every site of the web, so each record's domain must be declared in
    sources.toml, or end in .id with `any_domain`.
    """
    ours = False
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        try:
            for record in iterator:
                if record.rec_type == "warcinfo":
                    ours = ours or b"pantau" in record.content_stream().read().lower()
                if record.rec_type != "response":
                    continue
                # Read the payload before asking for the offset: warcio's offset bookkeeping
                # moves the stream on.
                body = record.content_stream().read()
                offset = iterator.get_record_offset()
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                yield _page_from_record(record, body, url, offset, path, sources, any_domain, ours)
        except Exception as error:  # a truncated or corrupt archive: keep what was read
            yield Skip(str(path), None, None, "warc_corrupt", f"{type(error).__name__}: {error}")


def _page_from_record(
    record,
    body: bytes,
    url: str,
    offset: int,
    path: Path,
    sources: SourceIndex,
    any_domain: bool,
    own: bool,
) -> RawPage | Skip:
    if not (own or sources.accepts(url, any_domain)):
        return Skip(str(path), offset, url, "domain_filtered")
    http = record.http_headers
    status = http.get_statuscode() if http else None
    if status and not status.startswith("2"):
        return Skip(str(path), offset, url, "http_status", status)
    headers = {k.lower(): v for k, v in (http.headers if http else [])}
    content_type = headers.get("content-type", "text/html").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return Skip(str(path), offset, url, "not_html", content_type)
    if not body or body.isspace():  # as `not body.strip()`, without copying the page
        return Skip(str(path), offset, url, "empty_body")
    oversized = too_large(len(body), str(path), offset, url)
    if oversized is not None:
        return oversized
    return RawPage(
        url=url,
        content=body,
        headers=headers,
        charset=declared_charset(headers, body),
        source_file=str(path),
        warc_file=str(path),
        warc_offset=offset,
        crawled_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
    )


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None
