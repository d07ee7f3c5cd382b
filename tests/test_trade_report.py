"""What the trade notebook shows (analysis.reports.trade), checked against the raw workbooks and COW file."""

from __future__ import annotations

import polars as pl
import pytest

from analysis.reports import trade as trade_report


@pytest.fixture(scope="module")
def pak_irn(built):
    return trade_report.prepare()


def raw_cell(raw_dir, workbook: str, sheet: str, partner: str, year: int) -> str:
    """One cell of a raw DOTS workbook, read without the adapter: the row of ``partner``, the column of ``year``."""
    frame = pl.read_excel(raw_dir / "imf-dots" / workbook, sheet_name=sheet, has_header=False, infer_schema_length=0)
    header = frame.row(3)
    rows = frame.filter(pl.col(frame.columns[0]) == partner)
    return rows[frame.columns[header.index(str(year))]][0]


def test_key_facts_from_the_raw_workbooks(pak_irn, raw_dir):
    # 2020: Pakistan's own report of its imports from Iran (DOTS_151) and Iran's of its imports from Pakistan (DOTS_95)
    pak_imports = float(raw_cell(raw_dir, "DOTS_151.xlsx", "Imports, CIF", "Iran, Islamic Rep. of", 2020))
    irn_imports = float(raw_cell(raw_dir, "DOTS_95.xlsx", "Imports, CIF", "Pakistan", 2020))
    assert pak_imports == 373.226962
    facts = pak_irn.key_facts()
    assert facts["last_year"] == 2020 and facts["source"] == "imf_dots"
    assert facts["a_to_b_side"] == facts["b_to_a_side"] == "imf_dots: importer's own report (CIF)"
    assert facts["a_imports_from_b_musd"] == round(pak_imports, 1)
    assert facts["a_exports_to_b_musd"] == round(irn_imports, 3)
    assert facts["total_musd"] == round(pak_imports + irn_imports, 1)
    assert facts["shipped_data_end"] == 2020 and facts["cow_end"] == 2014
    # COW and DOTS disagree for the pair in 2014 (COW 1,801 + 551 million against 186 + 269 million)
    assert 2014 in facts["cow_dots_flagged_years"]
    assert facts["press_figures"] == 26


def test_scatter_year_and_highlighted_pair(pak_irn, built):
    assert pak_irn.scatter_year == 2020
    pair = pak_irn.scatter.filter((pl.col("iso3_a") == "IRN") & (pl.col("iso3_b") == "PAK"))
    assert pair.height == 1
    assert pair["trade_total_usd"][0] == pytest.approx(pak_irn.used.filter(pl.col("year") == 2020)["total_usd"][0])
    assert (pak_irn.scatter["trade_total_usd"] > 0).all()


def test_flows_chart_shows_both_books_estimates_press_figures_and_the_data_end(pak_irn):
    spec = pak_irn.charts["trade_flows"].to_dict()
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Primary data end in 2020" in subtitle and "COW ends 2014" in subtitle
    assert "python -m analysis fetch trade --a PAK --b IRN --from 2021" in subtitle
    panels = spec["vconcat"]
    assert [p["title"] for p in panels] == ["Goods from Pakistan to Iran", "Goods from Iran to Pakistan",
                                            "Both directions, Pakistan–Iran"]
    text = str(spec)
    for figure in ("COW: its estimate of the imports", "IMF DOTS: importer's report (CIF)",
                   "IMF DOTS: exporter's report (FOB)", "total by the package's rule"):
        assert figure in text
    assert "IMF estimate" in text and "'href'" in text and "shipped primary data end" in text
    # Iran's exports to Pakistan in 2014 are an IMF estimate; the chart's data flag them
    est = pak_irn.long.filter((pl.col("year") == 2014) & (pl.col("exporter") == "IRN")
                              & (pl.col("reported_by") == "exporter's report (FOB)"))
    assert est["estimated"].to_list() == [True]


def test_press_points_sit_mid_period_on_their_own_basis(pak_irn):
    from analysis.reports.charts import reported_points

    points = {(r["period"], r["measure"]): r["x"] for r in reported_points(pak_irn.reported).iter_rows(named=True)}
    # x = decimal year of the period's middle day - 0.5 (an annual figure for year Y is drawn at Y):
    # calendar 2023: 1 Jan + 364 / 2 days = 2 Jul 2023, day 183 -> 2023 + 182/365 - 0.5 (about 2023.0);
    # FY2022-23: 1 Jul 2022 + 182 days = 30 Dec 2022, day 364 -> 2022 + 363/365 - 0.5 (about 2022.5)
    assert points[("2023 (calendar)", "PAK imports from IRN")] == pytest.approx(2023 + 182 / 365 - 0.5)
    assert points[("FY2022-23 (Jul-Jun)", "PAK imports from IRN")] == pytest.approx(2022 + 363 / 365 - 0.5)
    # year-to-date figures are left off the chart (parts of a year), but stay in the table
    assert not any(period.startswith("Jul 2023-") for period, _ in points)
    assert pak_irn.reported_table().filter(pl.col("period") == "Jul 2023-Jan 2024").height == 1


@pytest.mark.parametrize("a, b", [("BRA", "ZAF"), ("India", "United States")])
def test_other_pairs_run_unchanged(built, a, b):
    report = trade_report.prepare(a, b, start_year=1990, end_year=2014)
    assert report.table.height > 0
    assert report.table["year"].is_between(1990, 2014).all()
    assert report.key_facts()["years_with_trade"] > 10
    assert report.reported.height == 0  # press figures ship for Pakistan-Iran only


def test_press_figures_follow_the_years_asked_for(built):
    assert trade_report.prepare("PAK", "IRN", start_year=1990, end_year=2014).reported.height == 0
    recent = trade_report.prepare("PAK", "IRN", start_year=2024, end_year=2025).reported
    assert recent.height and (recent["period_end"].dt.year().fill_null(2025) >= 2024).all()


def test_reversed_years_are_an_error(built):
    with pytest.raises(ValueError, match="start_year"):
        trade_report.prepare(start_year=2010, end_year=2000)
