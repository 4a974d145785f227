"""`pantau check`: integrity of the database and of the WARC archive.

Database checks are SQL files in ``sql/checks/`` (``-- check: name`` / ``-- description:``
header), each returning the offending rows as ``("table", detail, article_id)``; a check that
returns nothing passes. The archive check reads every record of every WARC file with warcio,
to its end, verifying the digests the crawler wrote, so a truncated or corrupted file shows.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import config

CHECKS_DIR = Path(__file__).resolve().parent / "sql" / "checks"
EXAMPLES_KEPT = 5
_WARC_PATTERNS = ("*.warc", "*.warc.gz")
INDEX_NAME = "index.sqlite"  # crawlers/archive.py: canonical URL -> file, offset, length


@dataclass
class Problem:
    area: str  # "database" or "archive"
    check: str
    description: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    warc_files: int = 0
    warc_records: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class DatabaseCheck:
    name: str
    description: str
    sql: str


def database_checks() -> list[DatabaseCheck]:
    """The checks in sql/checks/, in file order."""
    checks = []
    for path in sorted(CHECKS_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        name = re.search(r"^-- check:\s*(\S+)", text, re.M)
        description = re.search(r"^-- description:\s*(.+)$", text, re.M)
        checks.append(
            DatabaseCheck(
                name=name.group(1) if name else path.stem,
                description=description.group(1).strip() if description else "",
                sql=text,
            )
        )
    return checks


def check_database(db_file: Path, report: CheckReport) -> None:
    """Run every database check on a read-only connection; failures go into the report."""
    from pipeline.store import DatabaseBusyError, SchemaError, open_db

    try:
        conn = open_db(db_file, read_only=True)
    except (SchemaError, DatabaseBusyError, OSError) as error:
        report.problems.append(Problem("database", "open", "the database opens", 1, [str(error)]))
        return
    try:
        for check in database_checks():
            rows = conn.execute(check.sql).fetchall()
            if not rows:
                report.passed.append(f"database: {check.name}")
                continue
            examples = [
                f"{table}: {detail}" + (f" (article {article})" if article else "")
                for table, detail, article in rows[:EXAMPLES_KEPT]
            ]
            report.problems.append(
                Problem("database", check.name, check.description, len(rows), examples)
            )
    finally:
        conn.close()


def warc_files(raw_dir: Path) -> list[Path]:
    """Every WARC file under the archive folder (partial files being written are skipped)."""
    found = {path for pattern in _WARC_PATTERNS for path in raw_dir.rglob(pattern)}
    return sorted(path for path in found if not path.name.startswith("."))


def check_warc(path: Path) -> tuple[int, list[str]]:
    """Read every record of one WARC file to its end; returns (records read, problems)."""
    from warcio.archiveiterator import ArchiveIterator

    problems = []
    records = 0
    offset = 0
    try:
        with path.open("rb") as stream:
            # Reading each record to its end through warcio's digest-verifying reader is
            # what warcio's own `warcio check` does; a cut block fails its digest or its length.
            iterator = ArchiveIterator(stream, check_digests=True)
            for record in iterator:
                offset = iterator.get_record_offset()
                content = record.content_stream()
                while content.read(1 << 20):
                    pass
                records += 1
                remaining = getattr(record.raw_stream, "limit", 0)
                if remaining:
                    problems.append(f"{path.name} @ {offset}: block cut, {remaining} bytes missing")
                if record.digest_checker.passed is False:
                    problems.append(
                        f"{path.name} @ {offset}: "
                        + "; ".join(record.digest_checker.problems or ["digest mismatch"])
                    )
    except Exception as error:  # warcio and zlib raise many kinds on a damaged file
        message = ascii(str(error).splitlines()[0][:80]) if str(error) else ""
        problems.append(f"{path.name} after offset {offset}: {type(error).__name__}: {message}")
    if path.name.endswith(".gz") and (gzip_problem := gzip_members_intact(path)):
        problems.append(f"{path.name}: {gzip_problem}")
    return records, problems


def gzip_members_intact(path: Path) -> str | None:
    """None when every gzip member of the file is complete, else what is wrong.

    warcio ends a record quietly where a cut gzip member ends, so a .warc.gz cut inside its
    last member reads as fine; zlib knows whether each member reached its end (`gzip -t`).
    """
    decompressor = zlib.decompressobj(wbits=31)
    fed = False
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            data = chunk
            while data:
                fed = True
                try:
                    while data:
                        # Bounded output: the inflated bytes are not needed, only the end.
                        decompressor.decompress(data, 1 << 22)
                        data = decompressor.unconsumed_tail
                        if decompressor.eof:
                            break
                except zlib.error as error:
                    return f"gzip error: {error}"
                if decompressor.eof:
                    data = decompressor.unused_data
                    decompressor = zlib.decompressobj(wbits=31)
                    fed = False
    if fed and not decompressor.eof:
        return "last gzip member is cut (file truncated)"
    return None


def check_index(raw_dir: Path) -> list[str]:
    """Every entry of the crawler's URL index (``index.sqlite``, see crawlers/archive.py)
    points at a response record of its URL at its offset in a file that exists."""
    import sqlite3

    from warcio.archiveiterator import ArchiveIterator

    index_file = raw_dir / INDEX_NAME
    if not index_file.exists():
        return []
    problems = []
    # Read-only URI: checking must never create or change the crawler's index.
    db = sqlite3.connect(f"file:{index_file}?mode=ro", uri=True)
    try:
        entries = db.execute("SELECT url, warc_file, offset FROM pages ORDER BY warc_file, offset")
        for url, warc_file, offset in entries:
            path = raw_dir / warc_file
            if not path.is_file() and (raw_dir / f"{warc_file}.open").is_file():
                path = raw_dir / f"{warc_file}.open"  # the file a running crawl is writing
            if not path.is_file():
                problems.append(f"index: {url} -> missing file {warc_file}")
                continue
            try:
                with path.open("rb") as stream:
                    stream.seek(offset)
                    record = next(iter(ArchiveIterator(stream)), None)
                    found = record.rec_headers.get_header("WARC-Target-URI") if record else None
                    kind = record.rec_type if record else None
            except Exception as error:  # a damaged record raises from warcio or zlib
                found, kind = None, type(error).__name__
            if kind != "response" or found != url:
                problems.append(f"index: {url} -> {warc_file} @ {offset} holds {kind} {found}")
    except sqlite3.Error as error:
        problems.append(f"index: {index_file.name} unreadable: {error}")
    finally:
        db.close()
    return problems


def check_archive(raw_dir: Path, report: CheckReport) -> None:
    """Check every WARC file in the archive folder, and the crawler's index against them."""
    files = warc_files(raw_dir)
    report.warc_files = len(files)
    problems = []
    for path in files:
        records, found = check_warc(path)
        report.warc_records += records
        problems.extend(found)
    index_problems = check_index(raw_dir)
    if index_problems:
        report.problems.append(
            Problem(
                "archive",
                "index_points_at_records",
                "every index entry points at its response record",
                len(index_problems),
                index_problems[:EXAMPLES_KEPT],
            )
        )
    if problems:
        report.problems.append(
            Problem(
                "archive",
                "warc_records_readable",
                "every WARC record reads to its end with matching digests",
                len(problems),
                problems[:EXAMPLES_KEPT],
            )
        )
    else:
        report.passed.append(f"archive: {len(files)} WARC files, {report.warc_records} records")


def run_checks(
    db_file: Path | None = config.DB_FILE, raw_dir: Path | None = config.RAW_DIR
) -> CheckReport:
    """Check the database and the archive (either may be None to skip it)."""
    report = CheckReport()
    if db_file is not None:
        check_database(Path(db_file), report)
    if raw_dir is not None and Path(raw_dir).is_dir():
        check_archive(Path(raw_dir), report)
    elif raw_dir is not None:
        report.passed.append(f"archive: no folder at {raw_dir}, nothing to check")
    return report


def print_report(report: CheckReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for name in report.passed:
        console.print(f"[green]ok[/]   {name}")
    if report.ok:
        console.print("[bold green]all checks passed")
        return
    table = Table(title="pantau check: problems", show_lines=True)
    for column in ("area", "check", "rows", "what should hold", "examples"):
        table.add_column(column, overflow="fold")
    for problem in report.problems:
        table.add_row(
            problem.area,
            problem.check,
            str(problem.count),
            problem.description,
            "\n".join(problem.examples),
        )
    console.print(table)
