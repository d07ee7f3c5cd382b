"""Benchmark: validating the processed tables as the build does.

Usage::

    python benchmarks/bench_validate.py [--processed DIR] [--repeat N]

Reads every table in ``data/processed`` that ``analysis.schemas.SCHEMAS`` declares, then times
(best of ``--repeat``) the build's two calls: ``schemas.validate`` on the non-event tables
(countries, roll_calls, votes, trade, trade_sources, ideal_points, ...) and
``schemas.validate_events`` on the event tables against ``countries``. Prints rows per table and
the seconds of each call.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one

from analysis import schemas  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processed", type=Path, default=ROOT / "data" / "processed")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tables = {name: pl.read_parquet(args.processed / f"{name}.parquet") for name in schemas.SCHEMAS
              if (args.processed / f"{name}.parquet").is_file()}
    print(f"analysis from {Path(schemas.__file__).parent}")
    for name, frame in tables.items():
        print(f"{name:32} {frame.height:>10,} rows")
    main_tables = {k: v for k, v in tables.items() if k in schemas.KEYS and k not in schemas.EVENT_TABLES}
    event_tables = {k: tables[k] for k in schemas.EVENT_TABLES if k in tables}
    timings: dict[str, list[float]] = {"validate": [], "validate_events": [], "total": []}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        schemas.validate(main_tables)
        t1 = time.perf_counter()
        schemas.validate_events(event_tables, tables["countries"])
        t2 = time.perf_counter()
        timings["validate"].append(t1 - t0)
        timings["validate_events"].append(t2 - t1)
        timings["total"].append(t2 - t0)
    for name, values in timings.items():
        print(f"{name:16} best {min(values):.3f} s  median {sorted(values)[len(values) // 2]:.3f} s")


if __name__ == "__main__":
    main()
