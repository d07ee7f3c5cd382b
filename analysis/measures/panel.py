"""The dyad-year panel: one row per unordered pair of states and year, one verb per dataset.

Modelled on peacesciencer's dyad-year builder (Miller 2022, *Conflict Management and
Peace Science*): start from the pairs and years that any dataset covers, then add each
dataset's columns with its own ``add_*`` function. ``build_dyad_year`` runs them all.

Columns of ``data/processed/dyad_year.parquet``:

- ``year``, ``iso3_a``, ``iso3_b`` (``iso3_a < iso3_b``): the key;
- from ``add_alignment`` (GA, all recorded votes, calendar year; see ``analysis.measures.alignment``):
  ``n_joint``, ``agreement``, ``kappa``, ``pi``, ``s_score`` (null: no joint vote that year);
- from ``add_ideal_distance``: ``ideal_distance`` (|ideal point of a − ideal point of b| in
  the GA, issue "all", from ``analysis.measures.idealpoints.by_year``: a calendar year takes the
  session with most GA roll calls dated in it; null where either state has no estimate);
- from ``add_trade``: ``trade_a_to_b_usd`` (goods from a to b), ``trade_b_to_a_usd``,
  ``trade_total_usd`` (current USD), the figure used per direction by the rule of
  ``analysis.measures.trade.figure_used`` (a state's own report of its imports first, then
  the exporter's own report × 1.06, then COW, then IMF estimates); ``trade_a_to_b_side`` /
  ``trade_b_to_a_side`` say which figure ("imf_dots: importer's own report (CIF)", "cow:
  COW estimate", ...), ``trade_source`` the sources used ("imf_dots", "cow+imf_dots");
  ``trade_share_a_pct`` / ``trade_share_b_pct``: a–b trade as % of a's / b's trade with all
  partners (the same rule for every flow); ``trade_sources_disagree``: COW and DOTS differ
  beyond the threshold of ``analysis.measures.trade_sources`` in either direction (null:
  no year with both);
- from ``add_event_counts`` (``analysis.measures.events``; ICEWS dyad-year counts, 2002-2014, both
  directions summed): ``events_n``, ``events_verbal_coop``, ``events_material_coop``,
  ``events_verbal_conflict``, ``events_material_conflict``, ``events_net_coop``,
  ``events_goldstein_mean`` (null: the counts carry no Goldstein scores), ``events_dataset``;
  null means not covered, which is not the same as zero events. The two-day ICEWS sample,
  the GDELT file and the analyst-coded events are too partial for yearly counts and are
  left out of the panel.
"""

from __future__ import annotations

import polars as pl

from analysis.core.keysort import sort_by_key
from analysis.measures.trade import figure_used

KEY = ["year", "iso3_a", "iso3_b"]
ALIGNMENT_COLUMNS = ["n_joint", "agreement", "kappa", "pi", "s_score"]


def _ordered(frame: pl.DataFrame, first: str, second: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.min_horizontal(first, second).alias("iso3_a"), pl.max_horizontal(first, second).alias("iso3_b")
    )


def trade_dyad_year(trade: pl.DataFrame, comparison: pl.DataFrame | None = None) -> pl.DataFrame:
    """Return undirected dyad-year trade: the key and the ``trade_*`` columns listed in the module doc.

    Takes the ``trade`` table and, optionally, ``analysis.measures.trade_sources.compare``
    output for ``trade_sources_disagree`` (all null without it).
    """
    used = figure_used(trade)
    totals = pl.concat([
        used.select("year", pl.col("exporter").alias("iso3"), "value_used"),
        used.select("year", pl.col("importer").alias("iso3"), "value_used"),
    ]).group_by("year", "iso3").agg(pl.col("value_used").sum().alias("_total"))
    flows = _ordered(used, "exporter", "importer").with_columns(
        pl.when(pl.col("exporter") == pl.col("iso3_a")).then(pl.lit("a_to_b")).otherwise(pl.lit("b_to_a")).alias("dir"),
        (pl.col("source") + ": " + pl.col("used_side")).alias("side"),
    )
    wide = flows.pivot(on="dir", index=KEY, values=["value_used", "side", "source"], on_columns=["a_to_b", "b_to_a"])
    # a dyad-year has at most two flows (figure_used: one row per direction): its sources, distinct, sorted, joined
    ab, ba = pl.col("source_a_to_b"), pl.col("source_b_to_a")
    trade_source = (pl.when(ab.is_null()).then(ba).when(ba.is_null() | (ab == ba)).then(ab)
                    .when(ab < ba).then(ab + "+" + ba).otherwise(ba + "+" + ab))
    table = (
        wide.rename({"value_used_a_to_b": "trade_a_to_b_usd", "value_used_b_to_a": "trade_b_to_a_usd",
                     "side_a_to_b": "trade_a_to_b_side", "side_b_to_a": "trade_b_to_a_side"})
        .with_columns(pl.sum_horizontal("trade_a_to_b_usd", "trade_b_to_a_usd").alias("trade_total_usd"))
        .with_columns(trade_source.alias("trade_source"))
        .drop("source_a_to_b", "source_b_to_a")
        .join(totals.rename({"iso3": "iso3_a", "_total": "_ta"}), on=["year", "iso3_a"], how="left")
        .join(totals.rename({"iso3": "iso3_b", "_total": "_tb"}), on=["year", "iso3_b"], how="left")
        .with_columns(
            pl.when(pl.col("_ta") > 0).then(100 * pl.col("trade_total_usd") / pl.col("_ta")).alias("trade_share_a_pct"),
            pl.when(pl.col("_tb") > 0).then(100 * pl.col("trade_total_usd") / pl.col("_tb")).alias("trade_share_b_pct"),
        )
        .drop("_ta", "_tb")
    )
    if comparison is None:
        disagree = table.select(*KEY).with_columns(pl.lit(None, pl.Boolean).alias("trade_sources_disagree")).head(0)
    else:
        disagree = _ordered(comparison, "exporter", "importer").group_by(KEY).agg(
            pl.col("flagged").any().alias("trade_sources_disagree"))
    return sort_by_key(table.join(disagree, on=KEY, how="left"), KEY)  # one row per key (analysis.core.keysort)


def skeleton(*frames: pl.DataFrame) -> pl.DataFrame:
    """Return the sorted union of the (year, iso3_a, iso3_b) keys of ``frames``."""
    keys = [f.select(pl.col("year").cast(pl.Int32), "iso3_a", "iso3_b") for f in frames if f is not None]
    return sort_by_key(pl.concat(keys).unique(), KEY)  # unique keys: the order of .sort(KEY) (analysis.core.keysort)


def add_alignment(panel: pl.DataFrame, alignment: pl.DataFrame) -> pl.DataFrame:
    """Add the GA alignment measures (``alignment_dyad_year`` table) to ``panel``."""
    return panel.join(alignment.select(*KEY, *ALIGNMENT_COLUMNS), on=KEY, how="left")


def add_ideal_distance(panel: pl.DataFrame, yearly_points: pl.DataFrame | None) -> pl.DataFrame:
    """Add ``ideal_distance`` = |ideal point of a − ideal point of b| to ``panel``; null if no points.

    ``yearly_points``: one ideal point per state and calendar year (iso3, year, ideal_point),
    as returned by ``analysis.measures.idealpoints.by_year``; None gives an all-null column.
    """
    if yearly_points is None:
        return panel.with_columns(pl.lit(None, pl.Float64).alias("ideal_distance"))
    points = yearly_points.select("iso3", "year", "ideal_point")
    left = points.rename({"iso3": "iso3_a", "ideal_point": "_ia"})
    right = points.rename({"iso3": "iso3_b", "ideal_point": "_ib"})
    return (
        panel.join(left, on=["iso3_a", "year"], how="left")
        .join(right, on=["iso3_b", "year"], how="left")
        .with_columns((pl.col("_ia") - pl.col("_ib")).abs().alias("ideal_distance"))
        .drop("_ia", "_ib")
    )


def add_trade(panel: pl.DataFrame, trade_dy: pl.DataFrame) -> pl.DataFrame:
    """Add the trade columns (``trade_dyad_year`` output) to ``panel``."""
    return panel.join(trade_dy, on=KEY, how="left")


def build_dyad_year(
    alignment: pl.DataFrame,
    trade: pl.DataFrame,
    yearly_points: pl.DataFrame | None = None,
    event_counts: pl.DataFrame | None = None,
    trade_comparison: pl.DataFrame | None = None,
    trade_dy: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Return the dyad-year panel from the alignment and trade tables and, optionally, yearly ideal
    points (``analysis.measures.idealpoints.by_year``), the ICEWS dyad-year counts
    (``event_counts_dyad_year``) and the COW/DOTS comparison (``trade_sources``).

    ``trade_dy``: ``trade_dyad_year(trade, trade_comparison)`` when the caller has it already
    (the build keeps it in its stage cache); computed here otherwise.
    """
    if trade_dy is None:
        trade_dy = trade_dyad_year(trade, trade_comparison)
    panel = skeleton(alignment, trade_dy)
    panel = add_alignment(panel, alignment)
    panel = add_ideal_distance(panel, yearly_points)
    panel = add_trade(panel, trade_dy)
    if event_counts is not None:
        from analysis.measures.events import add_event_counts, counts_from_dyad_year

        panel = add_event_counts(panel, counts_from_dyad_year(event_counts, directed=False))
    return panel
