"""The event tables assembled from every event file in the manifest, as the build does."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analysis.core import manifest
from analysis.core.countries import build_countries
from analysis.measures import events as ev
from analysis.schemas import conform, validate_events
from analysis.sources import analyst_events, cameo, gdelt, icews


@pytest.fixture(scope="module")
def tables(raw_dir: Path) -> dict[str, pl.DataFrame]:
    codes = cameo.read(raw_dir)
    files: dict[str, list[Path]] = {}
    for entry in manifest.load(raw_dir):
        files.setdefault(entry.source, []).append(entry.location(raw_dir))
    events = pl.concat([
        icews.read_events(raw_dir, codes, files.get(icews.SOURCE, [])),
        gdelt.read_events(raw_dir, codes, files.get(gdelt.SOURCE, []) + files.get(gdelt.SOURCE_FETCHED, [])),
        analyst_events.read_events(raw_dir, codes, files.get(analyst_events.SOURCE, [])),
    ]).sort("dataset", "date", "source_event_id")
    return {"event_codes": codes, "events": events, "event_counts_dyad_year": icews.read_dyad_year(raw_dir)}


def test_event_tables_validate_against_a_countries_table(tables):
    events, counts = tables["events"], tables["event_counts_dyad_year"]
    states = set(events["source_iso3"].drop_nulls()) | set(events["target_iso3"].drop_nulls())
    states |= set(counts["source_iso3"]) | set(counts["target_iso3"])
    countries = conform(build_countries(states), "countries")
    validate_events(tables, countries)
    assert set(events["dataset"]) == {"icews", "gdelt", "analyst"}
    assert events.group_by("dataset").len().sort("dataset").rows() == [("analyst", 14), ("gdelt", 2111),
                                                                         ("icews", 3705)]


def test_validation_catches_problems(tables):
    events = tables["events"]
    with pytest.raises(Exception, match="CAMEO codes not in event_codes"):
        validate_events({"events": events.with_columns(pl.lit("999").alias("cameo_code")),
                         "event_codes": tables["event_codes"]})
    with pytest.raises(Exception, match="share a key"):
        validate_events({"events": pl.concat([events.head(2), events.head(1)])})
    with pytest.raises(Exception, match="country codes not in the countries table"):
        validate_events({"events": events.head(50)}, pl.DataFrame({"iso3": ["PAK"]}))


def test_pakistan_iran_panel_columns(tables):
    counts = ev.counts_from_dyad_year(tables["event_counts_dyad_year"], directed=False)
    panel = pl.DataFrame({"year": [2014, 2015], "iso3_a": ["IRN", "IRN"], "iso3_b": ["PAK", "PAK"]},
                         schema={"year": pl.Int32, "iso3_a": pl.String, "iso3_b": pl.String})
    out = ev.add_event_counts(panel, counts)
    row = out.row(0, named=True)
    # 2014, both directions from the raw file: PAK->IRN 1126/36/17/126 plus IRN->PAK, read by the adapter
    raw = tables["event_counts_dyad_year"].filter(pl.col("year") == 2014, pl.col("source_iso3").is_in(["PAK", "IRN"]),
                                                  pl.col("target_iso3").is_in(["PAK", "IRN"]))
    assert row["events_verbal_coop"] == raw["verbal_coop"].sum()
    assert row["events_net_coop"] == (raw["verbal_coop"].sum() + raw["material_coop"].sum()
                                      - raw["verbal_conflict"].sum() - raw["material_conflict"].sum())
    assert row["events_dataset"] == "icews" and row["events_goldstein_mean"] is None
    assert out.row(1, named=True)["events_n"] is None  # 2015: not covered, null rather than 0
