"""Paths and defaults shared by every stage.

Everything that a user may want to point elsewhere is an environment variable or a CLI option;
these are only the defaults.
"""

from __future__ import annotations

import os
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

USER_AGENT = os.environ.get(
    "PANTAU_USER_AGENT",
    "pantau/0.1 (+https://github.com/pantau-id/pantau; research crawler of regional news)",
)
