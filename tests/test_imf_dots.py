"""The IMF DOTS workbooks: the adapter on the 235 real files, and COW beside DOTS (analysis.measures.trade_sources)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import polars as pl
import pytest

from analysis.measures import trade, trade_sources
from analysis.sources import SourceFormatError, imf_dots


@pytest.fixture(scope="module")
def workbooks(raw_dir) -> dict[str, imf_dots.Workbook]:
    """Every raw workbook read by ``read_workbook``: file name -> Workbook (reporter, figures, partner names)."""
    files = sorted((raw_dir / "imf-dots").glob("DOTS_*.xlsx"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return {f.name: book for f, book in zip(files, pool.map(imf_dots.read_workbook, files), strict=True)}


def dots(built, reporter: str, partner: str, flow: str, year: int) -> dict:
    rows = built["trade"].filter(
        (pl.col("source") == "imf_dots") & (pl.col("reporter_iso3") == reporter) & (pl.col("partner_iso3") == partner)
        & (pl.col("flow") == flow) & (pl.col("year") == year))
    assert rows.height == 1
    return rows.row(0, named=True)


def cow(built, importer: str, exporter: str, year: int) -> float:
    rows = built["trade"].filter(
        (pl.col("source") == "cow") & ~pl.col("smoothed") & (pl.col("reporter_iso3") == importer)
        & (pl.col("partner_iso3") == exporter) & (pl.col("year") == year))
    return rows["value_usd"][0]


# ---------------------------------------------------------------- the adapter on the real files


def test_every_name_in_the_235_workbooks_maps_or_is_an_aggregate(workbooks):
    assert len(workbooks) == 235
    names = {book.reporter for book in workbooks.values()}
    for book in workbooks.values():
        names |= set(book.partners)  # every name in the first column, with figures or not
    mapped, unmapped = imf_dots.iso3_of_names(names)
    assert unmapped == []
    # the aggregate list and the fixes are exact: every entry occurs, and the aggregates map to nothing
    assert imf_dots.AGGREGATES <= names and set(imf_dots.NAME_FIXES) <= names
    assert {n for n, code in mapped.items() if code is None} == set(imf_dots.AGGREGATES)
    # names countrycode reads wrongly or not at all
    assert mapped["Sint Maarten, Kingdom of the Netherlands"] == "SXM"  # countrycode's regex says NLD
    assert mapped["Netherlands, The"] == "NLD" and mapped["Iran, Islamic Rep. of"] == "IRN"
    assert mapped["China, P.R.: Mainland"] == "CHN" and mapped["China, P.R.: Hong Kong"] == "HKG"


def test_the_raw_layout_as_read(workbooks):
    book = workbooks["DOTS_151.xlsx"]
    figures = book.figures
    assert book.reporter == "Pakistan" and "Memorandum Items" in book.partners  # a header row, no figures
    iran = figures.filter(pl.col("partner") == "Iran, Islamic Rep. of")
    imports = dict(iran.filter(pl.col("flow") == "import").select("year", "value_musd").iter_rows())
    assert imports[2014] == 185.730555 and imports[2020] == 373.226962
    assert set(iran["valuation"]) == {"CIF", "FOB"} and set(iran["flow"]) == {"import", "export"}
    # 'Australia' is printed twice in every workbook, with the same figures
    both = figures.filter((pl.col("partner") == "Australia") & (pl.col("flow") == "import") & (pl.col("year") == 2020))
    assert both.height == 2 and both["value_musd"].n_unique() == 1


def test_pakistan_imports_from_iran(built):
    # DOTS_151.xlsx, sheet 'Imports, CIF', row 'Iran, Islamic Rep. of': 185.730555 (2014), 373.226962 (2020)
    for year, millions in ((2014, 185.730555), (2020, 373.226962)):
        row = dots(built, "PAK", "IRN", "import", year)
        assert row["value_usd"] == pytest.approx(millions * 1e6, rel=1e-12)
        assert (row["valuation"], row["estimated"], row["smoothed"]) == ("CIF", False, False)


def test_iran_exports_to_pakistan_2014_are_an_imf_estimate(built):
    # DOTS_95.xlsx (Iran), sheet 'Exports, FOB', row 'Pakistan', 2014: "175.22 e"
    row = dots(built, "IRN", "PAK", "export", 2014)
    assert row["value_usd"] == pytest.approx(175.22e6, rel=1e-12)
    assert row["estimated"] is True and row["valuation"] == "FOB"
    # the IMF derived it from Pakistan's report: 185.730555 / 1.06 = 175.2175..., rounded to 175.22
    assert round(185.730555 / 1.06, 2) == 175.22


def test_values_with_thousands_separators_and_estimates_are_read(workbooks):
    # four cells of the raw workbooks hold the text "2,528.04 e"
    found = sum(book.figures.filter((pl.col("value_musd") == 2528.04) & pl.col("estimated")).height
                for book in workbooks.values())
    assert found == 4


def test_aggregates_and_former_states_in_the_trade_table(built):
    dots_rows = built["trade"].filter(pl.col("source") == "imf_dots")
    codes = set(dots_rows["reporter_iso3"]) | set(dots_rows["partner_iso3"])
    assert {"DDR", "CSK", "YUG", "SCG", "YMD", "ANT", "SXM", "XKX"} <= codes
    assert codes <= set(built["countries"]["iso3"])  # every code is a state of the countries table
    # the USSR counts as Russia up to 1991 only; its later rows (the former Soviet area) are not one state
    ussr_era = dots_rows.filter((pl.col("reporter_iso3") == "KOR") & (pl.col("partner_iso3") == "RUS")
                                & (pl.col("flow") == "import"))
    # Korea's 1992 imports: 'Russian Federation' 74.4, 'USSR' 494.4 (the former Soviet area): Russia's is kept
    assert ussr_era.filter(pl.col("year") == 1992)["value_usd"].to_list() == [pytest.approx(74.4e6)]


def test_an_unmapped_name_stops_the_build_naming_it(raw_dir, monkeypatch):
    real = imf_dots.read_workbook

    def renamed(path):
        book = real(path)
        return imf_dots.Workbook(book.reporter, book.figures, [*book.partners, "Atlantis"])

    monkeypatch.setattr(imf_dots, "read_workbook", renamed)
    with pytest.raises(SourceFormatError, match=r"DOTS_\d+\.xlsx: IMF name\(s\) \['Atlantis'\] map to no ISO3"):
        imf_dots.read(raw_dir, files=[raw_dir / "imf-dots" / "DOTS_151.xlsx"])


def test_a_value_that_is_not_a_number_names_the_cell():
    sheet = pl.DataFrame({
        "c0": ["Exports, FOB to Partner Countries", "Pakistan", "US Dollars, Millions", None, "Australia"],
        "c1": [None, None, None, "2019", "n/a"],
    })
    with pytest.raises(SourceFormatError, match=r"x\.xlsx \[Exports, FOB\]: value 'n/a' for partner 'Australia', 2019"):
        imf_dots.read_sheet(sheet, "x.xlsx [Exports, FOB]")
    bad_unit = sheet.with_columns(pl.Series("c0", ["t", "Pakistan", "US Dollars", None, "Australia"]))
    with pytest.raises(SourceFormatError, match="US Dollars, Millions"):
        imf_dots.read_sheet(bad_unit, "x.xlsx [Exports, FOB]")


def test_two_different_workbooks_of_one_reporter_are_an_error(raw_dir, monkeypatch):
    real = imf_dots.read_workbook

    def doubled(path):
        book = real(path)
        if path.name == "DOTS_144.xlsx":
            return imf_dots.Workbook(book.reporter, book.figures.with_columns(pl.col("value_musd") + 1), book.partners)
        return book

    monkeypatch.setattr(imf_dots, "read_workbook", doubled)
    files = [raw_dir / "imf-dots" / n for n in ("DOTS_143.xlsx", "DOTS_144.xlsx")]
    with pytest.raises(SourceFormatError, match="DOTS_144.xlsx: a second workbook for Nicaragua"):
        imf_dots.read(raw_dir, files=files)
    monkeypatch.setattr(imf_dots, "read_workbook", real)
    same = imf_dots.read(raw_dir, files=files)  # the shipped pair holds the same figures: read once
    assert same.same_workbooks == ["DOTS_144.xlsx = DOTS_143.xlsx (Nicaragua)"]


# ---------------------------------------------------------------- mirror statistics on the shipped years


def test_mirror_statistics_run_on_the_dots_years(built):
    table = trade.dyad_trade(built["trade"].filter(pl.col("year") == 2014), "PAK", "IRN")
    row = table.filter(pl.col("source") == "imf_dots").row(0, named=True)
    exports = dots(built, "PAK", "IRN", "export", 2014)["value_usd"]  # Pakistan's own report, FOB
    imports = dots(built, "IRN", "PAK", "import", 2014)["value_usd"]  # Iran's own report, CIF
    assert row["a_to_b_exports_reported"] == exports and row["a_to_b_imports_reported"] == imports
    assert row["a_to_b_mirror_gap_usd"] == pytest.approx(exports - imports / 1.06)


# ---------------------------------------------------------------- COW beside DOTS


def test_india_usa_2014_cow_equals_dots(built):
    # India's imports from the USA: COW 21,234 million (whole millions in this copy), DOTS 21,234.247858 million
    assert cow(built, "IND", "USA", 2014) == 21_234e6
    assert dots(built, "IND", "USA", "import", 2014)["value_usd"] == pytest.approx(21_234.247858e6)
    # the US imports from India: COW 45,228, DOTS 45,244.019937 million: 0.035% apart
    assert cow(built, "USA", "IND", 2014) == 45_228e6
    assert dots(built, "USA", "IND", "import", 2014)["value_usd"] == pytest.approx(45_244.019937e6)
    comparison = built["trade_sources"].filter((pl.col("year") == 2014) & (pl.col("importer").is_in(["IND", "USA"]))
                                               & (pl.col("exporter").is_in(["IND", "USA"])))
    got = dict(zip(comparison["importer"], comparison["agreement"], strict=True))
    assert got == {"IND": "equal within rounding", "USA": "within 1%"}
    assert not comparison["flagged"].any()


def test_the_comparison_flags_pakistan_iran_2014(built):
    rows = built["trade_sources"].filter((pl.col("year") == 2014) & pl.col("exporter").is_in(["PAK", "IRN"])
                                         & pl.col("importer").is_in(["PAK", "IRN"])).sort("exporter")
    assert rows["flagged"].to_list() == [True, True]
    irn_to_pak = rows.row(0, named=True)
    # COW 1,801 million against Pakistan's own report, 185.730555 million: ratio 9.70
    assert irn_to_pak["cow_usd"] == 1_801e6 and irn_to_pak["dots_basis"] == "importer's report (CIF)"
    assert irn_to_pak["ratio"] == pytest.approx(1801 / 185.730555)
    assert irn_to_pak["agreement"] == "beyond 2×"


@pytest.mark.parametrize("a, b", [("USA", "CHN"), ("USA", "IND")])
def test_cow_flow_direction_agrees_with_dots(built, a, b):
    # Each year 2000-2014, COW's "imports of X from Y" is closer to DOTS's X-reports-imports-from-Y than
    # to the reverse flow (Y's imports from X): the direction is the same in both sources.
    for year in range(2000, 2015):
        for importer, exporter in ((a, b), (b, a)):
            value = cow(built, importer, exporter, year)
            same = dots(built, importer, exporter, "import", year)["value_usd"]
            reverse = dots(built, exporter, importer, "import", year)["value_usd"]
            assert abs(value - same) < abs(value - reverse), (importer, exporter, year)
    # 2014: the US's imports agree within 2% (USA-CHN 472,520 vs 466,750 million; USA-IND 45,228 vs 45,244)
    value, same = cow(built, "USA", b, 2014), dots(built, "USA", b, "import", 2014)["value_usd"]
    assert abs(value / same - 1) < 0.02


def test_cow_extrapolates_pakistans_2010_2014_imports_from_gulf_suppliers(built):
    """The README's finding: COW's Pakistani imports from Iran, Saudi Arabia, the UAE and Kuwait in 2010-2014
    are each partner's 2009 figure grown by one common factor per year; Pakistan's own reports are not."""
    partners = ["IRN", "SAU", "ARE", "KWT"]

    def growth(source: str) -> dict[int, list[float]]:
        rows = built["trade"].filter((pl.col("source") == source) & ~pl.col("smoothed") & (pl.col("flow") == "import")
                                     & (pl.col("reporter_iso3") == "PAK") & pl.col("partner_iso3").is_in(partners)
                                     & pl.col("year").is_between(2009, 2014))
        wide = rows.pivot(on="partner_iso3", index="year", values="value_usd").sort("year")
        return {wide["year"][i]: [wide[p][i] / wide[p][i - 1] for p in partners] for i in range(1, wide.height)}

    for year, factors in growth("cow").items():
        # COW's figures are whole millions: a factor is known to about 0.5 / 956 = 0.05%
        assert max(factors) - min(factors) < 0.003, (year, factors)
    assert growth("cow")[2010][0] == pytest.approx(1252 / 956)  # Iran: 956 -> 1,252 million, x1.31
    spread = [max(f) - min(f) for f in growth("imf_dots").values()]
    assert min(spread) > 0.1  # Pakistan's own reports move differently partner by partner


def test_agreement_classes_and_flags_by_hand():
    # cow, dots (US$): |diff| 0.4m -> rounding; 0.9% -> 1%; 9% -> 10%; x1.5 -> 2x; x3 and 0-vs-5m -> beyond
    frame = pl.DataFrame({
        "cow_usd": [100.4e6, 1_009e6, 1_090e6, 150e6, 300e6, 0.0, 5.6e6],
        "dots_usd": [100e6, 1_000e6, 1_000e6, 100e6, 100e6, 5e6, 5e6],
    })
    out = trade_sources.classify(frame)
    assert out["agreement"].to_list() == ["equal within rounding", "within 1%", "within 10%", "within 2×",
                                          "beyond 2×", "beyond 2×", "within 2×"]
    # flagged: > 10% of DOTS and > US$1 million. 5.6m vs 5m is 12% off but only 0.6m apart: not flagged
    assert out["flagged"].to_list() == [False, False, False, True, True, True, False]
    assert out["ratio"][3] == pytest.approx(1.5)
    dist = trade_sources.distribution(out).row(0, named=True)
    assert (dist["n"], dist["within_1pct"], dist["within_10pct"], dist["beyond_2x"]) == (7, 2 / 7, 3 / 7, 2 / 7)


def test_two_different_figures_of_one_flow_and_year_stop_the_build(raw_dir, monkeypatch):
    """A partner printed under a second name that maps to the same state, with other figures (the repeated
    'Australia' rows, the same figures, are counted once instead)."""
    real = imf_dots.read_workbook

    def renamed_twice(path):
        book = real(path)
        extra = book.figures.filter(pl.col("partner") == "Iran, Islamic Rep. of").with_columns(
            pl.lit("Iran").alias("partner"), pl.col("value_musd") + 1)
        return imf_dots.Workbook(book.reporter, pl.concat([book.figures, extra]), [*book.partners, "Iran"])

    monkeypatch.setattr(imf_dots, "read_workbook", renamed_twice)
    # DOTS_151.xlsx (Pakistan), sheet 'Exports, FOB', row 'Iran, Islamic Rep. of', 1960: 1.9
    with pytest.raises(SourceFormatError, match=r"DOTS_151\.xlsx: Pakistan export 1960 with IRN has two figures "
                                                r"\(Iran, Islamic Rep\. of 1\.9, Iran 2\.9\)"):
        imf_dots.read(raw_dir, files=[raw_dir / "imf-dots" / "DOTS_151.xlsx"])
    monkeypatch.setattr(imf_dots, "read_workbook", real)
    once = imf_dots.read(raw_dir, files=[raw_dir / "imf-dots" / "DOTS_151.xlsx"])
    assert once.repeated_figures > 0  # 'Australia', printed twice with the same figures, counted once
    assert once.trade.select(["reporter_iso3", "partner_iso3", "flow", "year"]).is_duplicated().sum() == 0
