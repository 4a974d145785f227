"""Speed of the NLP stage, component by component, and proof that speed-ups keep its output.

Reads the HTML responses of WARC files (`python bench/corpus.py --n 500 --out DIR`), runs
extract's text stage once (untimed, to get the article records), then measures in CPU seconds
of this process, on one core, per article (the machine is shared: wall time would measure the
neighbours):

- trafilatura alone and pantau's text stage, on the same pages (the references);
- tokenizing: spaCy's `id` tokenizer (`spacy.blank("id")`) and pantau's (pipeline.toml);
- each pipeline component, and the whole NLP stage, one article at a time (`make_doc`) and in
  batches (`make_docs`, through `nlp.pipe`).

`--compare` checks that the fast paths change nothing: on the benchmark articles, every dev
set, the seeds' gold and the demo site's articles, tokens (text, whitespace, norm) of pantau's
tokenizer equal spaCy's, the trained NER's entities are the same, and the gold-format output
(`doc_to_gold`) of the whole pipeline is identical between spaCy's tokenizer and pantau's, and
between `make_doc` and `make_docs`.

Usage: `python bench/nlp_bench.py WARC_OR_DIR... [--sample 300] [--compare] [--profile out.html]
[--json out.json]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR.parent) not in sys.path:  # run as a script: make `pipeline` importable
    sys.path.insert(0, str(BENCH_DIR.parent))

import trafilatura  # noqa: E402
from spacy.language import Language  # noqa: E402

from pipeline.config import PROJECT_ROOT, SHARED_DIR  # noqa: E402
from pipeline.extract import text_record  # noqa: E402
from pipeline.nlp import load_pipeline, make_doc, make_docs  # noqa: E402
from pipeline.nlp.export import doc_to_gold  # noqa: E402
from pipeline.records import RawPage, SourceIndex, input_files, read_file  # noqa: E402

SPACY_TOKENIZER = "spacy.Tokenizer.v1"  # the language's own tokenizer (spacy.blank("id"))
CONTEXT_KEYS = ("published", "url", "region_hint", "title")


def read_pages(inputs: list[Path]) -> list[RawPage]:
    pages: list[RawPage] = []
    for path, _ in input_files(inputs):
        pages += [p for p in read_file(path, SourceIndex(), True) if isinstance(p, RawPage)]
    return pages


def cpu_ms_per_item(work: Callable[[], object], items: int) -> float:
    started = time.process_time()
    work()
    return 1000 * (time.process_time() - started) / max(items, 1)


def time_components(nlp: Language, articles: list[dict]) -> dict[str, float]:
    """CPU ms per article of the tokenizer and of each component, one article at a time."""
    spent: dict[str, float] = defaultdict(float)
    for article in articles:
        started = time.process_time()
        doc = nlp.make_doc(article["text"])
        spent["tokenizer"] += time.process_time() - started
        for key in CONTEXT_KEYS:
            setattr(doc._, key, article.get(key))
        for name, component in nlp.pipeline:
            started = time.process_time()
            doc = component(doc)
            spent[name] += time.process_time() - started
    return {name: 1000 * seconds / len(articles) for name, seconds in spent.items()}


def one_by_one(nlp: Language, articles: list[dict]) -> list:
    return [make_doc(nlp, a["text"], **{k: a.get(k) for k in CONTEXT_KEYS}) for a in articles]


def measure(pages: list[RawPage], articles: list[dict], profile: Path | None) -> dict:
    html = [p.decoded() for p in pages]
    sources = SourceIndex()
    spacy_nlp = load_pipeline(tokenizer=SPACY_TOKENIZER)
    nlp = load_pipeline()
    words = sum(len(nlp.make_doc(a["text"])) for a in articles)
    one_by_one(nlp, articles[:20])  # warm-up: lazily built matchers, caches
    result = {
        "pages": len(pages),
        "articles": len(articles),
        "tokens_per_article": round(words / len(articles), 1),
        "trafilatura_ms": cpu_ms_per_item(
            lambda: [trafilatura.extract(h) for h in html], len(html)
        ),
        "text_stage_ms": cpu_ms_per_item(
            lambda: [text_record(p, sources) for p in pages], len(pages)
        ),
        "tokenizer_spacy_ms": cpu_ms_per_item(
            lambda: [spacy_nlp.make_doc(a["text"]) for a in articles], len(articles)
        ),
        "tokenizer_pantau_ms": cpu_ms_per_item(
            lambda: [nlp.make_doc(a["text"]) for a in articles], len(articles)
        ),
        "nlp_spacy_tokenizer_ms": cpu_ms_per_item(
            lambda: one_by_one(spacy_nlp, articles), len(articles)
        ),
        "nlp_make_doc_ms": cpu_ms_per_item(lambda: one_by_one(nlp, articles), len(articles)),
        "nlp_make_docs_ms": cpu_ms_per_item(lambda: list(make_docs(nlp, articles)), len(articles)),
        "components_ms": time_components(nlp, articles),
    }
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        with profiler:
            list(make_docs(nlp, articles))
        profile.write_text(profiler.output_html(), encoding="utf-8")
    return result


# ---------------------------------------------------------------- equality checks


def reference_texts(articles: list[dict]) -> list[dict]:
    """Benchmark articles + dev sets + seeds' gold + the demo site's articles."""
    texts = [dict(a) for a in articles]
    gold_files = sorted((PROJECT_ROOT / "data" / "devset").glob("*.jsonl"))
    gold_files.append(SHARED_DIR / "gold" / "seeds.jsonl")
    for gold in gold_files:
        if not gold.is_file():
            continue
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("//"):
                record = json.loads(line)
                if record.get("text"):
                    texts.append({"text": record["text"], "url": record.get("source_url")})
    demo = read_pages(sorted((PROJECT_ROOT / "data" / "demo" / "site").rglob("*.htm*")))
    for page in demo:
        record = text_record(page, SourceIndex())
        if isinstance(record, dict):
            texts.append(record)
    return texts


def _tokens(doc) -> list[tuple]:
    return [(t.text, t.whitespace_, t.norm_) for t in doc]


def _entities(doc) -> list[tuple]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def compare(texts: list[dict]) -> dict:
    """Differences between spaCy's tokenizer and pantau's, and between make_doc and make_docs."""
    spacy_nlp = load_pipeline(tokenizer=SPACY_TOKENIZER)
    nlp = load_pipeline()
    differ: dict[str, list[str]] = {"tokens": [], "entities": [], "gold": [], "batched": []}
    batched = list(make_docs(nlp, texts))
    for article, batched_doc in zip(texts, batched, strict=True):
        context = {k: article.get(k) for k in CONTEXT_KEYS}
        reference = make_doc(spacy_nlp, article["text"], **context)
        fast = make_doc(nlp, article["text"], **context)
        label = (article.get("url") or article["text"][:60]).strip()
        if _tokens(reference) != _tokens(fast):
            differ["tokens"].append(label)
        if _entities(reference) != _entities(fast):
            differ["entities"].append(label)
        if _gold(reference) != _gold(fast):
            differ["gold"].append(label)
        if _gold(batched_doc) != _gold(fast):
            differ["batched"].append(label)
    return {
        "texts": len(texts),
        **{k: {"count": len(v), "which": v[:10]} for k, v in differ.items()},
    }


def _gold(doc) -> str:
    return json.dumps(doc_to_gold(doc), sort_keys=True, default=str)


# ---------------------------------------------------------------- report


def print_table(result: dict) -> None:
    rows: Iterable[tuple[str, float]] = [
        ("trafilatura.extract alone", result["trafilatura_ms"]),
        ("pantau text stage", result["text_stage_ms"]),
        ("tokenizer: spaCy id", result["tokenizer_spacy_ms"]),
        ("tokenizer: pantau", result["tokenizer_pantau_ms"]),
        ("NLP stage, spaCy tokenizer, make_doc", result["nlp_spacy_tokenizer_ms"]),
        ("NLP stage, make_doc", result["nlp_make_doc_ms"]),
        ("NLP stage, make_docs (nlp.pipe)", result["nlp_make_docs_ms"]),
    ]
    size = f"{result['articles']} articles ({result['pages']} pages)"
    print(f"{size}, {result['tokens_per_article']} tokens/article; CPU ms per article, one core")
    print("| stage | ms/article | articles/s |")
    print("|---|---:|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:.2f} | {1000 / ms:.0f} |")
    print("\n| component | ms/article |")
    print("|---|---:|")
    for name, ms in sorted(result["components_ms"].items(), key=lambda item: -item[1]):
        print(f"| {name} | {ms:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=300, help="pages to use")
    parser.add_argument("--compare", action="store_true", help="check outputs are unchanged")
    parser.add_argument("--profile", type=Path, help="pyinstrument HTML of the NLP stage")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    pages = read_pages(args.inputs)[: args.sample]
    sources = SourceIndex()
    articles = [r for r in (text_record(p, sources) for p in pages) if isinstance(r, dict)]
    if not articles:
        sys.exit("no articles in the inputs")
    result = measure(pages, articles, args.profile)
    print_table(result)
    if args.compare:
        result["compare"] = compare(reference_texts(articles))
        print(json.dumps(result["compare"], indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
