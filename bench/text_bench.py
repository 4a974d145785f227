"""Speed of extract's text stage next to trafilatura alone, on the same pages, on one core.

Reads the HTML responses of WARC files (a demo crawl, or `python bench/corpus.py --n 300 --out
DIR`), decodes them once, then times, per page and best of `--repeat` runs, in CPU seconds of
this process (the machine is shared; wall time would measure the neighbours):

- `trafilatura.extract` with its defaults (trafilatura alone);
- the text stage: `pipeline.extract.text_record` (decode, main text and metadata, boilerplate
  and credits, language, publication date) — what extract does before relevance and NLP;
- relevance scoring, one article at a time and in one batch (`RelevanceModel.scores`).

Usage: `python bench/text_bench.py WARC_OR_DIR... [--repeat 3] [--profile out.html]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR.parent) not in sys.path:  # run as a script: make `pipeline` importable
    sys.path.insert(0, str(BENCH_DIR.parent))

import trafilatura  # noqa: E402

from pipeline.extract import text_record  # noqa: E402
from pipeline.records import RawPage, SourceIndex, input_files, read_file  # noqa: E402
from pipeline.relevance import RelevanceModel  # noqa: E402


def read_pages(inputs: list[Path]) -> list[RawPage]:
    pages: list[RawPage] = []
    for path, _ in input_files(inputs):
        pages += [p for p in read_file(path, SourceIndex(), True) if isinstance(p, RawPage)]
    return pages


def best_cpu_seconds(work: Callable[[], object], repeat: int) -> float:
    """Least CPU time of `repeat` runs (after one warm-up run)."""
    work()
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def measure(pages: list[RawPage], repeat: int) -> dict:
    sources = SourceIndex()
    html = [p.decoded() for p in pages]
    records = [text_record(p, sources) for p in pages]
    articles = [r for r in records if isinstance(r, dict)]
    items = [(a["title"], a["text"]) for a in articles]
    timings = {
        "trafilatura.extract (defaults)": (
            best_cpu_seconds(lambda: [trafilatura.extract(h) for h in html], repeat),
            len(html),
        ),
        "text stage (text_record)": (
            best_cpu_seconds(lambda: [text_record(p, sources) for p in pages], repeat),
            len(pages),
        ),
    }
    try:
        model = RelevanceModel.load()
    except Exception as error:  # say so, and still report the text stage
        print(f"relevance not timed: model does not load ({error!r})", file=sys.stderr)
    else:
        timings["relevance, one by one"] = (
            best_cpu_seconds(lambda: [model.score(t, x) for t, x in items], repeat),
            len(items),
        )
        timings["relevance, batched"] = (
            best_cpu_seconds(lambda: model.scores(items), repeat),
            len(items),
        )
    return {
        "pages": len(pages),
        "articles": len(articles),
        "mean_html_kb": round(sum(map(len, html)) / max(1, len(html)) / 1024, 1),
        "per_second": {k: round(n / s, 1) for k, (s, n) in timings.items()},
        "ms_per_page": {k: round(1000 * s / n, 3) for k, (s, n) in timings.items()},
    }


def profile(pages: list[RawPage], out: Path) -> None:
    from pyinstrument import Profiler

    sources = SourceIndex()
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    for page in pages:
        text_record(page, sources)
    profiler.stop()
    out.write_text(profiler.output_html(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="WARC files or folders")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a pyinstrument HTML profile here")
    args = parser.parse_args(argv)
    pages = read_pages(args.inputs)
    if not pages:
        print("no HTML pages found", file=sys.stderr)
        return 2
    result = measure(pages, args.repeat)
    for name, rate in result["per_second"].items():
        print(f"{name:32s} {rate:8.1f}/s  {result['ms_per_page'][name]:7.3f} ms")
    print(json.dumps({k: v for k, v in result.items() if k not in ("per_second", "ms_per_page")}))
    if args.profile:
        profile(pages, args.profile)
        print(f"profile: {args.profile}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
