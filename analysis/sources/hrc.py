"""Adapter for the UN Human Rights Council recorded votes (2006-2024, SQLite): the cross-check.

The build takes the HRC from the OHCHR harvest (``analysis.sources.ohchr``); this file is
read only to be compared with it (``analysis.measures.crosscheck``), so nothing is counted twice.

File ``data/raw/hrc/votes.sqlite3`` (tables ``resolutions``: name = document symbol,
vote_date ``YYYY/MM/DD``, summary ``<title> :<type> /adopted by ...``, agenda, passed,
type resolution / amendment / decision; ``votes``: resolution_name, country_short ISO3,
vote YES / NO / ABSTAIN / NO_VOTE). Only the Council's 47 members are listed: a member
recorded as NO_VOTE is ``absent``; a state with no row was not a member at that session.

Roll-call ids are the rank of (date, symbol), 1..n. ``session`` is the regular session
number read from the symbol (``A/HRC/RES/55/19`` → 55, ``A/HRC/52/L.64`` → 52); it is
null for special sessions (``A/HRC/RES/S-35/1``). Issue flags come from
``analysis.core.issue_rules`` applied to title and agenda.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl

from analysis.core.clock import refuse_future
from analysis.core.issue_rules import issue_flags
from analysis.schemas import conform
from analysis.sources import SourceFormatError

SOURCE = "hrc"
VOTE_CODES = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain", "NO_VOTE": "absent"}
DOC_TYPES = {"resolution", "amendment", "decision"}


def _query(path: Path, sql: str) -> pl.DataFrame:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            cursor = con.execute(sql)
            columns = [c[0] for c in cursor.description]
            return pl.DataFrame(cursor.fetchall(), schema=columns, orient="row")
    except sqlite3.DatabaseError as exc:
        raise SourceFormatError(f"{path}: not a readable SQLite database of HRC votes ({exc})") from None


def read(raw: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (roll_calls, votes) of the HRC in the project's schema.

    Raises ``SourceFormatError`` naming the file and the offending values for an unknown
    vote code, document type or unreadable date.
    """
    path = raw / "hrc" / "votes.sqlite3"
    if not path.exists():
        raise SourceFormatError(f"{path}: missing")
    res = _query(path, "SELECT name, vote_date, summary, agenda, type FROM resolutions")
    votes = _query(path, "SELECT resolution_name, country_short, vote FROM votes")
    bad_types = set(res["type"].unique().to_list()) - DOC_TYPES
    if bad_types:
        raise SourceFormatError(f"{path}: unknown resolution types {sorted(bad_types)}")
    bad_votes = set(votes["vote"].unique().to_list()) - set(VOTE_CODES)
    if bad_votes:
        raise SourceFormatError(f"{path}: unknown vote codes {sorted(bad_votes)}")
    roll_calls = (
        res.with_columns(
            pl.col("vote_date").str.strptime(pl.Date, "%Y/%m/%d", strict=True).alias("date"),
            pl.col("name").str.strip_chars().alias("symbol"),
        )
        .sort("date", "symbol")
    )
    refuse_future(roll_calls, "date", file=path, row=pl.format("resolution {}", "symbol"))
    roll_calls = (
        roll_calls.with_columns(
            pl.int_range(1, pl.len() + 1).cast(pl.Int32).alias("rcid"),
            pl.lit("HRC").alias("body"),
            pl.col("symbol").str.extract(r"^A/HRC/(?:RES/|DEC/)?(\d+)/").cast(pl.Int32).alias("session"),
            pl.col("date").dt.year().cast(pl.Int32).alias("year"),
            pl.col("summary").str.replace(r"\s*:\s*(resolution|amendment|decision)\s*/.*$", "")
            .str.replace_all(r"\s+", " ").str.strip_chars().alias("title"),
            *issue_flags(pl.col("summary") + pl.lit(" ") + pl.col("agenda").fill_null("")),
            pl.lit(None, pl.Boolean).alias("important"),
            (pl.col("type") == "amendment").alias("amend"),
            pl.lit(False).alias("para"),
            pl.col("type").alias("doc_type"),
            pl.lit(SOURCE).alias("source"),
        )
    )
    joined = votes.join(roll_calls.select("symbol", "rcid"), left_on="resolution_name", right_on="symbol", how="left")
    orphans = joined.filter(pl.col("rcid").is_null())
    if orphans.height:
        unknown = orphans["resolution_name"].unique().sort().to_list()[:5]
        raise SourceFormatError(f"{path}: votes on unknown resolutions, e.g. {unknown}")
    vote_rows = joined.with_columns(
        pl.lit("HRC").alias("body"),
        pl.col("country_short").alias("iso3"),
        pl.col("vote").replace_strict(VOTE_CODES, return_dtype=pl.String),
        pl.lit(SOURCE).alias("source"),
    )
    return conform(roll_calls, "roll_calls"), conform(vote_rows, "votes")
