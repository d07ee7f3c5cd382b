"""Everything the bilateral-trade notebook shows, computed from its parameters.

``notebooks/bilateral_trade.ipynb`` calls ``prepare(...)`` and displays the frames and
charts of the returned ``TradeReport``. Data: the processed ``trade`` table (Correlates of
War to 2014, the IMF's DOTS workbooks to 2020 with both sides' reports, and anything
fetched with ``python -m analysis fetch trade``), ``trade_sources`` (COW beside DOTS),
``reported_figures`` (press figures, secondary) and ``dyad_year`` (shares of each state's
trade by the package's rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import polars as pl

from analysis.core.countries import resolve
from analysis.core.tables import load_where
from analysis.measures import reported as reported_measures
from analysis.measures import trade
from analysis.reports import chart_output, charts
from analysis.reports.heading import pair_heading
from analysis.reports.reuse import load, remembered


@dataclass
class TradeReport:
    """Results for one dyad: trade tables, the sources side by side, the press figures and the charts."""

    a: str
    b: str
    names: dict[str, str]
    start_year: int
    end_year: int
    table: pl.DataFrame  # per source: dyad_trade output
    used: pl.DataFrame  # per year: the figure used per direction, total, balance, shares
    long: pl.DataFrame  # every report, for the chart
    comparison: pl.DataFrame  # COW beside DOTS for the pair (trade_sources rows)
    reported: pl.DataFrame  # the pair's press figures (reported_figures rows)
    scatter_year: int
    scatter: pl.DataFrame
    data_end: int  # last year of the shipped primary data (any source)
    cow_end: int
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=chart_output.NamedCharts)

    def heading(self) -> str:
        """Markdown naming the pair and the years (the notebook's first output)."""
        return pair_heading(self.names, self.a, self.b, f"Goods trade, {self.start_year}–{self.end_year}")

    def key_facts(self) -> dict[str, object]:
        """Return headline numbers (rounded) for the last year with A–B trade in the range.

        The figures are those of the package's rule (``trade.figure_used``); ``sides`` says
        which report each direction rests on; ``cow_dots_flagged`` lists the years in range
        where COW and DOTS disagree for the pair, with both figures.
        """
        rows = self.used.drop_nulls("total_usd")
        if not rows.height:
            return {"dyad": f"{self.a}-{self.b}", "years_with_trade": 0}
        last = rows.sort("year").row(-1, named=True)
        first, second = sorted((self.a, self.b))
        pair = self.scatter.filter((pl.col("iso3_a") == first) & (pl.col("iso3_b") == second))
        rank = None
        if pair.height:
            ordered = self.scatter.sort(["trade_total_usd", "iso3_a", "iso3_b"], descending=[True, False, False])
            ordered = ordered.with_row_index("r", offset=1)
            rank = int(ordered.join(pair.select("iso3_a", "iso3_b"), on=["iso3_a", "iso3_b"])["r"][0])
        flagged = self.flagged_years()
        return {
            "dyad": f"{self.a}-{self.b}",
            "years_with_trade": rows.height,
            "last_year": last["year"],
            "source": last["source"],
            "a_to_b_side": last["a_to_b_side"],
            "b_to_a_side": last["b_to_a_side"],
            "a_exports_to_b_musd": _musd(last["a_to_b_usd"]),
            "a_imports_from_b_musd": _musd(last["b_to_a_usd"]),
            "total_musd": _musd(last["total_usd"]),
            "share_of_a_pct": round(last["share_of_a_pct"], 2) if last["share_of_a_pct"] is not None else None,
            "share_of_b_pct": round(last["share_of_b_pct"], 2) if last["share_of_b_pct"] is not None else None,
            "shipped_data_end": self.data_end,
            "cow_end": self.cow_end,
            "cow_dots_years": self.comparison["year"].n_unique(),
            "cow_dots_flagged_years": flagged["year"].to_list(),
            "scatter_year": self.scatter_year,
            "rank_by_trade_among_pairs_in_scatter_year": rank,
            "pairs_in_scatter_year": self.scatter.height,
            "press_figures": self.reported.height,
        }

    def flagged_years(self) -> pl.DataFrame:
        """Years where COW and DOTS disagree for the pair: year, COW total, DOTS total (the figures compared)."""
        return (
            self.comparison.group_by("year")
            .agg(pl.col("flagged").any(), pl.col("cow_usd").sum().alias("cow_usd"),
                 pl.col("dots_usd").sum().alias("dots_usd"), pl.len().alias("directions"))
            .filter(pl.col("flagged")).sort("year").drop("flagged")
        )

    def sources_table(self) -> pl.DataFrame:
        """COW beside DOTS for the pair, readable: one row per year and direction, US$ millions."""
        names = self.names
        return self.comparison.sort("year", "exporter").select(
            "year",
            (pl.col("exporter").replace_strict(names, default=pl.col("exporter")) + " → "
             + pl.col("importer").replace_strict(names, default=pl.col("importer"))).alias("direction"),
            (pl.col("cow_usd") / 1e6).round(1).alias("COW"),
            (pl.col("dots_importer_usd") / 1e6).round(1).alias("DOTS, importer's report"),
            (pl.col("dots_exporter_usd") / 1e6).round(1).alias("DOTS, exporter's report"),
            pl.col("dots_exporter_estimated").alias("exporter's is IMF estimate"),
            pl.col("ratio").round(2).alias("COW / DOTS"), "agreement", "flagged",
        )

    def reported_table(self) -> pl.DataFrame:
        """The press figures for the pair, labelled as secondary, each period on its own basis."""
        return self.reported.select(
            "label", "measure", "period", "basis", pl.col("value_text").alias("US$ million (as published)"),
            "reported_by", "outlet", "url", "published")

    def reported_markdown(self) -> str:
        """The press figures as a Markdown table, each outlet linked to its article (empty when there are none)."""
        if not self.reported.height:
            return ""

        def cell(text: object) -> str:
            return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")

        lines = ["| what | measure | period | basis | US$ million (as published) | reported by | source |",
                 "|---|---|---|---|---:|---|---|"]
        for r in self.reported.iter_rows(named=True):
            when = f", {r['published']}" if r["published"] else ""
            cells = [cell(r[c]) for c in ("label", "measure", "period", "basis", "value_text", "reported_by")]
            lines.append("| " + " | ".join(cells) + f" | [{cell(r['outlet'])}]({r['url']}){when} |")
        return "\n".join(lines)

    def press_books(self, year: int | None = None) -> str:
        """One sentence on what each government's statistics in the press imply for the latest periods."""
        if not self.reported.height:
            return ""
        if year is None:
            year = int(self.reported["period_end"].max().year)
        near = reported_measures.nearest(self.reported, self.a, self.b, year)
        return reported_measures.books_text(near, self.a, self.b, "total", self.names)

    def save_charts(self, out_dir: Path) -> list[Path]:
        """Write every chart as PNG and SVG into ``out_dir``; return the written paths."""
        return chart_output.save_all(self.charts, Path(out_dir))


def _musd(value: float | None) -> float | None:
    if value is None:
        return None
    return round(value / 1e6, 3) if abs(value) < 1e6 else round(value / 1e6, 1)


@remembered  # the dyad report computes it too, in the same kernel (reuse.py)
def prepare(
    country_a: str = "PAK",
    country_b: str = "IRN",
    start_year: int | None = None,
    end_year: int | None = None,
    scatter_year: int | None = None,
) -> TradeReport:
    """Compute the trade tables and charts for A and B; return a ``TradeReport``.

    Years default to the range of the pair's trade data, to the end of its press figures
    when they reach further; ``scatter_year`` (agreement vs trade across all dyads) defaults
    to the last year in range with both GA votes and trade.
    """
    countries = load("countries")
    a, b = resolve(country_a, countries), resolve(country_b, countries)
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    first, second = sorted((a, b))
    pair_trade = load_where("trade", pl.col("reporter_iso3").is_in([a, b]) & pl.col("partner_iso3").is_in([a, b]))
    ends = load_where("trade", pl.col("value_usd").is_not_null(), ["source", "year"]).group_by("source").agg(
        pl.col("year").max())
    data_end = int(ends["year"].max())
    cow_end = int(ends.filter(pl.col("source") == "cow")["year"].max() or data_end)
    years = pair_trade.drop_nulls("value_usd")["year"]
    press = reported_measures.pair_rows(load("reported_figures"), a, b)
    press_end = press["period_end"].dt.year().max() or data_end
    start = int(start_year if start_year is not None else (years.min() or data_end))
    end = int(end_year if end_year is not None else max(int(years.max() or data_end), data_end, int(press_end)))
    if start > end:
        raise ValueError(f"start_year ({start}) is after end_year ({end})")
    in_range = pl.col("year").is_between(start, end)

    table = trade.dyad_trade(pair_trade, a, b).filter(in_range)
    panel_pair = load_where("dyad_year", (pl.col("iso3_a") == first) & (pl.col("iso3_b") == second)).select(
        "year", pl.col("trade_share_a_pct" if a == first else "trade_share_b_pct").alias("share_of_a_pct"),
        pl.col("trade_share_b_pct" if a == first else "trade_share_a_pct").alias("share_of_b_pct"))
    used = (
        trade.pair_figures_used(pair_trade, a, b).filter(in_range)
        .with_columns(
            (pl.col("a_to_b_usd") - pl.col("b_to_a_usd")).alias("balance_a_usd"),
            pl.concat_str(pl.col("a_to_b_side").str.extract(r"^([^:]+)"),
                          pl.col("b_to_a_side").str.extract(r"^([^:]+)"), separator="+", ignore_nulls=True)
            .alias("source"),
        )
        .with_columns(pl.col("source").str.split("+").list.unique().list.sort().list.join("+"))
        .join(panel_pair, on="year", how="left")
    )
    long = trade.flows_long(pair_trade, a, b, names).filter(in_range)
    comparison = load_where("trade_sources", pl.col("exporter").is_in([a, b]) & pl.col("importer").is_in([a, b])
                            & in_range)
    reported = reported_measures.in_years(press, start, end)
    both = load_where("dyad_year", pl.col("agreement").is_not_null() & (pl.col("trade_total_usd") > 0) & in_range)
    year = int(scatter_year if scatter_year is not None else (both["year"].max() or data_end))
    scatter = both.filter(pl.col("year") == year)

    report = TradeReport(a, b, names, start, end, table, used, long, comparison, reported, year, scatter, data_end,
                         cow_end)
    report.charts = chart_output.NamedCharts({
        "trade_flows": charts.trade_flows(long, used, reported, a, b, names, cow_end=cow_end, primary_end=data_end),
        "trade_balance": charts.trade_balance(used, a, b, names),
        "trade_shares": charts.trade_shares(used, a, b, names),
        "agreement_vs_trade": charts.agreement_vs_trade(scatter, a, b, names, year),
    })
    return report
