"""Main text and metadata of one page (trafilatura), inline boilerplate and credits removed.

trafilatura drops navigation, sidebars, share boxes and footers, but keeps the inline
"Baca juga: ..." paragraphs, newsroom credits and the like that Indonesian portals put inside
the article body; those patterns live in data/gazetteers/boilerplate.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from pipeline import config
from pipeline.pubdate import metadata_date

BOILERPLATE_FILE = config.GAZETTEER_DIR / "boilerplate.toml"


@dataclass(frozen=True)
class Boilerplate:
    """Compiled boilerplate and credit patterns."""

    drop_line: tuple[re.Pattern, ...]
    drop_with_next: tuple[re.Pattern, ...]
    author_line: re.Pattern
    editor_line: re.Pattern
    closing_credit: re.Pattern
    newsroom: frozenset[str]


@lru_cache(maxsize=4)
def load_boilerplate(path: Path = BOILERPLATE_FILE) -> Boilerplate:
    """Read and compile the boilerplate patterns (cached per file)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    credits = data["credits"]

    def compile_all(patterns: list[str]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p, re.I) for p in patterns)

    return Boilerplate(
        drop_line=compile_all(data["drop_line"]),
        drop_with_next=compile_all(data["drop_with_next"]),
        author_line=re.compile(credits["author_line"], re.I),
        editor_line=re.compile(credits["editor_line"], re.I),
        closing_credit=re.compile(credits["closing_credit"]),
        newsroom=frozenset(n.lower() for n in credits["newsroom"]),
    )


def clean_text(text: str, patterns: Boilerplate | None = None) -> tuple[str, dict]:
    """Remove inline boilerplate and credits; return the text and {"author", "editor"}."""
    patterns = patterns or load_boilerplate()
    credits: dict[str, str | None] = {"author": None, "editor": None}
    kept: list[str] = []
    skip_next = False
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if skip_next:
            skip_next = False
            continue
        if any(p.match(line) for p in patterns.drop_with_next):
            skip_next = True
            continue
        if _take_role_line(line, patterns, credits):
            continue
        if any(p.match(line) for p in patterns.drop_line):
            continue
        kept.append(line)
    _strip_closing_credit(kept, patterns, credits)
    return "\n".join(kept), credits


def _take_role_line(line: str, patterns: Boilerplate, credits: dict) -> bool:
    for key, pattern in (("author", patterns.author_line), ("editor", patterns.editor_line)):
        match = pattern.match(line)
        if match:
            credits[key] = credits[key] or match.group("name").strip(" .")
            return True
    return False


def _strip_closing_credit(lines: list[str], patterns: Boilerplate, credits: dict) -> None:
    """Cut a bracketed credit at the end of the last paragraph: "... kata Rais. (Tf/red)"."""
    while lines:
        match = patterns.closing_credit.search(lines[-1])
        if not match or not _looks_like_credit(match.group("credit")):
            return
        parts = [p.strip() for p in match.group("credit").split("/") if p.strip()]
        names = [p for p in parts if p.lower().strip(".") not in patterns.newsroom]
        if names:
            credits["author"] = credits["author"] or names[0]
        if len(names) > 1:
            credits["editor"] = credits["editor"] or names[-1]
        rest = lines[-1][: match.start()].rstrip()
        if rest:
            lines[-1] = rest
            return
        lines.pop()


def _looks_like_credit(credit: str) -> bool:
    # "(LAN RI)" or "(OPD)" closing a sentence is an acronym, not a credit: a credit either
    # has a slash ("Tf/red") or is a short name written in mixed case ("A Fazari").
    if "/" in credit:
        return True
    return credit != credit.upper() and len(credit.split()) <= 4


def extract_from_html(html: str | bytes, url: str | None = None) -> dict:
    """Main text and metadata of one HTML page.

    Returns title, author, editor, site_name, published (date or None), published_source,
    canonical_url and text (boilerplate and credits removed). Empty text means no article.
    """
    tree = _parse(html)
    if tree is None:
        return _empty(url)
    # Dates are found by pipeline.pubdate, which knows about chrome dates; trafilatura's own
    # date search is switched to markup only to save time.
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return _empty(url)
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = _clean_title(meta.get("title"), meta.get("sitename"))
    text, credits = clean_text(_drop_title_line(meta.get("text") or "", title))
    published, source = metadata_date(tree, url)
    return {
        "title": title,
        "author": _first_author(meta.get("author")) or credits["author"],
        "editor": credits["editor"],
        "site_name": meta.get("sitename"),
        "published": published,
        "published_source": source,
        "canonical_url": _canonical(tree, url),
        "text": text,
    }


def _parse(html: str | bytes):
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        return None
    try:
        return lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _empty(url: str | None) -> dict:
    return {
        "title": None,
        "author": None,
        "editor": None,
        "site_name": None,
        "published": None,
        "published_source": "none",
        "canonical_url": url,
        "text": "",
    }


def _clean_title(title: str | None, site_name: str | None) -> str | None:
    if not title:
        return None
    title = title.strip()
    if site_name:
        # "Judul Berita - Nama Portal" / "Judul | Nama Portal"
        for sep in (" - ", " | ", " – ", " — "):
            suffix = f"{sep}{site_name}"
            if title.lower().endswith(suffix.lower()):
                title = title[: -len(suffix)].strip()
    return title or None


def _drop_title_line(text: str, title: str | None) -> str:
    lines = text.split("\n")
    if title and lines and lines[0].strip().lower() == title.lower():
        lines = lines[1:]
    return "\n".join(lines)


def _first_author(author: str | None) -> str | None:
    if not author:
        return None
    return author.split(";")[0].strip() or None


def _canonical(tree, url: str | None) -> str | None:
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        href = href.strip()
        if href.startswith("http"):
            return href
    return url
