"""What the trade notebook shows (analysis.reports.trade), checked against the raw COW file."""

from __future__ import annotations

import polars as pl
import pyreadr
import pytest

from analysis.reports import trade as trade_report


@pytest.fixture(scope="module")
def pak_irn(built):
    return trade_report.prepare()


def test_key_facts_from_the_raw_file(pak_irn, raw_dir):
    raw = pyreadr.read_r(str(raw_dir / "cow-trade" / "cow_trade_ddy.rds"), output_format="polars")[None]
    y2014 = raw.filter(pl.col("year") == 2014)
    # Pakistan's total goods trade in 2014 = its imports from everyone + everyone's imports from it
    pak_total = (y2014.filter(pl.col("ccode1") == 770)["flow1"].sum()
                 + y2014.filter(pl.col("ccode2") == 770)["flow1"].sum())
    facts = pak_irn.key_facts()
    assert facts["last_year"] == 2014 and facts["source"] == "cow"
    assert facts["a_exports_to_b_musd"] == 551.0  # Iran's imports from Pakistan (flow1 of row 630->770)
    assert facts["a_imports_from_b_musd"] == 1801.0
    assert facts["total_musd"] == 2352.0
    assert facts["share_of_a_pct"] == round(100 * 2352.0 / pak_total, 2)
    assert facts["shipped_data_end"] == 2014


def test_scatter_year_and_highlighted_pair(pak_irn):
    assert pak_irn.scatter_year == 2014
    pair = pak_irn.scatter.filter((pl.col("iso3_a") == "IRN") & (pl.col("iso3_b") == "PAK"))
    assert pair.height == 1
    assert pair["trade_total_usd"][0] == 2_352_000_000.0
    assert (pak_irn.scatter["trade_total_usd"] > 0).all()


def test_flows_chart_says_where_the_shipped_data_end(pak_irn):
    spec = pak_irn.charts["trade_flows"].to_dict()
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Shipped data end in 2014" in subtitle
    assert "python -m analysis fetch trade --a PAK --b IRN" in subtitle


@pytest.mark.parametrize("a, b", [("BRA", "ZAF"), ("India", "United States")])
def test_other_pairs_run_unchanged(built, a, b):
    report = trade_report.prepare(a, b, start_year=1990, end_year=2014)
    assert report.table.height > 0
    assert report.table["year"].is_between(1990, 2014).all()
    assert report.key_facts()["years_with_trade"] > 10


def test_reversed_years_are_an_error(built):
    with pytest.raises(ValueError, match="start_year"):
        trade_report.prepare(start_year=2010, end_year=2000)
