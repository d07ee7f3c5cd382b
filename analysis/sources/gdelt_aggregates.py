"""Adapter for GDELT aggregates (``data/raw/gdelt-aggregates/<name>/dyad_month.parquet``).

``python -m analysis events aggregate`` (``analysis.fetch.gdelt_engines``) aggregates GDELT 2.0
events per directed dyad, day and month and quad class, on DuckDB, Spark or BigQuery, with
one Ibis expression (``analysis.sources.gdelt_ibis``), and records each output file in the
manifest (source ``gdelt-aggregates``). This module reads the monthly files into the
``event_counts_dyad_month`` table (quad classes as columns, as ``event_counts_dyad_year``)
and gives ``yearly``, the whole years they cover, for the panel.

Several aggregates may cover the same dyad-month (Pakistan–Iran and all pairs, or two
engines on the same range): a row present in several files with the same values is kept
once; rows that differ stop the build with both files named (e.g. one file covers only part
of the month): the package never picks one silently.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.core import manifest
from analysis.core.clock import refuse_future
from analysis.schemas import EVENT_COUNTS_DYAD_MONTH, EVENT_COUNTS_DYAD_YEAR, QUAD_COLUMNS, conform
from analysis.sources import SourceFormatError

SOURCE = "gdelt-aggregates"
MONTH_FILE = "dyad_month.parquet"
NEEDED = ("month", "source_iso3", "target_iso3", "quad_class", "n_events", "goldstein_sum", "n_source_urls")
VALUES = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict", "n_events", "goldstein_sum",
          "n_source_urls")
#: GDELT 2.0 starts on 2015-02-18: an aggregate from that day on covers the year 2015 whole.
GDELT2_START = "2015-02-18"


def _engine(entry: manifest.RawFile) -> str:
    origin = entry.origin.lower()
    for engine in ("duckdb", "spark", "bigquery"):
        if engine in origin:
            return engine
    return "unknown"


def read_file(path: Path, aggregate: str, engine: str) -> pl.DataFrame:
    """Read one ``dyad_month.parquet``; return its rows in the ``event_counts_dyad_month`` schema.

    Raises ``SourceFormatError`` naming the file for a missing column or an unreadable file.
    """
    try:
        raw = pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise SourceFormatError(f"{path}: cannot read as Parquet: {exc}") from None
    missing = [c for c in NEEDED if c not in raw.columns]
    if missing:
        raise SourceFormatError(f"{path}: missing columns {missing} (written by python -m analysis events aggregate)")
    raw = raw.with_columns(pl.col("quad_class").cast(pl.Int8), pl.col("month").cast(pl.Date))
    refuse_future(raw, "month", file=path, row=pl.format("the row {} -> {}", "source_iso3", "target_iso3"),
                  what="month")
    if raw.height == 0:
        return pl.DataFrame(schema=EVENT_COUNTS_DYAD_MONTH)
    keys = ["month", "source_iso3", "target_iso3"]
    quads = raw.filter(pl.col("quad_class").is_not_null()).pivot(
        on="quad_class", index=keys, values="n_events", aggregate_function="sum")
    quads = quads.rename({str(q): name for q, name in QUAD_COLUMNS.items() if str(q) in quads.columns})
    totals = raw.group_by(keys).agg(
        pl.col("n_events").sum().cast(pl.Int64), pl.col("goldstein_sum").sum().cast(pl.Float64),
        # distinct articles per class do not add up across classes; the month's largest is a lower bound
        pl.col("n_source_urls").max().cast(pl.Int64))
    out = totals.join(quads, on=keys, how="left").with_columns(
        *[pl.col(c).fill_null(0).cast(pl.Int64) if c in quads.columns else pl.lit(0, pl.Int64).alias(c)
          for c in QUAD_COLUMNS.values()],
        (pl.col("goldstein_sum") / pl.col("n_events")).alias("goldstein_mean"),
        pl.lit("gdelt").alias("dataset"), pl.lit(aggregate).alias("aggregate"), pl.lit(engine).alias("engine"))
    return conform(out, "event_counts_dyad_month")


def read(raw: Path, entries: list[manifest.RawFile] | None = None) -> tuple[pl.DataFrame, list[str]]:
    """Return ``event_counts_dyad_month`` from every aggregate in the manifest, and notes for the build.

    Raises ``SourceFormatError`` naming both files when two aggregates give different values
    for the same dyad-month.
    """
    entries = entries if entries is not None else manifest.load(raw)
    files = [e for e in entries if e.source == SOURCE and e.path.endswith(MONTH_FILE)]
    if not files:
        return pl.DataFrame(schema=EVENT_COUNTS_DYAD_MONTH), []
    frames = [read_file(e.location(raw), Path(e.path).parent.name, _engine(e)) for e in files]
    rows = pl.concat(frames)
    keys = ["dataset", "month", "source_iso3", "target_iso3"]
    distinct = rows.unique([*keys, *VALUES])
    clash = distinct.filter(pl.struct(keys).is_duplicated())
    if clash.height:
        r = clash.sort([*keys, "aggregate"]).head(2).rows(named=True)
        raise SourceFormatError(
            f"{raw / SOURCE}: the aggregates {r[0]['aggregate']} and {r[1]['aggregate']} give different counts for "
            f"{r[0]['source_iso3']}->{r[0]['target_iso3']} in {r[0]['month']:%Y-%m} ({r[0]['n_events']} and "
            f"{r[1]['n_events']} events; e.g. one covers part of the month): remove one of them from "
            f"data/raw/datasets/gdelt-aggregates.toml")
    table = rows.unique(keys, keep="last", maintain_order=True).sort(keys)
    if table.height == 0:
        return table, [f"gdelt-aggregates: {len(files)} file(s), no events in them"]
    notes = [f"gdelt-aggregates: {len(files)} file(s), {table.height:,} directed dyad-months "
             f"{table['month'].min():%Y-%m} to {table['month'].max():%Y-%m}"
             + (f"; {rows.height - table.height:,} rows present in several aggregates counted once"
                if rows.height > table.height else "")]
    return table, notes


def yearly(months: pl.DataFrame) -> pl.DataFrame:
    """The ``event_counts_dyad_year`` rows (dataset gdelt) of the years whose 12 months are all present.

    A dyad-year is kept when the aggregate has rows in every month of the year for some dyad
    (the aggregate covered the whole year), counting 2015 from GDELT 2.0's start (18 February);
    a partial year (e.g. the current one) stays in the monthly table only.
    """
    if months.height == 0:
        return pl.DataFrame(schema=EVENT_COUNTS_DYAD_YEAR)
    covered = months.with_columns(pl.col("month").dt.year().alias("year"), pl.col("month").dt.month().alias("m"))
    per_year = covered.group_by("aggregate", "year").agg(pl.col("m").n_unique().alias("n_months"),
                                                         pl.col("m").min().alias("first"))
    whole = per_year.filter((pl.col("n_months") == 12) | ((pl.col("year") == 2015) & (pl.col("first") <= 2)
                                                          & (pl.col("n_months") == 13 - pl.col("first"))))
    rows = covered.join(whole.select("aggregate", "year"), on=["aggregate", "year"], how="semi")
    out = rows.group_by("dataset", "year", "source_iso3", "target_iso3").agg(
        *[pl.col(c).sum().cast(pl.Int64) for c in QUAD_COLUMNS.values()])
    return conform(out.with_columns(pl.col("year").cast(pl.Int32)), "event_counts_dyad_year").sort(
        "dataset", "year", "source_iso3", "target_iso3")
