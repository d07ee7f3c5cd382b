"""Diplomatic events: the dyadic event measures over the event tables.

Tables (schemas in ``analysis.schemas``):

- ``event_codes``: the CAMEO event codes (``analysis.sources.cameo``), with both published
  Goldstein weights and the one the project uses;
- ``events``: one row per coded event, from ICEWS (``analysis.sources.icews``), GDELT
  (``analysis.sources.gdelt``) and analyst-coded CSV files (``analysis.sources.analyst_events``);
- ``event_counts_dyad_year``: published quad-class counts per directed dyad-year (ICEWS, via
  the netify package), which have no event rows and no Goldstein scores.

Measures (pure functions over polars frames, vectorised: one ``group_by`` over all dyads,
no Python loop over pairs):

- ``event_counts(events, by="year"|"month", directed=True|False)``: per dyad and period the
  number of events, the counts per quad class, total and mean Goldstein score and net
  cooperation; ``counts_from_dyad_year`` gives the same columns from the ICEWS dyad-year
  counts (Goldstein columns null: that file has counts only);
- ``add_event_counts(panel, counts)``: the panel verb for ``analysis.measures.panel``.

Method and references:

- **CAMEO** event codes: Schrodt, P. A. (2012), *CAMEO Conflict and Mediation Event
  Observations Event and Actor Codebook*, version 1.1b3, Penn State Event Data Project
  (Gerner, Schrodt, Yilmaz and Abu-Jabr 2002 for the scheme).
- **Quad classes** (Duval, R. D. and W. R. Thompson 1980, "Reconsidering the aggregate
  relationship between size, economic development, and some types of foreign policy behavior",
  *American Journal of Political Science* 24(3): 511-525; as used by the GDELT Event Codebook
  and the ICEWS quad counts): 1 verbal cooperation = CAMEO roots 01-05, 2 material
  cooperation = 06-08, 3 verbal conflict = 09-13, 4 material conflict = 14-20. GDELT's own
  ``QuadClass`` column puts roots 09 and 14 one class lower (09 material cooperation, 14
  verbal conflict); ``event_codes.quad_class_gdelt`` keeps that variant, all measures use
  ``quad_class``.
- **Goldstein** conflict-cooperation weights in [-10, 10]: Goldstein, J. S. (1992), "A
  Conflict-Cooperation Scale for WEIS Events Data", *Journal of Conflict Resolution* 36(2):
  369-385, carried over to CAMEO codes by the KEDS / Penn State Event Data Project. The
  mean Goldstein score of a dyad-period is the arithmetic mean over its events (a common
  aggregation in the event-data literature, e.g. Goldstein 1992; it weights every event
  equally, so many small verbal events dilute a few large material ones).
- **Net cooperation** = (verbal + material cooperation) - (verbal + material conflict), in
  counts of events.
"""

from __future__ import annotations

import polars as pl

from analysis import schemas

# The event tables' schemas, quad classes and validation live in ``analysis.schemas``.
DATASETS = schemas.EVENT_DATASETS
QUAD_CLASSES = schemas.QUAD_CLASSES
QUAD_COLUMNS = schemas.QUAD_COLUMNS


# --------------------------------------------------------------------------- measures

MEASURE_COLUMNS = [
    "n_events", *QUAD_COLUMNS.values(), "net_coop", "goldstein_total", "goldstein_mean", "n_goldstein",
]


def _period_columns(by: str) -> list[pl.Expr]:
    if by == "year":
        return [pl.col("date").dt.year().cast(pl.Int32).alias("year")]
    if by == "month":
        return [pl.col("date").dt.year().cast(pl.Int32).alias("year"), pl.col("date").dt.truncate("1mo").alias("month")]
    raise ValueError(f"by must be 'year' or 'month', not {by!r}")


def _dyad_columns(directed: bool) -> tuple[list[pl.Expr], list[str]]:
    if directed:
        return [pl.col("source_iso3"), pl.col("target_iso3")], ["source_iso3", "target_iso3"]
    return (
        [pl.min_horizontal("source_iso3", "target_iso3").alias("iso3_a"),
         pl.max_horizontal("source_iso3", "target_iso3").alias("iso3_b")],
        ["iso3_a", "iso3_b"],
    )


def _with_net(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        (pl.col("verbal_coop") + pl.col("material_coop") - pl.col("verbal_conflict") - pl.col("material_conflict"))
        .alias("net_coop")
    )


#: The events' Goldstein weights as whole millionths (the scale gives them in tenths): summed exactly.
_MILLIONTHS = (pl.col("goldstein") * 1_000_000).round().cast(pl.Int64)


def event_counts(
    events: pl.DataFrame,
    by: str = "year",
    directed: bool = True,
    *,
    state_only: bool = False,
    countries: set[str] | None = None,
) -> pl.DataFrame:
    """Return event measures per dyad, period and dataset from an ``events`` table.

    ``by``: "year" (column ``year``) or "month" (columns ``year`` and ``month``, the first day
    of the month). ``directed``: True gives one row per (source_iso3, target_iso3); False
    pools both directions into the unordered pair (``iso3_a`` < ``iso3_b``).
    Only events between two different countries count (null ISO3 and domestic events are
    left out); ``state_only`` keeps only state-to-state events (``state_actor``);
    ``countries`` keeps only dyads whose both members are in the set.

    Columns: dataset, the dyad, the period, ``n_events``, ``verbal_coop``, ``material_coop``,
    ``verbal_conflict``, ``material_conflict`` (counts by quad class, Duval & Thompson via
    CAMEO roots), ``net_coop`` (cooperative minus conflictual counts), ``goldstein_total`` and
    ``goldstein_mean`` (sum and mean of the events' Goldstein weights, Goldstein 1992; summed exactly
    as whole millionths of a point, so the row order never changes a digit; the mean null without
    weights) and
    ``n_goldstein`` (events with a weight). Sorted by dataset, dyad and period.
    """
    period = _period_columns(by)
    dyad, dyad_names = _dyad_columns(directed)
    period_names = [e.meta.output_name() for e in period]
    keep = (
        pl.col("source_iso3").is_not_null()
        & pl.col("target_iso3").is_not_null()
        & (pl.col("source_iso3") != pl.col("target_iso3"))
    )
    if state_only:
        keep &= pl.col("state_actor")
    if countries is not None:
        members = pl.Series(sorted(countries), dtype=pl.String).implode()
        keep &= pl.col("source_iso3").is_in(members) & pl.col("target_iso3").is_in(members)
    keys = ["dataset", *dyad_names, *period_names]
    counts = (
        events.lazy()
        .filter(keep)
        .with_columns(*dyad, *period)
        .group_by(keys)
        .agg(
            pl.len().cast(pl.Int64).alias("n_events"),
            *[(pl.col("quad_class") == q).sum().cast(pl.Int64).alias(name) for q, name in QUAD_COLUMNS.items()],
            # summed as whole millionths: a float sum depends on the order of its terms, and a parallel
            # group-by adds a group's rows in no fixed order; integers add up the same in any order
            (_MILLIONTHS.sum() / 1_000_000).alias("goldstein_total"),
            pl.when(pl.col("goldstein").count() > 0)
            .then(_MILLIONTHS.sum() / 1_000_000 / pl.col("goldstein").count()).alias("goldstein_mean"),
            pl.col("goldstein").count().cast(pl.Int64).alias("n_goldstein"),
        )
        .collect()
    )
    return _with_net(counts).select(*keys, *MEASURE_COLUMNS).sort(keys)


def counts_from_dyad_year(counts: pl.DataFrame, directed: bool = True) -> pl.DataFrame:
    """Return the ``event_counts(by="year")`` columns from an ``event_counts_dyad_year`` table.

    The ICEWS dyad-year file publishes counts per quad class only: ``n_events`` is their sum,
    ``net_coop`` as above, and the Goldstein columns are null (``n_goldstein`` 0) because the
    file has no event codes to weight. ``directed=False`` sums both directions of each pair.
    """
    dyad, dyad_names = _dyad_columns(directed)
    keys = ["dataset", *dyad_names, "year"]
    quad = list(QUAD_COLUMNS.values())
    out = (
        counts.filter(pl.col("source_iso3") != pl.col("target_iso3"))
        .with_columns(*dyad)
        .group_by(keys)
        .agg(*[pl.col(c).sum().cast(pl.Int64) for c in quad])
        .with_columns(
            pl.sum_horizontal(quad).cast(pl.Int64).alias("n_events"),
            pl.lit(None, pl.Float64).alias("goldstein_total"),
            pl.lit(None, pl.Float64).alias("goldstein_mean"),
            pl.lit(0, pl.Int64).alias("n_goldstein"),
        )
    )
    return _with_net(out).select(*keys, *MEASURE_COLUMNS).sort(keys)


def dyad_event_counts(
    events: pl.DataFrame, a: str, b: str, by: str = "year", directed: bool = True, **filters: object
) -> pl.DataFrame:
    """Return ``event_counts`` for the one pair ``a``-``b`` (both directions when ``directed``)."""
    return event_counts(events, by=by, directed=directed, countries={a, b}, **filters)  # type: ignore[arg-type]


#: Columns that ``add_event_counts`` adds to the dyad-year panel.
PANEL_COLUMNS = [
    "events_n", "events_verbal_coop", "events_material_coop", "events_verbal_conflict", "events_material_conflict",
    "events_net_coop", "events_goldstein_mean", "events_dataset",
]


def add_event_counts(panel: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """Add undirected yearly event counts to the dyad-year ``panel`` (key year, iso3_a, iso3_b).

    ``counts``: output of ``event_counts(..., by="year", directed=False)`` and/or
    ``counts_from_dyad_year(..., directed=False)``, possibly concatenated. Where several
    datasets cover a dyad-year, the first in ``DATASETS`` (icews, gdelt, analyst) is used,
    and ``events_dataset`` names it; the counts of different datasets are never added up
    (they code the same news differently). Adds ``PANEL_COLUMNS``; null where no dataset
    covers the dyad-year (no data, which is not the same as zero events).
    """
    rank = {d: i for i, d in enumerate(DATASETS)}
    key = ["year", "iso3_a", "iso3_b"]
    chosen = (
        counts.with_columns(
            pl.col("dataset").replace_strict(rank, default=len(rank), return_dtype=pl.Int32).alias("_rank"),
            pl.col("year").cast(pl.Int32),
        )
        .sort("_rank", *key)
        .unique(key, keep="first", maintain_order=True)
        .select(
            *key,
            pl.col("n_events").alias("events_n"),
            *[pl.col(c).alias(f"events_{c}") for c in QUAD_COLUMNS.values()],
            pl.col("net_coop").alias("events_net_coop"),
            pl.col("goldstein_mean").alias("events_goldstein_mean"),
            pl.col("dataset").alias("events_dataset"),
        )
    )
    return panel.join(chosen, on=key, how="left")
