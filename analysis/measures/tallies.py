"""Official tallies next to the counts of the per-state rows, and the flag where they differ.

A roll call's official tally is what the source publishes as the result (the OHCHR records'
totals for the HRC and the CHR, DGACM's counts for the GA); its per-state rows are the
votes of each listed state in ``votes``. The two usually agree. Where they do not (the
OHCHR harvest has 148 such recorded votes, e.g. A/HRC/RES/60/3 on Sudan: official 24-11-12,
per-state 22-11-14), both are kept and ``tally_mismatch`` says so: a report shows the
official tally and says that the list does not add up to it, and never picks one silently.

``with_counts`` fills the ``counted_*``, ``n_listed``, ``tally_mismatch`` and ``note``
columns of ``roll_calls``; ``format_tally`` writes a tally as "25-7-14".
"""

from __future__ import annotations

import polars as pl

from analysis.core.vocab import LISTING_BODIES

#: Seats of the Human Rights Council (GA resolution 60/251, paragraph 7).
HRC_SEATS = 47
COUNTED = {"counted_yes": "yes", "counted_no": "no", "counted_abstain": "abstain", "counted_absent": "absent"}


def with_counts(roll_calls: pl.DataFrame, votes: pl.DataFrame) -> pl.DataFrame:
    """Return ``roll_calls`` with the per-state counts, ``n_listed``, ``tally_mismatch`` and notes filled in.

    Takes the canonical ``roll_calls`` and ``votes`` tables. ``counted_*`` count the rows of
    each vote value; ``n_listed`` counts the rows that are not ``not_member`` (for the HRC and
    the CHR, the members listed on the record); ``tally_mismatch`` is True where an official
    yes/no/abstain differs from the counted one, False where all three agree, null without an
    official tally or without per-state rows. ``note`` gains a sentence for a mismatch, for an
    HRC record listing fewer than 47 members (a vacant seat, as the source's total says) and
    for a listing body's record whose list length differs from the source's total.
    Returns a new frame with the same rows and columns.
    """
    counts = votes.group_by("body", "rcid").agg(
        *[(pl.col("vote") == value).sum().cast(pl.Int32).alias(name) for name, value in COUNTED.items()],
        (pl.col("vote") != "not_member").sum().cast(pl.Int32).alias("n_listed"),
    )
    base = roll_calls.drop(*COUNTED, "n_listed", "tally_mismatch")
    joined = base.join(counts, on=["body", "rcid"], how="left").with_columns(
        *[pl.col(c).fill_null(0) for c in (*COUNTED, "n_listed")])
    official = ("official_yes", "official_no", "official_abstain")
    has_tally = pl.all_horizontal(pl.col(c).is_not_null() for c in official)
    differs = pl.any_horizontal(pl.col(o) != pl.col(c) for o, c in zip(official, COUNTED, strict=False))
    mismatch = pl.when(has_tally & (pl.col("n_listed") > 0)).then(differs)
    listing = pl.col("body").cast(pl.String).is_in(list(LISTING_BODIES))
    notes = [
        pl.when(mismatch).then(pl.format("official tally {}-{}-{} but the per-state list gives {}-{}-{}",
                                         *official, *list(COUNTED)[:3])),
        pl.when((pl.col("body") == "HRC") & (pl.col("n_listed") > 0) & (pl.col("n_listed") < HRC_SEATS)
                & (pl.col("n_listed") == pl.col("official_total")))
        .then(pl.format("{} members listed: a seat was vacant (the source's total is {})", "n_listed",
                        "official_total")),
        pl.when(listing & (pl.col("n_listed") > 0) & pl.col("official_total").is_not_null()
                & (pl.col("n_listed") != pl.col("official_total")))
        .then(pl.format("{} members listed but the source's total is {}", "n_listed", "official_total")),
    ]
    note = pl.concat_str([pl.col("note"), *notes], separator="; ", ignore_nulls=True)
    return joined.with_columns(
        mismatch.alias("tally_mismatch"),
        pl.when(note == "").then(None).otherwise(note).alias("note"),
    ).select(roll_calls.columns)


def format_tally(yes: int | None, no: int | None, abstain: int | None) -> str:
    """Return a tally as the UN writes it, yes-no-abstain with en dashes ("25–7–14"); "n/a" if unknown."""
    if yes is None or no is None:
        return "n/a"
    return f"{yes}–{no}" + (f"–{abstain}" if abstain is not None else "")
