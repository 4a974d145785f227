"""Derive the small boundary files in data/geo/ from ../shared/data/geo/.

Source: cahyadsn/wilayah_boundaries (MIT), converted to GeoJSON in ../shared/data/geo/ (see
data/geo/README.md). The upstream polygons are detailed (~2-3 MB each); a national choropleth
needs far less, so each geometry is simplified, snapped to a coarse grid, and tiny islets that
would not show at national scale are dropped. Keyed by Kemendagri code (`properties.code`).

Run: `make geo` (or `.venv/bin/python data/geo/build.py`). Re-running gives the same files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

from pipeline.config import DATA_DIR, SHARED_DIR

SOURCE_DIR = SHARED_DIR / "data" / "geo" / "cahyadsn-wilayah_boundaries"
OUT_DIR = DATA_DIR / "geo"

# (source file, output file, simplify tolerance in degrees, grid size, smallest part kept in deg²)
# 0.01° is ~1.1 km: invisible on a map of the archipelago (~5,000 km wide).
LAYERS = [
    ("provinces_kemendagri2025.geojson", "provinces.geojson", 0.01, 0.001, 0.001),
    ("regencies_kemendagri2025.geojson", "regencies.geojson", 0.01, 0.001, 0.001),
]
KEPT_PROPERTIES = ("code", "name", "province_code")


def _polygon_parts(geom: shapely.Geometry) -> list[Polygon]:
    """Every polygon inside `geom`; make_valid may nest them in (Multi)collections with lines."""
    if isinstance(geom, Polygon):
        return [geom]
    return [p for part in getattr(geom, "geoms", []) for p in _polygon_parts(part)]


def simplify_geometry(
    geom: shapely.Geometry, tolerance: float, grid: float, min_area: float
) -> MultiPolygon:
    """Simplify, snap to `grid`, drop parts smaller than `min_area`; never drop a region whole."""
    # Upstream rings are not all valid (self-touching); repair before and after snapping.
    simple = shapely.make_valid(geom).simplify(tolerance, preserve_topology=True)
    simple = shapely.make_valid(shapely.set_precision(simple, grid))
    parts = [p for p in _polygon_parts(simple) if not p.is_empty]
    kept = [p for p in parts if p.area >= min_area]
    if not kept and parts:
        # A small region (e.g. a city) must stay on the map: keep its largest part.
        kept = [max(parts, key=lambda p: p.area)]
    if not kept:
        # Simplification removed everything (a tiny island regency): fall back to the hull.
        kept = [shapely.set_precision(geom.convex_hull, grid)]
    return MultiPolygon(kept)


def build_layer(src: Path, dst: Path, tolerance: float, grid: float, min_area: float) -> dict:
    """Write one simplified layer; return a summary row."""
    collection = json.loads(src.read_text(encoding="utf-8"))
    features = []
    vertices = 0
    for feature in collection["features"]:
        geom = simplify_geometry(shape(feature["geometry"]), tolerance, grid, min_area)
        vertices += shapely.get_num_coordinates(geom)
        props = {k: feature["properties"][k] for k in KEPT_PROPERTIES if k in feature["properties"]}
        features.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
    features.sort(key=lambda f: f["properties"]["code"])
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        separators=(",", ":"),
        ensure_ascii=False,
    )
    tmp = dst.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(dst)
    return {"file": dst.name, "features": len(features), "vertices": vertices, "bytes": len(text)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    if not args.source.is_dir():
        raise SystemExit(f"boundary source not found: {args.source} (set PANTAU_SHARED)")
    args.out.mkdir(parents=True, exist_ok=True)
    for src_name, dst_name, tolerance, grid, min_area in LAYERS:
        row = build_layer(args.source / src_name, args.out / dst_name, tolerance, grid, min_area)
        print(
            f"{row['file']}: {row['features']} features, {row['vertices']:,} vertices, "
            f"{row['bytes'] / 1024:,.0f} KiB"
        )


if __name__ == "__main__":
    main()
