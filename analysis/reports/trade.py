"""Everything the bilateral-trade notebook shows, computed from its parameters.

``notebooks/bilateral_trade.ipynb`` calls ``prepare(...)`` and displays the frames and
charts of the returned ``TradeReport``. Data: the processed ``trade`` and ``dyad_year``
tables (Correlates of War to 2014, plus anything fetched with ``python -m analysis fetch trade``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import polars as pl

from analysis.reports import charts
from analysis.measures import trade
from analysis.core.tables import load
from analysis.core.countries import resolve


@dataclass
class TradeReport:
    """Results for one dyad: trade tables and the charts built from them."""

    a: str
    b: str
    names: dict[str, str]
    start_year: int
    end_year: int
    table: pl.DataFrame
    long: pl.DataFrame
    scatter_year: int
    scatter: pl.DataFrame
    data_end: int
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=dict)

    def key_facts(self) -> dict[str, object]:
        """Return headline numbers (rounded) for the last year with A–B trade in the range."""
        rows = self.table.drop_nulls("total_usd")
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
        return {
            "dyad": f"{self.a}-{self.b}",
            "years_with_trade": rows.height,
            "last_year": last["year"],
            "source": last["source"],
            "a_exports_to_b_musd": round(last["a_to_b_value_used"] / 1e6, 1) if last["a_to_b_value_used"] else None,
            "a_imports_from_b_musd": round(last["b_to_a_value_used"] / 1e6, 1) if last["b_to_a_value_used"] else None,
            "total_musd": round(last["total_usd"] / 1e6, 1),
            "share_of_a_pct": round(last["share_of_a_pct"], 2) if last["share_of_a_pct"] is not None else None,
            "share_of_b_pct": round(last["share_of_b_pct"], 2) if last["share_of_b_pct"] is not None else None,
            "shipped_data_end": self.data_end,
            "scatter_year": self.scatter_year,
            "rank_by_trade_among_pairs_in_scatter_year": rank,
            "pairs_in_scatter_year": self.scatter.height,
        }

    def save_charts(self, out_dir: Path) -> list[Path]:
        """Write every chart as PNG and SVG into ``out_dir``; return the written paths."""
        return charts.save_all(self.charts, Path(out_dir))


def prepare(
    country_a: str = "PAK",
    country_b: str = "IRN",
    start_year: int | None = None,
    end_year: int | None = None,
    scatter_year: int | None = None,
) -> TradeReport:
    """Compute the trade tables and charts for A and B; return a ``TradeReport``.

    Years default to the range of the trade data; ``scatter_year`` (agreement vs trade
    across all dyads) defaults to the last year in range with both GA votes and trade.
    """
    countries, trade_table, panel = load("countries"), load("trade"), load("dyad_year")
    a, b = resolve(country_a, countries), resolve(country_b, countries)
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    data_end = int(trade_table.filter(pl.col("source") == "cow")["year"].max())
    start = int(start_year if start_year is not None else trade_table["year"].min())
    end = int(end_year if end_year is not None else max(int(trade_table["year"].max()), data_end))
    if start > end:
        raise ValueError(f"start_year ({start}) is after end_year ({end})")

    table = trade.dyad_trade(trade_table, a, b).filter(pl.col("year").is_between(start, end))
    long = trade.flows_long(trade_table, a, b, names).filter(pl.col("year").is_between(start, end))
    both = panel.filter(
        pl.col("agreement").is_not_null() & (pl.col("trade_total_usd") > 0) & pl.col("year").is_between(start, end)
    )
    year = int(scatter_year if scatter_year is not None else (both["year"].max() or data_end))
    scatter = both.filter(pl.col("year") == year)

    report = TradeReport(a, b, names, start, end, table, long, year, scatter, data_end)
    report.charts = {
        "trade_flows": charts.trade_flows(long, a, b, names, data_end),
        "trade_balance": charts.trade_balance(table, a, b, names),
        "trade_shares": charts.trade_shares(table, a, b, names),
        "agreement_vs_trade": charts.agreement_vs_trade(scatter, a, b, names, year),
    }
    return report
