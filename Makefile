# pantau: crawl -> extract -> load -> query / brief.
# `make demo` and `make test` set everything up on a fresh machine (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PANTAU := $(BIN)/pantau
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: setup system-deps demo crawl extract load eval test lint bench brief train-ner train-relevance clean

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

crawl: setup
	$(PANTAU) crawl

extract: setup
	$(PANTAU) extract

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup system-deps lint
	$(BIN)/pytest -q

clean:
	rm -rf data/raw data/facts data/pantau.duckdb reports
