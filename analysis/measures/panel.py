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
  ``trade_total_usd`` (current USD; the value used per ``analysis.measures.trade.directed_flows``)
  and ``trade_source`` (``cow`` to 2014; fetched IMF or Comtrade data after; where
  several sources cover a year, COW first, then IMF, then Comtrade);
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

from analysis.measures.trade import directed_flows

KEY = ["year", "iso3_a", "iso3_b"]
TRADE_PRECEDENCE = ("cow", "imf_dots", "comtrade")
ALIGNMENT_COLUMNS = ["n_joint", "agreement", "kappa", "pi", "s_score"]


def _ordered(frame: pl.DataFrame, first: str, second: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.min_horizontal(first, second).alias("iso3_a"), pl.max_horizontal(first, second).alias("iso3_b")
    )


def trade_dyad_year(trade: pl.DataFrame) -> pl.DataFrame:
    """Return undirected dyad-year trade: key, trade_a_to_b_usd, trade_b_to_a_usd, trade_total_usd, trade_source.

    Per directed flow and year the first source in ``TRADE_PRECEDENCE`` that has a value is used.
    """
    rank = {s: i for i, s in enumerate(TRADE_PRECEDENCE)}
    flows = (
        directed_flows(trade)
        .drop_nulls("value_used")
        .with_columns(pl.col("source").replace_strict(rank, default=len(rank), return_dtype=pl.Int32).alias("_rank"))
        .sort("_rank")
        .unique(["year", "exporter", "importer"], keep="first", maintain_order=True)
    )
    flows = _ordered(flows, "exporter", "importer").with_columns(
        pl.when(pl.col("exporter") == pl.col("iso3_a")).then(pl.lit("a_to_b")).otherwise(pl.lit("b_to_a")).alias("dir")
    )
    wide = flows.pivot(on="dir", index=KEY, values="value_used", on_columns=["a_to_b", "b_to_a"])
    sources = flows.group_by(KEY).agg(pl.col("source").unique().sort().str.join("+").alias("trade_source"))
    return (
        wide.rename({"a_to_b": "trade_a_to_b_usd", "b_to_a": "trade_b_to_a_usd"})
        .with_columns(
            pl.sum_horizontal("trade_a_to_b_usd", "trade_b_to_a_usd").alias("trade_total_usd")
        )
        .join(sources, on=KEY, how="left")
        .sort(KEY)
    )


def skeleton(*frames: pl.DataFrame) -> pl.DataFrame:
    """Return the sorted union of the (year, iso3_a, iso3_b) keys of ``frames``."""
    keys = [f.select(pl.col("year").cast(pl.Int32), "iso3_a", "iso3_b") for f in frames if f is not None]
    return pl.concat(keys).unique().sort(KEY)


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
) -> pl.DataFrame:
    """Return the dyad-year panel from the alignment and trade tables and, optionally, yearly ideal
    points (``analysis.measures.idealpoints.by_year``) and the ICEWS dyad-year counts (``event_counts_dyad_year``)."""
    trade_dy = trade_dyad_year(trade)
    panel = skeleton(alignment, trade_dy)
    panel = add_alignment(panel, alignment)
    panel = add_ideal_distance(panel, yearly_points)
    panel = add_trade(panel, trade_dy)
    if event_counts is not None:
        from analysis.measures.events import add_event_counts, counts_from_dyad_year

        panel = add_event_counts(panel, counts_from_dyad_year(event_counts, directed=False))
    return panel
