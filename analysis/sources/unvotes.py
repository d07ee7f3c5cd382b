"""Adapter for the unvotes R package data (UN General Assembly, sessions 1-74, 1946-2019).

Files: ``data/raw/unvotes/un_votes.rda`` (rcid float, country, ISO2 ``country_code``,
vote factor yes/abstain/no), ``un_roll_calls.rda`` (rcid, session, importantvote, date,
unres, amend, para, short, descr) and ``un_roll_call_issues.rda`` (rcid, short_name in
me/nu/di/hr/co/ec). Absent and non-member rows are not in this source (see ``voeten``).

Symbols: unvotes writes older resolutions as ``R/40/141``; we write every GA symbol
as ``A/RES/40/141`` so that sources can be matched on it. ``doc_type`` is derived:
``amendment`` when amend = 1, ``paragraph`` when para = 1, ``motion`` when the
description speaks of a motion (e.g. rcid 5916, Iran's no-action motion on R/66/175),
otherwise ``resolution``. ``title`` is ``descr`` except in sessions 71-73, where ``descr``
holds the agenda item and ``short`` the title (e.g. A/RES/71/204 on human rights in Iran).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.core import countries
from analysis.core.clock import refuse_future
from analysis.schemas import ISSUES, conform
from analysis.sources import SourceFormatError
from analysis.sources.rdata import read_r_table

SOURCE = "unvotes"


def normalise_symbol(symbol: pl.Expr) -> pl.Expr:
    """Return ``symbol`` with unvotes' ``R/..`` prefix written as ``A/RES/..``; blanks become null."""
    stripped = symbol.str.strip_chars()
    return (
        pl.when(stripped.str.starts_with("R/"))
        .then(pl.lit("A/RES/") + stripped.str.slice(2))
        .when(stripped == "")
        .then(None)
        .otherwise(stripped)
    )


def read_roll_calls(raw: Path) -> pl.DataFrame:
    """Return the GA roll calls of unvotes in the ``roll_calls`` schema."""
    rc = read_r_table(raw / "unvotes" / "un_roll_calls.rda", "un_roll_calls")
    refuse_future(rc, "date", file=raw / "unvotes" / "un_roll_calls.rda",
                  row=pl.format("rcid {} ({})", pl.col("rcid").cast(pl.Int64), pl.col("unres").fill_null("no symbol")))
    issues = read_r_table(raw / "unvotes" / "un_roll_call_issues.rda", "un_roll_call_issues")
    unknown = set(issues["short_name"].unique().to_list()) - set(ISSUES)
    if unknown:
        raise SourceFormatError(f"{raw / 'unvotes/un_roll_call_issues.rda'}: unknown issue codes {sorted(unknown)}")
    flags = (
        issues.select(pl.col("rcid").cast(pl.Int32), "short_name", pl.lit(True).alias("flag"))
        .unique()
        .pivot(on="short_name", index="rcid", values="flag", on_columns=list(ISSUES))
    )
    # Sessions 71-73: `descr` holds the agenda item ("A/71/251 68c - Human rights situations ...") and
    # `short` the resolution's title ("Situation of human rights in the Islamic Republic of Iran :
    # resolution / adopted by the General Assembly"): use the title there. Everywhere the
    # " : resolution / adopted by ..." suffix is dropped.
    agenda_ref = pl.col("descr").str.contains(r"^A/\d+/\d+") & pl.col("short").is_not_null()
    descr = (
        pl.when(agenda_ref).then(pl.col("short")).otherwise(pl.col("descr").fill_null(pl.col("short")))
        .str.replace(r"\s*:\s*resolution\s*/\s*adopted by the General Assembly\s*$", "")
    )
    frame = (
        rc.with_columns(pl.col("rcid").cast(pl.Int32))
        .join(flags, on="rcid", how="left")
        .with_columns(
            pl.lit("GA").alias("body"),
            pl.col("session").cast(pl.Int32),
            pl.col("session").cast(pl.Int32).cast(pl.String).alias("session_label"),
            pl.col("date").dt.year().cast(pl.Int32).alias("year"),
            normalise_symbol(pl.col("unres")).alias("symbol"),
            descr.alias("title"),
            *[pl.col(f).fill_null(False) for f in ISSUES],
            (pl.col("importantvote") == 1).alias("important"),
            (pl.col("amend") == 1).alias("amend"),
            (pl.col("para") == 1).alias("para"),
            pl.when(pl.col("amend") == 1).then(pl.lit("amendment"))
            .when(pl.col("para") == 1).then(pl.lit("paragraph"))
            .when(descr.str.contains(r"(?i)\bmotion\b")).then(pl.lit("motion"))
            .otherwise(pl.lit("resolution")).alias("doc_type"),
            pl.lit(SOURCE).alias("source"),
        )
    )
    return conform(frame, "roll_calls")


def read_votes(raw: Path, roll_calls: pl.DataFrame) -> pl.DataFrame:
    """Return the yes/abstain/no votes of unvotes in the ``votes`` schema.

    ``roll_calls`` (from ``read_roll_calls``) supplies the dates needed to code the
    former Yugoslavia (YUG / SCG / SRB). Raises ``SourceFormatError`` naming any country
    that cannot be mapped to ISO3.
    """
    path = raw / "unvotes" / "un_votes.rda"
    votes = read_r_table(path, "un_votes").with_columns(pl.col("rcid").cast(pl.Int32))
    by_iso2 = countries.iso3_from_iso2(votes["country_code"].drop_nulls().unique().to_list())
    by_name = countries.iso3_from_unvotes_name(
        votes.filter(pl.col("country_code").is_null())["country"].unique().to_list()
    )
    frame = votes.join(roll_calls.select("rcid", "date"), on="rcid", how="left").with_columns(
        pl.when(pl.col("country_code") == "YU")
        .then(countries.yugoslavia_code(pl.col("date")))
        .when(pl.col("country_code").is_null())
        .then(pl.col("country").replace_strict(by_name, default=None, return_dtype=pl.String))
        .otherwise(pl.col("country_code").replace_strict(by_iso2, default=None, return_dtype=pl.String))
        .alias("iso3")
    )
    unmapped = frame.filter(pl.col("iso3").is_null()).select("country", "country_code").unique()
    if unmapped.height:
        raise SourceFormatError(f"{path}: countries without an ISO3 code: {unmapped.rows()}")
    orphans = frame.filter(pl.col("date").is_null())
    if orphans.height:
        raise SourceFormatError(f"{path}: {orphans.height} votes on rcids missing from un_roll_calls.rda")
    frame = frame.with_columns(
        pl.lit("GA").alias("body"), pl.col("vote").cast(pl.String), pl.lit(SOURCE).alias("source")
    )
    return conform(frame, "votes")
