"""`pantau extract`: input files -> article records and facts -> Parquet shards (+ load).

Per input file (one shard): records -> main text -> language -> publication date ->
relevance -> NLP facts -> shard tables and MinHash signatures. Complete shards are skipped,
so re-running is safe. After the shards, one global near-duplicate pass writes dups.parquet;
then, if asked, the warehouse loads the shards.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline import shards
from pipeline.dedup import DedupSettings, run_dedup, signature
from pipeline.language import detect_language
from pipeline.pubdate import choose_published
from pipeline.records import (
    RawPage,
    Skip,
    SourceIndex,
    article_id,
    canonicalize_url,
    domain_of,
    input_files,
    read_file,
)
from pipeline.relevance import RelevanceModel
from pipeline.text import clean_text, extract_from_html

log = logging.getLogger(__name__)
console = Console(stderr=True)

MIN_TEXT_CHARS = 200  # shorter main text is a listing, a stub or an error page, not an article


@dataclass
class ShardResult:
    """What one input file gave."""

    shard_id: str
    source_file: str
    records: int = 0
    articles: int = 0
    relevant: int = 0
    skipped: Counter = field(default_factory=Counter)
    already_done: bool = False


@dataclass
class _Context:
    """Per-process state: loaded once per worker, reused for every file."""

    sources: SourceIndex
    any_domain: bool
    facts_dir: Path
    model: RelevanceModel
    nlp: object | None
    dedup: DedupSettings


_CONTEXT: _Context | None = None


def _init_worker(
    sources_file: Path | None, any_domain: bool, facts_dir: Path, dedup: DedupSettings
) -> None:
    global _CONTEXT
    _CONTEXT = _Context(
        sources=SourceIndex.load(sources_file),
        any_domain=any_domain,
        facts_dir=facts_dir,
        model=RelevanceModel.load(),
        nlp=_load_nlp(),
        dedup=dedup,
    )


def _load_nlp():
    """The spaCy pipeline, or None while pipeline.nlp cannot assemble it yet."""
    # TODO(lead): drop this guard once pipeline.nlp.export.doc_to_rows is in place.
    try:
        from pipeline.nlp import load_pipeline
        from pipeline.nlp.export import doc_to_rows  # noqa: F401
    except ImportError as error:
        log.warning("NLP stage unavailable (%s): writing articles without fact rows", error)
        return None
    return load_pipeline()


# --- one file --------------------------------------------------------------------------------


def process_file(path: Path, root: Path) -> ShardResult:
    """Extract one input file into one shard (nothing done when the shard is complete)."""
    ctx = _CONTEXT
    assert ctx is not None, "call _init_worker first"
    sid = shards.shard_id(path, root)
    result = ShardResult(sid, str(path))
    if shards.is_complete(ctx.facts_dir, sid):
        manifest = shards.read_manifest(ctx.facts_dir, sid)
        result.already_done = True
        result.articles = manifest.get("rows", {}).get("articles", 0)
        return result
    tables: dict[str, list[dict]] = {name: [] for name in shards.SCHEMAS}
    minhashes: list[dict] = []
    seen: set[str] = set()
    for item in read_file(path, ctx.sources, ctx.any_domain):
        result.records += 1
        if isinstance(item, Skip):
            _skip(tables, result, item, sid)
            continue
        try:
            article = article_record(item, ctx)
        except Exception as error:  # one broken page must not stop the file
            log.debug("extraction failed on %s", item.url, exc_info=True)
            reason = Skip(
                item.source_file, item.warc_offset, item.url, "extract_error", repr(error)
            )
            _skip(tables, result, reason, sid)
            continue
        if isinstance(article, Skip):
            _skip(tables, result, article, sid)
            continue
        if article["article_id"] in seen:
            dup = Skip(item.source_file, item.warc_offset, item.url, "same_url_in_file")
            _skip(tables, result, dup, sid)
            continue
        seen.add(article["article_id"])
        article["shard_id"] = sid
        _add_facts(article, tables, ctx)
        tables["articles"].append(article)
        minhashes.append(_minhash_row(article, ctx.dedup))
        result.articles += 1
        result.relevant += int(article["relevant"])
    shards.write_shard(ctx.facts_dir, sid, tables, minhashes, {"source_file": str(path)})
    return result


def _skip(tables: dict, result: ShardResult, skip: Skip, sid: str) -> None:
    result.skipped[skip.reason] += 1
    tables["skipped"].append({**skip.__dict__, "shard_id": sid})


def article_record(page: RawPage, ctx: _Context) -> dict | Skip:
    """The article record of docs/architecture.md for one page, or why there is none."""
    offset = page.warc_offset
    if page.is_html:
        meta = extract_from_html(page.decoded(), page.url)
    else:
        text, credits = clean_text(page.decoded())
        meta = {"title": None, "site_name": None, "published": None, "published_source": "none"}
        meta.update(credits, canonical_url=page.url, text=text)
    text = meta["text"]
    if len(text) < MIN_TEXT_CHARS:
        return Skip(page.source_file, offset, page.url, "no_text", f"{len(text)} chars")
    lang, _ = detect_language(text)
    if lang != "id":
        return Skip(page.source_file, offset, page.url, "not_indonesian", lang)
    published, published_source = choose_published(
        meta["published"], meta["published_source"], page.url, text, page.crawled_at
    )
    canonical = canonicalize_url(meta.get("canonical_url") or page.url)
    source = ctx.sources.lookup(page.url) or {}
    score = ctx.model.score(meta["title"], text)
    return {
        "article_id": article_id(canonical),
        "url": page.url,
        "canonical_url": canonical,
        "domain": domain_of(page.url),
        "source": source.get("source"),
        "region_hint": source.get("region_hint"),
        "title": meta["title"],
        "author": meta.get("author"),
        "editor": meta.get("editor"),
        "site_name": meta.get("site_name"),
        "published": published,
        "published_source": published_source,
        "crawled_at": page.crawled_at,
        "text": text,
        "lang": lang,
        "content_hash": hashlib.sha1(text.encode("utf-8")).hexdigest(),
        "relevant": score >= ctx.model.threshold,
        "relevance_score": score,
        "dup_of": None,  # decided over the whole collection: see dups.parquet
        "warc_file": page.warc_file,
        "warc_offset": page.warc_offset,
        "primary_region": None,
    }


def _add_facts(article: dict, tables: dict[str, list[dict]], ctx: _Context) -> None:
    if ctx.nlp is None:
        return
    from pipeline.nlp import make_doc
    from pipeline.nlp.export import doc_to_rows

    doc = make_doc(
        ctx.nlp,
        article["text"],
        published=article["published"],
        url=article["url"],
        region_hint=article["region_hint"],
        title=article["title"],
    )
    article["primary_region"] = doc._.primary_region
    for table, rows in doc_to_rows(doc).items():
        if table in tables and table not in ("articles", "skipped"):
            tables[table].extend({**row, "article_id": article["article_id"]} for row in rows)


def _minhash_row(article: dict, settings: DedupSettings) -> dict:
    return {
        "article_id": article["article_id"],
        "published": article["published"],
        "crawled_at": article["crawled_at"],
        "url": article["url"],
        "hashvalues": signature(article["text"], settings),
    }


# --- the whole run ---------------------------------------------------------------------------


def select_shard(files: list, shard: str | None) -> list:
    """Files of shard `i/n` (0 <= i < n): a deterministic split of the sorted input files."""
    if not shard:
        return files
    try:
        index, count = (int(part) for part in shard.split("/"))
    except ValueError as error:
        raise ValueError(f"--shard must look like i/n, got {shard!r}") from error
    if not 0 <= index < count:
        raise ValueError(f"--shard {shard}: need 0 <= i < n")
    return [f for position, f in enumerate(files) if position % count == index]


def run_extract(
    inputs: list[Path],
    db_file: Path,
    facts_dir: Path,
    workers: int = 1,
    shard: str | None = None,
    any_domain: bool = False,
    sources_file: Path | None = None,
    load: bool = True,
    dedup: DedupSettings | None = None,
) -> int:
    """Extract every input file into shards, recompute duplicates, optionally load. Exit code."""
    dedup = dedup or DedupSettings()
    facts_dir = Path(facts_dir)
    try:
        files = select_shard(input_files([Path(p) for p in inputs]), shard)
    except (FileNotFoundError, ValueError) as error:
        console.print(f"[red]extract: {error}[/red]")
        return 2
    init_args = (sources_file, any_domain, facts_dir, dedup)
    results = _run_files(files, workers, init_args)
    dup_of = run_dedup(facts_dir, dedup)
    _print_summary(results, len(dup_of), facts_dir)
    if load:
        return _load(facts_dir, db_file)
    return 0


def _run_files(files: list[tuple[Path, Path]], workers: int, init_args: tuple) -> list:
    results: list[ShardResult] = []
    columns = (
        TextColumn("extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[articles]} articles"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("extract", total=len(files), articles=0)

        def done(result: ShardResult) -> None:
            results.append(result)
            total = sum(r.articles for r in results)
            progress.update(task, advance=1, articles=total)

        if workers <= 1:
            _init_worker(*init_args)
            for path, root in files:
                done(process_file(path, root))
        else:
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=init_args) as pool:
                for result in pool.map(_process_pair, files):
                    done(result)
    return results


def _process_pair(pair: tuple[Path, Path]) -> ShardResult:
    return process_file(*pair)


def _print_summary(results: list[ShardResult], duplicates: int, facts_dir: Path) -> None:
    skipped: Counter = Counter()
    for r in results:
        skipped.update(r.skipped)
    table = Table(title="extract summary", show_header=False)
    table.add_row("input files", str(len(results)))
    table.add_row("  already extracted", str(sum(r.already_done for r in results)))
    table.add_row("records read", str(sum(r.records for r in results)))
    table.add_row(
        "articles (new shards)", str(sum(r.articles for r in results if not r.already_done))
    )
    table.add_row("relevant (new shards)", str(sum(r.relevant for r in results)))
    table.add_row("skipped", str(sum(skipped.values())))
    for reason, count in sorted(skipped.items()):
        table.add_row(f"  {reason}", str(count))
    table.add_row("near-duplicates (all shards)", str(duplicates))
    table.add_row("facts folder", str(facts_dir))
    console.print(table)


def _load(facts_dir: Path, db_file: Path) -> int:
    # TODO(lead): drop this guard once pipeline.store.load_facts is in place.
    try:
        from pipeline.store import load_facts
    except ImportError as error:
        console.print(f"[yellow]load skipped: warehouse not available ({error})[/yellow]")
        return 0
    load_facts(facts_dir, db_file)
    return 0
