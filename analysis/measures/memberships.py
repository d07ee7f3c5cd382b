"""Who sat on the Human Rights Council and the Commission on Human Rights, year by year.

Both bodies' voting records list every member at every recorded vote, a member present
without voting included (``absent``); a state that is not listed was not a member then.
``derive`` reads membership off the recorded votes: a state is a member of ``body`` in
``year`` when at least one of that year's recorded votes lists it.

Limits (also in docs/explanation/limits.md):

* Only years with at least one recorded vote that lists its members are covered. Years
  without one (most CHR years before 1960; none of the HRC's) say nothing: a lookup
  returns ``None`` (unknown), never "not a member".
* A year's membership is whoever was listed at some vote that year. A state that joined or
  left mid-year (Russia, suspended from the HRC on 7 April 2022; Czechia, elected in its
  place) is a member of that year; ``first_listed`` / ``last_listed`` and ``n_listed``
  against ``n_roll_calls`` show the part of the year.
* Terms are not in the data. HRC members serve three-year terms from 1 January (GA
  resolution 60/251, paragraph 7); CHR members served three-year terms too. A run of
  consecutive member years may cover several terms.
* Coverage ends with the data: HRC votes to 31 March 2026, so membership in 2026 is that of
  the first quarter, and 2027 or later is unknown.

``member_status`` and ``member_years`` answer the questions claims and reports ask.
"""

from __future__ import annotations

import polars as pl

from analysis.core.vocab import LISTING_BODIES

BASIS = "listed on recorded votes"


def derive(roll_calls: pl.DataFrame, votes: pl.DataFrame) -> pl.DataFrame:
    """Return the ``memberships`` table derived from the HRC's and CHR's recorded votes.

    Takes the canonical ``roll_calls`` and ``votes``. One row per (body, year, state listed
    at least once that year) with the first and last date it was listed, how many of the
    year's recorded votes list it (``n_listed``) and how many list members at all
    (``n_roll_calls``). Roll calls without a per-state list do not count, nor those whose source gives only
    some members' votes (``lists_members`` False: the Security Council veto list).
    """
    listed = (
        votes.filter(pl.col("body").cast(pl.String).is_in(list(LISTING_BODIES)) & (pl.col("vote") != "not_member"))
        .join(roll_calls.filter(pl.col("lists_members").fill_null(True)).select("body", "rcid", "date", "year"),
              on=["body", "rcid"])
    )
    per_year = listed.group_by("body", "year").agg(pl.col("rcid").n_unique().cast(pl.Int32).alias("n_roll_calls"))
    table = (
        listed.group_by("body", "year", "iso3")
        .agg(pl.col("date").min().alias("first_listed"), pl.col("date").max().alias("last_listed"),
             pl.col("rcid").n_unique().cast(pl.Int32).alias("n_listed"))
        .join(per_year, on=["body", "year"])
        .with_columns(pl.lit(BASIS).alias("basis"))
        .sort("body", "year", "iso3")
    )
    from analysis.schemas import conform  # here, not at the top: the claims check reads memberships without the schemas

    return conform(table, "memberships")


def member_status(memberships: pl.DataFrame, body: str, iso3: str, year: int) -> bool | None:
    """Return True if ``iso3`` was a member of ``body`` in ``year``, False if not, None if unknown.

    Unknown means the data hold no recorded vote of ``body`` listing its members in ``year``
    (outside the coverage, or a year with no recorded vote).
    """
    rows = memberships.filter((pl.col("body") == body) & (pl.col("year") == year))
    if rows.height == 0:
        return None
    return bool((rows["iso3"] == iso3).any())


def member_years(memberships: pl.DataFrame, body: str, iso3: str) -> list[int]:
    """Return the sorted years in which ``iso3`` was a member of ``body`` in the data."""
    rows = memberships.filter((pl.col("body") == body) & (pl.col("iso3") == iso3))
    return sorted(rows["year"].to_list())


def covered_years(memberships: pl.DataFrame, body: str) -> list[int]:
    """Return the sorted years in which the data say who sat on ``body``."""
    return sorted(memberships.filter(pl.col("body") == body)["year"].unique().to_list())


def spans(years: list[int]) -> str:
    """Return years as runs, e.g. [2006, 2007, 2008, 2013] -> "2006–2008, 2013"; "" for none."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)
