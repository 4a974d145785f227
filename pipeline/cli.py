"""The `pantau` command line: parses arguments and calls the library, nothing more.

Each command imports its stage lazily, so `pantau --help` stays fast and a stage's heavy
dependencies (Scrapy, spaCy, papermill) load only when that stage runs.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline import config

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
) -> None:
    """Crawl declared sources (or one site by autodiscovery) into WARC files."""
    from crawlers.run import run_crawl

    run_crawl(
        sources_file=sources,
        source_names=source,
        start_url=start_url,
        out_dir=out,
        max_pages=max_pages,
        since=since,
        refresh=refresh,
        allow_private=allow_private,
        throttle=throttle,
    )


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


if __name__ == "__main__":
    app()
