"""Issue 20: the package keeps working after the data's last year: data dated after today (``UNALIGN_TODAY``) is
refused in one line naming the file and the row, and built once today has come; an empty aggregation writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import polars as pl
import pytest

from analysis.core import manifest
from tests.cli_run import REPO, assert_one_line_error, build_cli, run_cli, tree
from tests.mini import MINI_RAW
from tests.raw_registry import declare, declared_files, linked_raw, record


def _write_synthetic_2027_events(raw: Path) -> None:
    """SYNTHETIC January-2027 data (an analyst event file, named so): a record after the shipped data's end."""
    import csv

    target = raw / "analyst" / "SYNTHETIC_2027_test_events.csv"
    with open(raw / "analyst" / "pak_irn_seed_article.csv", encoding="utf-8", newline="") as handle:
        header, first = list(csv.reader(handle))[:2]
    first[header.index("date")] = "2027-01-15"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, first])
    entry = {"path": "analyst/SYNTHETIC_2027_test_events.csv", "source": "analyst-events",
             "origin": "SYNTHETIC test data (tests/test_safety.py): one real row re-dated 2027-01-15",
             "terms": "test only", "coverage": "2027-01-15", "citation": "none (synthetic)",
             "sha256": manifest.sha256_of(target), "bytes": target.stat().st_size}
    for path, text in manifest.recorded([entry], raw).items():
        path.write_text(text, encoding="utf-8")


def test_no_calendar_horizon_data_of_2027_build_when_today_is_in_2027(mini_built, tmp_path):
    """3. A build with January-2027 data: refused (one line: file, row, date) while it is 2026, built in 2027.

    On the unit tests' cut of the raw data (tests/fixtures/mini-raw), so each build is small, with the cut's stage
    cache (``mini_built``): the stages the added analyst file does not touch (none of them reads it) are reused, so
    each build reads the small sources and meets the analyst file (which no stage caches) without recomputing the
    others."""
    raw = linked_raw(MINI_RAW, tmp_path)
    _write_synthetic_2027_events(raw)
    build = functools.partial(build_cli, raw, tmp_path, UNALIGN_CACHE_DIR=str(mini_built["cache"]))
    refused = build(UNALIGN_TODAY="2026-12-07")
    assert_one_line_error(refused, "SYNTHETIC_2027_test_events.csv: line 2: date 2027-01-15 is after today "
                                   "(2026-12-07, set by UNALIGN_TODAY); nothing was written")
    assert not list((tmp_path / "out").glob("*.parquet"))
    built_2027 = build(UNALIGN_TODAY="2027-06-01")
    assert built_2027.returncode == 0, built_2027.stderr[-2000:]
    events = pl.read_parquet(tmp_path / "out" / "events.parquet")
    assert events.filter(pl.col("date") == dt.date(2027, 1, 15)).height == 1
    # the same tables, unchanged, on an earlier day: refused again (not reused as they are)
    assert_one_line_error(build(UNALIGN_TODAY="2026-12-07"), "date 2027-01-15 is after today")


def test_shipped_data_after_an_earlier_today_is_refused_and_tables_stay(mini_built, raw_dir, tmp_path):
    """``UNALIGN_TODAY=2026-03-01 build --force``: the GA votes run to June 2026: exit 2, one line, tables kept.

    On the unit tests' cut of the raw data (tests/fixtures/mini-raw) with the shipped file of the first GA record
    after that day added as it is declared in data/raw (``unga-dgacm/80.json``), so the build that meets it is small.
    """
    raw, shipped = linked_raw(MINI_RAW, tmp_path), "unga-dgacm/80.json"
    (raw / shipped).symlink_to(raw_dir / shipped)
    record(raw, [f for f in declared_files(raw_dir, "unga-dgacm") if f["path"] == shipped])
    out = tmp_path / "out"
    out.mkdir()
    (out / "votes.parquet").write_bytes((mini_built["out"] / "votes.parquet").read_bytes())
    before = tree(out)
    result = run_cli("build", "--force", env={"UNALIGN_RAW_DIR": str(raw), "UNALIGN_PROCESSED_DIR": str(out),
                                              "UNALIGN_TODAY": "2026-03-01"})
    assert_one_line_error(result, "unga-dgacm/80.json: A/RES/80/247: adopted 2026-03-10 is after today (2026-03-01")
    assert {k: v for k, v in tree(out).items() if not k.startswith(".")} == before


def test_a_bad_today_setting_is_one_line(built):
    assert_one_line_error(run_cli("build", env={"UNALIGN_TODAY": "soon"}), "UNALIGN_TODAY='soon' is not a date")


def test_future_rows_name_file_and_row(raw_dir, monkeypatch):
    """The adapters' refusal names the file and the row: GDELT by line, COW by its dyad (real files, earlier today)."""
    from analysis.core.clock import FutureDateError
    from analysis.sources import cow_trade, gdelt

    monkeypatch.setenv("UNALIGN_TODAY", "2019-10-01")
    with pytest.raises(FutureDateError, match=r"20191024143000\.export\.CSV: line \d+: SQLDATE 2019-10-2\d is after "
                                              r"today \(2019-10-01"):
        gdelt.read_export(raw_dir / "gdelt" / "20191024143000.export.CSV")
    monkeypatch.setenv("UNALIGN_TODAY", "2013-12-31")
    with pytest.raises(FutureDateError, match=r"cow_trade_ddy\.rds: the row ccode1 \d+, ccode2 \d+: year 2014 is "
                                              r"after today \(2013-12-31") as caught:
        cow_trade.read_raw(raw_dir)
    assert "{" not in str(caught.value)  # never a dict dump


def test_an_import_dated_after_today_writes_nothing(tmp_path):
    """``fetch votes --from-file`` with a record after today: refused at import, data/raw and manifest unchanged."""
    raw = tmp_path / "raw"
    raw.mkdir()
    declare(raw, "undl", "ohchr-export", "undl-csv")
    declared = tree(raw)
    export = REPO / "tests" / "fixtures" / "undl" / "ga_A-RES-80-214_rec4096564_excerpt.xml"  # voted 2025-12-18
    result = run_cli("fetch", "votes", "--body", "GA", "--from-file", str(export),
                     env={"UNALIGN_RAW_DIR": str(raw), "UNALIGN_TODAY": "2025-12-01"})
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "record 4096564 (A/RES/80/214): voted on 2025-12-18 is after today (2025-12-01" in result.stderr
    assert tree(raw) == declared


def test_an_empty_aggregation_writes_nothing_and_the_build_still_runs(tmp_path):
    """4. ``events aggregate --countries PAK,IRN`` over a month without their events: exit 0, one line, no file.

    On the unit tests' cut (tests/fixtures/mini-raw), whose GDELT file keeps every event of Pakistan and Iran."""
    raw_dir = MINI_RAW
    raw = linked_raw(raw_dir, tmp_path)
    before = tree(raw)
    result = run_cli("events", "aggregate", "--engine", "duckdb", "--countries", "PAK,IRN", "--input",
                     str(raw_dir / "gdelt" / "20191024143000.export.CSV"), "--from", "2019-10-01", "--to",
                     "2019-10-31", env={"UNALIGN_RAW_DIR": str(raw)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert "no events between IRN, PAK dated 2019-10-01 to 2019-10-31 in the inputs; nothing written" in result.stderr
    assert tree(raw) == before


def test_an_empty_aggregate_file_of_an_older_version_is_read(tmp_path):
    """An aggregate with no rows that an earlier version wrote: the build reads it as no rows (no TypeError)."""
    from analysis.sources import gdelt_aggregates, gdelt_ibis

    folder = tmp_path / "gdelt-aggregates" / "duckdb_IRN-PAK_2024-01-01_2024-01-31"
    folder.mkdir(parents=True)
    pl.DataFrame(schema=gdelt_ibis.MONTH_SCHEMA).write_parquet(folder / "dyad_month.parquet")
    entry = manifest.RawFile(path="gdelt-aggregates/duckdb_IRN-PAK_2024-01-01_2024-01-31/dyad_month.parquet",
                             source="gdelt-aggregates", origin="engine duckdb: test", terms="", coverage="",
                             citation="", sha256=manifest.sha256_of(folder / "dyad_month.parquet"))
    table, notes = gdelt_aggregates.read(tmp_path, [entry])
    assert table.height == 0 and notes == ["gdelt-aggregates: 1 file(s), no events in them"]
