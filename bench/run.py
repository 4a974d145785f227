"""`make bench`: time pantau's stages side by side on one synthetic corpus.

Each measurement runs in its own child process, so that its peak RSS (from `os.wait4`, the
child's own rusage) and CPU time are its own. Page-level stages (lxml, trafilatura, pantau's
text stage, pantau's NLP stage) count only the CPU spent inside the stage call
(`time.process_time` around it): reading the WARC and, for NLP, producing its input text are
outside the clock. The whole `pantau extract` (text + NLP + shards + DuckDB load) is timed as
a user runs it, with 1 and 2 worker processes.

Pages: N (default 10,000) for lxml, trafilatura and the text stage; the NLP stage and the whole
extract run on the first `--sample` pages (default: all 10,000), and every ratio to
trafilatura is taken on that same sample, so ratios compare like with like. The table says
which is which.

Results: bench/results.json and bench/results.md (also printed). The other stages' bench
scripts (bench/crawl_bench.py, bench/warehouse_bench.py) run after, with `--quick`, when present.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
PAGE_STAGES = ("lxml", "trafilatura", "text", "nlp")
# The other stages' bench scripts and the arguments that keep each to about a minute.
OTHER_BENCHES = {
    "crawl_bench.py": ["--quick"],
    # Its own results file keeps the full-size figures: the quick run writes beside it.
    "warehouse_bench.py": [
        "--articles",
        "100000",
        "--facts",
        "500000",
        "--repeat",
        "3",
        "--out",
        str(OUT_DIR / "results-warehouse-quick.json"),
    ],
    # The sample's shards loaded into an empty database and into one of 100,000 articles.
    "load_bench.py": ["--facts", str(OUT_DIR / "extract-w1" / "facts"), "--articles", "100000"],
}
DEDUP_SIGNATURES = 200_000  # the near-duplicate pass's memory is measured at this N
PER_FILE = 250  # pages per WARC file: enough files for 2 workers to share the sample


# ---------------------------------------------------------------- corpus


def ensure_corpus(n: int, seed: int, folder: Path) -> Path:
    """Generate the corpus unless one with the same parameters is already there."""
    # The generator's code and templates are part of the key: change them, get a new corpus.
    source = b"".join(
        p.read_bytes() for p in (BENCH_DIR / "corpus.py", BENCH_DIR / "templates.toml")
    )
    params = {"n": n, "seed": seed, "per_file": PER_FILE, "format": "pantau",
              "generator": hashlib.sha1(source).hexdigest()}  # fmt: skip
    stamp = folder / "params.json"
    if stamp.is_file() and json.loads(stamp.read_text()) == params:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, str(BENCH_DIR / "corpus.py"), "--n", str(n), "--seed", str(seed),
         "--out", str(folder), "--per-file", str(PER_FILE)],
        check=True,
    )  # fmt: skip
    stamp.write_text(json.dumps(params))
    print(f"corpus generated in {time.perf_counter() - began:.1f} s")
    return folder


def sample_folder(corpus: Path, sample: int) -> Path:
    """The first `sample` pages' WARC files, hard-linked into their own folder."""
    folder = corpus.parent / f"sample-{sample}"
    files = sorted(corpus.glob("*.warc.gz"))[: max(1, -(-sample // PER_FILE))]
    if folder.is_dir() and sorted(p.name for p in folder.iterdir()) == [f.name for f in files]:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for file in files:
        os.link(file, folder / file.name)
    return folder


def iter_pages(corpus: Path, limit: int | None) -> Iterator[tuple[str, bytes]]:
    """(url, body) of the response records, in file order."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    for path in sorted(corpus.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                yield (
                    record.rec_headers.get_header("WARC-Target-URI"),
                    record.content_stream().read(),
                )
                count += 1
                if limit is not None and count >= limit:
                    return


# ---------------------------------------------------------------- page stages (child side)


def _stage_function(stage: str):
    """The call to time for one page, and an untimed preparation of its input."""
    if stage == "lxml":
        from lxml import html as lxml_html

        return (lambda url, body: body), (lambda url, html: lxml_html.fromstring(html))
    if stage == "trafilatura":
        import trafilatura

        # What a user would otherwise run: main text with metadata, default settings.
        return (
            lambda url, body: body.decode("utf-8"),
            lambda url, html: trafilatura.extract(html, url=url, with_metadata=True),
        )
    if stage == "text":
        from pipeline.text import extract_from_html

        return (lambda url, body: body.decode("utf-8")), extract_from_html
    if stage == "nlp":
        from pipeline.nlp import load_pipeline, make_doc
        from pipeline.text import extract_from_html

        nlp = load_pipeline()

        def prepare(url, body):
            return extract_from_html(body.decode("utf-8"), url)

        def run(url, record):
            return make_doc(nlp, record["text"], published=record["published"], url=url)

        return prepare, run
    raise ValueError(f"unknown stage {stage}")


def run_page_stage(stage: str, corpus: Path, limit: int | None, sample: int) -> dict:
    """Time one stage over the pages; CPU inside the stage call only."""
    prepare, call = _stage_function(stage)
    cpu = cpu_sample = 0.0
    articles = 0
    wall = time.perf_counter()
    for url, body in iter_pages(corpus, limit):
        value = prepare(url, body)
        began = time.process_time()
        call(url, value)
        spent = time.process_time() - began
        cpu += spent
        articles += 1
        if articles <= sample:
            cpu_sample += spent
    return {
        "articles": articles,
        "cpu_s": cpu,
        "articles_sample": min(articles, sample),
        "cpu_s_sample": cpu_sample,
        "wall_s_with_io": time.perf_counter() - wall,
    }


# ---------------------------------------------------------------- parent side


def run_child(command: list[str]) -> tuple[int, str, float, float, float]:
    """Run a child; return (exit code, stdout, wall s, CPU s incl. its children, peak RSS MB)."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=PROJECT_ROOT, text=True)
    out = child.stdout.read()
    # wait4 gives this child's own rusage (plus the grandchildren it reaped), not the sum
    # over every child this script ever ran.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - began
    return (
        child.returncode,
        out,
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,  # KB on Linux
    )


def measure_page_stage(stage: str, corpus: Path, limit: int | None, sample: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", stage,
               "--corpus", str(corpus), "--sample", str(sample)]  # fmt: skip
    if limit is not None:
        command += ["--n", str(limit)]
    code, out, wall, _, rss = run_child(command)
    if code != 0:
        return {"stage": stage, "error": f"exit {code}"}
    result = json.loads(out.strip().splitlines()[-1])
    return {"stage": stage, "wall_s": wall, "peak_rss_mb": rss, **result}


def one_page_folder(seed: int) -> Path:
    """A one-page corpus: what `pantau extract` costs before its first article is done."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from bench.corpus import write_corpus

    folder = OUT_DIR / "one-page"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder, n=1, seed=seed, per_file=1, manifest=False)
    return folder


def measure_extract(sample_dir: Path, articles: int, workers: int, label: str = "") -> dict:
    work = OUT_DIR / f"extract-w{workers}{label}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    command = [sys.executable, "-m", "pipeline.cli", "extract", "--raw", str(sample_dir),
               "--facts", str(work / "facts"), "--db", str(work / "pantau.duckdb"),
               "--workers", str(workers), "--any-domain"]  # fmt: skip
    code, _, wall, cpu, rss = run_child(command)
    stage = f"pantau extract --workers {workers}{label}"
    if code != 0:
        return {"stage": stage, "error": f"exit {code}"}
    loaded = _count_articles(work / "pantau.duckdb")
    return {
        "stage": stage,
        "workers": workers,
        "articles": articles,
        "articles_sample": articles,
        "articles_loaded": loaded,
        "cpu_s": cpu,
        "cpu_s_sample": cpu,
        "wall_s": wall,
        "peak_rss_mb": rss,
    }


def measure_dedup(signatures: int) -> dict:
    """The global near-duplicate pass alone at `signatures` articles (bench/dedup_bench.py,
    synthetic signatures, no extraction): its peak RSS must not grow with N."""
    work = OUT_DIR / "dedup"
    shutil.rmtree(work, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, str(BENCH_DIR / "dedup_bench.py"), "--n", str(signatures),
         "--modes", "streamed", "--out", str(work)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    if done.returncode != 0:
        return {"signatures": signatures, "error": done.stderr[-500:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"signatures": signatures, **result}


def _count_articles(db: Path) -> int | None:
    try:
        import duckdb

        with duckdb.connect(str(db), read_only=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except Exception:  # the count is informative only; the timing stands without it
        return None


def derive(rows: list[dict]) -> None:
    """Per-core rates, CPU per 1,000 articles, ratios to trafilatura on the same sample."""
    reference = next((r for r in rows if r["stage"] == "trafilatura" and "error" not in r), None)
    ref_per_1000 = (
        reference["cpu_s_sample"] / reference["articles_sample"] * 1000 if reference else None
    )
    for row in rows:
        if "error" in row or not row.get("articles"):
            continue
        row["articles_per_s_per_core"] = row["articles"] / row["cpu_s"] if row["cpu_s"] else None
        row["cpu_s_per_1000"] = row["cpu_s"] / row["articles"] * 1000
        per_1000_sample = row["cpu_s_sample"] / row["articles_sample"] * 1000
        row["ratio_to_trafilatura"] = per_1000_sample / ref_per_1000 if ref_per_1000 else None
    startup = next((r for r in rows if r["stage"].endswith("(1 page)") and "error" not in r), None)
    if startup:
        # Imports and model loading are paid once per process, whatever N: the steady cost
        # per article is what the extract costs at scale.
        for row in rows:
            if row["stage"].startswith("pantau extract") and row is not startup and "cpu_s" in row:
                # The start-up is paid once: workers are forked from the process that loaded
                # the models (pipeline.extract._warm_up).
                fixed = startup["cpu_s"]
                steady = (row["cpu_s"] - fixed) / (row["articles"] - 1) * 1000
                row["steady_cpu_s_per_1000"] = steady
                if ref_per_1000:
                    row["steady_ratio_to_trafilatura"] = steady / ref_per_1000
    if startup:
        startup["ratio_to_trafilatura"] = startup["articles_per_s_per_core"] = None
    one = next((r for r in rows if r["stage"].endswith("--workers 1") and "error" not in r), None)
    two = next((r for r in rows if r["stage"].endswith("--workers 2") and "error" not in r), None)
    if one and two:
        two["speedup_vs_1_worker"] = one["wall_s"] / two["wall_s"]
        if reference:
            # The issue's target: extract wall time vs trafilatura alone on the same pages.
            traf_wall = reference["cpu_s_sample"]  # one core, so CPU time is its wall time
            one["wall_ratio_to_trafilatura"] = one["wall_s"] / traf_wall
            two["wall_ratio_to_trafilatura"] = two["wall_s"] / traf_wall


def markdown(rows: list[dict], meta: dict) -> str:
    def fmt(value, spec: str) -> str:
        return format(value, spec) if isinstance(value, int | float) else "-"

    lines = [
        f"Synthetic corpus: {meta['n']} pages (seed {meta['seed']}); NLP and the whole "
        f"extract on the first {meta['sample']} pages; ratios on those {meta['sample']} pages. "
        f"{meta['cpus']} CPUs, {meta['python']}, {meta['when']}; load average "
        f"{meta.get('load_average', '?')} (other work on the machine inflates wall times; "
        f"CPU figures are the child's own rusage or `process_time` around the stage call).",
        "",
        "| stage | articles | articles/s per core | CPU-s per 1,000 | peak RSS MB "
        "| x trafilatura (CPU) | wall s | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        notes = []
        if "error" in row:
            notes.append(f"failed: {row['error']}")
        if row.get("articles_loaded") is not None:
            notes.append(f"{row['articles_loaded']} articles loaded")
        if row.get("speedup_vs_1_worker"):
            notes.append(f"speed-up vs 1 worker {row['speedup_vs_1_worker']:.2f}x")
        if row.get("steady_cpu_s_per_1000") is not None:
            notes.append(
                f"without the one-off start-up: {row['steady_cpu_s_per_1000']:.1f} CPU-s per "
                f"1,000 = {row.get('steady_ratio_to_trafilatura', 0):.2f}x trafilatura"
            )
        if row.get("wall_ratio_to_trafilatura"):
            notes.append(f"wall {row['wall_ratio_to_trafilatura']:.2f}x trafilatura's CPU time")
        lines.append(
            f"| {row['stage']} | {row.get('articles', '-')} "
            f"| {fmt(row.get('articles_per_s_per_core'), '.0f')} "
            f"| {fmt(row.get('cpu_s_per_1000'), '.1f')} | {fmt(row.get('peak_rss_mb'), '.0f')} "
            f"| {fmt(row.get('ratio_to_trafilatura'), '.2f')} | {fmt(row.get('wall_s'), '.1f')} "
            f"| {'; '.join(notes)} |"
        )
    return "\n".join(lines) + "\n"


def dedup_line(dedup: dict) -> str:
    if "error" in dedup:
        return f"\nNear-duplicate pass: failed ({dedup['error']})\n"
    return (
        f"\nNear-duplicate pass alone (`bench/dedup_bench.py`, {dedup['signatures']:,} synthetic "
        f"signatures, DuckDB): {dedup['cpu_s']:.1f} CPU-s, {dedup['wall_s']:.1f} s wall, "
        f"peak RSS {dedup['peak_rss_mb']:.0f} MB, {dedup['duplicates']:,} duplicates.\n"
    )


def run_other_benches(budget_s: float) -> list[dict]:
    """The other stages' bench scripts, each with --quick, while time is left."""
    results = []
    for name, arguments in OTHER_BENCHES.items():
        script = BENCH_DIR / name
        if not script.is_file():
            continue
        if budget_s <= 0:
            results.append({"script": name, "skipped": "time budget spent"})
            continue
        began = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, str(script), *arguments], cwd=PROJECT_ROOT, check=False,
                timeout=max(30, budget_s),
            )  # fmt: skip
            code: int | str = done.returncode
        except subprocess.TimeoutExpired:
            code = "timed out"
        spent = time.perf_counter() - began
        budget_s -= spent
        results.append({"script": name, "exit": code, "wall_s": spent})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pantau benchmarks")
    parser.add_argument("--n", type=int, default=10_000, help="pages in the corpus")
    parser.add_argument("--sample", type=int, default=10_000, help="pages for NLP and extract")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=OUT_DIR / "corpus")
    parser.add_argument("--budget", type=float, default=570.0, help="seconds for everything")
    parser.add_argument("--child", choices=PAGE_STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # inside a measurement child: print one JSON line
        print(json.dumps(run_page_stage(args.child, args.corpus, args.n, args.sample)))
        return 0

    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    sys.path.insert(0, str(PROJECT_ROOT))
    # The sample is made of whole WARC files (what extract's shards are): round it up.
    sample = min(args.n, -(-min(args.sample, args.n) // PER_FILE) * PER_FILE)
    corpus = ensure_corpus(args.n, args.seed, args.corpus)
    sample_dir = sample_folder(corpus, sample)
    rows = []
    for stage in PAGE_STAGES:
        limit = sample if stage == "nlp" else args.n
        print(f"timing {stage} on {limit} pages ...", flush=True)
        rows.append(measure_page_stage(stage, corpus, limit, sample))
    print("timing pantau extract on 1 page (start-up cost) ...", flush=True)
    rows.append(measure_extract(one_page_folder(args.seed), 1, 1, " (1 page)"))
    for workers in (1, 2):
        print(f"timing pantau extract --workers {workers} on {sample} pages ...", flush=True)
        rows.append(measure_extract(sample_dir, sample, workers))
    print(f"timing the near-duplicate pass on {DEDUP_SIGNATURES} signatures ...", flush=True)
    dedup = measure_dedup(DEDUP_SIGNATURES)
    derive(rows)
    meta = {
        "n": args.n,
        "sample": sample,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}",
    }
    others = run_other_benches(args.budget - (time.perf_counter() - began))
    meta["total_wall_s"] = time.perf_counter() - began
    table = markdown(rows, meta) + dedup_line(dedup)
    (BENCH_DIR / "results.json").write_text(
        json.dumps(
            {"meta": meta, "stages": rows, "dedup": dedup, "other_benches": others}, indent=1
        )
    )
    (BENCH_DIR / "results.md").write_text("# pantau benchmark\n\n" + table)
    print(table)
    print(f"total {meta['total_wall_s']:.0f} s; bench/results.json, bench/results.md written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
