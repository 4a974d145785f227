"""Named trend queries (`pantau query`) and one article with its facts (`pantau show`).

Each question is a ``queries/<name>.sql`` file whose header gives its name, description and
parameters::

    -- name: events_per_month
    -- description: Innovation events per month and event type.
    -- param: start DATE default 1900-01-01  first day of the period

Parameter values are converted to their declared type and bound (``$start``), never formatted
into the SQL, and every query runs on a read-only connection.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from pipeline import config
from pipeline.store import open_db

QUERIES_DIR = Path(__file__).resolve().parent / "queries"

_HEADER = re.compile(r"^--\s*(name|description|param):\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(\w+)\s+(DATE|INTEGER|DOUBLE|VARCHAR)(?:\s+default\s+('[^']*'|\S+))?\s*(.*)$"
)


class QueryError(ValueError):
    """A query that does not exist or a parameter value that does not fit its type."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    help: str

    def convert(self, raw: str) -> Any:
        """The value of ``raw`` in this parameter's type, or a QueryError saying what is wrong."""
        try:
            if self.type == "DATE":
                return date.fromisoformat(raw)
            if self.type == "INTEGER":
                return int(raw)
            if self.type == "DOUBLE":
                return float(raw)
        except ValueError:
            shown = raw if len(raw) <= 40 else raw[:40] + "..."
            raise QueryError(
                f"parameter {self.name}: expected {self.type}, got {shown!r}"
            ) from None
        return raw


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    sql: str
    path: Path

    def bind(self, given: dict[str, str]) -> dict[str, Any]:
        """Every declared parameter's value: given, else its default, converted to its type."""
        known = {param.name for param in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise QueryError(
                f"{self.name} has no parameter {', '.join(unknown)}; "
                f"it takes: {', '.join(sorted(known)) or 'none'}"
            )
        values = {}
        for param in self.params:
            raw = given.get(param.name, param.default)
            if raw is None:
                raise QueryError(f"{self.name} needs --param {param.name}=<{param.type}>")
            values[param.name] = param.convert(raw)
        return values


def parse_query_file(path: Path) -> NamedQuery:
    """Read one query file's header; the rest is its SQL."""
    header: dict[str, str] = {}
    params = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key != "param":
            header[key] = value
            continue
        param = _PARAM.match(value)
        if not param:
            raise QueryError(f"{path.name}: cannot read parameter line {line!r}")
        name, kind, default, help_text = param.groups()
        if default is not None and default.startswith("'"):
            default = default[1:-1]
        params.append(Param(name, kind, default, help_text))
    if header.get("name") != path.stem:
        raise QueryError(f"{path.name}: its '-- name:' header must be {path.stem!r}")
    return NamedQuery(
        name=header["name"],
        description=header.get("description", ""),
        params=tuple(params),
        sql=path.read_text(encoding="utf-8"),
        path=path,
    )


def load_queries(queries_dir: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query, by name."""
    queries = (parse_query_file(path) for path in sorted(queries_dir.glob("*.sql")))
    return {query.name: query for query in queries}


def get_query(name: str) -> NamedQuery:
    queries = load_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; `pantau query --list` shows them")
    return queries[name]


def run_query(
    name: str, params: dict[str, str] | None = None, db_file: Path | str = config.DB_FILE
) -> tuple[list[str], list[tuple]]:
    """Run a named query on a read-only connection; returns column names and rows."""
    query = get_query(name)
    values = query.bind(params or {})
    conn = open_db(db_file, read_only=True)
    try:
        try:
            cursor = conn.execute(query.sql, values)
        except duckdb.CatalogException as error:
            # The rollups and macros are (re)built by a writable open; a database last written
            # by an older pantau may lack the ones this query reads.
            missing = str(error).splitlines()[0].rstrip("!.")
            raise QueryError(
                f"{name}: {missing}. The database's derived tables are older than this "
                "pantau: run `pantau load` once to rebuild them"
            ) from error
        columns = [column[0] for column in cursor.description]
        return columns, cursor.fetchall()
    finally:
        conn.close()


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["start=2024-01-01", "region=36.73"]`` -> a dict; the value may hold ``=``."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param wants key=value, got {pair!r}")
        params[key.strip()] = value
    return params


def format_rows(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Rows as CSV or JSON text (the table format is drawn by `print_table`)."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, default=str, ensure_ascii=False, indent=2)
    raise QueryError(f"unknown format {fmt!r}: table, csv or json")


def print_table(columns: list[str], rows: list[tuple], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, caption=f"{len(rows)} rows")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    Console().print(table)


def print_query_list() -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Named queries (pantau query NAME --param k=v)")
    table.add_column("name", style="bold")
    table.add_column("description")
    table.add_column("parameters")
    for query in load_queries().values():
        params = "\n".join(f"{p.name} {p.type} = {p.default!r}: {p.help}" for p in query.params)
        table.add_row(query.name, query.description, params)
    Console().print(table)


# --------------------------------------------------------------------------- show

# One style per kind of fact when an article is printed with its facts marked.
KIND_STYLES = {
    "event": "bold magenta",
    "official": "bold cyan",
    "date": "green",
    "count": "bold yellow",
    "amount": "yellow",
    "venue": "blue",
    "organization": "bold blue",
    "region": "red",
    "regulation": "bright_black",
    "award": "bold green",
}


def article_with_facts(article_id: str, db_file: Path | str = config.DB_FILE) -> dict:
    """One article and its mentions (kind, offsets, text, value), for `pantau show`."""
    conn = open_db(db_file, read_only=True)
    try:
        cursor = conn.execute("SELECT * FROM articles WHERE article_id = $id", {"id": article_id})
        found = cursor.fetchall()
        row = found[0] if found else None
        if row is None:
            raise QueryError(f"no article {article_id!r} in {db_file}")
        article = dict(zip([c[0] for c in cursor.description], row, strict=True))
        article["mentions"] = [
            dict(kind=kind, start=start, end=end, text=text, value=value)
            for kind, start, end, text, value in conn.execute(
                "SELECT kind, start_char, end_char, text, value FROM mentions "
                "WHERE article_id = $id ORDER BY start_char, idx",
                {"id": article_id},
            ).fetchall()
        ]
    finally:
        conn.close()
    return article


def show_article(article_id: str, db_file: Path | str = config.DB_FILE) -> None:
    """Print an article with every fact marked in its text, then the facts as a table."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    article = article_with_facts(article_id, db_file)
    text = Text(article["text"] or "")
    for mention in article["mentions"]:
        text.stylize(
            KIND_STYLES.get(mention["kind"], "underline"), mention["start"], mention["end"]
        )
    console = Console()
    meta = (
        f"{article['url']}\npublished {article['published']} · region {article['primary_region']}"
        f" · relevant {article['relevant']} · dup_of {article['dup_of']}"
    )
    console.print(Panel(text, title=article["title"] or article_id, subtitle=meta))
    legend = Text("  ".join(f"[{kind}]" for kind in KIND_STYLES))
    for kind, style in KIND_STYLES.items():
        legend.highlight_words([f"[{kind}]"], style)
    console.print(legend)
    table = Table(title=f"{len(article['mentions'])} facts")
    for column in ("kind", "chars", "text", "value"):
        table.add_column(column, overflow="fold")
    for mention in article["mentions"]:
        table.add_row(
            Text(mention["kind"], style=KIND_STYLES.get(mention["kind"], "")),
            f"{mention['start']}-{mention['end']}",
            mention["text"] or "",
            str(mention["value"]),
        )
    console.print(table)
