"""`pantau eval`: per-field precision, recall and F1 of the pipeline against gold JSONL.

Scoring follows gold/SCHEMA.md field by field. A field absent from a gold line is not scored
for that line, so dev sets may annotate only some fields. Lines may carry their `text` (or
`html`) or point at a record of a corpus under SHARED_DIR (data/devset/README.md), resolved
here at run time and checked against its SHA-1.

The pipeline never sees the gold `published`: that field is what it predicts. A line's
optional `context` ({"published", "title", "region_hint"}) is what a crawler would know of the
page besides its text; it is passed to the pipeline and is not scored.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import config

log = logging.getLogger(__name__)

FIELDS = (
    "published",
    "relevant",
    "primary_region",
    "regions",
    "events",
    "officials",
    "officials_role",
    "counts",
    "dates",
    "venues",
    "organizations",
    "regulations",
    "awards",
    "amounts",
)


class GoldError(ValueError):
    """A gold line that cannot be scored (unreadable pointer, text drifted)."""


# ---------------------------------------------------------------- resolving a line's text


@cache
def _csv_rows(path: Path, key_column: str) -> dict[str, dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(str(row.get(key_column, "")), row)
    return rows


@cache
def _jsonl_rows(path: Path, key_column: str) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            rows.setdefault(str(record.get(key_column, "")), record)
    return rows


def _paragraphs_text(paragraphs: list) -> str:
    # IndoSum stores tokenized paragraphs: [[sentence tokens, ...], ...].
    return "\n\n".join(" ".join(" ".join(sentence) for sentence in para) for para in paragraphs)


def text_sha1(text: str) -> str:
    """The SHA-1 hex of a text as a pointer's `sha1` records it."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def resolve_source(
    source: dict[str, Any], shared_dir: Path | None = None
) -> tuple[str, str | None]:
    """(text, title) of the corpus record a pointer line names; GoldError if gone or changed."""
    root = shared_dir or config.SHARED_DIR
    path = root / source["corpus"] / source["file"]
    if not path.is_file():
        raise GoldError(f"corpus file not found: {path}")
    key_column = source.get("key_column", "id")
    rows = _jsonl_rows(path, key_column) if path.suffix == ".jsonl" else _csv_rows(path, key_column)
    record = rows.get(str(source["key"]))
    if record is None:
        raise GoldError(f"no record {key_column}={source['key']} in {path}")
    text_column = source.get("text_column", "text")
    raw = record.get(text_column)
    text = _paragraphs_text(raw) if isinstance(raw, list) else str(raw or "")
    if source.get("sha1") and text_sha1(text) != source["sha1"]:
        raise GoldError(f"text of {source['key']} in {path} changed (sha1 mismatch)")
    title = record.get(source["title_column"]) if source.get("title_column") else None
    return text, title


# ---------------------------------------------------------------- matching rules


def _norm(text: Any) -> str:
    text = re.sub(r"\([^)]*\)", " ", str(text or "").lower())
    return " ".join(re.findall(r"[\w/]+", text))


def _is_acronym(short: str, words: list[str]) -> bool:
    """short is made of a non-empty piece of each word in order ("sekda" = sekretaris daerah,
    "bskdn" = badan strategi kebijakan dalam negeri); the first piece opens the first word."""

    @cache
    def fits(i: int, w: int) -> bool:
        if w == len(words):
            return i == len(short)
        word = words[w]
        for length in range(1, len(short) - i + 1):
            piece = short[i : i + length]
            if _subsequence(piece, word, anchored=(w == 0)) and fits(i + length, w + 1):
                return True
        return False

    return len(words) > 1 and len(short) >= len(words) and bool(short) and fits(0, 0)


def _subsequence(piece: str, word: str, anchored: bool) -> bool:
    if anchored and not word.startswith(piece[0]):
        return False
    it = iter(word)
    return all(char in it for char in piece)


def _token_runs_match(short: list[str], long: list[str]) -> bool:
    # Each short token stands for one long token (equal, or a word's abbreviation such as
    # "kab" for "kabupaten") or for a run of them (an acronym).
    @cache
    def go(i: int, j: int) -> bool:
        if i == len(short):
            return j == len(long)
        for k in range(j + 1, len(long) + 1):
            run = long[j:k]
            token = short[i]
            one = k == j + 1 and (token == run[0] or (len(token) >= 3 and run[0].startswith(token)))
            if (one or (k > j + 1 and _is_acronym(token, run))) and go(i + 1, k):
                return True
        return False

    return go(0, 0)


def same_name(a: Any, b: Any, fuzzy: bool = True, acronyms: bool = True) -> bool:
    """Name equality of SCHEMA.md: containment or token overlap >= 0.8 (fuzzy), and an acronym
    or short form taken as its expansion (acronyms)."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x == y:
        return True
    tx, ty = x.split(), y.split()
    if fuzzy:
        if re.search(rf"\b{re.escape(x)}\b", y) or re.search(rf"\b{re.escape(y)}\b", x):
            return True
        if len(set(tx) & set(ty)) / max(len(set(tx)), len(set(ty))) >= 0.8:
            return True
    if acronyms:
        short, long = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
        return _token_runs_match(short, long)
    return False


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def match_items(
    gold: list[Any], predicted: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, list[Any], list[Any]]:
    """Greedy one-to-one matching: (true positives, unmatched predictions, unmatched gold)."""
    unmatched_gold = list(gold)
    false_hits = []
    for item in predicted:
        partner = next((g for g in unmatched_gold if same(g, item)), None)
        if partner is None:
            false_hits.append(item)
        else:
            unmatched_gold.remove(partner)
    return len(gold) - len(unmatched_gold), false_hits, unmatched_gold


def _distinct(items: Iterable[Any], key: Callable[[Any], Any]) -> list[Any]:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _count_key(item: dict) -> tuple:
    return (_number(item.get("value")), _norm(item.get("unit")))


def _role_same(a: dict, b: dict) -> bool:
    return same_name(a.get("name"), b.get("name"), fuzzy=False, acronyms=False) and (
        _norm(a.get("role")) == _norm(b.get("role"))
        or same_name(a.get("role"), b.get("role"), fuzzy=False, acronyms=True)
    )


# field -> (how gold items become comparable, how two items match)
LIST_FIELDS: dict[str, tuple[Callable[[list], list], Callable[[Any, Any], bool]]] = {
    "regions": (lambda xs: _distinct(xs, str), lambda g, p: str(g) == str(p)),
    "dates": (lambda xs: _distinct(xs, str), lambda g, p: str(g) == str(p)),
    "regulations": (lambda xs: _distinct(xs, _norm), lambda g, p: _norm(g) == _norm(p)),
    "counts": (
        lambda xs: _distinct(xs, _count_key),
        lambda g, p: _count_key(g) == _count_key(p),
    ),
    "amounts": (
        lambda xs: _distinct(xs, lambda a: _number(a.get("value"))),
        lambda g, p: _number(g.get("value")) == _number(p.get("value")),
    ),
    "events": (
        lambda xs: xs,
        lambda g, p: g.get("type") == p.get("type") and g.get("start") == p.get("start"),
    ),
    "venues": (lambda xs: _distinct(xs, _norm), lambda g, p: same_name(g, p, acronyms=False)),
    "organizations": (lambda xs: _distinct(xs, _norm), same_name),
    "awards": (
        lambda xs: _distinct(xs, lambda a: _norm(a.get("name"))),
        lambda g, p: same_name(g.get("name"), p.get("name"), fuzzy=False),
    ),
    "officials": (
        lambda xs: _distinct(xs, lambda o: _norm(o.get("name"))),
        lambda g, p: _norm(g.get("name")) == _norm(p.get("name")),
    ),
    "officials_role": (
        lambda xs: _distinct(xs, lambda o: _norm(o.get("name"))),
        _role_same,
    ),
}


# ---------------------------------------------------------------- scoring


@dataclass
class FieldScore:
    """Counts of one field over all scored lines."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0  # lines right (for accuracy of single-valued fields)
    lines: int = 0

    def as_dict(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out: dict[str, float | int] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }
        if self.lines:
            out["accuracy"] = round(self.correct / self.lines, 4)
        return out


@dataclass
class Report:
    """Scores per field, the errors, and the lines that could not be scored."""

    articles: int = 0
    scores: dict[str, FieldScore] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    annotate_seconds: float = 0.0  # time spent annotating, pipeline already loaded

    def as_dict(self) -> dict[str, Any]:
        per_article = self.annotate_seconds / self.articles if self.articles else 0.0
        return {
            "articles": self.articles,
            "skipped": len(self.skipped),
            "ms_per_article": round(per_article * 1000, 1),
            "fields": {name: self.scores[name].as_dict() for name in FIELDS if name in self.scores},
        }


def _score_single(
    score: FieldScore, gold: Any, predicted: Any, article: str, name: str, report: Report
) -> None:
    # Exact match of one value; both None counts as right and adds nothing to P/R.
    score.lines += 1
    if gold == predicted:
        score.correct += 1
        if gold is not None and gold is not False:
            score.tp += 1
        return
    if predicted is not None and predicted is not False:
        score.fp += 1
        report.errors.append(
            {"article": article, "field": name, "kind": "false", "item": predicted}
        )
    if gold is not None and gold is not False:
        score.fn += 1
        report.errors.append({"article": article, "field": name, "kind": "miss", "item": gold})


def score_line(gold: dict[str, Any], predicted: dict[str, Any], report: Report) -> None:
    """Add one article's comparison to the report (only the fields the gold line has)."""
    article = str(gold.get("id", report.articles))
    for name in FIELDS:
        source = "officials" if name == "officials_role" else name
        if source not in gold:
            continue
        score = report.scores.setdefault(name, FieldScore())
        if name in ("published", "relevant", "primary_region"):
            _score_single(score, gold[name], predicted.get(name), article, name, report)
            continue
        prepare, same = LIST_FIELDS[name]
        gold_items = prepare(gold[source] or [])
        predicted_items = prepare(predicted.get(source) or [])
        tp, false_hits, misses = match_items(gold_items, predicted_items, same)
        score.tp += tp
        score.fp += len(false_hits)
        score.fn += len(misses)
        report.errors += [
            {"article": article, "field": name, "kind": "false", "item": item}
            for item in false_hits
        ]
        report.errors += [
            {"article": article, "field": name, "kind": "miss", "item": item} for item in misses
        ]
    report.articles += 1


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The lines of a gold JSONL file (blank lines and `//` comments skipped)."""
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip() and not raw.lstrip().startswith("//"):
            try:
                lines.append(json.loads(raw))
            except json.JSONDecodeError as error:
                raise GoldError(f"{path}:{number}: not JSON ({error})") from error
    return lines


def article_input(line: dict[str, Any], shared_dir: Path | None = None):
    """The pipeline's input for a gold line: text or HTML, URL and context, never gold values."""
    from pipeline.annotate import ArticleInput

    context = line.get("context") or {}
    text, html, title = line.get("text"), line.get("html"), context.get("title")
    if text is None and html is None:
        if "source" not in line:
            raise GoldError(f"line {line.get('id')}: no text, html or source")
        text, source_title = resolve_source(line["source"], shared_dir)
        title = title or source_title
    published = context.get("published")
    return ArticleInput(
        text=text,
        html=html,
        url=line.get("source_url") or line.get("url"),
        published=date.fromisoformat(published) if published else None,
        title=title,
        region_hint=context.get("region_hint"),
    )


def evaluate(paths: list[Path], annotator: Any = None, progress: bool = True) -> Report:
    """Run the pipeline on every line of the gold files and score it."""
    from pipeline.annotate import Annotator

    annotator = annotator or Annotator()
    report = Report()
    lines = [(path, line) for path in paths for line in read_gold(path)]
    for path, line in _progress(lines, progress):
        try:
            article = article_input(line)
        except (GoldError, KeyError, ValueError) as error:
            log.warning("skipped %s:%s: %s", path.name, line.get("id"), error)
            report.skipped.append(
                {"file": str(path), "id": str(line.get("id")), "reason": str(error)}
            )
            continue
        started = time.perf_counter()
        predicted = annotator.annotate(article)
        report.annotate_seconds += time.perf_counter() - started
        score_line(line, predicted, report)
    return report


def _progress(items: list, show: bool) -> Iterable:
    if not show:
        return items
    from rich.progress import track

    return track(items, description="Scoring", transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def print_report(report: Report, show_errors: bool = False) -> None:
    """The per-field table (rich), the errors if asked, and the skipped lines."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    summary = report.as_dict()
    table = Table(
        title=f"pantau eval: {report.articles} articles, {summary['ms_per_article']} ms/article"
    )
    for column in ("field", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name, scores in summary["fields"].items():
        table.add_row(
            name,
            *(f"{scores[k]:.3f}" for k in ("precision", "recall", "f1")),
            *(str(scores[k]) for k in ("tp", "fp", "fn")),
        )
    console.print(table)
    if show_errors:
        for error in report.errors:
            item = json.dumps(error["item"], ensure_ascii=False, default=str)
            console.print(
                f"{error['article']}\t{error['field']}\t{error['kind']}\t{item}", markup=False
            )
    if report.skipped:
        console.print(f"[yellow]{len(report.skipped)} line(s) skipped[/yellow]")
        for skip in report.skipped:
            console.print(f"  {skip['id']}: {skip['reason']}", markup=False)
