"""ICEWS adapters against the shipped raw files: the event sample and netify's dyad-year counts.

Expected values come from the raw files, read here with the ``csv`` module and ``pyreadr``
independently of the adapters.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pyreadr
import pytest

from analysis.schemas import EVENT_COUNTS_DYAD_YEAR, EVENTS, validate_events
from analysis.sources import SourceFormatError, cameo, icews

SAMPLE = "icews/events.2018.sample.tab"


def _raw_rows(raw: Path) -> list[dict[str, str]]:
    with open(raw / SAMPLE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def codes(raw_dir: Path) -> pl.DataFrame:
    return cameo.read(raw_dir)


@pytest.fixture(scope="module")
def events(raw_dir: Path, codes: pl.DataFrame) -> pl.DataFrame:
    return icews.read_events(raw_dir, codes)


def test_every_row_of_the_sample_is_kept(events, raw_dir, codes):
    raw = _raw_rows(raw_dir)
    assert len(raw) == 3705
    assert events.height == 3705
    assert dict(events.schema) == EVENTS
    assert set(events["source_event_id"]) == {r["Event ID"] for r in raw}
    assert set(events["dataset"]) == {"icews"}
    assert events["date"].min() == dt.date(2018, 6, 1) and events["date"].max() == dt.date(2018, 6, 2)
    validate_events({"events": events, "event_codes": codes})


def test_a_known_event_read_from_the_file(events, raw_dir):
    raw = next(r for r in _raw_rows(raw_dir) if r["Event ID"] == "32891652")
    assert (raw["Source Name"], raw["Source Country"], raw["CAMEO Code"], raw["Target Country"]) == (
        "Russia", "Russian Federation", "050", "Iran")
    row = events.filter(pl.col("source_event_id") == "32891652").row(0, named=True)
    assert row["date"] == dt.date.fromisoformat(raw["Event Date"])
    assert (row["source_iso3"], row["target_iso3"]) == ("RUS", "IRN")
    assert row["cameo_code"] == "050" and row["quad_class"] == 1
    assert row["intensity"] == float(raw["Intensity"]) == 3.5
    assert row["goldstein"] == 3.5
    assert row["source_sector"] is None and row["target_sector"] is None  # NA in the file
    assert row["source_state"] and row["target_state"] and row["state_actor"]  # the countries themselves
    assert not row["domestic"]
    assert row["description"] == "Russia -> Iran"
    assert row["citation"] == f"{raw['Publisher']}, story {raw['Story ID']}, sentence {raw['Sentence Number']}"


def test_intensity_is_the_icews_goldstein_weight(events):
    assert events.filter(pl.col("goldstein") != pl.col("intensity")).height == 0


def test_flags_match_an_independent_count(events, raw_dir):
    raw = _raw_rows(raw_dir)
    domestic = sum(1 for r in raw if r["Source Country"] != "NA" and r["Source Country"] == r["Target Country"])
    no_country = sum(1 for r in raw if r["Source Country"] == "NA")
    government = sum(1 for r in raw if r["Source Country"] != "NA"
                     and ({"Government", "Military", "Police"} & set(r["Source Sectors"].split(","))))
    assert events["domestic"].sum() == domestic
    assert events["source_iso3"].null_count() == no_country
    # state actors: government sectors plus countries acting as themselves ("Iran", "Russia")
    itself = events.filter(pl.col("source_sector").is_null() & pl.col("source_state")).height
    assert events["source_state"].sum() == government + itself
    assert itself > 0
    assert events.filter(pl.col("state_actor") != (pl.col("source_state") & pl.col("target_state"))).height == 0


def test_non_state_and_stateless_actors_are_kept_and_flagged(events):
    igo = events.filter(pl.col("description").str.starts_with("United Nations ->"))
    assert igo.height > 0 and igo["source_iso3"].null_count() == igo.height and not igo["source_state"].any()
    region = events.filter(pl.col("description").str.starts_with("Indian Administered Kashmir ->"))
    assert region.height > 0 and set(region["source_iso3"]) == {"IND"} and not region["source_state"].any()
    police = events.filter(pl.col("source_event_id") == "32894943").row(0, named=True)  # Police (Pakistan) -> Citizen
    assert police["domestic"] and police["source_state"] and not police["target_state"]


# --------------------------------------------------------------------------- bad rows


@pytest.fixture
def sample_lines(raw_dir: Path) -> list[str]:
    return (raw_dir / SAMPLE).read_text(encoding="utf-8").split("\n")


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "events.bad.tab"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _with_field(line: str, column: str, value: str) -> str:
    fields = line.split("\t")
    fields[icews.EVENT_COLUMNS.index(column)] = value
    return "\t".join(fields)


@pytest.mark.parametrize(("column", "value", "message"), [
    ("Source Country", "Atlantis", r"line 4: Source Country maps to no state: 'Atlantis'"),
    ("Target Country", "Narnia", r"line 4: Target Country maps to no state: 'Narnia'"),
    ("CAMEO Code", "13y", r"line 4: unknown CAMEO code: '13y'"),
    ("CAMEO Code", "40", r"line 4: unknown CAMEO code: '40'"),
    ("Event Date", "01/06/2018", r"line 4: Event Date is not a date YYYY-MM-DD: '01/06/2018'"),
    ("Event Date", "2018-02-30", r"line 4: Event Date is not a date"),
    ("Intensity", "high", r"line 4: Intensity is not a number: 'high'"),
    ("Event ID", "x1", r"line 4: Event ID is not a number: 'x1'"),
])
def test_bad_rows_are_rejected_with_their_line_number(tmp_path, sample_lines, codes, column, value, message):
    lines = sample_lines[:6]
    lines[3] = _with_field(lines[3], column, value)
    with pytest.raises(SourceFormatError, match=rf"events.bad.tab: {message}"):
        icews.read_events_file(_write(tmp_path, lines), codes)


def test_ragged_row_is_rejected_with_its_line_number(tmp_path, sample_lines, codes):
    lines = sample_lines[:6]
    lines[4] = lines[4].rsplit("\t", 1)[0]
    with pytest.raises(SourceFormatError, match=r"events.bad.tab: line 5: 19 tab-separated fields, expected 20"):
        icews.read_events_file(_write(tmp_path, lines), codes)


def test_wrong_header_is_rejected(tmp_path, sample_lines, codes):
    lines = sample_lines[:3]
    lines[0] = lines[0].replace("CAMEO Code", "EventCode")
    with pytest.raises(SourceFormatError, match=r"events.bad.tab: line 1: header"):
        icews.read_events_file(_write(tmp_path, lines), codes)


def test_na_country_keeps_a_null_iso3(tmp_path, sample_lines, codes):
    lines = sample_lines[:4]
    lines[2] = _with_field(lines[2], "Target Country", "NA")
    frame = icews.read_events_file(_write(tmp_path, lines), codes)
    assert frame.height == 3 and frame["target_iso3"][1] is None and not frame["target_state"][1]


# --------------------------------------------------------------------------- dyad-year counts


@pytest.fixture(scope="module")
def dyad_year(raw_dir: Path) -> pl.DataFrame:
    return icews.read_dyad_year(raw_dir)


@pytest.fixture(scope="module")
def raw_dyad_year(raw_dir: Path) -> pl.DataFrame:
    return pyreadr.read_r(str(raw_dir / "icews" / "icews_dyad_year.rda"), output_format="polars")["icews"]


def test_dyad_year_counts_keep_every_directed_row(dyad_year, raw_dyad_year):
    assert dyad_year.height == raw_dyad_year.height == 298376
    assert dict(dyad_year.schema) == EVENT_COUNTS_DYAD_YEAR
    assert dyad_year["year"].min() == 2002 and dyad_year["year"].max() == 2014
    assert pl.concat([dyad_year["source_iso3"], dyad_year["target_iso3"]]).n_unique() == 152
    validate_events({"event_counts_dyad_year": dyad_year})


@pytest.mark.parametrize(("i", "j", "source", "target"), [
    ("Pakistan", "Iran, Islamic Republic Of", "PAK", "IRN"),
    ("Iran, Islamic Republic Of", "Pakistan", "IRN", "PAK"),
])
def test_pakistan_iran_counts_read_from_the_file(dyad_year, raw_dyad_year, i, j, source, target):
    raw = raw_dyad_year.filter((pl.col("i") == i) & (pl.col("j") == j)).sort("year")
    ours = dyad_year.filter((pl.col("source_iso3") == source) & (pl.col("target_iso3") == target)).sort("year")
    assert raw.height == ours.height == 13
    assert ours["year"].to_list() == [int(y) for y in raw["year"]]
    for src, dst in icews.COUNT_COLUMNS.items():
        assert ours[dst].to_list() == [int(v) for v in raw[src]]


def test_pakistan_to_iran_2014_written_out(dyad_year):
    row = dyad_year.filter((pl.col("source_iso3") == "PAK") & (pl.col("target_iso3") == "IRN")
                           & (pl.col("year") == 2014)).row(0, named=True)
    assert (row["verbal_coop"], row["material_coop"], row["verbal_conflict"], row["material_conflict"]) == (
        1126, 36, 17, 126)


def test_unknown_name_in_dyad_year_is_an_error(tmp_path, monkeypatch):
    frame = pl.DataFrame({"i": ["Pakistan", "Atlantis"], "j": ["Iran", "Pakistan"], "year": [2002.0, 2002.0],
                          "verbCoop": [1.0, 2.0], "matlCoop": [0.0, 0.0], "verbConf": [0.0, 0.0],
                          "matlConf": [0.0, 0.0], "i_iso3c": ["PAK", None], "j_iso3c": ["IRN", "PAK"]})
    monkeypatch.setattr(icews, "read_r_table", lambda path, name: frame)
    with pytest.raises(SourceFormatError, match=r"country names that map to no state: \['Atlantis'\]"):
        icews.read_dyad_year(tmp_path)


def test_fractional_count_in_dyad_year_is_an_error(tmp_path, monkeypatch):
    frame = pl.DataFrame({"i": ["Pakistan"], "j": ["Iran"], "year": [2002.0], "verbCoop": [1.5],
                          "matlCoop": [0.0], "verbConf": [0.0], "matlConf": [0.0], "i_iso3c": ["PAK"],
                          "j_iso3c": ["IRN"]})
    monkeypatch.setattr(icews, "read_r_table", lambda path, name: frame)
    with pytest.raises(SourceFormatError, match="fractional"):
        icews.read_dyad_year(tmp_path)
