"""Adapter for Correlates of War Trade v4.0, directed dyad-year (``cow_trade_ddy.rds``).

Columns (all floats in this copy): ``ccode1``, ``ccode2``, ``year``, ``flow1`` (imports
of ccode1 from ccode2, current million US dollars), ``flow2`` (imports of ccode2 from
ccode1), ``smoothflow1``, ``smoothflow2`` (COW's smoothed series). Every dyad appears in
both orders (row 770→630 carries the numbers of row 630→770 swapped), so ``flow1`` of
every row already covers every direction once; the adapter checks that symmetry and
then uses ``flow1``/``smoothflow1`` only.

Output rows (``trade`` schema): reporter = ccode1 (the importer), partner = ccode2,
flow ``import``, ``value_usd`` = flow × 1,000,000, ``valuation`` null (COW merges
importer and exporter reports and does not state CIF or FOB per value), ``smoothed``
False for flow1 and True for smoothflow1, source ``cow``. Missing flows stay null —
never 0 — and the published missing code -9 (older COW releases) is read as null too.

COW codes map to ISO3 through ``analysis.core.countries``; COW 345 by year (YUG / SCG / SRB).
Two codes map to one ISO3 in a few transition years: 260 (German Federal Republic) and
255 (Germany) are both DEU, 678 (Yemen Arab Republic) and 679 (Yemen) both YEM. Where both
exist for one dyad-year (in this file: Yemen 1990 with Nicaragua and Iran) the row of the
successor code (255, 679) is kept; any other collision stops the build.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.core import countries
from analysis.core.clock import refuse_future
from analysis.schemas import conform
from analysis.sources import SourceFormatError
from analysis.sources.rdata import read_r_table

SOURCE = "cow"
#: COW codes whose rows give way to their successor's rows for the same ISO3 dyad-year.
SUPERSEDED = {260: 255, 678: 679}
MISSING_CODES = (-9.0,)
MILLION = 1_000_000.0


def missing_to_null(column: str) -> pl.Expr:
    """Return ``column`` with the published missing-value codes (-9) replaced by null."""
    col = pl.col(column)
    return pl.when(col.is_in(list(MISSING_CODES))).then(None).otherwise(col).alias(column)


def read_raw(raw: Path) -> pl.DataFrame:
    """Return the COW file with integer codes and years, missing codes as null, symmetry checked."""
    path = raw / "cow-trade" / "cow_trade_ddy.rds"
    frame = read_r_table(path)
    expected = {"ccode1", "ccode2", "year", "flow1", "flow2", "smoothflow1", "smoothflow2"}
    if set(frame.columns) != expected:
        raise SourceFormatError(f"{path}: columns {frame.columns}, expected {sorted(expected)}")
    frame = frame.with_columns(
        pl.col("ccode1", "ccode2", "year").cast(pl.Int32),
        *[missing_to_null(c) for c in ("flow1", "flow2", "smoothflow1", "smoothflow2")],
    )
    refuse_future(frame, "year", file=path, row=pl.format("the row ccode1 {}, ccode2 {}", "ccode1", "ccode2"),
                  what="year")
    mirror = frame.select(
        pl.col("ccode2").alias("ccode1"), pl.col("ccode1").alias("ccode2"), "year",
        pl.col("flow2").alias("flow1_mirror"),
    )
    joined = frame.join(mirror, on=["ccode1", "ccode2", "year"], how="left")
    broken = joined.filter(
        ~pl.col("flow1").eq_missing(pl.col("flow1_mirror"))
    )
    if broken.height:
        row = broken.row(0, named=True)
        raise SourceFormatError(
            f"{path}: {broken.height} directed rows whose flow1 differs from flow2 of the reversed row, "
            f"e.g. {row['ccode1']}->{row['ccode2']} {row['year']}"
        )
    return frame


def read(raw: Path) -> pl.DataFrame:
    """Return COW trade in the ``trade`` schema (published and smoothed flows, both directions)."""
    path = raw / "cow-trade" / "cow_trade_ddy.rds"
    frame = read_raw(raw)
    codes = sorted(set(frame["ccode1"].unique().to_list()) | set(frame["ccode2"].unique().to_list()))
    by_cow = countries.iso3_from_cow(codes)
    unmapped = sorted(c for c in codes if c != 345 and not by_cow.get(c))
    if unmapped:
        raise SourceFormatError(f"{path}: COW codes without an ISO3 code: {unmapped}")

    def iso3(column: str) -> pl.Expr:
        return (
            pl.when(pl.col(column) == 345)
            .then(countries.yugoslavia_code_by_year(pl.col("year")))
            .otherwise(pl.col(column).replace_strict(by_cow, default=None, return_dtype=pl.String))
        )

    superseded = list(SUPERSEDED)
    mapped = frame.with_columns(iso3("ccode1").alias("reporter_iso3"), iso3("ccode2").alias("partner_iso3"))
    keys = ["year", "reporter_iso3", "partner_iso3"]
    old_codes = pl.col("ccode1").is_in(superseded) | pl.col("ccode2").is_in(superseded)
    current, older = mapped.filter(~old_codes), mapped.filter(old_codes)
    if current.select(keys).is_duplicated().any() or older.select(keys).is_duplicated().any():
        raise SourceFormatError(f"{path}: two COW codes give the same ISO3 dyad-year outside {SUPERSEDED}")
    # a superseded code's row gives way where the successor's row exists for the same ISO3 dyad-year
    mapped = pl.concat([current, older.join(current.select(keys), on=keys, how="anti")])
    rows = [
        mapped.select(
            "year", "reporter_iso3", "partner_iso3",
            (pl.col(column) * MILLION).alias("value_usd"),
            pl.lit(smoothed).alias("smoothed"),
        )
        for column, smoothed in (("flow1", False), ("smoothflow1", True))
    ]
    out = pl.concat(rows).with_columns(
        pl.lit("import").alias("flow"),
        pl.lit(None, pl.String).alias("valuation"),
        pl.lit(SOURCE).alias("source"),
    )
    return conform(out, "trade")
