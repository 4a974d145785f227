# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # pantau monitoring brief
#
# Executed headlessly by `pantau brief` (papermill), rendered to HTML with the input cells
# hidden. Every string shown comes from `notebooks/i18n.toml`; every query from
# `notebooks/sql/`; helpers from `pipeline/brief.py`. Sections with no data say so.

# %% tags=["parameters"]
db = "data/pantau.duckdb"  # the warehouse (DuckDB file)
period = ""  # YYYY-MM or YYYY-MM-DD..YYYY-MM-DD; empty: the newest month with data
region = ""  # Kemendagri code: province "36" or kabupaten/kota "36.73"; empty: all
lang = "id"  # id or en

# %%
from datetime import date

import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter, MaxNLocator

from pipeline import brief as B

t = B.Texts(lang)
settings = B.load_settings()
data = B.BriefData(db, region or None)
scope = data.region
the_period = data.resolve_period(period or None)
prev_period = the_period.previous()
span = {"start": the_period.start, "end": the_period.end}
plt.rcParams.update({"figure.dpi": 100, "font.size": 10, "axes.spines.top": False})
esc = B.html.escape


def heading(key: str) -> None:
    display(HTML(f"<h2>{esc(t(key))}</h2>"))


def note(text: str) -> None:
    display(HTML(f'<p class="brief-caption">{esc(text)}</p>'))


def table(columns: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> None:
    """Cells are HTML already (escaped or a link); numeric columns align right."""

    def cell(tag: str, i: int, value: str) -> str:
        cls = ' class="num"' if i in numeric else ""
        return f"<{tag}{cls}>{value}</{tag}>"

    head = "".join(cell("th", i, esc(c)) for i, c in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    display(HTML(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"))


def region_label(code, name) -> str:
    if B.missing(code):
        return esc(t("unknown_region"))
    return esc(f"{name} ({code})" if not B.missing(name) and name else str(code))


def plain(value) -> str:
    """A cell's text: empty for a missing value (None, NaN, NA)."""
    return "" if B.missing(value) else str(value)


def no_data_section() -> None:
    display(Markdown(t("no_data_section")))


def to_date(value) -> date | None:
    if B.missing(value):
        return None
    return date.fromisoformat(str(value)[:10])


# %%
scope_name = (
    t("scope_national") if scope is None else f"{data.region_name(scope) or scope} ({scope})"
)
display(HTML(f"<h1>{esc(t('title'))}</h1>"))
display(
    HTML(
        "<p><strong>"
        + esc(t("period", period=t.period(the_period)))
        + "</strong> · "
        + esc(t("previous", period=t.period(prev_period)))
        + "<br>"
        + esc(t("scope", region=scope_name))
        + "</p>"
    )
)
display(Markdown(t("generated", date=t.date(date.today()), db=B.Path(db).name)))

headline_now = data.query("brief_headline", **span)
headline_before = data.query("brief_headline", start=prev_period.start, end=prev_period.end)
n_events = 0 if headline_now.empty else int(headline_now.iloc[0]["events"])
has_data = data.has_schema and n_events > 0
if not has_data:
    display(Markdown(t("no_data")))
elif n_events < settings["brief"]["sparse_events"]:
    display(Markdown(t("sparse", n=t.number(n_events))))

# %% [markdown]
# ## Headline figures

# %%
heading("heading_headline")
if headline_now.empty:
    no_data_section()
else:
    now, before = headline_now.iloc[0], headline_before.iloc[0]
    metrics = ["events", "active_regions", "innovations", "new_officials", "new_agencies"]
    rows = [
        [
            esc(t(f"metric_{m}")),
            t.number(now[m]),
            t.number(before[m]),
            esc(t.change(float(now[m]), float(before[m]))),
        ]
        for m in metrics
    ]
    table([t("metric"), t("this_period"), t("previous_period"), t("change")], rows, (1, 2, 3))
    note(t("headline_note"))

# %% [markdown]
# ## Events per month by type

# %%
heading("heading_monthly")
chart_span = the_period.months_back(max(settings["brief"]["chart_months"], the_period.month_count))
monthly = data.query("brief_monthly", start=chart_span.start, end=chart_span.end)
if monthly.empty:
    no_data_section()
else:
    pivot = monthly.pivot_table(index="month", columns="type", values="events", fill_value=0)
    months = []
    year, month = chart_span.start.year, chart_span.start.month
    while date(year, month, 1) <= chart_span.end:
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    pivot.index = [to_date(i) for i in pivot.index]
    pivot = pivot.reindex(months, fill_value=0)
    fig, ax = plt.subplots(figsize=(10, 3.8))
    bottom = [0] * len(pivot)
    colors = plt.get_cmap("tab20").colors
    for i, kind in enumerate(pivot.columns):
        values = list(pivot[kind])
        ax.bar(
            range(len(pivot)),
            values,
            bottom=bottom,
            label=t.event_type(kind),
            color=colors[i % len(colors)],
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    step = max(1, len(pivot) // 18)  # a long range labels every n-th month, still readable
    labels = [t.month(m, short=True) if i % step == 0 else "" for i, m in enumerate(pivot.index)]
    ax.set_xticks(range(len(pivot)), labels, rotation=45)
    ax.set_xlabel(t("month"))
    ax.set_ylabel(t("events_axis"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v)))
    ax.legend(fontsize=8, ncols=2, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    caption = t(
        "monthly_caption",
        first=t.month(chart_span.start),
        last=t.month(chart_span.end),
    )
    display(HTML(B.figure_html(fig, alt=caption)))
    note(caption)

# %% [markdown]
# ## Top regions

# %%
heading("heading_top_regions")
top = data.query("brief_top_regions", **span)
if top.empty:
    no_data_section()
else:
    rows = [
        [
            region_label(r.region_code, r.region_name),
            esc(plain(r.province_name)),
            t.number(r.events),
            t.number(r.articles),
            esc(", ".join(t.event_type(k) for k in r.types)),
            esc(t.date(to_date(r.latest))),
        ]
        for r in top.itertuples()
    ]
    columns = ["col_region", "col_province", "col_events", "col_articles", "col_types"]
    table([t(c) for c in [*columns, "col_latest"]], rows, (2, 3))

# %% [markdown]
# ## Map: activity per province (or per kabupaten/kota within the region's province)

# %%
heading("heading_map")
level = "province" if scope is None else "kabkota"
if level == "province":
    activity = data.named("activity_by_province", **span)
    activity = activity.rename(columns={"province_code": "code"})
    shapes = B.load_geojson("province")
else:
    province = scope.split(".")[0]
    activity = data.in_scope(data.named("activity_by_kabkota", province=province, **span))
    activity = activity.rename(columns={"region_code": "code"})
    shapes = B.load_geojson("kabkota")
    shapes["features"] = [
        f for f in shapes["features"] if f["properties"]["province_code"] == province
    ]
if activity.empty or not shapes["features"]:
    no_data_section()
else:
    counts = dict(zip(activity["code"], activity["events"], strict=True))
    polygons, values = [], []
    for feature in shapes["features"]:
        value = counts.get(feature["properties"]["code"], 0)
        for polygon in feature["geometry"]["coordinates"]:
            polygons.append(polygon[0])  # outer ring; holes do not matter at this scale
            values.append(value)
    fig, ax = plt.subplots(figsize=(10, 4.2) if level == "province" else (8, 6))
    cmap = plt.get_cmap("YlOrRd").copy()
    cmap.set_under("#dddddd")
    collection = PolyCollection(polygons, edgecolor="#666666", linewidth=0.3, cmap=cmap)
    collection.set_array(values)
    collection.set_clim(0.5, max(1, max(values)))
    ax.add_collection(collection)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    bar = fig.colorbar(collection, ax=ax, shrink=0.6, pad=0.01)
    bar.set_label(t("map_legend"))
    bar.locator = MaxNLocator(integer=True)
    bar.formatter = FuncFormatter(lambda v, _: t.number(v))
    bar.update_ticks()
    fig.tight_layout()
    level_name = t("map_level_province" if level == "province" else "map_level_kabkota")
    caption = t("map_caption", level=level_name, period=t.period(the_period))
    display(HTML(B.figure_html(fig, alt=caption)))
    note(caption)
    note(t("map_no_activity"))

# %% [markdown]
# ## Latest reported innovation counts per region

# %%
heading("heading_counts")
latest_counts = data.query("brief_innovation_counts", end=the_period.end)
if latest_counts.empty:
    no_data_section()
else:
    rows = [
        [
            region_label(r.region_code, r.region_name),
            t.number(r.value),
            esc(t.date(to_date(r.published))),
            B.link(r.title, r.url) + (f" · {esc(plain(r.portal))}" if plain(r.portal) else ""),
        ]
        for r in latest_counts.itertuples()
    ]
    table([t("col_region"), t("col_value"), t("col_date"), t("col_source")], rows, (1,))
    note(t("counts_note"))

# %% [markdown]
# ## Laboratorium Inovasi: 5D stage progress

# %%
heading("heading_lab")
lab = data.in_scope(data.named("lab_inovasi_stages", start=date(1900, 1, 1), end=the_period.end))
stage_order = ["drum-up", "diagnose", "design", "deliver", "display"]  # LAN's 5D, in order
if lab.empty:
    no_data_section()
else:
    rows = [
        [region_label(r["region_code"], r["region"])]
        + [esc(t.date(to_date(r[s.replace("-", "_")]))) for s in stage_order]
        + [esc(t.stage(r["furthest_stage"])) if isinstance(r["furthest_stage"], str) else "–"]
        for _, r in lab.iterrows()
    ]
    table(
        [t("col_region"), *[t.stage(s) for s in stage_order], t("col_stage_reached")],
        rows,
    )
    note(t("lab_note"))

# %% [markdown]
# ## Awards

# %%
heading("heading_awards")
awards = data.query("brief_awards", **span)
if awards.empty:
    no_data_section()
else:
    rows = [
        [
            esc(r.name),
            "" if B.missing(r.year) else str(int(r.year)),
            region_label(r.region_code, r.region_name),
            esc(t.date(to_date(r.published))),
            B.link(r.title, r.url) + (f" · {esc(plain(r.portal))}" if plain(r.portal) else ""),
        ]
        for r in awards.itertuples()
    ]
    columns = ["col_award", "col_year", "col_region", "col_date", "col_source"]
    table([t(c) for c in columns], rows)

# %% [markdown]
# ## Partner agencies

# %%
heading("heading_agencies")
agencies = data.query("brief_agencies", **span)
if agencies.empty:
    no_data_section()
else:
    rows = [
        [
            esc(r.name),
            t.number(r.regions),
            t.number(r.articles),
            esc(", ".join([] if B.missing(r.region_names) else r.region_names)),
        ]
        for r in agencies.itertuples()
    ]
    table([t("col_agency"), t("col_regions"), t("col_articles"), t("col_where")], rows, (1, 2))

# %% [markdown]
# ## Evidence: each highlighted activity links to its article

# %%
heading("heading_evidence")
evidence = data.query("brief_evidence", **span)
if evidence.empty:
    no_data_section()
else:
    rows = [
        [
            esc(t.date(to_date(r.day))),
            region_label(r.region_code, r.region_name),
            esc(t.event_type(r.type)),
            esc(plain(r.sentence)),
            B.link(r.title, r.url) + esc(f" · {plain(r.portal)} · {t.date(to_date(r.published))}"),
        ]
        for r in evidence.itertuples()
    ]
    columns = ["col_date", "col_region", "col_type", "col_what", "col_source"]
    table([t(c) for c in columns], rows)

# %% [markdown]
# ## Coverage and freshness

# %%
heading("heading_coverage")
coverage = data.query("brief_coverage", **span)
if coverage.empty:
    no_data_section()
else:
    c = coverage.iloc[0]
    share = None if B.missing(c.relevant_share) else float(c.relevant_share)
    rows = [
        [esc(t("cov_sources")), t.number(c.sources)],
        [esc(t("cov_articles")), t.number(c.articles)],
        [esc(t("cov_relevant")), t.percent(share)],
        [esc(t("cov_duplicates")), t.number(c.duplicates)],
        [esc(t("cov_newest")), esc(t.date(to_date(c.newest)))],
        [esc(t("cov_undated")), t.number(c.undated)],
    ]
    table([t("cov_item"), t("cov_value")], rows, (1,))
display(Markdown(t("blind_spots")))
data.close()
