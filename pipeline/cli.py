"""The `pantau` command line: parses arguments and calls the library, nothing more.

Each command imports its stage lazily, so `pantau --help` stays fast and a stage's heavy
dependencies (Scrapy, spaCy, papermill) load only when that stage runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from pipeline import config


@contextmanager
def exit_2_on(*errors: type[Exception]) -> Iterator[None]:
    """A user error (bad database, unknown query, busy file) as one red line and exit code 2."""
    try:
        yield
    except errors as error:
        typer.secho(str(error), err=True, fg="red")
        raise typer.Exit(2) from None


app = typer.Typer(
    help="pantau: follow regional-government innovation in Indonesian news.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def crawl(
    sources: Path = typer.Option(config.SOURCES_FILE, help="Sources file (TOML)."),
    source: list[str] = typer.Option([], help="Crawl only these sources (by name)."),
    start_url: str | None = typer.Option(None, help="Crawl one unknown site by autodiscovery."),
    out: Path = typer.Option(config.RAW_DIR, help="Directory for WARC files."),
    max_pages: int | None = typer.Option(None, help="Stop after this many article pages."),
    since: str | None = typer.Option(None, help="Skip sitemap entries older than YYYY-MM-DD."),
    refresh: bool = typer.Option(False, help="Fetch again URLs already archived."),
    allow_private: bool = typer.Option(
        False, help="Allow loopback/private addresses (the demo needs it)."
    ),
    throttle: bool = typer.Option(True, help="AutoThrottle on (polite default)."),
    spider: str = typer.Option(
        "sources", help="sources (all entry points), sitemap, feed or listing."
    ),
    set_: list[str] = typer.Option(
        [], "--set", "-s", help="Scrapy setting as NAME=VALUE (repeatable), e.g. WARC_MAX_BYTES."
    ),
) -> None:
    """Crawl declared sources (or one site by autodiscovery) into WARC files."""
    from crawlers.run import CrawlConfigError, parse_settings, run_crawl

    try:
        summary = run_crawl(
            sources_file=sources,
            source_names=source,
            start_url=start_url,
            out_dir=out,
            max_pages=max_pages,
            since=since,
            refresh=refresh,
            allow_private=allow_private,
            throttle=throttle,
            spider=spider,
            settings_overrides=parse_settings(set_),
        )
    except CrawlConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    raise typer.Exit(1 if summary.errors else 0)


@app.command()
def demo(
    workdir: Path = typer.Option(
        config.DEMO_RUN_DIR, help="Where the demo's WARC files (and later stages' output) go."
    ),
) -> None:
    """Serve the bundled demo portal on 127.0.0.1, crawl, extract, load and write the brief."""
    from pipeline.demo import run_demo

    raise typer.Exit(run_demo(workdir))


@app.command()
def extract(
    raw: list[Path] = typer.Option([config.RAW_DIR], help="WARC/HTML/text files or folders."),
    db: Path = typer.Option(config.DB_FILE, help="DuckDB file to load into."),
    facts: Path = typer.Option(config.FACTS_DIR, help="Folder for Parquet shards."),
    workers: int = typer.Option(1, help="Worker processes."),
    shard: str | None = typer.Option(None, help="Process only shard i/n of the inputs."),
    any_domain: bool = typer.Option(False, help="Keep every .id domain, not only sources'."),
    sources: Path = typer.Option(config.SOURCES_FILE, help="Sources file (TOML)."),
    load: bool = typer.Option(True, help="Load the shards into DuckDB at the end."),
) -> None:
    """Extract articles and facts from archived pages into Parquet shards and DuckDB."""
    from pipeline.extract import run_extract

    raise typer.Exit(
        run_extract(
            inputs=raw,
            db_file=db,
            facts_dir=facts,
            workers=workers,
            shard=shard,
            any_domain=any_domain,
            sources_file=sources,
            load=load,
        )
    )


@app.command()
def load(
    facts: Path = typer.Option(config.FACTS_DIR, help="Folder of Parquet shards."),
    db: Path = typer.Option(config.DB_FILE, help="DuckDB file to load into."),
) -> None:
    """Merge complete Parquet shards into DuckDB (idempotent: re-running loads nothing twice)."""
    from pipeline.store import (
        DatabaseBusyError,
        LoadMemoryError,
        SchemaError,
        load_facts,
        print_load_summary,
    )

    with exit_2_on(SchemaError, DatabaseBusyError, LoadMemoryError):
        print_load_summary(load_facts(facts, db))


@app.command()
def export(
    out: Path = typer.Option(..., help="Folder for one Parquet file per table."),
    db: Path = typer.Option(config.DB_FILE, help="DuckDB file to export."),
) -> None:
    """Write every table to Parquet, for other engines (Polars, Spark, BI tools)."""
    from rich.console import Console

    from pipeline.store import DatabaseBusyError, SchemaError, export_tables

    with exit_2_on(SchemaError, DatabaseBusyError, FileNotFoundError):
        written = export_tables(db, out)
    Console().print(f"[green]{len(written)} tables, {sum(written.values()):,} rows -> {out}")


@app.command()
def query(
    name: str | None = typer.Argument(None, help="Query name (see --list)."),
    db: Path = typer.Option(config.DB_FILE, help="DuckDB file (opened read-only)."),
    param: list[str] = typer.Option([], help="Parameter as key=value (repeatable)."),
    format: str = typer.Option("table", help="table, csv or json."),
    list_: bool = typer.Option(False, "--list", help="List the named queries."),
) -> None:
    """Run a named trend query (parameters are bound, never formatted into SQL)."""
    from pipeline import query as queries
    from pipeline.store import DatabaseBusyError, SchemaError

    if list_ or name is None:
        queries.print_query_list()
        return
    with exit_2_on(queries.QueryError, SchemaError, DatabaseBusyError, FileNotFoundError):
        columns, rows = queries.run_query(name, queries.parse_params(param), db)
        if format == "table":
            queries.print_table(columns, rows, title=name)
        else:
            typer.echo(queries.format_rows(columns, rows, format))


@app.command()
def show(
    article_id: str = typer.Argument(..., help="An article_id (16 hex digits)."),
    db: Path = typer.Option(config.DB_FILE, help="DuckDB file (opened read-only)."),
) -> None:
    """Print one article with its facts marked in the text."""
    from pipeline.query import QueryError, show_article
    from pipeline.store import DatabaseBusyError, SchemaError

    with exit_2_on(QueryError, SchemaError, DatabaseBusyError, FileNotFoundError):
        show_article(article_id, db)


@app.command()
def check(
    db: Path | None = typer.Option(config.DB_FILE, help="DuckDB file to check."),
    raw: Path | None = typer.Option(config.RAW_DIR, help="WARC archive folder to check."),
) -> None:
    """Check the database (constraints, orphans, duplicate facts) and the WARC archive."""
    from pipeline.check import print_report, run_checks

    report = run_checks(db_file=db, raw_dir=raw)
    print_report(report)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def brief(
    db: Path = typer.Option(config.DB_FILE, help="DuckDB file to read."),
    period: str | None = typer.Option(
        None, help="YYYY-MM or YYYY-MM-DD..YYYY-MM-DD; default: the newest month with data."
    ),
    region: str | None = typer.Option(None, help="Kemendagri code: province 36 or kab/kota 36.73."),
    lang: str = typer.Option("id", help="Language of the brief: id or en."),
    out: Path = typer.Option(config.REPORTS_DIR, help="Folder for the HTML brief."),
    png: bool = typer.Option(False, help="Also render a PNG with headless Chromium."),
    pdf: bool = typer.Option(False, help="Also print a PDF with headless Chromium."),
) -> None:
    """Execute the monitoring brief notebook and write a self-contained HTML report."""
    from rich.console import Console

    from pipeline.brief import BriefError, render_pdf, render_png, timed_build

    console = Console(stderr=True)
    try:
        with console.status("executing notebooks/brief.py ..."):
            html_file, seconds = timed_build(
                db=db, period=period, region=region, lang=lang, out_dir=out
            )
            png_file = render_png(html_file, html_file.with_suffix(".png")) if png else None
            pdf_file = render_pdf(html_file, html_file.with_suffix(".pdf")) if pdf else None
    except BriefError as error:
        raise typer.BadParameter(str(error)) from None
    console.print(f"brief written in {seconds:.1f} s", style="green")
    for extra in (png_file, pdf_file):
        if extra:
            console.print(f"also: {extra}")
    print(html_file)


@app.command()
def annotate(
    file: Path | None = typer.Argument(None, help="Article file: text, or HTML (.html/--html)."),
    url: str | None = typer.Option(None, help="The article's URL."),
    published: str | None = typer.Option(None, help="Publication date YYYY-MM-DD (context)."),
    html: bool = typer.Option(False, "--html", help="Treat FILE as HTML."),
    jsonl: Path | None = typer.Option(None, help="JSONL of {id, text|html, published, url}."),
    nlp: str = typer.Option(
        "spacy", "--nlp", help="NLP backend: spacy (default) or stanza (local Stanza models)."
    ),
) -> None:
    """One article (or each line of --jsonl) to JSON in the gold format."""
    import json
    from datetime import date

    from pipeline.annotate import annotate_file, annotate_jsonl
    from pipeline.nlp.stanza_backend import StanzaUnavailableError

    if nlp not in ("spacy", "stanza"):
        raise typer.BadParameter("--nlp: spacy or stanza")
    try:
        if jsonl is not None:
            for result in annotate_jsonl(jsonl, backend=nlp):
                typer.echo(json.dumps(result, ensure_ascii=False))
            return
    except StanzaUnavailableError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if file is None:
        raise typer.BadParameter("give FILE or --jsonl")
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError as error:
        raise typer.BadParameter(f"--published: {error}") from error
    try:
        result = annotate_file(file, url=url, published=day, html=html or None, backend=nlp)
    except StanzaUnavailableError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


@app.command(name="eval")
def eval_(
    gold: list[Path] = typer.Argument(..., help="Gold JSONL file(s) (gold/SCHEMA.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    show_errors: bool = typer.Option(False, help="List each miss and false hit."),
) -> None:
    """Per-field precision, recall and F1 of the pipeline against gold JSONL."""
    import json

    from pipeline.evaluate import evaluate, print_report

    report = evaluate(gold, progress=not as_json)
    if as_json:
        out = report.as_dict()
        if show_errors:
            out["errors"] = report.errors
        typer.echo(json.dumps(out, ensure_ascii=False, default=str))
    else:
        print_report(report, show_errors=show_errors)


@app.command(name="extract-cluster")
def extract_cluster(
    raw: list[Path] = typer.Option([config.RAW_DIR], help="WARC/HTML/text files or folders."),
    db: Path = typer.Option(config.DB_FILE, help="DuckDB file to load into at the end."),
    facts: Path = typer.Option(config.FACTS_DIR, help="Shared folder for Parquet shards."),
    shards: int = typer.Option(0, help="Number of --shard i/n tasks (default: 2 per worker)."),
    workers: int = typer.Option(2, help="Workers of the local Dask cluster (no --scheduler)."),
    scheduler: str | None = typer.Option(None, help="Dask scheduler address (tcp://host:8786)."),
    any_domain: bool = typer.Option(False, help="Keep every .id domain, not only sources'."),
) -> None:
    """Fan `pantau extract --shard i/n` out over a Dask cluster, then dedup and load once."""
    from pipeline.distributed import run_distributed

    summary = run_distributed(
        raw,
        facts,
        db,
        shards=shards or None,
        workers=workers,
        scheduler=scheduler,
        any_domain=any_domain,
    )
    for run in summary.failed:
        typer.echo(f"shard {run.shard} failed:\n{run.output_tail}", err=True)
    typer.echo(
        f"{len(summary.shards)} shards, {len(summary.failed)} failed, "
        f"{summary.duplicates} near-duplicates, {summary.seconds:.1f} s"
    )
    raise typer.Exit(1 if summary.failed else 0)


if __name__ == "__main__":
    app()
