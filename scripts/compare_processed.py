"""Compare every Parquet table of two processed folders with polars ``DataFrame.equals`` (schema, values, order).

Usage: ``python scripts/compare_processed.py BEFORE_DIR AFTER_DIR``. Prints one line per table and
exits 1 when a table differs or is missing on one side (used to check that a faster build writes the
same tables).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl


def compare(before: Path, after: Path) -> list[str]:
    """Return the names of the tables that differ between the folders ``before`` and ``after`` (printed as read)."""
    names = sorted({p.name for p in before.glob("*.parquet")} | {p.name for p in after.glob("*.parquet")})
    differ = []
    for name in names:
        a, b = before / name, after / name
        if not (a.is_file() and b.is_file()):
            print(f"{name}: only in {before if a.is_file() else after}")
            differ.append(name)
            continue
        left, right = pl.read_parquet(a), pl.read_parquet(b)
        same = left.schema == right.schema and left.equals(right)
        print(f"{name}: {'same' if same else 'DIFFERENT'} ({left.height:,} / {right.height:,} rows)")
        if not same:
            differ.append(name)
    return differ


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(1 if compare(Path(sys.argv[1]), Path(sys.argv[2])) else 0)
