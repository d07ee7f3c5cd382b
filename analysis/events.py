"""Diplomatic events: the event tables' schemas and the dyadic event measures.

Tables (schemas below, in the style of ``analysis.schemas``; to be moved there):

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
- ``add_event_counts(panel, counts)``: the panel verb for ``analysis.panel``.

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

import datetime as dt

import polars as pl

from analysis import schemas

# --------------------------------------------------------------------------- schemas

#: Event datasets, in the precedence used by ``add_event_counts`` when several cover a dyad-year.
DATASETS: tuple[str, ...] = ("icews", "gdelt", "analyst")
QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
#: Name of each quad-class count column in the measures, by quad class.
QUAD_COLUMNS: dict[int, str] = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}

from analysis.schemas import EVENT_CODES, EVENT_COUNTS_DYAD_YEAR, EVENTS  # noqa: E402, F401 - re-exported

EVENT_KEYS: dict[str, tuple[str, ...]] = {name: schemas.KEYS[name] for name in ("event_codes", "events",
                                                                              "event_counts_dyad_year")}
EVENT_SCHEMAS: dict[str, dict[str, pl.DataType]] = {name: schemas.SCHEMAS[name] for name in EVENT_KEYS}
FIRST_EVENT_DATE = dt.date(1979, 1, 1)  # GDELT's and ICEWS's earliest coverage


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Select and cast ``frame`` to the schema of event table ``table`` (strict casts).

    Uses ``analysis.schemas.conform`` once the table is registered there; until then the
    schemas defined in this module, with the same rules (``SchemaError`` on a missing column
    or a value that does not fit).
    """
    if table in schemas.SCHEMAS:
        return schemas.conform(frame, table)
    schema = EVENT_SCHEMAS[table]
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise schemas.SchemaError(f"{table}: missing columns {missing}")
    try:
        return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])
    except pl.exceptions.InvalidOperationError as exc:
        raise schemas.SchemaError(f"{table}: a value does not fit the schema: {exc}") from exc


def validate_events(tables: dict[str, pl.DataFrame], countries: pl.DataFrame | None = None) -> None:
    """Check the event tables in ``tables`` (any of event_codes, events, event_counts_dyad_year).

    Each must have exactly its schema, unique non-null keys; every event code must be in
    ``event_codes`` (when given), dates in [1979-01-01, 2026-12-31], Goldstein weights in
    [-10, 10], counts non-negative, and every ISO3 code in ``countries`` (when given).
    Raises ``analysis.schemas.SchemaError`` naming the table and example rows.
    """
    for name, frame in tables.items():
        schema = EVENT_SCHEMAS[name]
        if list(frame.schema.items()) != list(schema.items()):
            raise schemas.SchemaError(f"{name}: columns/dtypes {dict(frame.schema)} differ from the schema {schema}")
        keys = EVENT_KEYS[name]
        nulls = frame.filter(pl.any_horizontal([pl.col(k).is_null() for k in keys]))
        if nulls.height:
            raise schemas.SchemaError(f"{name}: {nulls.height} rows with a null key, e.g. {nulls.head(3).rows()}")
        schemas.check_unique(frame, keys, name)
    codes = tables.get("event_codes")
    if codes is not None:
        bad = codes.filter(~pl.col("goldstein").is_between(-10, 10) | ~pl.col("quad_class").is_between(1, 4))
        if bad.height:
            raise schemas.SchemaError(f"event_codes: weights or quad classes out of range: {bad.head(3).rows()}")
    events = tables.get("events")
    if events is not None:
        bad = events.filter(
            pl.col("date").is_null() | (pl.col("date") < FIRST_EVENT_DATE) | (pl.col("date") > schemas.LAST_DATE)
        )
        if bad.height:
            raise schemas.SchemaError(f"events: {bad.height} rows with a date out of range, e.g. {bad.head(3).rows()}")
        if codes is not None:
            unknown = events.join(codes, left_on="cameo_code", right_on="code", how="anti")
            if unknown.height:
                raise schemas.SchemaError(
                    f"events: CAMEO codes not in event_codes: {sorted(unknown['cameo_code'].unique().to_list())}"
                )
    counts = tables.get("event_counts_dyad_year")
    if counts is not None:
        bad = counts.filter(pl.any_horizontal([pl.col(c) < 0 for c in QUAD_COLUMNS.values()]))
        if bad.height:
            raise schemas.SchemaError(f"event_counts_dyad_year: negative counts, e.g. {bad.head(3).rows()}")
    if countries is not None:
        known = countries["iso3"].implode()
        for name, frame in tables.items():
            cols = [c for c in ("source_iso3", "target_iso3") if c in frame.columns]
            if not cols:
                continue
            used = pl.concat([frame[c] for c in cols]).drop_nulls().unique()
            unknown = used.filter(~used.is_in(known))
            if unknown.len():
                raise schemas.SchemaError(f"{name}: country codes not in the countries table: {sorted(unknown)}")


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
    ``goldstein_mean`` (sum and mean of the events' Goldstein weights, Goldstein 1992) and
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
            pl.col("goldstein").sum().alias("goldstein_total"),
            pl.col("goldstein").mean().alias("goldstein_mean"),
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
