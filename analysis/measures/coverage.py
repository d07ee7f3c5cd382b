"""Which years a state voted in a body: checked before any work starts, so a query the data
cannot answer fails at once with a line that says why ("XKX has no GA votes: not a UN member").
"""

from __future__ import annotations

import polars as pl

from analysis.core.errors import UserError
from analysis.measures.memberships import spans
from analysis.schemas import BODY_NAMES, CAST_VOTES, LISTING_BODIES


class NoVotesError(UserError):
    """A state without a recorded vote in the chosen body and years."""


def vote_years(votes: pl.DataFrame, roll_calls: pl.DataFrame, iso3: str, body: str) -> list[int]:
    """Return the sorted years in which ``iso3`` cast a yes, abstain or no in ``body``."""
    own = votes.filter((pl.col("body") == body) & (pl.col("iso3") == iso3) & pl.col("vote").is_in(list(CAST_VOTES)))
    rc = roll_calls.filter(pl.col("body") == body).select("rcid", "year")
    return sorted(own.join(rc, on="rcid")["year"].unique().to_list())


def require_votes(votes: pl.DataFrame, roll_calls: pl.DataFrame, iso3: str, body: str, start: int | None,
                  end: int | None, name: str | None = None) -> list[int]:
    """Return the years in [start, end] in which ``iso3`` voted in ``body``; raise ``NoVotesError`` if none.

    The message names the state, the body and where its votes are: "XKX (Kosovo) has no GA
    votes: it never voted in the General Assembly (not a UN member state)", or "PAK
    (Pakistan) has no HRC votes in 2024–2025; it voted in 2006–2011, ...".
    """
    years = vote_years(votes, roll_calls, iso3, body)
    label = f"{iso3} ({name})" if name else iso3
    if not years:
        why = ("it never voted in the General Assembly (not a UN member state)" if body == "GA" else
               f"it was never a member of the {BODY_NAMES[body]} in the data" if body in LISTING_BODIES else
               f"it never voted in the {BODY_NAMES.get(body, body)} in the data")
        raise NoVotesError(f"{label} has no {body} votes: {why}")
    lo, hi = start if start is not None else years[0], end if end is not None else years[-1]
    inside = [y for y in years if lo <= y <= hi]
    if not inside:
        span = (f"in {start}" if start == end else f"in {start}–{end}") if start is not None and end is not None \
            else f"from {start} on" if start is not None else f"up to {end}"
        raise NoVotesError(f"{label} has no {body} votes {span}; it voted in {spans(years)}")
    return inside


def years_without_important(roll_calls: pl.DataFrame, body: str, start: int | None, end: int | None) -> str:
    """The years in ``start``..``end`` (inclusive, open ends allowed) with roll calls of ``body`` of which none is
    flagged important, as spans ("1946–1982, 2018, 2024–2026"); "" when every such year has a flagged vote."""
    rc = roll_calls.filter(pl.col("body") == body)
    if start is not None:
        rc = rc.filter(pl.col("year") >= start)
    if end is not None:
        rc = rc.filter(pl.col("year") <= end)
    per_year = rc.group_by("year").agg(pl.col("important").fill_null(False).any().alias("flagged"))
    return spans(sorted(per_year.filter(~pl.col("flagged"))["year"].to_list()))
