"""Build data/gazetteers/regions.csv from the Kemendagri codes in ../shared/data/wilayah/.

Source: cahyadsn/wilayah (MIT), Kepmendagri No. 300.2.2-2430 Tahun 2025 (see README.md here).
Output columns: code (dotted Kemendagri), name, level (province|kabupaten|kota), province_code,
short_name (the name without "Kabupaten"/"Kota"/"Administrasi", what news usually writes).

Run: .venv/bin/python data/gazetteers/build_regions.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from pipeline.config import SHARED_DIR  # noqa: E402

COLUMNS = ("code", "name", "level", "province_code", "short_name")


def read_rows(wilayah: Path) -> list[dict[str, str]]:
    """Provinces then kabupaten/kota, in code order, in the regions.csv columns."""
    rows = []
    with (wilayah / "provinces.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "code": row["code"],
                    "name": row["name"],
                    "level": "province",
                    "province_code": row["code"],
                    "short_name": row["name"],
                }
            )
    with (wilayah / "regencies.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "code": row["code"],
                    "name": row["name"],
                    "level": row["type"],
                    "province_code": row["province_code"],
                    "short_name": row["short_name"],
                }
            )
    return sorted(rows, key=lambda r: [int(part) for part in r["code"].split(".")])


def check(rows: list[dict[str, str]]) -> None:
    """Refuse to write a gazetteer that is not the 38 + 514 regions with dotted codes."""
    levels = [r["level"] for r in rows]
    provinces, kabupaten, kota = (levels.count(x) for x in ("province", "kabupaten", "kota"))
    if (provinces, kabupaten + kota) != (38, 514):
        raise SystemExit(
            f"expected 38 provinces and 514 kab/kota, got {provinces}, {kabupaten + kota}"
        )
    codes = {r["code"] for r in rows}
    if len(codes) != len(rows):
        raise SystemExit("duplicate region codes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_DIR)
    parser.add_argument("--out", type=Path, default=HERE / "regions.csv")
    args = parser.parse_args()
    rows = read_rows(args.shared / "data" / "wilayah")
    check(rows)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {args.out}")


if __name__ == "__main__":
    main()
