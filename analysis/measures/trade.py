"""Bilateral trade measures: both sides' reports, mirror statistics, balance, growth, shares.

Every trade flow can be reported twice: by the exporter (exports, valued FOB) and by the
importer (imports, valued CIF, i.e. including cost, insurance and freight). Comparing the
two is the *mirror* method (IMF, *Direction of Trade Statistics Guide*; UN, *International
Merchandise Trade Statistics: Concepts and Definitions 2010*, §§ 4.1-4.5 and ch. on
bilateral asymmetries). The IMF converts between the two valuations with a uniform
CIF/FOB factor of 1.06 (imports CIF ≈ exports FOB × 1.06), which we use and show.

**Within one source** (``directed_flows``) the figure used for a direction exporter →
importer is, in this order: the importer's own report (CIF); the exporter's own report ×
1.06; the importer's figure when the IMF marks it as its estimate; the exporter's
estimated figure × 1.06. Correlates of War rows are single best estimates of imports (COW
merges both sides' reports and extrapolates gaps) and are labelled ``importer (COW estimate)``.

**Across sources** (``figure_used``, the rule of the dyad-year panel, the reports and the
claims check) a state's own report of its imports comes first, whoever publishes it:

1. the importer's own report (CIF), from the fetched IMF IMTS, then fetched UN Comtrade,
   then the shipped IMF DOTS workbooks (newer releases first: they carry revisions);
2. the exporter's own report (FOB) × 1.06, same order of sources;
3. COW's figure (its estimate of the importer's imports, to 2014);
4. figures the IMF marks as its estimates (importer's, then exporter's × 1.06).

Every output says which figure it used (``source``, ``used_side``); nothing is picked
silently, and ``analysis.measures.trade_sources`` shows COW and DOTS side by side with the
dyad-years where they disagree.

Pure functions over the ``trade`` table (``analysis.schemas.TRADE``); no I/O.
"""

from __future__ import annotations

import polars as pl

from analysis.core.keysort import sort_by_key

CIF_FOB = 1.06
"""IMF's uniform ratio of CIF import values to FOB export values."""

#: Order of the sources within one tier of ``figure_used`` (newer releases first).
SOURCE_ORDER: tuple[str, ...] = ("imf_imts", "comtrade", "imf_dots", "cow")


def directed_flows(trade: pl.DataFrame, *, smoothed: bool = False, cif_fob: float = CIF_FOB,
                   ordered: bool = True) -> pl.DataFrame:
    """Return one row per (source, year, exporter, importer) with both reports and the mirror gap.

    Takes the ``trade`` table (COW's smoothed series when ``smoothed``). Returns columns
    source, year, exporter, importer, exports_reported (exporter's figure, FOB, USD),
    imports_reported (importer's figure, CIF, USD; COW: its estimate), imports_fob
    (imports_reported / cif_fob; null for COW, whose values carry no valuation),
    exports_estimated / imports_estimated (the IMF marks the figure as its estimate; null:
    the source does not say), mirror_gap_usd (exports_reported − imports_fob),
    mirror_gap_pct (gap as % of imports_fob), value_used (USD) and used_side (which figure
    ``value_used`` is, by the within-source order of the module docstring). Sorted by source, year, exporter
    and importer; ``ordered`` False leaves the rows in no particular order (for a caller that sorts its own
    result, ``figure_used``).
    """
    if "estimated" not in trade.columns:  # optional in the schema: a source that does not say
        trade = trade.with_columns(pl.lit(None, pl.Boolean).alias("estimated"))
    rows = trade.filter(pl.col("smoothed") == smoothed)
    exports = rows.filter(pl.col("flow") == "export").select(
        "source", "year", pl.col("reporter_iso3").alias("exporter"), pl.col("partner_iso3").alias("importer"),
        pl.col("value_usd").alias("exports_reported"), pl.col("estimated").alias("exports_estimated"),
    )
    imports = rows.filter(pl.col("flow") == "import").select(
        "source", "year", pl.col("partner_iso3").alias("exporter"), pl.col("reporter_iso3").alias("importer"),
        pl.col("value_usd").alias("imports_reported"), pl.col("valuation").alias("import_valuation"),
        pl.col("estimated").alias("imports_estimated"),
    )
    keys = ["source", "year", "exporter", "importer"]
    both = exports.join(imports, on=keys, how="full", coalesce=True)
    is_cif = pl.col("import_valuation") == "CIF"
    imports_fob = pl.when(is_cif).then(pl.col("imports_reported") / cif_fob)
    imp, exp = pl.col("imports_reported"), pl.col("exports_reported")
    imp_own = imp.is_not_null() & ~pl.col("imports_estimated").fill_null(False)
    exp_own = exp.is_not_null() & ~pl.col("exports_estimated").fill_null(False)
    cow = imp.is_not_null() & pl.col("import_valuation").is_null()
    return (
        both.with_columns(imports_fob.alias("imports_fob"))
        .with_columns(
            (exp - pl.col("imports_fob")).alias("mirror_gap_usd"),
            pl.when(pl.col("imports_fob") > 0)
            .then(100 * (exp - pl.col("imports_fob")) / pl.col("imports_fob"))
            .alias("mirror_gap_pct"),
            pl.when(imp_own).then(imp).when(exp_own).then(exp * cif_fob)
            .when(imp.is_not_null()).then(imp).otherwise(exp * cif_fob).alias("value_used"),
            pl.when(cow).then(pl.lit("importer (COW estimate)"))
            .when(imp_own).then(pl.lit("importer CIF"))
            .when(exp_own).then(pl.lit(f"exporter FOB×{cif_fob}"))
            .when(imp.is_not_null()).then(pl.lit("importer CIF (IMF estimate)"))
            .when(exp.is_not_null()).then(pl.lit(f"exporter FOB×{cif_fob} (IMF estimate)"))
            .alias("used_side"),
        )
        .drop("import_valuation")
        # one row per key: the same order as .sort(keys), faster (analysis.core.keysort)
        .pipe(sort_by_key if ordered else (lambda frame, _: frame), keys)
    )


def figure_used(trade: pl.DataFrame, *, cif_fob: float = CIF_FOB) -> pl.DataFrame:
    """Return, per (year, exporter, importer), the one figure the package uses, by the rule in the module doc.

    Takes the ``trade`` table (published flows; smoothed rows are ignored). Returns year,
    exporter, importer, value_used (current USD; an exporter's FOB figure × ``cif_fob``),
    source, used_side (``importer's own report (CIF)``, ``exporter's own report
    (FOB×1.06)``, ``COW estimate``, ``IMF estimate of the importer's imports``, ``IMF
    estimate of the exporter's exports (×1.06)``), own_report (True for the first two: a
    state's own figure) and n_sources (how many sources have a figure for the flow). One
    vectorised pass: each source's best figure gets its tier, and per flow the lowest tier
    (then ``SOURCE_ORDER``) is kept.
    """
    # unsorted: one row per key is kept and the result sorted by the key
    flows = directed_flows(trade, cif_fob=cif_fob, ordered=False).filter(pl.col("value_used").is_not_null())
    keys = ["year", "exporter", "importer"]
    # each source's row already holds its best figure (``used_side``); its tier across sources:
    tier = pl.col("used_side").replace_strict({
        "importer CIF": 0, f"exporter FOB×{cif_fob}": 1, "importer (COW estimate)": 2,
        "importer CIF (IMF estimate)": 3, f"exporter FOB×{cif_fob} (IMF estimate)": 4}, return_dtype=pl.Int16)
    labels = {"importer CIF": "importer's own report (CIF)", f"exporter FOB×{cif_fob}":
              f"exporter's own report (FOB×{cif_fob})", "importer (COW estimate)": "COW estimate",
              "importer CIF (IMF estimate)": "IMF estimate of the importer's imports",
              f"exporter FOB×{cif_fob} (IMF estimate)": f"IMF estimate of the exporter's exports (×{cif_fob})"}
    order = {s: i for i, s in enumerate(SOURCE_ORDER)}
    rank = tier * 10 + pl.col("source").replace_strict(order, default=len(order), return_dtype=pl.Int16)
    return (
        flows.select(*keys, "source", "value_used", "used_side", rank.alias("_rank"))
        .with_columns(pl.len().over(keys).cast(pl.Int32).alias("n_sources"))
        .filter(pl.col("_rank") == pl.col("_rank").min().over(keys))
        .select(*keys, "source", "value_used",
                pl.col("used_side").replace_strict(labels, return_dtype=pl.String),
                (pl.col("_rank") < 20).alias("own_report"), "n_sources")
        .pipe(sort_by_key, keys)  # one row per key: the same order as .sort(keys), faster (analysis.core.keysort)
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


#: How charts and reports name each source.
SOURCE_LABELS: dict[str, str] = {"cow": "COW", "imf_dots": "IMF DOTS", "imf_imts": "IMF IMTS",
                                 "comtrade": "UN Comtrade"}


def flows_long(trade: pl.DataFrame, a: str, b: str, names: dict[str, str] | None = None) -> pl.DataFrame:
    """Return A–B flows in long form for charts: one row per direction, report and year.

    Columns: year, source, direction ("Iran → Pakistan"), exporter, importer, reported_by
    ("exporter's report (FOB)", "importer's report (CIF)" or "COW estimate (imports)"),
    series (source and whose book, e.g. "IMF DOTS: Pakistan's imports (CIF)"), estimated
    (the IMF marks the figure as its estimate; null: the source does not say) and value_usd.
    Both sides' reports are kept, so a chart can show the mirror gap and the estimates.
    """
    names = names or {}
    flows = directed_flows(trade).filter(
        ((pl.col("exporter") == a) & (pl.col("importer") == b))
        | ((pl.col("exporter") == b) & (pl.col("importer") == a))
    )

    def name(column: str) -> pl.Expr:
        return pl.col(column).replace_strict(names, default=pl.col(column))

    keys = ["source", "year", "exporter", "importer"]
    exports = flows.select(*keys, pl.lit("exports_reported").alias("report"),
                           pl.col("exports_reported").alias("value_usd"),
                           pl.col("exports_estimated").alias("estimated"))
    imports = flows.select(*keys, pl.lit("imports_reported").alias("report"),
                           pl.col("imports_reported").alias("value_usd"),
                           pl.col("imports_estimated").alias("estimated"))
    source = pl.col("source").replace_strict(SOURCE_LABELS, default=pl.col("source"))
    is_export = pl.col("report") == "exports_reported"
    return (
        pl.concat([exports, imports]).drop_nulls("value_usd")
        .with_columns(
            (name("exporter") + " → " + name("importer")).alias("direction"),
            pl.when(is_export).then(pl.lit("exporter's report (FOB)"))
            .when(pl.col("source") == "cow").then(pl.lit("COW estimate (imports)"))
            .otherwise(pl.lit("importer's report (CIF)")).alias("reported_by"),
            pl.when(pl.col("source") == "cow").then(pl.lit("COW (its estimate of the imports)"))
            .when(is_export).then(source + ": " + name("exporter") + "'s exports (FOB)")
            .otherwise(source + ": " + name("importer") + "'s imports (CIF)").alias("series"),
        )
        .select("year", "source", "direction", "exporter", "importer", "reported_by", "series", "estimated",
                "value_usd")
        .sort("direction", "series", "year")
    )


def pair_figures_used(trade: pl.DataFrame, a: str, b: str, *, cif_fob: float = CIF_FOB) -> pl.DataFrame:
    """Return A–B trade per year by the rule of ``figure_used``: one row per year with a figure.

    Takes ``trade`` rows (the whole table or the pair's rows). Columns: year, a_to_b_usd,
    a_to_b_side, b_to_a_usd, b_to_a_side (``"<source>: <used_side>"``; null when there is
    no figure for the direction), total_usd (the two directions; one alone when the other
    has no figure), own_reports (both directions rest on a state's own report). Sorted by year.
    """
    pair = trade.filter(pl.col("reporter_iso3").is_in([a, b]) & pl.col("partner_iso3").is_in([a, b]))
    used = figure_used(pair, cif_fob=cif_fob)

    def direction(exporter: str, importer: str, prefix: str) -> pl.DataFrame:
        return used.filter((pl.col("exporter") == exporter) & (pl.col("importer") == importer)).select(
            "year", pl.col("value_used").alias(f"{prefix}_usd"),
            (pl.col("source") + ": " + pl.col("used_side")).alias(f"{prefix}_side"),
            pl.col("own_report").alias(f"_{prefix}_own"))

    schema = {"year": pl.Int32, "a_to_b_usd": pl.Float64, "a_to_b_side": pl.String, "_a_to_b_own": pl.Boolean}
    table = direction(a, b, "a_to_b").join(direction(b, a, "b_to_a"), on="year", how="full", coalesce=True)
    if not table.height:
        table = pl.DataFrame(schema={**schema, "b_to_a_usd": pl.Float64, "b_to_a_side": pl.String,
                                     "_b_to_a_own": pl.Boolean})
    return table.with_columns(
        pl.sum_horizontal("a_to_b_usd", "b_to_a_usd").alias("total_usd"),
        (pl.col("_a_to_b_own").fill_null(False) & pl.col("_b_to_a_own").fill_null(False)).alias("own_reports"),
    ).drop("_a_to_b_own", "_b_to_a_own").sort("year")
