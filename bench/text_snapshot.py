"""Snapshot of the text stage and relevance scores, to prove a speed change keeps the output.

Writes, for every page of the given inputs (WARC files, HTML files or folders), the text stage's
fields (text, title, author, editor, published, published_source, language, or the skip reason)
and, for the articles, the relevance score; plus the hostile pages of tests/hostile.py and the
relevance dev/seed texts. Compare two snapshots with `--diff A B` (scores to 1e-9).

Usage:
    python bench/text_snapshot.py --out /tmp/before.json /tmp/s2_corpus data/demo/site
    python bench/text_snapshot.py --diff /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
for extra in (ROOT, ROOT / "tests"):  # run as a script: `pipeline` and tests/hostile.py
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from pipeline import config  # noqa: E402
from pipeline.extract import text_record  # noqa: E402
from pipeline.records import RawPage, SourceIndex, input_files, read_file  # noqa: E402
from pipeline.relevance import RelevanceModel, corpus_examples  # noqa: E402

FIELDS = ("title", "author", "editor", "site_name", "published", "published_source", "lang")
SCORE_TOLERANCE = 1e-9


def page_entries(inputs: list[Path]) -> list[dict]:
    sources = SourceIndex()
    entries: list[dict] = []
    for path, _ in input_files(inputs):
        for index, page in enumerate(read_file(path, sources, True)):
            key = f"{path.name}#{index}"
            if not isinstance(page, RawPage):
                entries.append({"key": key, "skip": page.reason})
                continue
            record = text_record(page, sources)
            if not isinstance(record, dict):
                entries.append({"key": key, "skip": record.reason, "detail": record.detail})
                continue
            entry = {"key": key, "text": record["text"]}
            entry.update({f: _plain(record[f]) for f in FIELDS})
            entries.append(entry)
    return entries


def hostile_entries() -> list[dict]:
    from hostile import write_hostile_files

    with tempfile.TemporaryDirectory() as folder:
        write_hostile_files(Path(folder))
        entries = page_entries([Path(folder)])
    # the temporary folder's name is in no key: keys are file names
    return entries


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def add_scores(entries: list[dict], model: RelevanceModel) -> None:
    articles = [e for e in entries if "text" in e]
    scores = model.scores([(e["title"], e["text"]) for e in articles])
    one_by_one = [model.score(e["title"], e["text"]) for e in articles]
    for entry, batched, single in zip(articles, scores, one_by_one, strict=True):
        entry["score"] = float(batched)
        entry["score_single"] = float(single)


def dev_scores(model: RelevanceModel) -> list[dict]:
    items = [(e.title, e.text) for e in corpus_examples()]
    seeds = sorted((config.SHARED_DIR / "seeds").glob("*.txt"))
    items += [(None, path.read_text(encoding="utf-8")) for path in seeds]
    batched = model.scores(items)
    return [
        {"key": f"dev#{i}", "score": float(b), "score_single": float(model.score(t, x))}
        for i, ((t, x), b) in enumerate(zip(items, batched, strict=True))
    ]


def snapshot(inputs: list[Path]) -> dict:
    model = RelevanceModel.load()
    pages = page_entries(inputs)
    hostile = hostile_entries()
    add_scores(pages, model)
    add_scores(hostile, model)
    return {"pages": pages, "hostile": hostile, "dev": dev_scores(model)}


def diff(before: dict, after: dict) -> int:
    problems = 0
    for part in before:
        old, new = before[part], after.get(part, [])
        if len(old) != len(new):
            print(f"{part}: {len(old)} vs {len(new)} entries")
            problems += 1
        for a, b in zip(old, new, strict=False):
            for key in sorted(set(a) | set(b)):
                x, y = a.get(key), b.get(key)
                if key.startswith("score") and x is not None and y is not None:
                    same = abs(x - y) <= SCORE_TOLERANCE
                else:
                    same = x == y
                if not same:
                    problems += 1
                    print(f"{part} {a.get('key')} {key}: {str(x)[:80]!r} -> {str(y)[:80]!r}")
    counts = {part: len(entries) for part, entries in before.items()}
    print(f"compared {counts}: {problems} differences")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.diff:
        before, after = (json.loads(p.read_text()) for p in args.diff)
        sys.exit(1 if diff(before, after) else 0)
    if not args.out:
        parser.error("--out is required (or --diff)")
    args.out.write_text(json.dumps(snapshot(args.inputs), ensure_ascii=False, indent=0))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
