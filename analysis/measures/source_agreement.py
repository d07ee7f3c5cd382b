"""Where a fetched voting record and a published dataset hold the same roll call, do they agree?

The build merges fetched records (UN Digital Library) by symbol after the published datasets,
which win (``analysis.build.read_fetched_votes``). A disagreement is reported, never resolved
silently: ``compare_by_symbol`` lists, per roll call both hold, a different official tally and the
states whose yes, no or abstain differ (a state that one source lists as absent and the other
does not list at all is not a disagreement: DGACM lists only the states that voted).
"""

from __future__ import annotations

import polars as pl

CAST = ("yes", "no", "abstain")


def _key(symbol: pl.Expr) -> pl.Expr:
    return symbol.str.to_uppercase().str.replace_all(r"\s+", "")


def compare_by_symbol(fetched_rc: pl.DataFrame, fetched_votes: pl.DataFrame, published_rc: pl.DataFrame,
                      published_votes: pl.DataFrame | None, limit: int = 20) -> list[str]:
    """Notes on the roll calls a fetched source and a published one both hold (same body and symbol) that differ.

    Takes both sources' ``roll_calls`` and ``votes`` frames (``published_votes`` None: tallies only).
    Returns one line per differing roll call (at most ``limit``, then a count), and a summary line.
    """
    f = fetched_rc.select("body", "rcid", _key(pl.col("symbol")).alias("key"), "symbol", "source",
                          *[f"official_{k}" for k in CAST])
    p = published_rc.filter(pl.col("symbol").is_not_null()).select(
        pl.col("body").cast(pl.String), pl.col("rcid").alias("rcid_p"), _key(pl.col("symbol")).alias("key"),
        pl.col("source").alias("source_p"), *[pl.col(f"official_{k}").alias(f"p_{k}") for k in CAST])
    pairs = f.with_columns(pl.col("body").cast(pl.String)).join(p, on=["body", "key"])
    if pairs.height == 0:
        return []
    tally = pl.any_horizontal([pl.col(f"official_{k}").ne_missing(pl.col(f"p_{k}")) & pl.col(f"p_{k}").is_not_null()
                               for k in CAST])
    lines, n_diff = [], 0
    diffs = pl.DataFrame(schema={"rcid": pl.Int32, "n": pl.UInt32, "states": pl.String})
    if published_votes is not None:
        fv = fetched_votes.select(pl.col("body").cast(pl.String), "rcid", "iso3", pl.col("vote").cast(pl.String))
        pv = published_votes.select(pl.col("body").cast(pl.String), pl.col("rcid").alias("rcid_p"), "iso3",
                                    pl.col("vote").cast(pl.String).alias("vote_p"))
        both = (pairs.select("body", "rcid", "rcid_p").join(fv, on=["body", "rcid"])
                .join(pv, on=["body", "rcid_p", "iso3"])
                .filter(pl.col("vote").is_in(CAST) & pl.col("vote_p").is_in(CAST)
                        & (pl.col("vote") != pl.col("vote_p"))))
        diffs = both.sort("iso3").group_by("rcid").agg(
            pl.len().alias("n"), pl.format("{} {} ({})", "iso3", "vote", "vote_p").str.join(", ").alias("states"))
    checked = pairs.join(diffs, on="rcid", how="left").filter(tally | pl.col("n").is_not_null()).sort("symbol")
    for r in checked.iter_rows(named=True):
        n_diff += 1
        if len(lines) >= limit:
            continue
        what = []
        if r["p_yes"] is not None and (r["official_yes"], r["official_no"], r["official_abstain"]) != (
                r["p_yes"], r["p_no"], r["p_abstain"]):
            what.append(f"tally {r['official_yes']}-{r['official_no']}-{r['official_abstain']} against "
                        f"{r['p_yes']}-{r['p_no']}-{r['p_abstain']}")
        if r["n"]:
            what.append(f"{r['n']} states vote otherwise: {r['states']} (the published vote in brackets)")
        lines.append(f"{r['source']} {r['body']}: {r['symbol']} disagrees with {r['source_p']}: {'; '.join(what)}; "
                     f"the published dataset's record is used")
    if n_diff > limit:
        lines.append(f"{n_diff - limit} more roll calls disagree")
    lines.append(f"fetched records also in a published dataset: {pairs.height}; {pairs.height - n_diff} agree on "
                 f"the tally and every state's yes/no/abstain, {n_diff} do not")
    return lines
