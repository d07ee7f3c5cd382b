"""The GDELT 2.0 export parser and streaming dyad filter on the real 15-minute file.

Expected values are read here from the raw file by splitting lines on tabs, independently
of the adapter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analysis.schemas import EVENTS, validate_events
from analysis.sources import SourceFormatError, cameo, gdelt

EXPORT = "gdelt/20191024143000.export.CSV"


@pytest.fixture(scope="module")
def export(raw_dir: Path) -> Path:
    return raw_dir / EXPORT


@pytest.fixture(scope="module")
def raw_rows(export: Path) -> list[list[str]]:
    return [line.split("\t") for line in export.read_text(encoding="utf-8").split("\n") if line]


@pytest.fixture(scope="module")
def codes(raw_dir: Path) -> pl.DataFrame:
    return cameo.read(raw_dir)


@pytest.fixture(scope="module")
def rows(export: Path) -> pl.DataFrame:
    return gdelt.read_export(export)


A1, A2 = gdelt.COLUMNS.index("Actor1CountryCode"), gdelt.COLUMNS.index("Actor2CountryCode")


def test_column_names_are_the_codebooks():
    assert len(gdelt.COLUMNS) == 61
    assert gdelt.COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert gdelt.COLUMNS[5:8] == ("Actor1Code", "Actor1Name", "Actor1CountryCode")
    assert gdelt.COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert gdelt.COLUMNS[35:43] == ("Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode",
                                    "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long",
                                    "Actor1Geo_FeatureID")
    assert gdelt.COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_real_file_row_count_and_types(rows, raw_rows):
    assert len(raw_rows) == 2111 and {len(r) for r in raw_rows} == {61}
    assert rows.height == 2111
    assert {k: v for k, v in rows.schema.items() if k in gdelt.SCHEMA} == gdelt.SCHEMA
    assert rows["EventCode"].dtype == pl.String and rows["EventCode"].str.len_chars().min() == 3  # "040" keeps its 0
    assert set(rows["DATEADDED"]) == {"20191024143000"}
    assert rows["_line"].to_list() == list(range(1, 2112))


def test_a_known_event_read_from_the_file(rows, raw_rows, codes):
    raw = next(r for r in raw_rows if r[0] == "881991758")
    line = next(i for i, r in enumerate(raw_rows, start=1) if r[0] == "881991758")
    row = rows.filter(pl.col("GLOBALEVENTID") == 881991758).row(0, named=True)
    assert row["_line"] == line == 927
    assert row["SQLDATE"] == raw[1] == "20191024"
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"]) == ("GOV", "EXTERNAL AFFAIRS MINIST", None)
    assert (row["Actor2Code"], row["Actor2CountryCode"]) == ("PAK", "PAK")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("057", "057", "05")
    assert row["QuadClass"] == int(raw[29]) == 1
    assert row["GoldsteinScale"] == float(raw[30]) == 8.0
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (1, 1, 1)
    assert row["AvgTone"] == pytest.approx(float(raw[34]))
    assert row["ActionGeo_FullName"] == "Kartarpur, Punjab, Pakistan"
    assert row["ActionGeo_Lat"] == 30.9167 and row["ActionGeo_Long"] == 72.7833
    assert row["SOURCEURL"] == raw[60]
    event = gdelt.to_events(rows.filter(pl.col("GLOBALEVENTID") == 881991758), codes).row(0, named=True)
    assert event["date"] == dt.date(2019, 10, 24)
    assert (event["source_iso3"], event["target_iso3"], event["cameo_code"]) == (None, "PAK", "057")
    assert event["goldstein"] == 8.0 and event["intensity"] == 8.0 and event["quad_class"] == 1
    assert event["source_state"] is False  # no country for the actor
    assert event["target_state"] is True  # PAK acting as itself
    assert event["source_sector"] == "GOV" and event["citation"] == raw[60]


def test_pakistan_and_iran_counts_as_the_data_readme_says(export, raw_rows):
    pak = sum(1 for r in raw_rows if "PAK" in (r[A1], r[A2]))
    irn = sum(1 for r in raw_rows if "IRN" in (r[A1], r[A2]))
    pair = sum(1 for r in raw_rows if {r[A1], r[A2]} == {"PAK", "IRN"})
    assert (pak, irn, pair) == (24, 47, 0)
    assert gdelt.filter_dyad(export, {"PAK", "IRN"}).height == 0
    # with domestic events: only the rows with both actors in one of the two countries
    both_domestic = sum(1 for r in raw_rows if r[A1] == r[A2] and r[A1] in {"PAK", "IRN"})
    assert gdelt.filter_dyad(export, {"PAK", "IRN"}, include_domestic=True).height == both_domestic


@pytest.mark.parametrize("pair", [{"IRN", "GBR"}, {"IRN", "TUR"}, {"USA", "CHN"}, {"IND", "PAK"}])
def test_streaming_filter_matches_an_independent_filter(export, raw_rows, pair):
    expected = sorted(int(r[0]) for r in raw_rows if r[A1] in pair and r[A2] in pair and r[A1] != r[A2])
    got = gdelt.filter_dyad(export, pair)
    assert sorted(got["GLOBALEVENTID"]) == expected
    assert got.equals(gdelt.filter_dyad(export, pair, engine="in-memory"))


def test_filter_over_several_files_keeps_each_files_lines(export, tmp_path):
    second = tmp_path / "second.export.CSV"
    second.write_bytes(export.read_bytes())
    got = gdelt.filter_dyad([export, second], {"IRN", "GBR"})
    assert got.height == 2 * gdelt.filter_dyad(export, {"IRN", "GBR"}).height
    assert set(got["_file"]) == {export.name, second.name}
    assert got.filter(pl.col("_file") == export.name)["_line"].to_list() == \
        got.filter(pl.col("_file") == second.name)["_line"].to_list()


def test_events_from_the_whole_file(rows, codes):
    events = gdelt.to_events(rows, codes)
    assert events.height == 2111 and dict(events.schema) == EVENTS
    validate_events({"events": events, "event_codes": codes})
    # GDELT's published GoldsteinScale is GDELT's table; the project's weight differs only on the disputed codes
    gdelt_table = codes.select(pl.col("code").alias("cameo_code"), "goldstein_gdelt")
    joined = events.join(gdelt_table, on="cameo_code")
    assert joined.filter(pl.col("intensity") != pl.col("goldstein_gdelt")).height == 0
    differ = joined.filter(pl.col("intensity") != pl.col("goldstein"))
    assert set(differ["cameo_code"]) <= {"016", "022", "164", "165"} and differ.height > 0


def test_gdelt_quadclass_differs_from_the_project_rule_only_for_roots_09_and_14(rows, codes):
    joined = rows.join(codes, left_on="EventCode", right_on="code")
    assert joined.filter(pl.col("QuadClass") != pl.col("quad_class_gdelt")).height == 0
    differ = joined.filter(pl.col("QuadClass") != pl.col("quad_class"))
    assert set(differ["EventRootCode"]) == {"09", "14"}
    root09 = joined.filter(pl.col("EventRootCode") == "09")
    root14 = joined.filter(pl.col("EventRootCode") == "14")
    assert (root09.height, set(root09["QuadClass"]), set(root09["quad_class"])) == (45, {2}, {3})
    assert (root14.height, set(root14["QuadClass"]), set(root14["quad_class"])) == (31, {3}, {4})


def test_cameo_country_codes():
    mapping = gdelt.iso3_of_cameo(["PAK", "IRN", "ROM", "TMP", "SAF", "EUR", "AFR", "SEA", "WST", "YUG", "XKX"])
    assert mapping == {"PAK": "PAK", "IRN": "IRN", "ROM": "ROU", "TMP": "TLS", "SAF": None, "EUR": None,
                       "AFR": None, "SEA": None, "WST": None, "YUG": "YUG", "XKX": "XKX"}
    assert gdelt.cameo_codes_for({"ROU", "PAK"}) == ["PAK", "ROM", "ROU"]


# --------------------------------------------------------------------------- bad rows


def _bad_file(tmp_path: Path, export: Path, line: int, edit) -> Path:
    lines = export.read_text(encoding="utf-8").split("\n")[:10]
    lines[line - 1] = edit(lines[line - 1])
    path = tmp_path / "bad.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _set(column: str, value: str):
    def edit(line: str) -> str:
        fields = line.split("\t")
        fields[gdelt.COLUMNS.index(column)] = value
        return "\t".join(fields)
    return edit


def test_line_with_too_many_fields_is_named(tmp_path, export):
    path = _bad_file(tmp_path, export, 4, lambda line: line + "\textra")
    with pytest.raises(SourceFormatError, match=r"bad.export.CSV: line 4: 62 tab-separated fields, expected 61"):
        gdelt.filter_dyad(path, {"IRN", "GBR"})
    with pytest.raises(SourceFormatError, match=r"line 4: 62 tab-separated fields"):
        gdelt.read_export(path)


def test_line_with_too_few_fields_is_named(tmp_path, export):
    path = _bad_file(tmp_path, export, 6, lambda line: "\t".join(line.split("\t")[:40]))
    with pytest.raises(SourceFormatError, match=r"bad.export.CSV: line 6: not a GDELT 2.0 event row"):
        gdelt.filter_dyad(path, {"IRN", "GBR"})  # reported although the row is not between IRN and GBR


def test_bad_number_in_a_matching_row_is_named(tmp_path, export):
    edit = _set("Actor1CountryCode", "IRN")
    path = _bad_file(tmp_path, export, 3, lambda line: _set("NumMentions", "many")(
        _set("Actor2CountryCode", "GBR")(edit(line))))
    with pytest.raises(SourceFormatError, match=r"bad.export.CSV: line 3: NumMentions 'many' is not Int32"):
        gdelt.filter_dyad(path, {"IRN", "GBR"})


def test_bad_date_is_named(tmp_path, export):
    path = _bad_file(tmp_path, export, 2, _set("SQLDATE", "20191332"))
    with pytest.raises(SourceFormatError, match=r"bad.export.CSV: line 2: SQLDATE '20191332' is not a date"):
        gdelt.read_export(path)


def test_unknown_event_code_is_named(tmp_path, export, codes):
    path = _bad_file(tmp_path, export, 5, _set("EventCode", "999"))
    with pytest.raises(SourceFormatError, match=r"bad.export.CSV: line 5: unknown CAMEO code '999'"):
        gdelt.to_events(gdelt.read_export(path), codes)


def test_read_events_reads_the_shipped_export(raw_dir, codes):
    events = gdelt.read_events(raw_dir, codes, files=[raw_dir / EXPORT])
    assert events.height == 2111 and events["source_event_id"].is_unique().all()


@pytest.mark.parametrize("block_bytes", [1_000, 50_000, 300_000])
def test_small_blocks_give_the_same_rows_and_line_numbers(export, block_bytes):
    whole = gdelt.filter_dyad(export, {"IRN", "GBR", "TUR", "USA", "CHN"})
    blocks = gdelt.filter_dyad(export, {"IRN", "GBR", "TUR", "USA", "CHN"}, block_bytes=block_bytes)
    assert blocks.equals(whole) and whole.height > 10
    assert list(gdelt.iter_blocks(export, block_bytes))[0][0] == 1
    assert b"".join(b for _, b in gdelt.iter_blocks(export, block_bytes)) == export.read_bytes()


def test_ragged_line_is_named_across_blocks(tmp_path, export):
    path = _bad_file(tmp_path, export, 9, lambda line: line + "\textra")
    with pytest.raises(SourceFormatError, match=r"bad.export.CSV: line 9: 62 tab-separated fields"):
        gdelt.filter_dyad(path, {"IRN", "GBR"}, block_bytes=1_500)
