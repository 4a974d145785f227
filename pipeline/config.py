"""Paths and defaults shared by every stage.

Everything that a user may want to point elsewhere is an environment variable or a CLI option;
these are only the defaults.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
MODELS_DIR = PROJECT_ROOT / "models"

# ../shared beside the project holds the corpora, treebanks and gold; never copied in.
SHARED_DIR = Path(os.environ.get("PANTAU_SHARED", PROJECT_ROOT.parent / "shared")).resolve()

SOURCES_FILE = DATA_DIR / "sources.toml"
RAW_DIR = DATA_DIR / "raw"
FACTS_DIR = DATA_DIR / "facts"
DB_FILE = DATA_DIR / "pantau.duckdb"
REPORTS_DIR = PROJECT_ROOT / "reports"
GAZETTEER_DIR = DATA_DIR / "gazetteers"
# The offline demo keeps its archive, shards and database apart from a real crawl.
DEMO_RUN_DIR = DATA_DIR / "demo-run"

# DuckDB's memory caps (past them it spills to disk): the near-duplicate pass and the load.
DEDUP_MEMORY = os.environ.get("PANTAU_DEDUP_MEMORY", "256MB")
LOAD_MEMORY = os.environ.get("PANTAU_LOAD_MEMORY", "512MB")

USER_AGENT = os.environ.get(
    "PANTAU_USER_AGENT",
    "pantau/0.1 (+https://github.com/pantau-id/pantau; research crawler of regional news)",
)


def memory_size(value: str, setting: str) -> str:
    """`value` if it is a size DuckDB takes ("400MB", "1GB"), else a ValueError naming the
    setting. Memory limits are interpolated into SQL (SET takes no parameter): sizes only."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]?i?B", value.strip(), re.IGNORECASE):
        raise ValueError(f"{setting} must look like 400MB or 1GB, got {value!r}")
    return value.strip()
