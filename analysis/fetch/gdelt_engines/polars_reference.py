"""The reference path of ``events aggregate`` (``polars``, not offered on the command line): the adapter's event
rows (``analysis.sources.gdelt.read_events``) aggregated with polars, which the engines must equal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analysis.core import paths
from analysis.fetch.gdelt_engines.common import REFERENCE_ENGINE, _check_local
from analysis.sources import gdelt as gdelt_source
from analysis.sources import gdelt_ibis


def aggregate_events(events: pl.DataFrame, countries: Sequence[str] | None, start: dt.date,
                     end: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (dyad-day, dyad-month) from an ``events`` table (dataset gdelt) with polars: the reference path.

    The rows the adapter made (``analysis.sources.gdelt.read_events``): events between two
    different states (both among ``countries`` unless None) dated ``start``..``end``; the same
    columns and the same exact arithmetic (weights summed in tenths) as ``gdelt_ibis``.
    """
    keep = ((pl.col("dataset") == gdelt_source.DATASET) & pl.col("source_iso3").is_not_null()
            & pl.col("target_iso3").is_not_null() & (pl.col("source_iso3") != pl.col("target_iso3"))
            & pl.col("date").is_between(start, end))
    if countries is not None:
        wanted = pl.Series([c.upper() for c in countries], dtype=pl.String).implode()
        keep &= pl.col("source_iso3").is_in(wanted) & pl.col("target_iso3").is_in(wanted)
    rows = events.filter(keep).with_columns(
        pl.col("date").dt.truncate("1mo").alias("month"),
        (pl.col("goldstein") * 10).round().cast(pl.Int64).alias("tenths"),
    )
    out = []
    for period, schema in (("date", gdelt_ibis.DAY_SCHEMA), ("month", gdelt_ibis.MONTH_SCHEMA)):
        grouped = rows.group_by(period, "source_iso3", "target_iso3", "quad_class").agg(
            pl.len().alias("n_events"),
            pl.col("tenths").sum().alias("tenths"),
            pl.col("tenths").count().alias("n_weighted"),
            pl.col("citation").drop_nulls().n_unique().alias("n_source_urls"),
        ).with_columns(
            # divided by a column of tens, not the literal: polars turns ``x / 10.0`` into ``x * 0.1``, which is
            # not correctly rounded (28 * 0.1 = 2.8000000000000003); SQL engines divide
            pl.when(pl.col("n_weighted") > 0)
            .then(pl.col("tenths").cast(pl.Float64) / (pl.col("n_events") * 0 + 10).cast(pl.Float64))
            .alias("goldstein_sum"),
            pl.when(pl.col("n_weighted") > 0)
            .then(pl.col("tenths").cast(pl.Float64) / (pl.col("n_weighted") * 10).cast(pl.Float64))
            .alias("goldstein_mean"),
        )
        out.append(gdelt_ibis.conform_output(grouped, schema))
    return out[0], out[1]


def run_polars(inputs: Sequence[str], event_codes: pl.DataFrame, countries: Sequence[str] | None, start: dt.date,
               end: dt.date, raw_dir: Path | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The reference path: read ``inputs`` with the adapter (``gdelt.read_events``), aggregate with polars."""
    _check_local(inputs, REFERENCE_ENGINE)
    events = gdelt_source.read_events(raw_dir or paths.raw_dir(), event_codes, files=[Path(p) for p in inputs])
    return aggregate_events(events, countries, start, end)
