"""How fast `pantau annotate` is per article once the trained pipeline is loaded.

Loads the annotator once (text clean-up, relevance model, the spaCy pipeline with the trained
NER and every pantau component), then annotates the articles of the dev sets
(data/devset/who_*.jsonl: synthetic lines carry their text, pointer lines are resolved against
../shared) and prints milliseconds per article: p50, p95, mean, max. `--repeat` runs the set
several times; `--profile` prints a pyinstrument profile of one pass (where the time goes).

    .venv/bin/python bench/annotate_bench.py [--repeat 3] [--profile] [GOLD.jsonl ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.annotate import Annotator  # noqa: E402
from pipeline.evaluate import GoldError, article_input, read_gold  # noqa: E402

DEFAULT_SETS = sorted((ROOT / "data" / "devset").glob("who_*.jsonl"))


def load_articles(paths: list[Path]) -> list:
    """Article inputs of every line that resolves (a pointer whose corpus is gone is skipped)."""
    articles, skipped = [], 0
    for path in paths:
        for line in read_gold(path):
            try:
                articles.append(article_input(line))
            except GoldError:
                skipped += 1
    if skipped:
        print(f"skipped {skipped} lines whose corpus text is not available", file=sys.stderr)
    return articles


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_pass(annotator: Annotator, articles: list) -> list[float]:
    timings = []
    for article in articles:
        started = time.perf_counter()
        annotator.annotate(article)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    annotator = Annotator()
    load_s = time.perf_counter() - started
    articles = load_articles(args.gold)
    if not articles:
        sys.exit("no articles to annotate")
    chars = sum(len(a.text or a.html or "") for a in articles)
    time_pass(annotator, articles[:3])  # warm-up: lazy imports, caches
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            time_pass(annotator, articles)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    timings = [ms for _ in range(args.repeat) for ms in time_pass(annotator, articles)]
    print(
        f"pipeline loaded in {load_s:.1f} s; {len(articles)} articles "
        f"({chars / len(articles):.0f} chars on average) x {args.repeat}"
    )
    print(
        f"ms/article: p50 {percentile(timings, 0.5):.1f}  p95 {percentile(timings, 0.95):.1f}  "
        f"mean {statistics.mean(timings):.1f}  max {max(timings):.1f}"
    )


if __name__ == "__main__":
    main()
