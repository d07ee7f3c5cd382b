"""Two sources of one body's votes, compared state-vote by state-vote.

The Human Rights Council has two sources for 2006-2024: the OHCHR harvest (primary, see
``analysis.build``) and the HRC sqlite file (tsujamin/unhrc-nominate). The build reads the
primary only; this module compares the secondary with it and lists every difference, so
that nothing is counted twice and a drift between them is seen.

Matching: a sqlite roll call is the OHCHR roll call with the same symbol and date; where
the harvest holds two records under one symbol and date (two amendments filed as
A/HRC/32/L.54, and as A/HRC/45/L.64), it is the one whose listed states agree with it most
(ties: the lower record id); where no date matches, the only record of that symbol.
Both sources' codes are read into the project's vote values first (sqlite NO_VOTE and the
harvest's ``.``/``-`` are ``absent``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analysis.schemas import conform

KINDS = ("different vote", "listed only in ohchr", "listed only in sqlite", "roll call only in sqlite",
         "roll call only in ohchr")


@dataclass(frozen=True)
class CrossCheck:
    """The comparison: ``differences`` (schema ``hrc_crosscheck``) and the counts behind the summary."""

    differences: pl.DataFrame
    shared_state_votes: int  # state-votes listed by both sources on matched roll calls
    agreeing: int  # ... with the same vote value
    matched_roll_calls: int
    secondary_roll_calls: int

    @property
    def agreement(self) -> float:
        """Share of shared state-votes with the same value (1.0 when nothing is shared)."""
        return self.agreeing / self.shared_state_votes if self.shared_state_votes else 1.0

    def summary(self) -> str:
        """One line for the build report."""
        kinds = self.differences.group_by("kind").len().sort("kind")
        parts = ", ".join(f"{r['len']} {r['kind']}" for r in kinds.iter_rows(named=True)) or "no differences"
        return (f"hrc cross-check (sqlite vs OHCHR): {self.matched_roll_calls} of {self.secondary_roll_calls} sqlite "
                f"roll calls matched; {self.agreeing:,} of {self.shared_state_votes:,} shared state-votes agree "
                f"({self.agreement:.3%}); {parts}")


def compare(primary_rc: pl.DataFrame, primary_votes: pl.DataFrame, secondary_rc: pl.DataFrame,
            secondary_votes: pl.DataFrame) -> CrossCheck:
    """Compare a secondary source of one body with the primary; return a :class:`CrossCheck`.

    Takes the roll calls and votes of each source in the project's schema (the secondary's
    ``rcid`` are its own). Lists one row per state-vote whose value differs, per state
    listed by one source only, per secondary roll call the primary lacks, and per primary
    roll call with a per-state list, within the secondary's first and last date, that the
    secondary lacks.
    """
    prim = primary_rc.select("rcid", "symbol", "date")
    sec = secondary_rc.select(pl.col("rcid").alias("rcid_sec"), "symbol", "date")
    pv = primary_votes.select("rcid", "iso3", pl.col("vote").alias("vote_ohchr"))
    sv = secondary_votes.select(pl.col("rcid").alias("rcid_sec"), "iso3", pl.col("vote").alias("vote_sqlite"))

    candidates = sec.join(prim, on=["symbol", "date"], how="inner")
    unmatched = sec.join(candidates.select("rcid_sec"), on="rcid_sec", how="anti")
    single = prim.group_by("symbol").agg(pl.col("rcid").first(), pl.len().alias("_n")).filter(pl.col("_n") == 1)
    by_symbol = unmatched.join(single.select("symbol", "rcid"), on="symbol", how="inner")
    candidates = pl.concat([candidates.select("rcid_sec", "rcid"), by_symbol.select("rcid_sec", "rcid")])
    score = (
        candidates.join(sv, on="rcid_sec").join(pv, on=["rcid", "iso3"], how="left")
        .group_by("rcid_sec", "rcid").agg((pl.col("vote_sqlite") == pl.col("vote_ohchr")).sum().alias("_agree"))
    )
    pairs = (
        candidates.join(score, on=["rcid_sec", "rcid"], how="left").with_columns(pl.col("_agree").fill_null(0))
        .sort(["rcid_sec", "_agree", "rcid"], descending=[False, True, False])
        .unique("rcid_sec", keep="first", maintain_order=True)
        .select("rcid_sec", "rcid")
    )
    left = pairs.join(sv, on="rcid_sec")
    right = pairs.join(pv, on="rcid")
    both = left.join(right, on=["rcid_sec", "rcid", "iso3"], how="full", coalesce=True)
    shared = both.filter(pl.col("vote_ohchr").is_not_null() & pl.col("vote_sqlite").is_not_null())
    # a matched roll call that one source lists without any state is a gap, not a difference of states
    has_sec = pairs.join(sv.select("rcid_sec").unique(), on="rcid_sec", how="semi")
    has_prim = pairs.join(pv.select("rcid").unique(), on="rcid", how="semi")
    listed_both = has_sec.join(has_prim, on=["rcid_sec", "rcid"], how="semi")
    diff = (
        both.join(listed_both, on=["rcid_sec", "rcid"], how="semi")
        .filter(pl.col("vote_ohchr").is_null() | pl.col("vote_sqlite").is_null()
                | (pl.col("vote_ohchr") != pl.col("vote_sqlite")))
        .with_columns(
            pl.when(pl.col("vote_ohchr").is_null()).then(pl.lit("listed only in sqlite"))
            .when(pl.col("vote_sqlite").is_null()).then(pl.lit("listed only in ohchr"))
            .otherwise(pl.lit("different vote")).alias("kind"))
        .join(prim, on="rcid")
    )
    missing = sec.join(pairs, on="rcid_sec", how="anti").with_columns(
        pl.lit("roll call only in sqlite").alias("kind"), pl.lit(None, pl.Int32).alias("rcid"),
        pl.lit(None, pl.String).alias("iso3"), pl.lit(None).alias("vote_ohchr"), pl.lit(None).alias("vote_sqlite"))
    # primary roll calls with a per-state list, within the secondary's dates, that it does not hold
    lo, hi = secondary_rc["date"].min(), secondary_rc["date"].max()
    extra = (
        primary_rc.filter(pl.col("date").is_between(lo, hi)).select("rcid", "symbol", "date")
        .join(pv.select("rcid").unique(), on="rcid", how="semi").join(pairs, on="rcid", how="anti")
        .with_columns(pl.lit("roll call only in ohchr").alias("kind"), pl.lit(None, pl.String).alias("iso3"),
                      pl.lit(None).alias("vote_ohchr"), pl.lit(None).alias("vote_sqlite"))
    )
    frame = pl.concat([conform(f, "hrc_crosscheck") for f in (diff, missing, extra)])
    return CrossCheck(
        differences=frame.sort("date", "symbol", "iso3", nulls_last=True),
        shared_state_votes=shared.height,
        agreeing=int((shared["vote_ohchr"] == shared["vote_sqlite"]).sum()),
        matched_roll_calls=pairs.height,
        secondary_roll_calls=sec.height,
    )
