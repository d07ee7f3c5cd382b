"""Correlates of War beside the IMF's Direction of Trade Statistics: one row per directed flow and year.

COW (Barbieri, Keshk & Pollins 2009; v4.0, Barbieri & Keshk 2016) builds each flow from the
IMF's DOTS: the importer's report of its imports (CIF) first, the exporter's report (FOB)
where the import figure is missing or zero, and its own estimates where both are missing.
(The source codes of the earlier releases say so: "IMF import reports, in c.i.f. values";
"Missing import value replaced with the exporter's trade report, in f.o.b. values"; "Zero
import trade value replaced with the exporter's trade report". The v4.0 codebook could not
be consulted offline; the data agree with the rule, see docs/explanation/trade.md.) ``compare`` sets COW's
figure against the same DOTS figure: the importer's report when it is there and above zero, else the exporter's report
(unconverted, as COW uses it). Both are in current US dollars.

Agreement classes (``agreement``), first that applies:

``equal within rounding``  |COW − DOTS| ≤ US$0.5 million: the copy of COW shipped here
                           (peacesciencer's ``cow_trade_ddy``) is rounded to whole millions
``within 1%``              |COW − DOTS| ≤ 1% of DOTS
``within 10%``             ≤ 10%
``within 2×``              COW / DOTS between 0.5 and 2
``beyond 2×``              anything else, including a zero on one side only

``flagged`` marks a disagreement: |COW − DOTS| above ``FLAG_RELATIVE`` (10%) of the DOTS
figure *and* above ``FLAG_ABSOLUTE_USD`` (US$1 million). The 10% is the largest gap that
valuation alone explains (CIF exceeds FOB by about 6%, the IMF's factor 1.06) plus a
margin; the US$1 million floor is twice the rounding of the COW copy, so that small flows
rounded to a whole million are not flagged for their rounding.

Pure functions over the ``trade`` table; no I/O.
"""

from __future__ import annotations

import polars as pl

FLAG_RELATIVE = 0.10
FLAG_ABSOLUTE_USD = 1_000_000.0
ROUNDING_USD = 500_000.0
AGREEMENT_CLASSES: tuple[str, ...] = ("equal within rounding", "within 1%", "within 10%", "within 2×", "beyond 2×")
COW, DOTS = "cow", "imf_dots"


def compare(trade: pl.DataFrame) -> pl.DataFrame:
    """Return COW and DOTS per (year, exporter, importer) where both have a figure.

    Takes the ``trade`` table. Returns year, exporter, importer, cow_usd, dots_importer_usd
    (the importer's CIF report), dots_importer_estimated, dots_exporter_usd (the
    exporter's FOB report), dots_exporter_estimated, dots_usd (the DOTS figure compared),
    dots_basis ("importer's report (CIF)" or "exporter's report (FOB)"), diff_usd (COW −
    DOTS), ratio (COW / DOTS; null when DOTS is 0), agreement (see ``AGREEMENT_CLASSES``)
    and flagged. Sorted by year, exporter, importer.
    """
    keys = ["year", "exporter", "importer"]
    published = trade.filter(~pl.col("smoothed"))
    cow = published.filter((pl.col("source") == COW) & pl.col("value_usd").is_not_null()).select(
        "year", pl.col("partner_iso3").alias("exporter"), pl.col("reporter_iso3").alias("importer"),
        pl.col("value_usd").alias("cow_usd"))
    dots = published.filter(pl.col("source") == DOTS)
    imports = dots.filter(pl.col("flow") == "import").select(
        "year", pl.col("partner_iso3").alias("exporter"), pl.col("reporter_iso3").alias("importer"),
        pl.col("value_usd").alias("dots_importer_usd"), pl.col("estimated").alias("dots_importer_estimated"))
    exports = dots.filter(pl.col("flow") == "export").select(
        "year", pl.col("reporter_iso3").alias("exporter"), pl.col("partner_iso3").alias("importer"),
        pl.col("value_usd").alias("dots_exporter_usd"), pl.col("estimated").alias("dots_exporter_estimated"))
    use_import = pl.col("dots_importer_usd") > 0
    table = (
        cow.join(imports, on=keys, how="left").join(exports, on=keys, how="left")
        .with_columns(
            pl.when(use_import).then(pl.col("dots_importer_usd")).otherwise(pl.col("dots_exporter_usd"))
            .alias("dots_usd"),
            pl.when(use_import).then(pl.lit("importer's report (CIF)"))
            .when(pl.col("dots_exporter_usd").is_not_null()).then(pl.lit("exporter's report (FOB)"))
            .alias("dots_basis"),
        )
        .filter(pl.col("dots_usd").is_not_null())
    )
    return classify(table).sort(keys)


def classify(table: pl.DataFrame) -> pl.DataFrame:
    """Add diff_usd, ratio, agreement and flagged to a frame with ``cow_usd`` and ``dots_usd``."""
    cow, dots = pl.col("cow_usd"), pl.col("dots_usd")
    gap = (cow - dots).abs()
    ratio = pl.when(dots > 0).then(cow / dots)
    agreement = (
        pl.when(gap <= ROUNDING_USD).then(pl.lit(AGREEMENT_CLASSES[0]))
        .when(gap <= 0.01 * dots).then(pl.lit(AGREEMENT_CLASSES[1]))
        .when(gap <= 0.10 * dots).then(pl.lit(AGREEMENT_CLASSES[2]))
        .when(ratio.is_between(0.5, 2.0)).then(pl.lit(AGREEMENT_CLASSES[3]))
        .otherwise(pl.lit(AGREEMENT_CLASSES[4]))
    )
    return table.with_columns(
        (cow - dots).alias("diff_usd"),
        ratio.alias("ratio"),
        agreement.cast(pl.Enum(list(AGREEMENT_CLASSES))).alias("agreement"),
        ((gap > FLAG_RELATIVE * dots) & (gap > FLAG_ABSOLUTE_USD)).alias("flagged"),
    )


def distribution(table: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """Return the agreement distribution of ``compare`` output (optionally per group ``by``).

    Columns: [by,] n, within_1pct (share equal within rounding or within 1%), within_10pct
    (share within 10%, the former included), beyond_2x (share beyond 2×), flagged (share
    flagged). Shares are fractions in [0, 1].
    """
    agg = [
        pl.len().alias("n"),
        pl.col("agreement").is_in(AGREEMENT_CLASSES[:2]).mean().alias("within_1pct"),
        pl.col("agreement").is_in(AGREEMENT_CLASSES[:3]).mean().alias("within_10pct"),
        (pl.col("agreement") == AGREEMENT_CLASSES[4]).mean().alias("beyond_2x"),
        pl.col("flagged").mean().alias("flagged"),
    ]
    if by is None:
        return table.select(agg)
    return table.group_by(by).agg(agg).sort(by)


def summary(table: pl.DataFrame) -> str:
    """One line for the build report: how often COW and DOTS agree."""
    d = distribution(table).row(0, named=True)
    if not d["n"]:
        return "trade_sources: no directed dyad-year with both COW and DOTS figures"
    years = table["year"]
    return (f"trade_sources: {d['n']:,} directed dyad-years with COW and DOTS figures ({years.min()}-{years.max()}): "
            f"{d['within_1pct']:.1%} within 1% (or COW's rounding), {d['within_10pct']:.1%} within 10%, "
            f"{d['beyond_2x']:.1%} beyond 2x; {d['flagged']:.1%} flagged (>10% and >US$1 million)")
