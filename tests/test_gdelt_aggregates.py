"""GDELT aggregates folded into the event tables (analysis.sources.gdelt_aggregates): quad classes as columns,
the same dyad-month from two aggregates counted once, disagreeing aggregates stopped, whole years for the panel.

The monthly files here are small SYNTHETIC tables in the layout ``events aggregate`` writes; the engines
themselves are tested on the real GDELT sample in tests/test_gdelt_engines.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import polars as pl
import pytest

from analysis.sources import SourceFormatError, gdelt_aggregates
from tests.raw_registry import record

D = dt.date


def _month_rows(months: list[dt.date], n: int = 3) -> pl.DataFrame:
    """Synthetic dyad-month rows: PAK->IRN, quad 1 with n events (goldstein 2.0 each) and quad 4 with 1 (-10)."""
    rows = []
    for m in months:
        rows.append({"month": m, "source_iso3": "PAK", "target_iso3": "IRN", "quad_class": 1, "n_events": n,
                     "goldstein_sum": 2.0 * n, "goldstein_mean": 2.0, "n_source_urls": n})
        rows.append({"month": m, "source_iso3": "PAK", "target_iso3": "IRN", "quad_class": 4, "n_events": 1,
                     "goldstein_sum": -10.0, "goldstein_mean": -10.0, "n_source_urls": 1})
    return pl.DataFrame(rows).cast({"quad_class": pl.Int8})


def _raw(tmp_path: Path, files: dict[str, pl.DataFrame]) -> Path:
    raw = tmp_path / "raw"
    entries = []
    for name, frame in files.items():
        path = raw / "gdelt-aggregates" / name / "dyad_month.parquet"
        path.parent.mkdir(parents=True)
        frame.write_parquet(path)
        entries.append({"path": f"gdelt-aggregates/{name}/dyad_month.parquet", "source": "gdelt-aggregates",
                        "origin": f"python -m analysis events aggregate --engine {name.split('_')[0]} "
                                  "(synthetic test file)",
                        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "bytes": path.stat().st_size})
    record(raw, entries)
    return raw


def test_quad_classes_become_columns_with_totals_by_hand(tmp_path):
    raw = _raw(tmp_path, {"duckdb_IRN-PAK_2016": _month_rows([D(2016, 1, 1)])})
    table, notes = gdelt_aggregates.read(raw)
    row = table.row(0, named=True)
    # 3 verbal-cooperation events at +2.0 and 1 material-conflict event at -10: 4 events, sum -4.0, mean -1.0
    assert (row["verbal_coop"], row["material_coop"], row["verbal_conflict"], row["material_conflict"]) == (3, 0, 0, 1)
    assert (row["n_events"], row["goldstein_sum"], row["goldstein_mean"]) == (4, -4.0, -1.0)
    assert (row["aggregate"], row["engine"], row["dataset"]) == ("duckdb_IRN-PAK_2016", "duckdb", "gdelt")
    assert row["n_source_urls"] == 3  # the largest class's distinct articles: a lower bound
    assert "1 file(s), 1 directed dyad-months 2016-01 to 2016-01" in notes[0]


def test_the_same_dyad_month_from_two_aggregates_is_counted_once(tmp_path):
    rows = _month_rows([D(2016, 1, 1), D(2016, 2, 1)])
    raw = _raw(tmp_path, {"duckdb_IRN-PAK_2016": rows, "spark_IRN-PAK_2016": rows})
    table, notes = gdelt_aggregates.read(raw)
    assert table.height == 2 and table["n_events"].sum() == 8
    assert "2 rows present in several aggregates counted once" in notes[0]


def test_aggregates_that_disagree_stop_the_build_naming_both(tmp_path):
    raw = _raw(tmp_path, {"duckdb_IRN-PAK_2016": _month_rows([D(2016, 1, 1)]),
                          "spark_IRN-PAK_half": _month_rows([D(2016, 1, 1)], n=1)})
    with pytest.raises(SourceFormatError, match=r"aggregates duckdb_IRN-PAK_2016 and spark_IRN-PAK_half give "
                                                r"different counts for PAK->IRN in 2016-01 \(4 and 2 events"):
        gdelt_aggregates.read(raw)


def test_only_whole_years_go_to_the_yearly_table(tmp_path):
    months_2016 = [D(2016, m, 1) for m in range(1, 13)]
    months_2015 = [D(2015, m, 1) for m in range(2, 13)]  # GDELT 2.0 starts on 18 February 2015
    months_2017 = [D(2017, m, 1) for m in range(1, 7)]  # a part year
    raw = _raw(tmp_path, {"bigquery_IRN-PAK": _month_rows(months_2015 + months_2016 + months_2017)})
    table, _ = gdelt_aggregates.read(raw)
    years = gdelt_aggregates.yearly(table)
    assert years["year"].to_list() == [2015, 2016]
    # 2016: 12 months x 3 verbal-cooperation events, 12 x 1 material conflict
    row = years.filter(pl.col("year") == 2016).row(0, named=True)
    assert (row["verbal_coop"], row["material_conflict"], row["dataset"]) == (36, 12, "gdelt")


def test_an_aggregate_of_the_real_sample_reaches_the_event_tables(raw_dir, tmp_path):
    """``events aggregate`` (DuckDB) on the shipped GDELT sample, then the build's event reader: the monthly
    table holds exactly the aggregate's rows, no dyad-year is added (one day is not a whole year).

    The raw folder declares the event datasets but not ICEWS's dyad-year table (an R file whose reading is
    most of this test's time otherwise): its rows are ICEWS's, and GDELT's dyad-years are checked on their own."""
    import os

    from analysis.build import read_events
    from analysis.fetch import gdelt_engines

    raw = tmp_path / "raw"
    raw.mkdir()
    for folder in ("cameo", "gdelt", "icews", "analyst"):
        os.symlink(raw_dir / folder, raw / folder)
    shutil.copytree(raw_dir / "datasets", raw / "datasets")
    (raw / "datasets" / "icews-dyad-year.toml").unlink()
    result = gdelt_engines.aggregate("duckdb", None, None, D(2015, 2, 18), D(2026, 11, 30), raw_dir=raw,
                                     log=lambda line: None)
    gdelt_engines.write_aggregate(result, name="duckdb_all_sample", raw_dir=raw)
    notes: list[str] = []
    tables = read_events(raw, notes)
    months = tables["event_counts_dyad_month"]
    assert months["n_events"].sum() == result.month["n_events"].sum() > 0
    assert set(months["engine"]) == {"duckdb"} and set(months["aggregate"]) == {"duckdb_all_sample"}
    assert months.select("source_iso3", "target_iso3", "month").n_unique() == months.height
    assert tables["event_counts_dyad_year"].filter(pl.col("dataset") == "gdelt").height == 0
    assert any(n.startswith("gdelt-aggregates: 1 file(s)") for n in notes)
