"""Bilateral trade measures: both sides' reports, mirror statistics, balance, growth, shares.

Every trade flow can be reported twice: by the exporter (exports, valued FOB) and by the
importer (imports, valued CIF, i.e. including cost, insurance and freight). Comparing the
two is the *mirror* method (IMF, *Direction of Trade Statistics Guide*; UN, *International
Merchandise Trade Statistics: Concepts and Definitions 2010*, §§ 4.1-4.5 and ch. on
bilateral asymmetries). The IMF converts between the two valuations with a uniform
CIF/FOB factor of 1.06 (imports CIF ≈ exports FOB × 1.06), which we use and show.

For each direction exporter → importer the measures say which figure is used:
the importer's (CIF) report when there is one — the usual choice, since customs record
imports more carefully — otherwise the exporter's report × 1.06 (``exporter FOB×1.06``).
Correlates of War rows are single best estimates of imports (COW merges both sides'
reports) and are labelled ``importer (COW estimate)``. Every output carries ``source``.

Pure functions over the ``trade`` table (``analysis.schemas.TRADE``); no I/O.
"""

from __future__ import annotations

import polars as pl

CIF_FOB = 1.06
"""IMF's uniform ratio of CIF import values to FOB export values."""


def directed_flows(trade: pl.DataFrame, *, smoothed: bool = False, cif_fob: float = CIF_FOB) -> pl.DataFrame:
    """Return one row per (source, year, exporter, importer) with both reports and the mirror gap.

    Takes the ``trade`` table (COW's smoothed series when ``smoothed``). Returns columns
    source, year, exporter, importer, exports_reported (exporter's figure, FOB, USD),
    imports_reported (importer's figure, CIF, USD; COW: its estimate), imports_fob
    (imports_reported / cif_fob; null for COW, whose values carry no valuation),
    mirror_gap_usd (exports_reported − imports_fob), mirror_gap_pct (gap as % of
    imports_fob), value_used (USD), used_side (which figure ``value_used`` is).
    """
    rows = trade.filter(pl.col("smoothed") == smoothed)
    exports = rows.filter(pl.col("flow") == "export").select(
        "source", "year", pl.col("reporter_iso3").alias("exporter"), pl.col("partner_iso3").alias("importer"),
        pl.col("value_usd").alias("exports_reported"),
    )
    imports = rows.filter(pl.col("flow") == "import").select(
        "source", "year", pl.col("partner_iso3").alias("exporter"), pl.col("reporter_iso3").alias("importer"),
        pl.col("value_usd").alias("imports_reported"), pl.col("valuation").alias("import_valuation"),
    )
    keys = ["source", "year", "exporter", "importer"]
    both = exports.join(imports, on=keys, how="full", coalesce=True)
    is_cif = pl.col("import_valuation") == "CIF"
    imports_fob = pl.when(is_cif).then(pl.col("imports_reported") / cif_fob)
    return (
        both.with_columns(imports_fob.alias("imports_fob"))
        .with_columns(
            (pl.col("exports_reported") - pl.col("imports_fob")).alias("mirror_gap_usd"),
            pl.when(pl.col("imports_fob") > 0)
            .then(100 * (pl.col("exports_reported") - pl.col("imports_fob")) / pl.col("imports_fob"))
            .alias("mirror_gap_pct"),
            pl.coalesce(pl.col("imports_reported"), pl.col("exports_reported") * cif_fob).alias("value_used"),
            pl.when(pl.col("imports_reported").is_not_null() & pl.col("import_valuation").is_null())
            .then(pl.lit("importer (COW estimate)"))
            .when(pl.col("imports_reported").is_not_null()).then(pl.lit("importer CIF"))
            .when(pl.col("exports_reported").is_not_null()).then(pl.lit(f"exporter FOB×{cif_fob}"))
            .alias("used_side"),
        )
        .drop("import_valuation")
        .sort(keys)
    )


def total_trade(flows: pl.DataFrame) -> pl.DataFrame:
    """Return each state's total goods trade (exports + imports, ``value_used``) per source and year.

    Takes ``directed_flows`` output; returns source, year, iso3, total_usd (sum over all
    partners in the same data; null values are left out of the sum, so totals cover the
    reported partners only).
    """
    out = flows.select("source", "year", pl.col("exporter").alias("iso3"), "value_used")
    inn = flows.select("source", "year", pl.col("importer").alias("iso3"), "value_used")
    return (
        pl.concat([out, inn])
        .group_by("source", "year", "iso3")
        .agg(pl.col("value_used").sum().alias("total_usd"))
        .sort("source", "year", "iso3")
    )


def dyad_trade(
    trade: pl.DataFrame, a: str, b: str, *, smoothed: bool = False, cif_fob: float = CIF_FOB
) -> pl.DataFrame:
    """Return A–B trade per source and year: both directions, balance, growth and shares.

    Columns: source, year; for each direction (``a_to_b`` = goods from A to B, ``b_to_a``)
    the exporter's report, the importer's report, the value used and which side it is;
    ``total_usd`` (both directions), ``balance_a_usd`` (A's exports to B minus A's imports
    from B, from the values used), ``growth_pct`` (change of total_usd on the previous year
    of the same source), ``share_of_a_pct`` / ``share_of_b_pct`` (A–B trade as % of A's /
    B's total trade with all partners in the same source and year). All values current USD.
    """
    flows = directed_flows(trade, smoothed=smoothed, cif_fob=cif_fob)
    cols = ["exports_reported", "imports_reported", "mirror_gap_usd", "mirror_gap_pct", "value_used", "used_side"]

    def direction(exporter: str, importer: str, prefix: str) -> pl.DataFrame:
        return flows.filter((pl.col("exporter") == exporter) & (pl.col("importer") == importer)).select(
            "source", "year", *[pl.col(c).alias(f"{prefix}_{c}") for c in cols]
        )

    totals = total_trade(flows)
    share = totals.filter(pl.col("iso3").is_in([a, b])).pivot(
        on="iso3", index=["source", "year"], values="total_usd", on_columns=[a, b]
    ).rename({a: "total_of_a", b: "total_of_b"})
    table = (
        direction(a, b, "a_to_b")
        .join(direction(b, a, "b_to_a"), on=["source", "year"], how="full", coalesce=True)
        .join(share, on=["source", "year"], how="left")
        .with_columns(
            (pl.col("a_to_b_value_used").fill_null(0) + pl.col("b_to_a_value_used").fill_null(0))
            .alias("total_usd"),
            (pl.col("a_to_b_value_used") - pl.col("b_to_a_value_used")).alias("balance_a_usd"),
        )
        .with_columns(
            pl.when(pl.col("a_to_b_value_used").is_null() & pl.col("b_to_a_value_used").is_null())
            .then(None).otherwise(pl.col("total_usd")).alias("total_usd")
        )
        .sort("source", "year")
        .with_columns(
            pl.when(pl.col("year").diff().over("source") == 1)
            .then(100 * pl.col("total_usd").pct_change().over("source"))
            .alias("growth_pct"),
            (100 * pl.col("total_usd") / pl.col("total_of_a")).alias("share_of_a_pct"),
            (100 * pl.col("total_usd") / pl.col("total_of_b")).alias("share_of_b_pct"),
        )
        .drop("total_of_a", "total_of_b")
    )
    return table


def flows_long(trade: pl.DataFrame, a: str, b: str, names: dict[str, str] | None = None) -> pl.DataFrame:
    """Return A–B flows in long form for charts: year, source, direction, reported_by, value_usd.

    One row per direction and report (exporter's FOB, importer's CIF, or COW's estimate),
    so a chart can draw both sides' reports and make the mirror gap visible.
    """
    names = names or {}
    flows = directed_flows(trade).filter(
        ((pl.col("exporter") == a) & (pl.col("importer") == b))
        | ((pl.col("exporter") == b) & (pl.col("importer") == a))
    )
    label = pl.col("exporter").replace_strict(names, default=pl.col("exporter")) + " → " + pl.col(
        "importer").replace_strict(names, default=pl.col("importer"))
    long = flows.with_columns(label.alias("direction")).unpivot(
        index=["source", "year", "direction", "exporter", "importer"],
        on=["exports_reported", "imports_reported"], variable_name="report", value_name="value_usd",
    )
    return long.drop_nulls("value_usd").with_columns(
        pl.when(pl.col("report") == "exports_reported")
        .then(pl.lit("exporter's report (FOB)"))
        .when(pl.col("source") == "cow").then(pl.lit("COW estimate (imports)"))
        .otherwise(pl.lit("importer's report (CIF)")).alias("reported_by")
    ).select("year", "source", "direction", "reported_by", "value_usd").sort("direction", "reported_by", "year")
