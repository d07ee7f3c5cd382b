"""Event measures (``analysis.measures.events``) with hand-computed values and properties."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.measures import events as ev
from analysis.schemas import EVENT_COUNTS_DYAD_YEAR, EVENTS

WEIGHT = {"040": 1.0, "190": -10.0, "0311": 5.2, "111": -2.0, "061": 6.4}
QUAD = {"040": 1, "190": 4, "0311": 1, "111": 3, "061": 2}


def make_events(rows: list[tuple]) -> pl.DataFrame:
    """rows: (date, source, target, code[, dataset[, state_actor]])."""
    records = []
    for i, row in enumerate(rows):
        date, source, target, code, *rest = row
        dataset = rest[0] if rest else "gdelt"
        state = rest[1] if len(rest) > 1 else True
        records.append({
            "dataset": dataset, "source_event_id": str(i), "date": dt.date.fromisoformat(date),
            "source_iso3": source, "target_iso3": target, "source_sector": None, "target_sector": None,
            "cameo_code": code, "quad_class": QUAD[code], "goldstein": WEIGHT[code], "intensity": None,
            "domestic": source is not None and source == target, "source_state": state, "target_state": state,
            "state_actor": state, "description": None, "citation": None,
        })
    return pl.DataFrame(records, schema=EVENTS)


def test_three_events_by_hand():
    frame = make_events([("2024-01-05", "PAK", "IRN", "040"), ("2024-01-20", "PAK", "IRN", "040"),
                         ("2024-03-01", "PAK", "IRN", "190")])
    out = ev.event_counts(frame).row(0, named=True)
    # two consults (verbal cooperation, Goldstein +1.0 each) and one use of force (material conflict, -10.0):
    # n = 3; verbal_coop = 2, material_conflict = 1; net = (2 + 0) - (0 + 1) = 1;
    # total Goldstein = 1 + 1 - 10 = -8; mean = -8 / 3 = -2.666...
    assert (out["source_iso3"], out["target_iso3"], out["year"]) == ("PAK", "IRN", 2024)
    assert out["n_events"] == 3
    assert (out["verbal_coop"], out["material_coop"], out["verbal_conflict"], out["material_conflict"]) == (2, 0, 0, 1)
    assert out["net_coop"] == 1
    assert out["goldstein_total"] == pytest.approx(-8.0)
    assert out["goldstein_mean"] == pytest.approx(-8.0 / 3)
    assert out["n_goldstein"] == 3 and out["dataset"] == "gdelt"


def test_by_month_and_undirected():
    frame = make_events([("2024-01-05", "PAK", "IRN", "040"), ("2024-01-20", "IRN", "PAK", "111"),
                         ("2024-03-01", "PAK", "IRN", "190")])
    monthly = ev.event_counts(frame, by="month", directed=False)
    # January: one consult (+1.0, verbal coop) and one criticism (-2.0, verbal conflict): net 0, mean -0.5
    # March: one use of force (-10.0): net -1
    assert monthly["month"].to_list() == [dt.date(2024, 1, 1), dt.date(2024, 3, 1)]
    assert set(zip(monthly["iso3_a"], monthly["iso3_b"], strict=True)) == {("IRN", "PAK")}
    jan, mar = monthly.rows(named=True)
    assert (jan["n_events"], jan["verbal_coop"], jan["verbal_conflict"], jan["net_coop"]) == (2, 1, 1, 0)
    assert jan["goldstein_mean"] == pytest.approx(-0.5)
    assert (mar["n_events"], mar["material_conflict"], mar["net_coop"], mar["goldstein_total"]) == (1, 1, -1, -10.0)
    directed = ev.event_counts(frame, by="month")
    assert directed.height == 3  # PAK->IRN January and March, IRN->PAK January


def test_domestic_stateless_and_filters():
    frame = make_events([
        ("2024-01-05", "PAK", "IRN", "040"),
        ("2024-01-06", "PAK", "PAK", "190"),  # domestic: left out
        ("2024-01-07", None, "IRN", "111"),  # no source country: left out
        ("2024-01-08", "PAK", "IRN", "061", "gdelt", False),  # not state-to-state
        ("2024-01-09", "PAK", "IND", "190"),  # another dyad
        ("2024-01-10", "PAK", "IRN", "0311", "analyst"),  # another dataset: its own row
    ])
    out = ev.event_counts(frame)
    assert out.select("dataset", "source_iso3", "target_iso3", "n_events").rows() == [
        ("analyst", "PAK", "IRN", 1), ("gdelt", "PAK", "IND", 1), ("gdelt", "PAK", "IRN", 2)]
    states = ev.event_counts(frame, state_only=True).filter(pl.col("dataset") == "gdelt")
    assert states.select("target_iso3", "n_events").rows() == [("IND", 1), ("IRN", 1)]
    pair = ev.dyad_event_counts(frame, "IRN", "PAK")
    assert set(pair["target_iso3"]) == {"IRN"} and pair["n_events"].sum() == 3


def test_bad_period_is_an_error():
    with pytest.raises(ValueError, match="by must be"):
        ev.event_counts(make_events([("2024-01-05", "PAK", "IRN", "040")]), by="week")


def dyad_year_counts() -> pl.DataFrame:
    return pl.DataFrame({
        "dataset": ["icews"] * 3, "year": [2010, 2010, 2011], "source_iso3": ["PAK", "IRN", "PAK"],
        "target_iso3": ["IRN", "PAK", "IRN"], "verbal_coop": [10, 5, 1], "material_coop": [2, 0, 0],
        "verbal_conflict": [1, 1, 0], "material_conflict": [0, 3, 4],
    }, schema=EVENT_COUNTS_DYAD_YEAR)


def test_counts_from_dyad_year():
    directed = ev.counts_from_dyad_year(dyad_year_counts())
    pak_2010 = directed.filter((pl.col("source_iso3") == "PAK") & (pl.col("year") == 2010)).row(0, named=True)
    # 10 + 2 + 1 + 0 = 13 events; net = (10 + 2) - (1 + 0) = 11; no Goldstein in the file
    assert (pak_2010["n_events"], pak_2010["net_coop"]) == (13, 11)
    assert pak_2010["goldstein_mean"] is None and pak_2010["n_goldstein"] == 0
    pooled = ev.counts_from_dyad_year(dyad_year_counts(), directed=False)
    y2010 = pooled.filter(pl.col("year") == 2010).row(0, named=True)
    # both directions: coop 10 + 2 + 5 + 0 = 17, conflict 1 + 0 + 1 + 3 = 5 -> net 12, n 22
    assert (y2010["iso3_a"], y2010["iso3_b"], y2010["n_events"], y2010["net_coop"]) == ("IRN", "PAK", 22, 12)
    assert pooled.columns == ev.event_counts(make_events([("2024-01-05", "PAK", "IRN", "040")]),
                                             directed=False).columns


def test_add_event_counts_uses_dataset_precedence():
    panel = pl.DataFrame({"year": [2010, 2011, 2024, 2030], "iso3_a": ["IRN"] * 4, "iso3_b": ["PAK"] * 4},
                         schema={"year": pl.Int32, "iso3_a": pl.String, "iso3_b": pl.String})
    icews = ev.counts_from_dyad_year(dyad_year_counts(), directed=False)
    gdelt = ev.event_counts(make_events([("2011-02-01", "PAK", "IRN", "190"), ("2024-02-01", "PAK", "IRN", "040")]),
                            directed=False)
    out = ev.add_event_counts(panel, pl.concat([gdelt, icews]))
    assert out.columns == ["year", "iso3_a", "iso3_b", *ev.PANEL_COLUMNS]
    assert out["events_dataset"].to_list() == ["icews", "icews", "gdelt", None]  # 2011: ICEWS first, not added up
    assert out["events_n"].to_list() == [22, 5, 1, None]
    assert out["events_net_coop"].to_list() == [12, -3, 1, None]
    assert out["events_goldstein_mean"].to_list() == [None, None, 1.0, None]


codes_st = st.sampled_from(sorted(WEIGHT))
states_st = st.sampled_from(["PAK", "IRN", "IND", "AFG"])
dates_st = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2022, 12, 31)).map(dt.date.isoformat)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(dates_st, states_st, states_st, codes_st), min_size=1, max_size=40))
def test_properties(rows):
    frame = make_events(rows)
    directed = ev.event_counts(frame)
    undirected = ev.event_counts(frame, directed=False)
    monthly = ev.event_counts(frame, by="month")
    international = sum(1 for _, s, t, _ in rows if s != t)
    for table in (directed, undirected, monthly):
        assert table["n_events"].sum() == international
        quad = table.select(pl.sum_horizontal(list(ev.QUAD_COLUMNS.values())))[:, 0]
        assert (quad == table["n_events"]).all()
        assert (table["net_coop"] == table["verbal_coop"] + table["material_coop"] - table["verbal_conflict"]
                - table["material_conflict"]).all()
        assert ((table["goldstein_mean"] - table["goldstein_total"] / table["n_events"]).abs() < 1e-9).all()
    if directed.height:
        assert (undirected["iso3_a"] < undirected["iso3_b"]).all()
        assert abs(directed["goldstein_total"].sum() - undirected["goldstein_total"].sum()) < 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(dates_st, states_st, states_st, codes_st), min_size=2, max_size=200), st.randoms())
def test_row_order_changes_no_bit_of_the_counts(rows, rnd):
    # a float sum depends on the order of its terms (0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1 in binary); the counts
    # must not depend on the order of the events table's rows, or a report drawn twice differs in its last digits
    frame = make_events(rows)
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=rnd.randrange(2**32))
    for by in ("year", "month"):
        for directed in (True, False):
            assert ev.event_counts(shuffled, by=by, directed=directed).equals(
                ev.event_counts(frame, by=by, directed=directed)), (by, directed)


def test_goldstein_sums_of_tenths_in_any_order_are_equal():
    # the pitfall by hand: in binary floating point 0.1 + 0.2 + 0.3 = 0.6000000000000001 but 0.3 + 0.2 + 0.1 = 0.6;
    # the weights are summed as whole millionths (100000 + 200000 + 300000 = 600000), so both orders give 0.6
    weights = [0.1, 0.2, 0.3]
    one = make_events([("2024-01-01", "PAK", "IRN", "040")] * 3).with_columns(goldstein=pl.Series(weights))
    other = one.reverse()
    for frame in (one, other):
        out = ev.event_counts(frame).row(0, named=True)
        assert out["goldstein_total"] == 0.6
        assert out["goldstein_mean"] == 0.6 / 3


def test_goldstein_mean_is_null_without_weights():
    frame = make_events([("2024-01-01", "PAK", "IRN", "040")]).with_columns(goldstein=pl.lit(None, pl.Float64))
    out = ev.event_counts(frame).row(0, named=True)
    assert out["goldstein_mean"] is None and out["goldstein_total"] == 0.0 and out["n_goldstein"] == 0
