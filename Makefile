# pantau: crawl -> extract -> load -> query / brief.
# `make demo` and `make test` set everything up on a fresh machine (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PANTAU := $(BIN)/pantau
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: setup system-deps demo crawl bench-crawl extract load eval eval-heldout test lint bench brief train-ner train-relevance clean brief-png geo regions check bench-warehouse bench-nlp

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,notebooks,scale]'
	touch $(STAMP)

# Debian packages the tests use: Chromium renders the brief, redis-server holds a shared frontier.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium redis-server >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium redis-server >/dev/null; fi; \
	fi

demo: setup
	$(PANTAU) demo

# `make crawl CRAWL_ARGS="--source bantennews --max-pages 50 --since 2024-01-01"`
CRAWL_ARGS ?=
crawl: setup
	$(PANTAU) crawl $(CRAWL_ARGS)

# Crawl throughput on the demo site, throttling off: pages/s and CPU-s per 1,000 pages.
bench-crawl: setup
	$(BIN)/python bench/crawl_bench.py

extract: setup
	$(PANTAU) extract

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup system-deps lint
	$(BIN)/pytest -q

# Monitoring brief: `make brief PERIOD=2024-01 REGION=36 BRIEF_LANG=en` (all optional;
# not LANG, which is the locale variable of every shell).
BRIEF_ARGS = $(if $(PERIOD),--period $(PERIOD)) $(if $(REGION),--region $(REGION)) $(if $(BRIEF_LANG),--lang $(BRIEF_LANG))

brief: setup
	$(PANTAU) brief $(BRIEF_ARGS)

# The brief, then a PNG of it rendered by headless Chromium (Debian chromium).
brief-png: setup system-deps
	$(PANTAU) brief --png $(BRIEF_ARGS)

# Re-derive data/geo/*.geojson (simplified boundaries) from $(SHARED)/data/geo.
geo: setup
	PANTAU_SHARED=$(SHARED) $(BIN)/python data/geo/build.py

clean:
	rm -rf data/raw data/facts data/pantau.duckdb reports

# Extraction quality (issue 4): per-field P/R/F1 on the seeds' gold, then on each dev set
# (data/devset/README.md), one table per file.
eval: setup
	PANTAU_SHARED=$(SHARED) $(PANTAU) eval $(SHARED)/gold/seeds.jsonl
	for f in data/devset/*.jsonl; do PANTAU_SHARED=$(SHARED) $(PANTAU) eval $$f || exit 1; done

# The blind held-out set: our estimate on unseen news. Score it, never tune rules on it.
eval-heldout: setup
	PANTAU_SHARED=$(SHARED) $(PANTAU) eval data/heldout/news_id.jsonl

# Indonesian NER (issue 5): corpora of $(SHARED)/data/ner-id -> .spacy (de-duplicated, one
# label scheme) in a temp folder, train on the CPU (steps capped in models/ner/config.cfg),
# keep the best model in models/ner-id, score each corpus's test split.
NER_BUILD ?= build/ner
# Rebuilds models/relevance.joblib from data/relevance/ (+ ../shared/data/news-id) and
# prints its cross-validated precision/recall/F1 (see models/README.md).
train-relevance: setup
	PANTAU_SHARED=$(SHARED) $(BIN)/python -W ignore -m pipeline.relevance

train-ner: setup
	rm -rf $(NER_BUILD) && mkdir -p $(NER_BUILD)
	$(BIN)/python models/ner/prepare_corpora.py --shared $(SHARED) --out $(NER_BUILD)/corpus
	OMP_NUM_THREADS=1 $(BIN)/python -m spacy train models/ner/config.cfg --output $(NER_BUILD)/out \
		--paths.train $(NER_BUILD)/corpus/train.spacy --paths.dev $(NER_BUILD)/corpus/dev.spacy
	rm -rf models/ner-id && cp -r $(NER_BUILD)/out/model-best models/ner-id
	for c in idner-news-2k indolem-nerugm indolem-nerui indonlu-nergrit; do \
		$(BIN)/python -m spacy evaluate models/ner-id $(NER_BUILD)/corpus/test-$$c.spacy \
			--output $(NER_BUILD)/eval-$$c.json; done

# Region gazetteer (issue 5): data/gazetteers/regions.csv from $(SHARED)/data/wilayah.
regions: setup
	$(BIN)/python data/gazetteers/build_regions.py --shared $(SHARED)

# Benchmarks on a synthetic corpus (bench/run.py); prints the table, writes bench/results.*.
BENCH_N ?= 10000
BENCH_SAMPLE ?= 10000
bench: setup
	$(BIN)/python bench/run.py --n $(BENCH_N) --sample $(BENCH_SAMPLE)

# NLP stage (issue 8): per-component CPU time, spaCy's tokenizer vs pantau's, and the check
# that the fast paths change no token, entity or fact (bench/SPEED.md).
bench-nlp: setup
	$(BIN)/python bench/corpus.py --n 300 --out bench/out/nlp-corpus
	PANTAU_SHARED=$(SHARED) $(BIN)/python bench/nlp_bench.py bench/out/nlp-corpus --sample 300 --compare

# Warehouse (issue 6): shards -> DuckDB, integrity check, and the query benchmark
# (1M articles, 5M facts; p50/p95 of every named query -> bench/results-warehouse.json).
load: setup
	$(PANTAU) load

check: setup
	$(PANTAU) check

bench-warehouse: setup
	$(BIN)/python bench/warehouse_bench.py
