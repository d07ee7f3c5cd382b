"""Repairs of the General Assembly record that the build makes, each reported: exact duplicates, important flags.

* ``exact_duplicates``: a GA vote on a whole text that repeats another one exactly -- same symbol,
  same date, neither an amendment nor a paragraph vote, and the same yes, no or abstain of every
  state (absent and not-member rows, which Voeten's file adds to some roll calls only, are not
  compared) -- is a second copy of one vote. unvotes holds five, each a later rcid described by
  the meeting record's words ("The President: May I take it that ...") that repeats the
  resolution's own roll call state by state: 5740 = 4587 (A/RES/59/28, 2004), 5798 = 4735
  (A/RES/61/156, 2006), 5919 = 5179 (A/RES/66/257, 2012), 5938 = 5248 (A/RES/67/243, 2012) and
  6006 = 5569 (A/RES/72/164, 19 December 2017). Paragraph and amendment votes are never
  merged, even when every state voted alike on two of them (A/RES/61/77, rcids 5788 and 5790:
  two different operative paragraphs, the same votes); two roll calls on one symbol that differ
  in any state's vote are different votes (a motion, a paragraph) and are kept.
* ``important_from_reports``: the US State Department's "important votes" (the reports' own
  lists, ``statedept_votes``) set ``important`` for the years the reports cover: True on the
  final vote on a listed resolution, False on every other GA roll call of the year the report
  covers (the calendar year from the 2017 report on; the autumn session, i.e. the roll calls of
  session ``year - 1945`` in that year, up to 2016). Paragraph votes, amendments and motions on an
  important resolution are not the important vote itself and get False. Years without a report
  keep what their source says (unvotes' ``importantvote``; null for DGACM records).
"""

from __future__ import annotations

import polars as pl


def exact_duplicates(roll_calls: pl.DataFrame, votes: pl.DataFrame, body: str = "GA") -> pl.DataFrame:
    """Return the roll calls of ``body`` that exactly repeat an earlier one: ``rcid``, ``duplicate_of``, symbol, date.

    Takes the ``roll_calls`` and ``votes`` frames. Two roll calls are one vote counted twice
    when neither is an amendment or a paragraph vote, their symbol (not null) and date are equal
    and their sets of (state, yes/no/abstain) rows are identical; the lower rcid is kept (``duplicate_of``).
    """
    rc = roll_calls.filter((pl.col("body") == body) & pl.col("symbol").is_not_null()
                           & ~pl.col("amend").fill_null(False) & ~pl.col("para").fill_null(False))
    rc = rc.filter(pl.struct("symbol", "date").is_duplicated())
    if rc.height == 0:
        return pl.DataFrame(schema={"rcid": pl.Int32, "duplicate_of": pl.Int32, "symbol": pl.String,
                                    "date": pl.Date})
    fingerprint = (
        votes.filter((pl.col("body") == body) & pl.col("vote").cast(pl.String).is_in(["yes", "no", "abstain"]))
        .join(rc.select("rcid"), on="rcid", how="semi")
        .sort("rcid", "iso3")
        .group_by("rcid", maintain_order=True)
        .agg(pl.concat_str("iso3", pl.col("vote").cast(pl.String), separator=":").str.join(",").hash().alias("fp"))
    )
    keyed = rc.select("rcid", "symbol", "date", pl.col("amend").fill_null(False), pl.col("para").fill_null(False)) \
        .join(fingerprint, on="rcid").sort("rcid")
    first = keyed.group_by("symbol", "date", "amend", "para", "fp").agg(pl.col("rcid").min().alias("duplicate_of"))
    return (keyed.join(first, on=["symbol", "date", "amend", "para", "fp"])
            .filter(pl.col("rcid") != pl.col("duplicate_of"))
            .select("rcid", "duplicate_of", "symbol", "date").sort("rcid"))


def _final_vote() -> pl.Expr:
    return ~(pl.col("amend").fill_null(False) | pl.col("para").fill_null(False)
             | pl.col("doc_type").is_in(["motion", "amendment", "paragraph"]).fill_null(False))


def important_from_reports(roll_calls: pl.DataFrame, listed: pl.DataFrame,
                           first_calendar_year: int = 2017) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Set ``important`` on GA roll calls from the reports' lists; return (roll_calls, changes).

    ``listed`` is ``statedept_votes`` (rows with ``list == "important"`` are used; the years
    present in it are the years the reports cover). Reports before ``first_calendar_year``
    cover the autumn session only. ``changes`` lists each GA roll call whose flag changed:
    ``rcid``, ``year``, ``symbol``, ``before``, ``after``.
    """
    important = listed.filter(pl.col("list") == "important").select("year", "symbol").unique()
    years = listed["year"].unique()
    covered = (pl.col("body") == "GA") & pl.col("year").is_in(years.implode()) & (
        (pl.col("year") >= first_calendar_year) | (pl.col("session") == pl.col("year") - 1945))
    flagged = roll_calls.join(important.with_columns(pl.lit(True).alias("_listed")), on=["year", "symbol"],
                              how="left")
    new = pl.when(covered).then(pl.col("_listed").fill_null(False) & _final_vote()).otherwise(pl.col("important"))
    flagged = flagged.with_columns(new.alias("_new"))
    changes = flagged.filter(covered & pl.col("_new").ne_missing(pl.col("important"))).select(
        "rcid", "year", "symbol", pl.col("important").alias("before"), pl.col("_new").alias("after"))
    out = flagged.with_columns(pl.col("_new").alias("important")).drop("_listed", "_new")
    return out.select(roll_calls.columns), changes.sort("year", "rcid")
