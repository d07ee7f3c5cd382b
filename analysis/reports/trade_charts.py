"""Charts of trade: both sides' books per direction and in total (with the press figures), the balance, each
partner's share, and agreement against trade.

Every function takes tidy frames (outputs of the measures) and returns an Altair chart; none reads files or
computes measures (``analysis.reports.charts`` gathers all the chart functions).
"""

from __future__ import annotations

import altair as alt
import polars as pl

from analysis.reports.chart_style import (
    PALETTE,
    chart_title,
    legend_pick,
    reported_source,
    trade_source,
    votes_source,
    zoom_x,
)

FETCH_HINT = ("Primary data end in {end}; for later years run: python -m analysis fetch trade --a {a} --b {b} "
              "--from {start}")


def _data_end_rule(last_year: int, text: str) -> alt.LayerChart:
    """A dashed vertical rule at ``last_year`` with a label (where the shipped data end)."""
    frame = pl.DataFrame({"year": [last_year], "label": [text]})
    rule = alt.Chart(frame).mark_rule(strokeDash=[4, 4], color="#555").encode(x="year:Q")
    label = alt.Chart(frame).mark_text(align="right", dx=-4, dy=4, color="#555", fontSize=10, baseline="top").encode(
        x="year:Q", y=alt.value(0), text="label:N"
    )
    return alt.layer(rule, label)


def _decimal_year(column: str) -> pl.Expr:
    date = pl.col(column)
    days = pl.when(date.dt.is_leap_year()).then(366).otherwise(365)
    return date.dt.year() + (date.dt.ordinal_day() - 1) / days


def reported_points(reported: pl.DataFrame) -> pl.DataFrame:
    """Press figures placed on a chart's year axis: x = the middle of their period − 0.5.

    Annual figures are drawn at their year (2023 stands for the calendar year 2023, whose
    middle is 2023.5), so a period's point sits at its middle minus half a year: the
    calendar year 2023 at 2023.0, Pakistan's fiscal year 2022-23 (July–June) at 2022.5,
    Iran's year 1401 (from 21 March 2022) at about 2022.2. A statement ("current") sits at
    its publication month. Figures without a single value or a date are left off the chart
    (they stay in the report's table).
    """
    published = pl.col("published").str.slice(0, 7).str.to_date("%Y-%m", strict=False)
    mid = pl.col("period_start") + (pl.col("period_end") - pl.col("period_start")) / 2
    return (
        reported.filter(pl.col("value_usd").is_not_null())
        .with_columns(pl.coalesce(mid, published).alias("_at"))
        .filter(pl.col("_at").is_not_null() & (pl.col("whole_period") | pl.col("period_start").is_null()))
        .with_columns((_decimal_year("_at") - 0.5).alias("x"), (pl.col("value_usd") / 1e6).alias("value_musd"))
        .drop("_at")
        .sort("file", "line")
    )


#: Colours of the trade series (by source and role, the same in every panel and chart).
TRADE_COLORS: dict[str, str] = {
    "COW: its estimate of the imports": "#7f8c8d",
    "IMF DOTS: importer's report (CIF)": "#1b4f72",
    "IMF DOTS: exporter's report (FOB)": "#d68910",
    "IMF IMTS: importer's report (CIF)": "#17a589",
    "IMF IMTS: exporter's report (FOB)": "#8e44ad",
    "UN Comtrade: importer's report (CIF)": "#27ae60",
    "UN Comtrade: exporter's report (FOB)": "#34495e",
    "COW: total": "#7f8c8d",
    "total by the package's rule": "#c0392b",
}


def trade_flows(long: pl.DataFrame, used: pl.DataFrame, reported: pl.DataFrame, a: str, b: str,
                names: dict[str, str], *, cow_end: int, primary_end: int) -> alt.VConcatChart:
    """Both sides' books, three panels: goods A→B, goods B→A, and the two-way total.

    Takes ``trade.flows_long`` output (every source's reports, with the IMF's estimate
    flag), ``trade.pair_figures_used`` output (the figure the package uses per year) and
    the pair's ``reported_figures`` rows. Each direction panel draws one line per source and
    side (COW; DOTS as reported by the importer, CIF; DOTS as reported by the exporter, FOB)
    with IMF estimates as triangles, and the press figures for that direction as black
    diamonds; the total panel draws COW's total, the total by the package's rule and the
    press totals and statements. A dashed rule marks where the shipped primary data end.
    """
    from analysis.measures.trade import SOURCE_LABELS

    A, B = names.get(a, a), names.get(b, b)
    role = pl.when(pl.col("source") == "cow").then(pl.lit("COW: its estimate of the imports")).otherwise(
        pl.col("source").replace_strict(SOURCE_LABELS, default=pl.col("source")) + ": " + pl.col("reported_by"))
    data = long.with_columns(
        role.alias("figure"),
        (pl.col("value_usd") / 1e6).alias("value_musd"),
        pl.when(pl.col("estimated").fill_null(False)).then(pl.lit("IMF estimate"))
        .otherwise(pl.lit("reported")).alias("flag"),
    ).sort("exporter", "figure", "year")
    totals = pl.concat([
        data.filter(pl.col("source") == "cow").group_by("year").agg(
            pl.col("value_musd").sum(), pl.len().alias("n")).filter(pl.col("n") == 2)
        .select("year", pl.lit("COW: total").alias("figure"), "value_musd"),
        used.drop_nulls("total_usd").select("year", pl.lit("total by the package's rule").alias("figure"),
                                            (pl.col("total_usd") / 1e6).alias("value_musd")),
    ]).sort("figure", "year")  # a fixed order: the same inputs give the same chart spec
    present = [k for k in TRADE_COLORS if k in set(data["figure"]) | set(totals["figure"])]
    color = alt.Color("figure:N", title="Figure", scale=alt.Scale(domain=present,
                                                                  range=[TRADE_COLORS[k] for k in present]))
    points = reported_points(reported)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"))
    y = alt.Y("value_musd:Q", title="Goods (million current US$)")
    press_tooltip = [alt.Tooltip("label:N", title="what"), "measure:N", "period:N", "basis:N",
                     alt.Tooltip("value_text:N", title="US$ million"), "reported_by:N", "outlet:N", "url:N"]
    end_rule = _data_end_rule(primary_end, "shipped primary data end")

    def press(frame: pl.DataFrame) -> alt.Chart:
        return alt.Chart(frame).mark_point(shape="diamond", size=70, filled=True, color="#111").encode(
            x=alt.X("x:Q"), y=alt.Y("value_musd:Q"), tooltip=press_tooltip, href="url:N")

    pick = legend_pick("figure")  # defined on the first panel, used by all: a legend click highlights one figure
    faded = alt.condition(pick, alt.value(1.0), alt.value(0.12))
    panels = []
    for exporter, importer in ((a, b), (b, a)):
        rows = data.filter((pl.col("exporter") == exporter) & (pl.col("importer") == importer)).with_columns(
            pl.lit(f"{names.get(exporter, exporter)} → {names.get(importer, importer)}").alias("direction"))
        tooltip = ["direction:N", "figure:N", "year:Q", alt.Tooltip("value_musd:Q", format=",.3f",
                                                                   title="US$ million"), "flag:N"]
        lines = alt.Chart(rows).mark_line(strokeWidth=1.6).encode(x=x, y=y, color=color, detail="figure:N",
                                                                  opacity=faded)
        lines = lines.add_params(zoom_x(f"zoom_{len(panels)}"), *([pick] if not panels else []))
        dots = alt.Chart(rows).mark_point(size=24, filled=True).encode(
            x=x, y=y, color=color, tooltip=tooltip, opacity=faded,
            shape=alt.Shape("flag:N", title="Flag", scale=alt.Scale(domain=["reported", "IMF estimate"],
                                                                     range=["circle", "triangle-down"])))
        layers = [lines, dots]
        mine = points.filter((pl.col("exporter_iso3") == exporter) & (pl.col("importer_iso3") == importer))
        if mine.height:
            layers.append(press(mine))
        title = f"Goods from {names.get(exporter, exporter)} to {names.get(importer, importer)}"
        panels.append(alt.layer(*layers, end_rule).properties(title=title, height=170))

    layers = [alt.Chart(totals).mark_line(point=alt.OverlayMarkDef(size=16, filled=True)).encode(
        x=x, y=y, color=color, opacity=faded,
        tooltip=["figure:N", "year:Q", alt.Tooltip("value_musd:Q", format=",.1f", title="US$ million")])
        .add_params(zoom_x("zoom_total"))]
    total_points = points.filter(pl.col("flow") == "total")
    if total_points.height:
        layers.append(press(total_points))
    panels.append(alt.layer(*layers, end_rule).properties(title=f"Both directions, {A}–{B}", height=170))

    return alt.vconcat(*panels).resolve_scale(y="independent").properties(
        title=chart_title(
            f"Goods trade between {A} and {B}, from both sides' books",
            "Lines: each source and whose report (importers report CIF, exporters FOB; IMF factor 1.06); "
            "triangles: IMF estimates.",
            "Black diamonds: press figures at the middle of their period (fiscal and Iranian years not converted); "
            "hover for the source.",
            FETCH_HINT.format(end=primary_end, a=a, b=b, start=primary_end + 1) + f" (COW ends {cow_end}).",
            trade_source(),
            reported_source(),
        )
    )


def trade_balance(table: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Bars of A's trade balance with B by year (columns year, source, balance_a_usd; the report's ``used``)."""
    data = table.drop_nulls("balance_a_usd").with_columns(
        (pl.col("balance_a_usd") / 1e6).alias("balance_musd"),
        pl.when(pl.col("balance_a_usd") >= 0).then(pl.lit("surplus")).otherwise(pl.lit("deficit")).alias("sign"),
    )
    pick = legend_pick("sign")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=-90, values=list(range(1870, 2030, 5)))),
            y=alt.Y("balance_musd:Q", title="Balance (million current US$)"),
            color=alt.Color("sign:N", title=None, scale=alt.Scale(domain=["surplus", "deficit"],
                                                                  range=[PALETTE[3], PALETTE[1]])),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=["year:O", "source:N", alt.Tooltip("balance_musd:Q", format=",.1f")],
        )
        .add_params(pick)
        .properties(
            title=chart_title(
                f"{names.get(a, a)}'s goods trade balance with {names.get(b, b)}",
                f"Exports to {names.get(b, b)} minus imports from it, by the package's rule (each state's own "
                "report of its imports first).",
                trade_source(),
            )
        )
    )


def trade_shares(table: pl.DataFrame, a: str, b: str, names: dict[str, str]) -> alt.Chart:
    """Lines of A–B trade as a share of A's and of B's total trade.

    Takes columns year, source, share_of_a_pct and share_of_b_pct (the report's ``used``).
    """
    long = table.select(
        "year", "source",
        pl.col("share_of_a_pct").alias(f"share of {names.get(a, a)}'s trade"),
        pl.col("share_of_b_pct").alias(f"share of {names.get(b, b)}'s trade"),
    ).unpivot(index=["year", "source"], variable_name="share", value_name="pct").drop_nulls("pct")
    pick = legend_pick("share")
    return (
        alt.Chart(long)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
            y=alt.Y("pct:Q", title="Share of total goods trade (%)"),
            color=alt.Color("share:N", title="A–B trade as"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
            tooltip=["share:N", "year:Q", "source:N", alt.Tooltip("pct:Q", format=".2f")],
        )
        .add_params(pick, zoom_x())
        .properties(
            title=chart_title(
                f"How much {names.get(a, a)} and {names.get(b, b)} matter to each other's trade",
                "Bilateral trade as % of each state's trade with all partners, every flow by the package's rule.",
                trade_source(),
            )
        )
    )


def agreement_vs_trade(panel_year: pl.DataFrame, a: str, b: str, names: dict[str, str], year: int) -> alt.LayerChart:
    """Scatter of GA agreement against bilateral trade (log scale) for all dyads in ``year``, A–B highlighted.

    Takes ``dyad_year`` rows of one year with agreement and trade_total_usd > 0.
    """
    data = panel_year.select("iso3_a", "iso3_b", "agreement", "trade_total_usd").with_columns(
        (pl.col("trade_total_usd") / 1e6).alias("trade_musd"),
        (pl.col("iso3_a").replace_strict(names, default=pl.col("iso3_a")) + "–"
         + pl.col("iso3_b").replace_strict(names, default=pl.col("iso3_b"))).alias("dyad"),
    )
    x = alt.X("trade_musd:Q", title="Bilateral goods trade (million current US$, log scale)",
              scale=alt.Scale(type="log"))
    y = alt.Y("agreement:Q", title="GA voting agreement (share, 0–1)", scale=alt.Scale(domain=[0, 1]))
    cloud = alt.Chart(data).mark_circle(size=10, opacity=0.25, color=PALETTE[2]).encode(
        x=x, y=y,
        tooltip=["dyad:N", alt.Tooltip("trade_musd:Q", format=",.1f"), alt.Tooltip("agreement:Q", format=".3f")],
    )
    pair = data.filter((pl.col("iso3_a") == min(a, b)) & (pl.col("iso3_b") == max(a, b)))
    mark = alt.Chart(pair).mark_point(size=160, filled=True, color=PALETTE[1]).encode(x=x, y=y, tooltip=["dyad:N"])
    text = alt.Chart(pair).mark_text(dx=10, align="left", fontWeight="bold", color=PALETTE[1]).encode(
        x=x, y=y, text="dyad:N")
    return alt.layer(cloud, mark, text).properties(
        title=chart_title(
            f"Voting agreement and trade across all pairs of states, {year}",
            f"{data.height:,} pairs with GA votes and recorded trade; {names.get(a, a)}–{names.get(b, b)} in red.",
            votes_source("GA"), trade_source(),
        )
    )


