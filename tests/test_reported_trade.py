"""Trade figures published in the press: the adapter on the real file, periods on their own bases, and
what each government's books imply (analysis.sources.reported_trade, analysis.measures.reported)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from analysis.measures import reported
from analysis.sources import SourceFormatError, reported_trade

D = dt.date


@pytest.fixture(scope="module")
def table(raw_dir) -> pl.DataFrame:
    return reported_trade.read(raw_dir)


def row(table: pl.DataFrame, period: str, measure: str) -> dict:
    rows = table.filter((pl.col("period") == period) & (pl.col("measure") == measure))
    assert rows.height >= 1
    return rows.row(0, named=True)


def test_the_real_file_every_row_read_and_labelled_secondary(table, raw_dir):
    raw = pl.read_csv(raw_dir / "reported" / "pak_irn_trade_reported.csv", infer_schema_length=0)
    assert table.height == raw.height == 26
    assert table["line"].to_list() == list(range(2, 28))  # line 1 is the header
    assert table["label"].str.starts_with("press report").all()
    assert table["url"].to_list() == raw["url"].to_list()
    assert set(zip(table["iso3_a"], table["iso3_b"], strict=True)) == {("IRN", "PAK")}


def test_periods_keep_their_own_basis(table):
    fy = row(table, "FY2022-23 (Jul-Jun)", "PAK imports from IRN")
    assert (fy["basis"], fy["period_start"], fy["period_end"]) == (
        "Pakistani fiscal year (July–June)", D(2022, 7, 1), D(2023, 6, 30))
    assert fy["whole_period"] and fy["value_usd"] == 880e6 and fy["statistics_of"] == "PAK"
    iranian = row(table, "1401 (21 Mar 2022-20 Mar 2023)", "total non-oil trade IRN-PAK")
    assert (iranian["basis"], iranian["period_start"], iranian["period_end"]) == (
        "Iranian year (from 21 March)", D(2022, 3, 21), D(2023, 3, 20))
    assert iranian["non_oil"] and iranian["flow"] == "total" and iranian["statistics_of"] == "IRN"
    ytd = row(table, "1403 first 5 months (20 Mar-21 Aug 2024)", "total non-oil trade IRN-PAK")
    assert (ytd["basis"], ytd["whole_period"], ytd["period_start"], ytd["period_end"]) == (
        "part of an Iranian year", False, D(2024, 3, 20), D(2024, 8, 21))
    part = row(table, "Jul 2023-Jan 2024", "PAK imports from IRN")
    assert (part["period_start"], part["period_end"], part["whole_period"]) == (D(2023, 7, 1), D(2024, 1, 31), False)
    several = row(table, "FY2020-21..FY2022-23", "PAK exports to IRN")
    assert (several["period_start"], several["period_end"], several["whole_period"]) == (
        D(2020, 7, 1), D(2023, 6, 30), False)  # three fiscal years: not one year's figure
    said = row(table, "Aug 2025 (current)", "total trade IRN-PAK")
    assert said["basis"] == "statement ('current')" and said["period_start"] is None
    assert said["statistics_of"] == "leaders" and said["label"] == "press report of a leaders' statement"


def test_values_as_published(table):
    assert row(table, "2023 (current)", "total trade IRN-PAK")["value_bound"] == "at least"  # ">2000"
    assert row(table, "2023 (current)", "total trade IRN-PAK")["value_usd"] == 2000e6
    unclear = row(table, "2022 -> 2023", "total trade IRN-PAK")
    assert (unclear["value_text"], unclear["value_usd"], unclear["value_bound"], unclear["basis"]) == (
        "1500 -> >2000", None, "two figures", "unclear")
    experts = row(table, "2023", "total trade IRN-PAK")
    assert experts["statistics_of"] == "unattributed" and experts["label"] == "press report without an official source"


def test_whose_statistics_by_the_rules():
    assert reported_trade.statistics_of("Iran TPO / ICCIMA (Latifi) via IRNA", "x") == "IRN"
    assert reported_trade.statistics_of("IRICA (Asgari)", "x") == "IRN"
    assert reported_trade.statistics_of("Pakistan Ministry of Commerce (sources)", "x") == "PAK"
    assert reported_trade.statistics_of("media reports (same MoC series)", "x") == "PAK"
    assert reported_trade.statistics_of("PM Shehbaz Sharif", "x") == "leaders"
    assert reported_trade.statistics_of("government reports", "part of a Pakistani fiscal year") == "PAK"
    with pytest.raises(ValueError, match="names no government"):
        reported_trade.statistics_of("a blog", "calendar year")


def test_period_patterns_by_hand():
    parse = reported_trade.parse_period
    assert parse("FY2024-25 (Jul-Jun)", "x") == (D(2024, 7, 1), D(2025, 6, 30))
    assert parse("2022 (calendar)", "x") == (D(2022, 1, 1), D(2022, 12, 31))
    assert parse("Jul 2024-Feb 2024", "x")[1] == D(2024, 2, 29)  # the last day of a leap February
    # an Iranian year-to-date that starts in the previous calendar year
    assert parse("1403 first 10 months (20 Mar-19 Jan 2025)", "x") == (D(2024, 3, 20), D(2025, 1, 19))
    assert parse("anything", "statement ('current')") == (None, None)
    with pytest.raises(ValueError, match="matches no known pattern"):
        parse("Q3 2024", "calendar year")


def _write(tmp_path, line: str):
    path = tmp_path / "press.csv"
    path.write_text(",".join(reported_trade.COLUMNS) + "\n" + line + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("line, message", [
    ("2023 (calendar),lunar year,PAK imports from IRN,1,x,o,https://u,", r"line 2: period_type 'lunar year'"),
    ("2023 (calendar),calendar year,oil from IRN,1,Pakistan,o,https://u,", r"line 2: measure 'oil from IRN'"),
    ("2023 (calendar),calendar year,PAK imports from IRN,about 1,Pakistan,o,https://u,", r"line 2: value 'about 1'"),
    ("2023 (calendar),calendar year,PAK imports from IRN,1,Pakistan,o,,", r"line 2: empty url"),
])
def test_a_row_the_rules_cannot_read_names_the_file_and_line(tmp_path, line, message):
    with pytest.raises(SourceFormatError, match=r"press\.csv, " + message):
        reported_trade.read_file(_write(tmp_path, line))


# ---------------------------------------------------------------- what each government's books imply


def _rows(*rows):
    base = {"iso3_a": "AAA", "iso3_b": "BBB", "non_oil": False, "measure": "m", "period_type": "t",
            "value_text": "v", "value_bound": "exact", "label": "l", "reported_by": "r", "outlet": "o",
            "url": "https://u", "published": None, "file": "f", "whole_period": True, "period_start": D(2020, 1, 1)}
    frame = [base | {"line": i} | r for i, r in enumerate(rows, start=2)]
    return pl.DataFrame(frame, schema_overrides={"period_start": pl.Date, "period_end": pl.Date, "published": pl.String,
                                                 "exporter_iso3": pl.String, "importer_iso3": pl.String},
                        infer_schema_length=None)


def test_books_and_differ_by_hand():
    rows = _rows(
        # A's own statistics: imports from B of 100 and 120 (two years), exports to B of 5: A's books 105-125
        {"flow": "imports", "exporter_iso3": "BBB", "importer_iso3": "AAA", "value_usd": 100.0, "statistics_of": "AAA",
         "period": "y1", "basis": "calendar year", "period_end": D(2023, 12, 31)},
        {"flow": "imports", "exporter_iso3": "BBB", "importer_iso3": "AAA", "value_usd": 120.0, "statistics_of": "AAA",
         "period": "y2", "basis": "calendar year", "period_end": D(2024, 12, 31)},
        {"flow": "exports", "exporter_iso3": "AAA", "importer_iso3": "BBB", "value_usd": 5.0, "statistics_of": "AAA",
         "period": "y2", "basis": "calendar year", "period_end": D(2024, 12, 31)},
        # B's own statistics: a two-way total of 230: B's books 230
        {"flow": "total", "exporter_iso3": None, "importer_iso3": None, "value_usd": 230.0, "statistics_of": "BBB",
         "period": "y3", "basis": "calendar year", "period_end": D(2024, 12, 31)},
        # a figure ending too long before 2025 is not among the nearest
        {"flow": "total", "exporter_iso3": None, "importer_iso3": None, "value_usd": 999.0, "statistics_of": "BBB",
         "period": "old", "basis": "calendar year", "period_end": D(2015, 12, 31)},
    )
    near = reported.nearest(rows, "AAA", "BBB", 2025)
    assert sorted(near["value_usd"].to_list()) == [5.0, 100.0, 120.0, 230.0]
    books = reported.books(near, "AAA", "BBB")
    assert (books["AAA"].low, books["AAA"].high) == (105.0, 125.0)
    assert books["AAA"].what == "imports from BBB plus exports to BBB"
    assert (books["BBB"].low, books["BBB"].high, books["BBB"].what) == (230.0, 230.0, "two-way trade")
    assert reported.differ(books["AAA"], books["BBB"])  # 230 / 125 = 1.84 > 1.25
    close = reported.Book("BBB", 140.0, 150.0, "t", "p")
    assert not reported.differ(books["AAA"], close)  # 140 / 125 = 1.12
    # one direction only: goods from B to A are A's imports
    one_way = reported.books(reported.nearest(rows, "AAA", "BBB", 2025, "b_to_a"), "AAA", "BBB", "b_to_a")
    assert set(one_way) == {"AAA"} and (one_way["AAA"].low, one_way["AAA"].high) == (100.0, 120.0)


def test_nearest_falls_back_to_the_latest_periods_and_in_years_filters(table):
    # no whole period ends in 2029-2031: the latest ones (to 2025) are taken
    far = reported.nearest(table, "PAK", "IRN", 2031)
    assert far.height and far["period_end"].max() == D(2025, 6, 30)
    assert reported.in_years(table, 1990, 2014).height == 0
    assert reported.in_years(table, 2025, 2025)["period"].to_list() == [
        "FY2024-25 (Jul-Jun)", "Aug 2025 (current)", "Aug 2025 (current)"]
