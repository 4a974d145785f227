"""`pantau extract`: input files -> article records and facts -> Parquet shards (+ load).

Per input file (one shard): records -> main text -> language -> publication date ->
relevance -> NLP facts -> shard tables and MinHash signatures. Complete shards are skipped,
so re-running is safe. After the shards, one global near-duplicate pass writes dups.parquet;
then, if asked, the warehouse loads the shards.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import shards
from pipeline.dedup import DedupSettings, run_dedup, signature
from pipeline.language import detect_language
from pipeline.nlp import NLP_BATCH, load_pipeline, make_doc, make_docs
from pipeline.nlp.export import doc_to_rows
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
from pipeline.store import (
    DatabaseBusyError,
    LoadMemoryError,
    SchemaError,
    load_facts,
    print_load_summary,
)
from pipeline.text import clean_text, extract_from_html

log = logging.getLogger(__name__)
console = Console(stderr=True)

MIN_TEXT_CHARS = 200  # shorter main text is a listing, a stub or an error page, not an article
RELEVANCE_BATCH = 256  # articles scored per predict_proba call
SUPERSEDED = "superseded_in_file"  # an older capture of a URL captured again later in the file
# Signatures up to which the near-duplicate pass runs in this process: DuckDB then needs far
# less than its memory limit, and a separate process would cost more start-up than it saves.
DEDUP_IN_PROCESS_MAX = 50_000
# Allocations between two young-generation garbage collections while extracting (Python's
# default is 700). Each article allocates tens of thousands of short-lived objects (trees,
# tokens, rows), so at 700 the collector ran ~0.4 times per article and, with the models'
# objects frozen (see _Context.pipeline), 10,000 cut its cost from 0.28 to 0.07 ms per article
# (bench/PROFILE.md). Collection timing changes no result.
GC_YOUNG_THRESHOLD = 10_000


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
    dedup: DedupSettings
    nlp: Language | None = None
    pid: int = field(default_factory=os.getpid)

    def pipeline(self) -> Language:
        # Loaded on first use: a re-run whose shards are all complete never pays for it.
        if self.nlp is None:
            self.nlp = load_pipeline()
            # The models' ~250,000 objects live as long as the process: out of the
            # collector's sight, its full passes stop walking them (and forked workers stop
            # copying their pages by touching their headers). See _garbage_collection.
            gc.freeze()
        return self.nlp


_CONTEXT: _Context | None = None


def _init_worker(
    sources_file: Path | None, any_domain: bool, facts_dir: Path, dedup: DedupSettings
) -> None:
    global _CONTEXT
    if _CONTEXT is not None and _CONTEXT.pid != os.getpid():
        return  # a forked worker: the parent loaded everything already (see _warm_up)
    _CONTEXT = _Context(
        sources=SourceIndex.load(sources_file),
        any_domain=any_domain,
        facts_dir=facts_dir,
        model=RelevanceModel.load(),
        dedup=dedup,
    )


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
    articles = _latest_articles(path, ctx, tables, result)
    _score_relevance(articles, ctx.model)
    minhashes: list[dict] = []
    for article, doc in _nlp_docs(articles, ctx):
        article["shard_id"] = sid
        _add_facts(article, doc, tables, result)
        tables["articles"].append(article)
        minhashes.append(_minhash_row(article, ctx.dedup))
        result.articles += 1
        result.relevant += int(article["relevant"])
    info = {"source_file": str(path), "minhash": ctx.dedup.key()}
    shards.write_shard(ctx.facts_dir, sid, tables, minhashes, info)
    return result


def _latest_articles(
    path: Path, ctx: _Context, tables: dict[str, list[dict]], result: ShardResult
) -> list[dict]:
    """Article records of one file, one per article_id: the latest capture of each URL.

    A file can hold the same URL twice (a CC-NEWS file, WARCs joined together, a refresh
    written into the same file); the newest capture is the article, older ones are counted
    as `superseded_in_file`. Pages without an article are counted with their reason.
    """
    latest: dict[str, dict] = {}
    for item in read_file(path, ctx.sources, ctx.any_domain):
        result.records += 1
        if isinstance(item, Skip):
            _skip(tables, result, item)
            continue
        try:
            article = text_record(item, ctx.sources)
        except Exception as error:  # one broken page must not stop the file
            log.debug("extraction failed on %s", item.url, exc_info=True)
            failed = Skip(
                item.source_file, item.warc_offset, item.url, "extract_error", repr(error)
            )
            _skip(tables, result, failed)
            continue
        if isinstance(article, Skip):
            _skip(tables, result, article)
            continue
        current = latest.get(article["article_id"])
        if current is not None and _capture_key(current) > _capture_key(article):
            article, current = current, article
        if current is not None:
            detail = f"newer capture at offset {article['warc_offset']}"
            older = Skip(str(path), current["warc_offset"], current["url"], SUPERSEDED, detail)
            _skip(tables, result, older)
        latest[article["article_id"]] = article
    return list(latest.values())


def _capture_key(article: dict) -> tuple:
    # Latest crawl first; without crawl times the later record in the file is the newer one.
    crawled = article["crawled_at"]
    return (crawled.timestamp() if crawled else float("-inf"), article["warc_offset"] or -1)


def _skip(tables: dict, result: ShardResult, skip: Skip) -> None:
    result.skipped[skip.reason] += 1
    tables["skipped"].append({**skip.__dict__, "shard_id": result.shard_id})


def text_record(page: RawPage, sources: SourceIndex) -> dict | Skip:
    """The text stage for one page: the article record without relevance and facts, or why
    the page is no article (too little text, not Indonesian, a broken page)."""
    offset = page.warc_offset
    if page.is_html:
        html = page.decoded()
        meta = extract_from_html(html, page.url)
    else:
        html = None
        text, credits = clean_text(page.decoded())
        meta = {"title": None, "site_name": None, "published": None, "published_source": "none"}
        meta.update(credits, canonical_url=page.url, text=text)
    text = meta["text"]
    if len(text) < MIN_TEXT_CHARS:
        reason = "broken_page" if html is not None and _looks_broken(html) else "no_text"
        return Skip(page.source_file, offset, page.url, reason, f"{len(text)} chars of text")
    lang, _ = detect_language(text)
    if lang != "id":
        return Skip(page.source_file, offset, page.url, "not_indonesian", lang)
    published, published_source = choose_published(
        meta["published"], meta["published_source"], page.url, text, page.crawled_at
    )
    canonical = canonicalize_url(meta.get("canonical_url") or page.url)
    source = sources.lookup(page.url) or {}
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
        "relevant": None,  # set per shard in one batch: see _score_relevance
        "relevance_score": None,
        "dup_of": None,  # decided over the whole collection: see dups.parquet
        "warc_file": page.warc_file,
        "warc_offset": page.warc_offset,
        "primary_region": None,
    }


def _looks_broken(html: str) -> bool:
    """A truncated or corrupted download rather than a page without an article: binary bytes
    (NUL, undecodable sequences) or a document cut off before its end."""
    tail = html[-2048:].lower()
    return "\x00" in html or "\ufffd" in html or "</html" not in tail


def _score_relevance(articles: list[dict], model: RelevanceModel) -> None:
    # One predict_proba call per batch: the vectorizers' per-call overhead dominates a
    # one-article call (measured 2.9 ms one by one, 1.2 ms batched per article).
    for start in range(0, len(articles), RELEVANCE_BATCH):
        batch = articles[start : start + RELEVANCE_BATCH]
        scores = model.scores([(a["title"], a["text"]) for a in batch])
        for article, score in zip(batch, scores, strict=True):
            article["relevance_score"] = score
            article["relevant"] = score >= model.threshold


def _nlp_docs(articles: list[dict], ctx: _Context) -> Iterator[tuple[dict, Doc | Exception]]:
    """Each article with its NLP Doc (or the error NLP raised on it), in order, in batches
    through `nlp.pipe`. A batch that fails is run again article by article, so one bad
    article costs only its own facts. A pipeline that cannot load fails the run."""
    nlp = ctx.pipeline()
    for start in range(0, len(articles), NLP_BATCH):
        batch = articles[start : start + NLP_BATCH]
        # The strings and lexemes of words first seen in this batch are dropped when the batch
        # has been turned into rows: otherwise spaCy's vocabulary grows with every name and
        # number of a collection. The caller keeps no Doc or Span past its own loop step.
        with nlp.memory_zone():
            try:
                docs: list[Doc | Exception] = list(make_docs(nlp, batch, batch_size=NLP_BATCH))
            except Exception:
                docs = [_one_doc(nlp, article) for article in batch]
            yield from zip(batch, docs, strict=True)


def _one_doc(nlp: Language, article: dict) -> Doc | Exception:
    try:
        return make_doc(
            nlp,
            article["text"],
            published=article.get("published"),
            url=article.get("url"),
            region_hint=article.get("region_hint"),
            title=article.get("title"),
        )
    except Exception as error:
        return error


def _add_facts(
    article: dict, doc: Doc | Exception, tables: dict[str, list[dict]], result: ShardResult
) -> None:
    """NLP facts of one article. An NLP failure on one article keeps the article (without
    facts) and is counted as `nlp_error`."""
    try:
        if isinstance(doc, Exception):
            raise doc
        rows = doc_to_rows(doc)
    except Exception as error:
        log.warning("NLP failed on %s: %r", article["url"], error)
        failed = Skip(
            result.source_file, article["warc_offset"], article["url"], "nlp_error", repr(error)
        )
        _skip(tables, result, failed)
        return
    article["primary_region"] = doc._.primary_region
    for table, table_rows in rows.items():
        if table in tables and table not in ("articles", "skipped"):
            tables[table].extend({**row, "article_id": article["article_id"]} for row in table_rows)


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
    with _garbage_collection():
        results = _run_files(files, workers, init_args)
    duplicates = _near_duplicates(facts_dir, dedup)
    _print_summary(results, duplicates, facts_dir)
    if load:
        return _load(facts_dir, db_file)
    return 0


@contextmanager
def _garbage_collection() -> Iterator[None]:
    """Fewer young-generation collections while extracting; the threshold and the objects
    frozen after loading the models are given back afterwards (the process may go on, as
    in tests or a notebook)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(GC_YOUNG_THRESHOLD, thresholds[0]), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _near_duplicates(facts_dir: Path, dedup: DedupSettings) -> int:
    """The global near-duplicate pass. On a large collection it runs in a fresh process, so
    that DuckDB's working memory never adds up with the models this process has loaded
    (the pass alone stays under ~600 MB whatever the number of articles; bench/dedup_bench.py).
    """
    if shards.signature_count(facts_dir) < DEDUP_IN_PROCESS_MAX:
        return run_dedup(facts_dir, dedup)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(run_dedup, facts_dir, dedup).result()


def _run_files(files: list[tuple[Path, Path]], workers: int, init_args: tuple) -> list:
    if workers <= 1:
        _init_worker(*init_args)
        with _FilesProgress(len(files)) as done:
            for path, root in files:
                done(process_file(path, root))
        return done.results
    fork = _fork_context()
    if fork is not None:
        _init_worker(*init_args)
        _warm_up(files)
    with ProcessPoolExecutor(
        workers, mp_context=fork, initializer=_init_worker, initargs=init_args
    ) as pool:
        # Start every worker now, before the progress bar starts its thread (fork copies
        # only the calling thread; a lock held by another one would stay held in the child).
        pool.submit(os.getpid).result()
        with _FilesProgress(len(files)) as done:
            for result in pool.map(_process_pair, files):
                done(result)
    return done.results


def _fork_context():
    """The fork start method where the platform has it: workers then inherit the models the
    parent loaded (copy-on-write) instead of each paying the start-up again."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _warm_up(files: list[tuple[Path, Path]]) -> None:
    """Load what every worker needs once, in the parent, before forking: the NLP pipeline and
    the language model (the relevance model is loaded by _init_worker). Skipped when every
    shard is complete: a re-run that has nothing to extract never pays for them."""
    ctx = _CONTEXT
    assert ctx is not None
    if all(shards.is_complete(ctx.facts_dir, shards.shard_id(p, r)) for p, r in files):
        return
    ctx.pipeline()
    detect_language("pemanasan")  # loads the language model


class _FilesProgress:
    """The extract progress bar; calling it records one finished file's result."""

    def __init__(self, total: int) -> None:
        columns = (
            TextColumn("extract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[articles]} articles"),
            TimeElapsedColumn(),
        )
        # It moves once per file: two redraws a second instead of rich's ten (each redraw
        # costs CPU in a thread of its own, ~5-12 ms per second of extract; bench/PROFILE.md).
        self.bar = Progress(*columns, console=console, transient=False, refresh_per_second=2)
        self.task = self.bar.add_task("extract", total=total, articles=0)
        self.results: list[ShardResult] = []

    def __enter__(self) -> _FilesProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def __call__(self, result: ShardResult) -> None:
        self.results.append(result)
        total = sum(r.articles for r in self.results)
        self.bar.update(self.task, advance=1, articles=total)


def _process_pair(pair: tuple[Path, Path]) -> ShardResult:
    return process_file(*pair)


def _print_summary(results: list[ShardResult], duplicates: int, facts_dir: Path) -> None:
    skipped: Counter = Counter()
    for r in results:
        skipped.update(r.skipped)
    rows, distinct = shards.article_versions(facts_dir)
    new = [r for r in results if not r.already_done]
    table = Table(title="extract summary", show_header=False)
    table.add_row("input files", str(len(results)))
    table.add_row("  already extracted", str(len(results) - len(new)))
    table.add_row("records read (new shards)", str(sum(r.records for r in new)))
    table.add_row("articles (new shards)", str(sum(r.articles for r in new)))
    table.add_row("relevant (new shards)", str(sum(r.relevant for r in new)))
    table.add_row("skipped (new shards)", str(sum(skipped.values())))
    for reason, count in sorted(skipped.items()):
        table.add_row(f"  {reason}", str(count))
    table.add_row("articles (all shards, one per URL)", str(distinct))
    table.add_row("  older captures in other shards", str(rows - distinct))
    table.add_row("near-duplicates (all shards)", str(duplicates))
    table.add_row("facts folder", str(facts_dir))
    console.print(table)


def _load(facts_dir: Path, db_file: Path) -> int:
    """Load the shards. When this process holds the NLP models, the load runs as a `pantau load`
    process of its own: DuckDB's working memory (up to PANTAU_LOAD_MEMORY, growing with the
    database) then never adds up with the models', and each process stays under 1 GB."""
    if _CONTEXT is None or _CONTEXT.nlp is None:
        try:
            print_load_summary(load_facts(facts_dir, db_file))
        except (DatabaseBusyError, LoadMemoryError, SchemaError) as error:
            console.print(f"[red]load: {error}[/red]")
            return 2
        return 0
    command = ["load", "--facts", str(facts_dir), "--db", str(db_file)]
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *command], check=False).returncode
