"""Trade: the COW adapter on the real file, mirror arithmetic by hand, and the dyad-year panel."""

from __future__ import annotations

import math

import polars as pl
import pyreadr
import pytest

from analysis.measures import trade
from analysis.sources import SourceFormatError, cow_trade

PAK, IRN = 770, 630


@pytest.fixture(scope="module")
def raw_cow(raw_dir) -> pl.DataFrame:
    return pyreadr.read_r(str(raw_dir / "cow-trade" / "cow_trade_ddy.rds"), output_format="polars")[None]


def _raw_flow1(raw_cow, c1, c2, year):
    row = raw_cow.filter((pl.col("ccode1") == c1) & (pl.col("ccode2") == c2) & (pl.col("year") == year))
    assert row.height == 1
    return row["flow1"][0]


def _table_value(table, reporter, partner, year, smoothed=False):
    row = table.filter(
        (pl.col("source") == "cow") & (pl.col("reporter_iso3") == reporter) & (pl.col("partner_iso3") == partner)
        & (pl.col("year") == year) & (pl.col("smoothed") == smoothed)
    )
    assert row.height == 1
    return row["value_usd"][0]


@pytest.mark.parametrize("year", [1975, 1990, 2000, 2014])
def test_pakistan_and_iran_read_straight_from_the_raw_file(built, raw_cow, year):
    table = built["trade"]
    # flow1 of row 770->630 = Pakistan's imports from Iran, in million US$
    assert _table_value(table, "PAK", "IRN", year) == _raw_flow1(raw_cow, PAK, IRN, year) * 1e6
    assert _table_value(table, "IRN", "PAK", year) == _raw_flow1(raw_cow, IRN, PAK, year) * 1e6


def test_2014_values_and_units(built):
    # Raw file, row 770->630 in 2014: flow1 = 1801 (Pakistan's imports from Iran), flow2 = 551.
    table = built["trade"]
    assert _table_value(table, "PAK", "IRN", 2014) == 1_801_000_000.0
    assert _table_value(table, "IRN", "PAK", 2014) == 551_000_000.0
    assert set(table.filter(pl.col("source") == "cow")["flow"].unique()) == {"import"}


def test_missing_flows_stay_missing_never_zero(built, raw_cow):
    published = built["trade"].filter((pl.col("source") == "cow") & ~pl.col("smoothed"))
    # every NA in the raw flow1 is a null in the table (less the 4 superseded Yemen rows of 1990)
    raw_na = raw_cow["flow1"].null_count()
    assert published["value_usd"].null_count() in range(raw_na - 4, raw_na + 1)
    # a dyad-year that is NA in the raw file is null, not 0
    na_row = raw_cow.filter(pl.col("flow1").is_null() & (pl.col("ccode1") == PAK)).row(0, named=True)
    frame = pl.DataFrame({"flow1": [-9.0, 0.0, 12.0, None]}).with_columns(cow_trade.missing_to_null("flow1"))
    assert frame["flow1"].to_list() == [None, 0.0, 12.0, None]
    got = published.filter(
        (pl.col("reporter_iso3") == "PAK") & (pl.col("year") == int(na_row["year"]))
        & (pl.col("partner_iso3") == built["countries"].filter(pl.col("cow_code") == int(na_row["ccode2"]))["iso3"][0])
    )
    assert got.height == 1 and got["value_usd"][0] is None


def test_cow_code_changes(built, raw_cow):
    table = built["trade"].filter(~pl.col("smoothed"))
    reporters = set(table["reporter_iso3"].unique())
    assert {"DEU", "DDR", "YEM", "YMD", "YUG", "VNM", "RVN", "XKX", "AUH"} <= reporters
    assert not {"GFR", "GDR", "YAR"} & reporters
    # German Federal Republic (260) is Germany: its 1958 imports from France (220) are DEU's
    assert _table_value(table, "DEU", "FRA", 1958) == _raw_flow1(raw_cow, 260, 220, 1958) * 1e6
    # Yemen 1990: COW has both 678 and 679 with Iran; the successor's (679) row is kept
    assert _table_value(table, "YEM", "IRN", 1990) == _raw_flow1(raw_cow, 679, 630, 1990) * 1e6
    # Yugoslavia (345) is YUG in 1990 (COW 345 ends in 1996 in this file)
    assert _table_value(table, "YUG", "ITA", 1990) == _raw_flow1(raw_cow, 345, 325, 1990) * 1e6


def test_broken_symmetry_is_an_error(raw_dir, monkeypatch):
    # Iran's imports from Pakistan are 550 in its own row but 551 as flow2 of Pakistan's row.
    broken = pl.DataFrame(
        {"ccode1": [770.0, 630.0], "ccode2": [630.0, 770.0], "year": [2014.0, 2014.0], "flow1": [1801.0, 550.0],
         "flow2": [551.0, 1801.0], "smoothflow1": [1801.0, 550.0], "smoothflow2": [551.0, 1801.0]}
    )
    monkeypatch.setattr(cow_trade, "read_r_table", lambda path, name=None: broken)
    with pytest.raises(SourceFormatError, match=r"1 directed rows .* e\.g\. 630->770 2014"):
        cow_trade.read(raw_dir)


def _frame(rows):
    return pl.DataFrame(
        rows, schema=["year", "reporter_iso3", "partner_iso3", "flow", "value_usd", "valuation"], orient="row"
    ).with_columns(pl.lit(False).alias("smoothed"), pl.lit("imf_dots").alias("source"))


def test_mirror_statistics_by_hand():
    # A exports 106 to B (A's FOB report); B reports imports of 110 from A (CIF).
    # imports_fob = 110 / 1.06 = 103.7735849...; gap = 106 - 103.7735849 = 2.2264151;
    # gap % of imports_fob = 2.2264151 / 103.7735849 = 2.1454545...%. The importer's figure is used.
    # B -> A: only B's export report of 50 (FOB): value used = 50 * 1.06 = 53.
    table = _frame([
        (2020, "AAA", "BBB", "export", 106.0, "FOB"),
        (2020, "BBB", "AAA", "import", 110.0, "CIF"),
        (2020, "BBB", "AAA", "export", 50.0, "FOB"),
    ])
    flows = trade.directed_flows(table)
    ab = flows.filter(pl.col("exporter") == "AAA").row(0, named=True)
    assert ab["imports_fob"] == pytest.approx(110 / 1.06)
    assert ab["mirror_gap_usd"] == pytest.approx(106 - 110 / 1.06)
    assert ab["mirror_gap_pct"] == pytest.approx(100 * (106 - 103.77358490566037) / 103.77358490566037)
    assert (ab["value_used"], ab["used_side"]) == (110.0, "importer CIF")
    ba = flows.filter(pl.col("exporter") == "BBB").row(0, named=True)
    assert ba["value_used"] == pytest.approx(53.0)
    assert ba["used_side"] == "exporter FOB×1.06"
    assert ba["mirror_gap_usd"] is None


def test_balance_growth_and_shares_by_hand():
    # Year 1: A->B 100 (B's import report), B->A 40; A also imports 60 from C.
    # Year 2: A->B 150, B->A 50.
    # balance(1) = 100 - 40 = 60; total(1) = 140; total(2) = 200; growth(2) = (200-140)/140 = 42.857%;
    # A's total trade in year 1 = 100 + 40 + 60 = 200 -> share 70%; B's total = 140 -> 100%.
    table = _frame([
        (2001, "BBB", "AAA", "import", 100.0, "CIF"),
        (2001, "AAA", "BBB", "import", 40.0, "CIF"),
        (2001, "AAA", "CCC", "import", 60.0, "CIF"),
        (2002, "BBB", "AAA", "import", 150.0, "CIF"),
        (2002, "AAA", "BBB", "import", 50.0, "CIF"),
    ])
    out = trade.dyad_trade(table, "AAA", "BBB").sort("year")
    y1, y2 = out.row(0, named=True), out.row(1, named=True)
    assert y1["balance_a_usd"] == 60.0 and y1["total_usd"] == 140.0
    assert y1["share_of_a_pct"] == pytest.approx(70.0) and y1["share_of_b_pct"] == pytest.approx(100.0)
    assert y1["growth_pct"] is None
    assert y2["growth_pct"] == pytest.approx(100 * 60 / 140)


def test_a_missing_direction_gives_no_balance_and_no_zero():
    table = _frame([(2001, "BBB", "AAA", "import", None, "CIF"), (2001, "AAA", "BBB", "import", 40.0, "CIF")])
    row = trade.dyad_trade(table, "AAA", "BBB").row(0, named=True)
    assert row["a_to_b_value_used"] is None
    assert row["balance_a_usd"] is None
    assert row["total_usd"] == 40.0  # the known direction only


def test_panel_rows_agree_with_the_separate_tables(built):
    panel = built["dyad_year"].filter((pl.col("iso3_a") == "IRN") & (pl.col("iso3_b") == "PAK"))
    alignment = built["alignment_dyad_year"].filter((pl.col("iso3_a") == "IRN") & (pl.col("iso3_b") == "PAK"))
    joined = panel.join(alignment, on="year", suffix="_al")
    assert joined.height == alignment.height > 70
    for column in ("n_joint", "agreement", "kappa", "pi", "s_score"):
        a, b = joined[column].to_list(), joined[f"{column}_al"].to_list()
        assert all((x == y) or (math.isnan(x) and math.isnan(y)) for x, y in zip(a, b, strict=True)), column
    used = trade.pair_figures_used(built["trade"], "IRN", "PAK")
    check = panel.join(used, on="year")
    assert check.height == used.height > 70
    assert (check["trade_a_to_b_usd"] == check["a_to_b_usd"]).all()  # goods from IRN to PAK
    assert (check["trade_b_to_a_usd"] == check["b_to_a_usd"]).all()
    assert (check["trade_a_to_b_side"] == check["a_to_b_side"]).all()
    # 2014: both directions from each importer's own report in the IMF's DOTS, not COW's 1,801 + 551 million
    dots = built["trade"].filter((pl.col("source") == "imf_dots") & (pl.col("year") == 2014)
                                 & (pl.col("flow") == "import"))
    pak_imports = dots.filter((pl.col("reporter_iso3") == "PAK") & (pl.col("partner_iso3") == "IRN"))["value_usd"][0]
    irn_imports = dots.filter((pl.col("reporter_iso3") == "IRN") & (pl.col("partner_iso3") == "PAK"))["value_usd"][0]
    row = panel.filter(pl.col("year") == 2014).row(0, named=True)
    assert (row["trade_a_to_b_usd"], row["trade_b_to_a_usd"]) == (pak_imports, irn_imports)
    assert row["trade_a_to_b_side"] == row["trade_b_to_a_side"] == "imf_dots: importer's own report (CIF)"
    assert row["trade_source"] == "imf_dots" and row["trade_sources_disagree"] is True
    assert panel.filter(pl.col("year") == 1950)["trade_source"][0] == "cow"  # before DOTS: COW
    assert panel.filter(pl.col("year") == 2020)["trade_sources_disagree"][0] is None  # no COW to compare


def test_panel_key_is_unique_and_ordered(built):
    panel = built["dyad_year"]
    assert panel.select("year", "iso3_a", "iso3_b").is_duplicated().sum() == 0
    assert (panel["iso3_a"] < panel["iso3_b"]).all()
    assert panel.columns[:3] == ["year", "iso3_a", "iso3_b"]


def _sourced(rows):
    """(source, year, reporter, partner, flow, value, valuation, estimated) -> trade rows."""
    return pl.DataFrame(
        rows, schema=["source", "year", "reporter_iso3", "partner_iso3", "flow", "value_usd", "valuation", "estimated"],
        orient="row",
    ).with_columns(pl.lit(False).alias("smoothed"))


def test_figure_used_prefers_each_states_own_report_by_hand():
    table = _sourced([
        # X -> Y, 2001: COW 500, Y's own import report 100 (CIF), X's export report 90 (FOB): Y's report, 100.
        ("cow", 2001, "YYY", "XXX", "import", 500.0, None, None),
        ("imf_dots", 2001, "YYY", "XXX", "import", 100.0, "CIF", False),
        ("imf_dots", 2001, "XXX", "YYY", "export", 90.0, "FOB", False),
        # Y -> X, 2001: COW 300, X's import figure an IMF estimate (80), Y's own export report 70:
        # the exporter's own report beats COW and estimates: 70 * 1.06 = 74.2.
        ("cow", 2001, "XXX", "YYY", "import", 300.0, None, None),
        ("imf_dots", 2001, "XXX", "YYY", "import", 80.0, "CIF", True),
        ("imf_dots", 2001, "YYY", "XXX", "export", 70.0, "FOB", False),
        # X -> Z, 2001: COW 40, Z's import figure only an IMF estimate (33): COW, 40.
        ("cow", 2001, "ZZZ", "XXX", "import", 40.0, None, None),
        ("imf_dots", 2001, "ZZZ", "XXX", "import", 33.0, "CIF", True),
        # Z -> X, 2001: only Z's exports as an IMF estimate, 10: 10 * 1.06 = 10.6.
        ("imf_dots", 2001, "ZZZ", "XXX", "export", 10.0, "FOB", True),
        # X -> Y, 2002: Y's own report in two releases, fetched IMTS 120 and shipped DOTS 110: the newer, 120.
        ("imf_dots", 2002, "YYY", "XXX", "import", 110.0, "CIF", False),
        ("imf_imts", 2002, "YYY", "XXX", "import", 120.0, "CIF", None),
    ])
    used = {(r["year"], r["exporter"], r["importer"]): r for r in trade.figure_used(table).iter_rows(named=True)}
    xy = used[(2001, "XXX", "YYY")]
    assert (xy["value_used"], xy["source"], xy["used_side"], xy["own_report"], xy["n_sources"]) == (
        100.0, "imf_dots", "importer's own report (CIF)", True, 2)
    yx = used[(2001, "YYY", "XXX")]
    assert yx["value_used"] == pytest.approx(74.2)
    assert (yx["source"], yx["used_side"], yx["own_report"]) == ("imf_dots", "exporter's own report (FOB×1.06)", True)
    xz = used[(2001, "XXX", "ZZZ")]
    assert (xz["value_used"], xz["source"], xz["used_side"], xz["own_report"]) == (40.0, "cow", "COW estimate", False)
    zx = used[(2001, "ZZZ", "XXX")]
    assert zx["value_used"] == pytest.approx(10.6)
    assert zx["used_side"] == "IMF estimate of the exporter's exports (×1.06)" and zx["own_report"] is False
    later = used[(2002, "XXX", "YYY")]
    assert (later["value_used"], later["source"]) == (120.0, "imf_imts")
    assert len(used) == 5


def test_pair_figures_used_adds_the_two_directions_by_hand():
    table = _sourced([
        ("imf_dots", 2001, "YYY", "XXX", "import", 100.0, "CIF", False),  # X -> Y: 100
        ("imf_dots", 2001, "YYY", "XXX", "export", 70.0, "FOB", False),  # Y -> X: 70 * 1.06 = 74.2
        ("imf_dots", 2002, "YYY", "XXX", "import", 50.0, "CIF", False),  # 2002: X -> Y only
    ])
    out = trade.pair_figures_used(table, "XXX", "YYY")
    y1, y2 = out.row(0, named=True), out.row(1, named=True)
    assert y1["total_usd"] == pytest.approx(174.2) and y1["own_reports"] is True
    assert y1["b_to_a_side"] == "imf_dots: exporter's own report (FOB×1.06)"
    assert (y2["a_to_b_usd"], y2["b_to_a_usd"], y2["total_usd"], y2["own_reports"]) == (50.0, None, 50.0, False)
