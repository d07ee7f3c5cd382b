"""Adapter for the published Bailey-Strezhnev-Voeten ideal points (reference, not a build input).

File: ``data/raw/bsv/IdealpointestimatesAll_Apr2020.csv`` (manifest entry ``bsv-reference``):
one row per state and GA session 1-74 with the posterior mean ``IdealPoint``, posterior
quantiles and ``NVotes``. States are mapped from their COW code the way the Voeten adapter
maps them (345 by session year: YUG, SCG, SRB), so they join the project's ``ideal_points``
table on (iso3, session). Used by the tests and ``benchmarks/bench_idealpoints.py`` to
compare ``analysis.measures.idealpoints`` with the published estimates.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.core import countries
from analysis.sources import SourceFormatError

PATH = Path("bsv") / "IdealpointestimatesAll_Apr2020.csv"
COLUMNS = ("ccode", "session", "NVotes", "IdealPoint", "Q5%", "Q95%")


def read(raw: Path) -> pl.DataFrame:
    """Return the published estimates: iso3, session, year, bsv_ideal_point, bsv_q05, bsv_q95, bsv_n_votes.

    ``year`` is session + 1945 (the year the session opened). Raises ``SourceFormatError``
    naming the file if it is missing, lacks a column, or has a COW code without an ISO3 code.
    """
    path = Path(raw) / PATH
    if not path.exists():
        raise SourceFormatError(f"{path}: missing")
    frame = pl.read_csv(path, infer_schema_length=None)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise SourceFormatError(f"{path}: missing columns {missing}")
    by_cow = countries.iso3_from_cow(frame["ccode"].unique().to_list())
    frame = frame.with_columns(
        pl.col("session").cast(pl.Int32), (pl.col("session") + 1945).cast(pl.Int32).alias("year")
    ).with_columns(
        pl.when(pl.col("ccode") == 345)
        .then(countries.yugoslavia_code_by_year(pl.col("year")))
        .otherwise(pl.col("ccode").replace_strict(by_cow, default=None, return_dtype=pl.String))
        .alias("iso3")
    )
    unmapped = frame.filter(pl.col("iso3").is_null())["ccode"].unique().sort().to_list()
    if unmapped:
        raise SourceFormatError(f"{path}: COW codes without an ISO3 code: {unmapped}")
    out = frame.select(
        "iso3", "session", "year",
        pl.col("IdealPoint").cast(pl.Float64).alias("bsv_ideal_point"),
        pl.col("Q5%").cast(pl.Float64).alias("bsv_q05"),
        pl.col("Q95%").cast(pl.Float64).alias("bsv_q95"),
        pl.col("NVotes").cast(pl.Int32).alias("bsv_n_votes"),
    )
    dup = out.filter(pl.struct("iso3", "session").is_duplicated())
    if dup.height:
        raise SourceFormatError(f"{path}: several rows for the same state and session, e.g. {dup.head(3).rows()}")
    return out.sort("session", "iso3")
