"""Adapter for Voeten's published UNGA file (``UNVotesPublished.RData``, sessions 1-70).

Raw vote codes: 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member; states by COW code
(``ccode``); dates as ``m/d/Y`` strings. The project takes yes/abstain/no from the
newer unvotes release and uses this file only for the rows unvotes dropped: absent (8)
and not-member (9). ``read_status_rows`` returns those rows; the build keeps them only
where unvotes has no row for the same (rcid, state).

When two COW codes map to one ISO3 code in a roll call (e.g. 255 Germany and 260 the
Federal Republic, both DEU), the more informative status wins: absent over not-member.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.core import countries
from analysis.core.clock import refuse_future
from analysis.schemas import conform
from analysis.sources import SourceFormatError
from analysis.sources.rdata import read_r_table

SOURCE = "voeten"
CODES = {1: "yes", 2: "abstain", 3: "no", 8: "absent", 9: "not_member"}


def read_raw(raw: Path) -> pl.DataFrame:
    """Return Voeten's file with ISO3 codes and parsed dates (columns rcid, iso3, date, vote, ccode)."""
    path = raw / "voeten" / "UNVotesPublished.RData"
    frame = read_r_table(path, "x")
    bad = frame.filter(~pl.col("vote").is_in(list(CODES)))
    if bad.height:
        raise SourceFormatError(f"{path}: unknown vote codes {sorted(bad['vote'].unique().to_list())}")
    by_cow = countries.iso3_from_cow(frame["ccode"].unique().to_list())
    frame = frame.with_columns(
        pl.col("rcid").cast(pl.Int32),
        pl.col("date").str.strptime(pl.Date, "%m/%d/%Y", strict=True),
    ).with_columns(
        pl.when(pl.col("ccode") == 345)
        .then(countries.yugoslavia_code(pl.col("date")))
        .otherwise(pl.col("ccode").replace_strict(by_cow, default=None, return_dtype=pl.String))
        .alias("iso3"),
        pl.col("vote").replace_strict(CODES, return_dtype=pl.String),
    )
    refuse_future(frame, "date", file=path, row=pl.format("rcid {}, ccode {}", "rcid", "ccode"))
    unmapped = frame.filter(pl.col("iso3").is_null())["ccode"].unique().to_list()
    if unmapped:
        raise SourceFormatError(f"{path}: COW codes without an ISO3 code: {sorted(unmapped)}")
    return frame.select("rcid", "iso3", "date", "vote", "ccode")


def read_status_rows(raw: Path) -> pl.DataFrame:
    """Return the absent / not-member rows in the ``votes`` schema, one per (rcid, iso3)."""
    frame = (
        read_raw(raw)
        .filter(pl.col("vote").is_in(["absent", "not_member"]))
        .sort("rcid", "iso3", "vote")  # "absent" sorts before "not_member": absent wins
        .unique(["rcid", "iso3"], keep="first", maintain_order=True)
        .with_columns(pl.lit("GA").alias("body"), pl.lit(SOURCE).alias("source"))
    )
    return conform(frame, "votes")
