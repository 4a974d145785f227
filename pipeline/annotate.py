"""One article (text or HTML) -> a dict in the gold format of gold/SCHEMA.md.

The same steps extract runs on one page: the text stage (pipeline.text, pipeline.pubdate),
the relevance classifier (pipeline.relevance, its committed model) and the NLP pipeline.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.nlp import load_pipeline, make_doc
from pipeline.nlp.export import doc_to_gold
from pipeline.pubdate import dateline_date
from pipeline.relevance import RelevanceModel
from pipeline.text import clean_text, extract_from_html

log = logging.getLogger(__name__)


@dataclass
class ArticleInput:
    """What annotation needs of one article. `published` is context (page metadata), if any."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None
    region_hint: str | None = None


class Annotator:
    """Loads the pipeline and the relevance model once; annotates many articles."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or load_pipeline()
        self.relevance = RelevanceModel.load()

    def annotate(self, article: ArticleInput) -> dict[str, Any]:
        text, title, metadata_date = article.text or "", article.title, None
        if article.html is not None:
            text, title, metadata_date = _text_from_html(article.html, article.url, title)
        text = clean_text(text)[0]
        dateline = dateline_date(text)
        doc = make_doc(
            self.nlp,
            text,
            published=article.published or metadata_date or dateline,
            url=article.url,
            region_hint=article.region_hint,
            title=title,
        )
        gold = doc_to_gold(doc)
        result: dict[str, Any] = {
            "source_url": article.url,
            # Predicted, never echoed from the caller's context: for HTML the text stage's
            # choice (metadata or dateline, chrome rejected), for text the dateline.
            "published": _iso(metadata_date or dateline),
            "relevant": self.relevance.is_relevant(title, text),
        }
        result.update(gold)
        return result


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _text_from_html(
    html: str, url: str | None, title: str | None
) -> tuple[str, str | None, date | None]:
    """(text, title, metadata publication date) of a page, by the text stage."""
    extracted = extract_from_html(html, url or "")
    published = extracted.get("published")
    if isinstance(published, str):
        published = date.fromisoformat(published[:10])
    return extracted.get("text") or "", extracted.get("title") or title, published


def annotate_file(
    path: Path,
    *,
    url: str | None = None,
    published: date | None = None,
    html: bool | None = None,
    backend: str = "spacy",
) -> dict[str, Any]:
    """One article file (text, or HTML when `html` or its suffix says so) in the gold format."""
    content = path.read_text(encoding="utf-8", errors="replace")
    is_html = html if html is not None else path.suffix.lower() in (".html", ".htm")
    article = ArticleInput(
        text=None if is_html else content,
        html=content if is_html else None,
        url=url or path.resolve().as_uri(),
        published=published,
    )
    return Annotator(_backend_pipeline(backend)).annotate(article)


def _backend_pipeline(backend: str) -> Language | None:
    # `--nlp stanza`: pantau's components over Stanza's tokens (pipeline.nlp.stanza_backend);
    # None keeps the default spaCy pipeline.
    from pipeline.nlp.stanza_backend import load_backend

    return load_backend(backend)


def annotate_jsonl(path: Path, backend: str = "spacy") -> Iterator[dict[str, Any]]:
    """Each line ({id, text or html, published, url}) annotated, with its id, pipeline loaded once.

    A line's `published` here is input context (the page's metadata date), as `--published`.
    """
    annotator = Annotator(_backend_pipeline(backend))
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            published = line.get("published")
            article = ArticleInput(
                text=line.get("text"),
                html=line.get("html"),
                url=line.get("url") or line.get("source_url"),
                published=date.fromisoformat(published) if published else None,
                title=line.get("title"),
            )
        except (json.JSONDecodeError, ValueError, AttributeError) as error:
            log.warning("%s:%d skipped: %s", path, number, error)
            yield {"id": None, "line": number, "error": str(error)}
            continue
        yield {"id": line.get("id"), **annotator.annotate(article)}
