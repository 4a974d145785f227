"""`pantau brief`: the monitoring brief, an executed notebook rendered to self-contained HTML.

`notebooks/brief.py` (jupytext percent format) holds the brief's sections; this module holds
what the notebook needs to stay short (periods, region scope, strings and number formats per
language, the brief's SQL from notebooks/sql/) and the build: jupytext -> papermill (headless
kernel) -> nbconvert HTML with images embedded and input cells hidden -> `reports/`. It also
renders a built brief to PNG with headless Chromium, so a test can check that it shows.
"""

from __future__ import annotations

import calendar
import html
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.config import DATA_DIR, PROJECT_ROOT

log = logging.getLogger(__name__)

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
BRIEF_NOTEBOOK = NOTEBOOK_DIR / "brief.py"
I18N_FILE = NOTEBOOK_DIR / "i18n.toml"
SETTINGS_FILE = NOTEBOOK_DIR / "brief.toml"
SQL_DIR = NOTEBOOK_DIR / "sql"
TEMPLATE_DIR = NOTEBOOK_DIR / "templates"
GEO_DIR = DATA_DIR / "geo"
LANGUAGES = ("id", "en")

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
_REGION_RE = re.compile(r"^\d{2}(\.\d{2})?$")
_SQL_PARAM_RE = re.compile(r"\$([a-z_]+)")


class BriefError(ValueError):
    """A brief cannot be built from these arguments (bad period, region, language, database)."""


# --- period and scope -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A closed range of days; `label` names it in files (`2024-01`, `2024-01-01_2024-03-31`)."""

    start: date
    end: date

    @property
    def is_month(self) -> bool:
        return (
            self.start.day == 1
            and self.start.month == self.end.month
            and self.start.year == self.end.year
            and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]
        )

    @property
    def label(self) -> str:
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"

    @property
    def spec(self) -> str:
        """The period as `parse_period` reads it back."""
        if self.is_month:
            return self.label
        return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"

    @property
    def is_whole_months(self) -> bool:
        return (
            self.start.day == 1
            and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]
        )

    def previous(self) -> Period:
        """The period of the same length just before (the previous month for a month)."""
        if self.is_month:
            last = self.start - timedelta(days=1)
            return month_period(last.year, last.month)
        if self.is_whole_months:
            # Whole months compare with as many whole months, not with as many days.
            last = self.start - timedelta(days=1)
            return month_period(last.year, last.month).months_back(self.month_count)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)

    @property
    def month_count(self) -> int:
        """Calendar months the period touches."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def months_back(self, n: int) -> Period:
        """The `n` whole months ending with this period's last month (for the monthly chart)."""
        year, month = self.end.year, self.end.month - (n - 1)
        while month < 1:
            year, month = year - 1, month + 12
        return Period(date(year, month, 1), month_period(self.end.year, self.end.month).end)


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def parse_period(text: str) -> Period:
    """`YYYY-MM` (a month) or `YYYY-MM-DD..YYYY-MM-DD` (a range, both days included)."""
    text = text.strip()
    if m := _MONTH_RE.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise BriefError(f"bad month in period {text!r}")
        return month_period(year, month)
    if m := _RANGE_RE.match(text):
        try:
            start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        except ValueError as exc:
            raise BriefError(f"bad date in period {text!r}: {exc}") from None
        if end < start:
            raise BriefError(f"period {text!r} ends before it starts")
        return Period(start, end)
    raise BriefError(f"period {text!r}: expected YYYY-MM or YYYY-MM-DD..YYYY-MM-DD")


def normalize_region(code: str | None) -> str | None:
    """A Kemendagri province (`36`) or kabupaten/kota (`36.73`) code, or None for all."""
    if code is None or not code.strip():
        return None
    code = code.strip()
    if not _REGION_RE.match(code):
        raise BriefError(f"region {code!r}: expected a Kemendagri code such as 36 or 36.73")
    return code


def normalize_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise BriefError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return lang


# --- strings and number formats ---------------------------------------------------------------


class Texts:
    """The brief's strings and number/date formats in one language (notebooks/i18n.toml)."""

    def __init__(self, lang: str, i18n_file: Path = I18N_FILE) -> None:
        self.lang = normalize_lang(lang)
        with i18n_file.open("rb") as fh:
            self._strings: dict[str, Any] = tomllib.load(fh)[lang]
        self.locale = self._strings["locale"]

    def __call__(self, key: str, **values: Any) -> str:
        return str(self._strings[key]).format(**values)

    def event_type(self, key: str | None) -> str:
        return self._strings["event_types"].get(key or "lainnya", key or "")

    def stage(self, key: str) -> str:
        return self._strings["stages"].get(key, key)

    # Babel knows each locale's separators ("1.250" / "2,5" in id; "1,250" / "2.5" in en), so
    # no separator is hand-written here.
    def number(self, value: float | int | None, digits: int = 0) -> str:
        from babel.numbers import format_decimal

        if missing(value):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, share: float | None, digits: int = 1) -> str:
        from babel.numbers import format_percent

        if missing(share):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(share, format=pattern, locale=self.locale)

    def date(self, day: date | None) -> str:
        from babel.dates import format_date

        return "–" if day is None else format_date(day, format="long", locale=self.locale)

    def month(self, day: date, short: bool = False) -> str:
        from babel.dates import format_date

        return format_date(day, format="MMM yyyy" if short else "MMMM yyyy", locale=self.locale)

    def period(self, period: Period) -> str:
        if period.is_month:
            return self.month(period.start)
        return f"{self.date(period.start)} – {self.date(period.end)}"

    def change(self, now: float, before: float) -> str:
        """`+3 (+25%)`, `−2 (−10%)`, `0`, or "new" when there was nothing before."""
        diff = now - before
        if diff == 0:
            return self.number(0)
        sign = "+" if diff > 0 else "−"
        if before == 0:
            return f"{sign}{self.number(abs(diff))} ({self('change_new')})"
        return f"{sign}{self.number(abs(diff))} ({sign}{self.percent(abs(diff) / before, 0)})"


def load_settings(settings_file: Path = SETTINGS_FILE) -> dict[str, Any]:
    with settings_file.open("rb") as fh:
        return tomllib.load(fh)


# --- data access ------------------------------------------------------------------------------

# The warehouse views the brief reads (pipeline/sql/views.sql); without them there is no data.
REQUIRED_RELATIONS = ("articles", "regions", "v_articles", "v_events", "v_counts")


class BriefData:
    """Read-only access to the warehouse for one brief: named SQL from notebooks/sql/."""

    def __init__(self, db: str | Path, region: str | None = None, sql_dir: Path = SQL_DIR) -> None:
        from pipeline.store import SchemaError, open_db

        self.db = Path(db)
        if not self.db.is_file():
            raise BriefError(f"database not found: {self.db}")
        self.region = normalize_region(region)
        self.sql_dir = sql_dir
        try:
            self.con = open_db(self.db, read_only=True)
        except SchemaError as error:
            raise BriefError(str(error)) from None

    @cached_property
    def has_schema(self) -> bool:
        names = {
            row[0]
            for row in self.con.execute(
                "SELECT table_name FROM information_schema.tables"
            ).fetchall()
        }
        return all(name in names for name in REQUIRED_RELATIONS)

    def query(self, name: str, **params: Any):  # -> pandas.DataFrame
        """Run notebooks/sql/<name>.sql with the parameters it names (`$start`, `$region` ...).

        `region` defaults to the brief's scope. Without the warehouse schema, an empty frame.
        """
        params.setdefault("region", self.region)
        return self._run(self.sql_dir / f"{name}.sql", params)

    def named(self, name: str, **params: Any):  # -> pandas.DataFrame
        """Run a named trend query of pipeline/queries/ (the ones `pantau query` lists), as is.

        The brief reuses them where they answer its question, rather than copying their SQL;
        they know no region scope, so `in_scope` filters their rows afterwards.
        """
        import pandas as pd

        from pipeline.query import get_query

        if not self.has_schema:
            return pd.DataFrame()
        query = get_query(name)
        values = query.bind({key: str(value) for key, value in params.items()})
        return self.con.execute(query.sql, values).df()

    def in_scope(self, frame, column: str = "region_code"):  # -> pandas.DataFrame
        """Rows of `frame` whose region code lies in the brief's scope (all rows without one)."""
        if self.region is None or frame.empty:
            return frame
        codes = frame[column].astype(str)
        return frame[(codes == self.region) | codes.str.startswith(self.region + ".")]

    def _run(self, sql_file: Path, params: dict[str, Any]):  # -> pandas.DataFrame
        import pandas as pd

        if not self.has_schema:
            return pd.DataFrame()
        name = sql_file.stem
        text = sql_file.read_text(encoding="utf-8")
        wanted = set(_SQL_PARAM_RE.findall(text))
        missing = wanted - params.keys()
        if missing:
            raise BriefError(f"{name}.sql needs parameters {sorted(missing)}")
        # DuckDB rejects parameters a statement does not use, so pass only the named ones.
        return self.con.execute(text, {k: v for k, v in params.items() if k in wanted}).df()

    def region_name(self, code: str | None) -> str | None:
        if code is None or not self.has_schema:
            return None
        row = self.con.execute("SELECT name FROM regions WHERE code = ?", [code]).fetchone()
        return row[0] if row else None

    def resolve_period(self, text: str | None) -> Period:
        """The given period, else the month of the newest dated event or article, else today's.

        `all` spans every month from the oldest to the newest day with data.
        """
        if text and text.strip() != "all":
            return parse_period(text)
        newest = self._day("brief_latest_day") or date.today()
        last_month = month_period(newest.year, newest.month)
        if not text:
            return last_month
        oldest = self._day("brief_first_day") or newest
        return Period(month_period(oldest.year, oldest.month).start, last_month.end)

    def _day(self, query_name: str) -> date | None:
        frame = self.query(query_name)
        day = None if frame.empty else frame.iloc[0, 0]
        return None if missing(day) else date.fromisoformat(str(day)[:10])

    def close(self) -> None:
        self.con.close()


# --- HTML helpers for the notebook ------------------------------------------------------------


def missing(value: Any) -> bool:
    """True for None and for pandas' NaN / NA / NaT (nullable columns from DuckDB)."""
    import pandas as pd

    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def link(title: str | None, url: str | None) -> str:
    """An HTML link to an article (escaped); the title falls back to the URL."""
    title, url = (None if missing(title) else title), (None if missing(url) else url)
    text = html.escape(title or url or "")
    if not url:
        return text
    return f'<a href="{html.escape(url, quote=True)}">{text}</a>'


def figure_html(fig: Any, alt: str, dpi: int = 100) -> str:
    """A matplotlib figure as an inline PNG <img> with alt text (nbconvert's own image
    output has none), closed after rendering so a long brief does not pile figures up."""
    import base64
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data}">'


def load_geojson(level: str, geo_dir: Path = GEO_DIR) -> dict[str, Any]:
    import json

    name = {"province": "provinces.geojson", "kabkota": "regencies.geojson"}[level]
    return json.loads((geo_dir / name).read_text(encoding="utf-8"))


# --- build ------------------------------------------------------------------------------------


def brief_filename(period: Period, region: str | None, lang: str) -> str:
    parts = ["brief", period.label]
    if region:
        parts.append(region)
    if lang != "id":
        parts.append(lang)
    return "-".join(parts) + ".html"


def build_brief(
    db: Path,
    period: str | None = None,
    region: str | None = None,
    lang: str = "id",
    out_dir: Path = Path("reports"),
    *,
    timeout: int = 300,
) -> Path:
    """Execute notebooks/brief.py on `db` and write the HTML brief into `out_dir`; its path."""
    import jupytext
    import papermill

    lang = normalize_lang(lang)
    region = normalize_region(region)
    db = Path(db).resolve()
    data = BriefData(db, region)
    try:
        resolved = data.resolve_period(period)
    finally:
        data.close()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / brief_filename(resolved, region, lang)
    parameters = {
        "db": str(db),
        "period": resolved.spec,
        "region": region or "",
        "lang": lang,
    }
    with tempfile.TemporaryDirectory(prefix="pantau-brief-") as tmp:
        source = Path(tmp) / "brief.ipynb"
        executed = Path(tmp) / "brief.out.ipynb"
        jupytext.write(jupytext.read(BRIEF_NOTEBOOK), source)
        try:
            papermill.execute_notebook(
                str(source),
                str(executed),
                parameters=parameters,
                cwd=str(PROJECT_ROOT),
                kernel_name="python3",
                progress_bar=False,
                execution_timeout=timeout,
                language="python",
            )
        except papermill.PapermillExecutionError as error:
            # Keep the executed notebook: it shows which cell failed and on what data.
            failed = out.with_suffix(".failed.ipynb")
            if executed.exists():
                shutil.copyfile(executed, failed)
            raise BriefError(
                f"the brief notebook failed ({error.ename}: {error.evalue}); see {failed}"
            ) from None
        html_text = render_html(executed, lang)
    tmp_out = out.with_suffix(".html.tmp")
    tmp_out.write_text(html_text, encoding="utf-8")
    tmp_out.replace(out)
    return out


def render_html(notebook: Path, lang: str) -> str:
    """nbconvert HTML: input cells hidden, images inline, no external scripts (offline-safe)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="brief",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        # The notebook's markdown cells are notes for its editors (in English); the brief's own
        # text is cell output in the chosen language.
        exclude_markdown=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    nb = nbformat.read(str(notebook), as_version=4)
    _move_stderr_to_log(nb)
    nb.metadata["title"] = Texts(lang)("title")
    body, _ = exporter.from_notebook_node(nb, resources={"language_code": lang})
    return body


def _move_stderr_to_log(nb) -> None:
    """Warnings a library prints are for the operator's log, not the analysts' page."""
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                log.warning("brief notebook: %s", str(output.get("text", "")).strip())
            else:
                kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept


# --- render to PNG ----------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def render_png(html_file: Path, png_file: Path, width: int = 1200, height: int = 2400) -> Path:
    """Screenshot a built brief with headless Chromium (Debian `chromium`, `make system-deps`)."""
    return _chromium(
        html_file,
        png_file,
        [f"--screenshot={Path(png_file).resolve()}", f"--window-size={width},{height}"],
    )


def render_pdf(html_file: Path, pdf_file: Path) -> Path:
    """Print a built brief to PDF with headless Chromium (no extra Python package needed)."""
    return _chromium(
        html_file,
        pdf_file,
        [f"--print-to-pdf={Path(pdf_file).resolve()}", "--no-pdf-header-footer"],
    )


def _chromium(html_file: Path, out_file: Path, output_flags: list[str]) -> Path:
    chromium = find_chromium()
    if chromium is None:
        raise BriefError("chromium not found: run `make system-deps` (Debian package chromium)")
    out_file = Path(out_file).resolve()
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.unlink(missing_ok=True)
    # A fresh profile each time: the closed network refuses a reused profile's background work.
    with tempfile.TemporaryDirectory(prefix="pantau-chromium-") as profile:
        cmd = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            *output_flags,
            Path(html_file).resolve().as_uri(),
        ]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": profile}
        )
    if not out_file.is_file():
        raise BriefError(
            f"chromium wrote no {out_file.suffix} (exit {proc.returncode}): {proc.stderr[-800:]}"
        )
    return out_file


def png_stats(png_file: Path) -> dict[str, float]:
    """Pixel statistics of a screenshot: a blank page has (near) zero spread."""
    import numpy as np
    from PIL import Image

    with Image.open(png_file) as img:
        pixels = np.asarray(img.convert("L"), dtype=float)
    return {
        "width": float(pixels.shape[1]),
        "height": float(pixels.shape[0]),
        "std": float(pixels.std()),
        "non_white_share": float((pixels < 250).mean()),
    }


def timed_build(**kwargs: Any) -> tuple[Path, float]:
    """build_brief and its wall time in seconds (for `pantau brief` and the closing note)."""
    started = time.perf_counter()
    out = build_brief(**kwargs)
    return out, time.perf_counter() - started
