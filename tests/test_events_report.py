"""What the events notebook and the dyad report show about events, checked against the raw files."""

from __future__ import annotations

import polars as pl
import pyreadr
import pytest

from analysis.core.paths import raw_dir
from analysis.reports import events as events_report


@pytest.fixture(scope="module")
def pak_irn(built):
    return events_report.prepare()


@pytest.fixture(scope="module")
def icews_raw():
    return pyreadr.read_r(str(raw_dir() / "icews" / "icews_dyad_year.rda"), output_format="polars")["icews"]


def test_2014_counts_read_straight_from_the_rda(pak_irn, icews_raw):
    iran = "Iran, Islamic Republic Of"  # the spelling in the netify file
    for i, j, source in (("Pakistan", iran, "PAK"), (iran, "Pakistan", "IRN")):
        raw = icews_raw.filter((pl.col("i") == i) & (pl.col("j") == j) & (pl.col("year") == 2014)).row(0, named=True)
        got = pak_irn.counts.filter((pl.col("year") == 2014) & (pl.col("source_iso3") == source)).row(0, named=True)
        assert got["verbal_coop"] == raw["verbCoop"] and got["material_conflict"] == raw["matlConf"]
        total = raw["verbCoop"] + raw["matlCoop"] + raw["verbConf"] + raw["matlConf"]
        net = raw["verbCoop"] + raw["matlCoop"] - raw["verbConf"] - raw["matlConf"]
        assert (got["n_events"], got["net_coop"]) == (total, net)
        assert pak_irn.key_facts()[f"{source}_to_{'IRN' if source == 'PAK' else 'PAK'}_2014"].startswith(
            f"{int(total)} events, net cooperation {int(net)}")


def test_timeline_has_the_analyst_events_and_both_states_votes(pak_irn):
    lanes = set(pak_irn.timeline["lane"])
    assert {"events: Pakistan → Iran", "events: Iran → Pakistan", "votes: Pakistan", "votes: Iran"} <= lanes
    ga_2023 = pak_irn.timeline.filter(pl.col("detail").str.contains("A/RES/78/220"))
    assert set(ga_2023["label"]) == {"vote no"}  # both voted no (78-30-68, 19 Dec 2023)
    analyst = pak_irn.timeline.filter(pl.col("lane").str.starts_with("events"))
    assert analyst["date"].dt.year().unique().to_list() == [2026]


def test_charts_and_a_pair_without_events(built):
    report = events_report.prepare("BRA", "ZAF", start_year=2005, end_year=2010)
    assert report.counts["year"].is_between(2005, 2010).all()
    assert "event_quad_counts" in report.charts
    assert any("fetch gdelt" in note for note in report.notes)  # no event-level data for the pair
    with pytest.raises(ValueError, match="start_year"):
        events_report.prepare(start_year=2010, end_year=2000)
