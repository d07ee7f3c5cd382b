"""The combined build: keys, precedence between sources, idempotence and failure safety."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Any

import polars as pl
import pyreadr
import pytest
from polars.testing import assert_frame_equal

from analysis import build
from analysis.build import TABLES
from analysis.core import clock, manifest, paths

LISTS = ("MS_in_favour", "MS_against", "MS_abstaining")


def _snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    """{file name: (bytes, mtime_ns)} of every file in ``directory``, hidden temp files included."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir())
            if p.is_file() and p.name != ".build.lock"}  # the lock file names the last build's process


def _ga(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("body") == "GA")


SECOND_BUILD_NOTES: list[str] = []


@pytest.fixture(scope="module")
def second_build(tmp_path_factory: pytest.TempPathFactory, mini_built: dict[str, Any]) -> Path:
    """A second build of the unit tests' cut of the raw data (``mini_built`` is the first: tests/mini.py), into a
    folder seeded with the temporary files of a killed build.

    Whether a build removes a killed one's leftovers, gives the same bytes twice and leaves its outputs intact when
    an adapter fails does not depend on the size of the data: the cut has files of every dataset and goes through
    every stage. The build has a stage cache of its own (``UNALIGN_CACHE_DIR``), so every stage is computed again,
    not read back from the first build's results."""
    out = tmp_path_factory.mktemp("second_build")
    (out / ".votes.parquet.k1ll3d.tmp").write_bytes(b"PAR1 half-written")
    (out / ".trade.parquet.x9.tmp").write_bytes(b"")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNALIGN_CACHE_DIR", str(tmp_path_factory.mktemp("second_build_cache")))
        report = build.build(raw=mini_built["raw"], out=out)
    assert not report.reused  # computed, not reused
    SECOND_BUILD_NOTES[:] = report.notes
    return out


def test_a_build_removes_the_leftovers_of_a_killed_one(second_build):
    assert not [p.name for p in second_build.iterdir() if p.name.endswith(".tmp")]
    assert any(n.startswith("removed 2 temporary file(s) of an interrupted build") for n in SECOND_BUILD_NOTES)
    assert (second_build / ".build.lock").is_file()  # the lock file stays; the lock itself is released


# --------------------------------------------------------------------------- keys and references


def test_outputs_and_report(built):
    report = built["report"]
    expected = [".build-state.json", ".build.lock", *(f"{t}.parquet" for t in TABLES)]
    assert sorted(p.name for p in built["out"].iterdir()) == sorted(expected)
    assert report.rows == {t: built[t].height for t in TABLES}
    # every table has rows, except the GDELT monthly aggregates: none is shipped (``events aggregate`` makes them)
    assert all(built[t].height > 0 for t in TABLES if t != "event_counts_dyad_month")
    assert built["event_counts_dyad_month"].height == 0 and "gdelt-aggregates" not in str(report)
    # the ideal-point estimation is timed on its own (README, Methods); the build's timings are
    # reported, not asserted (a loaded machine is slower): benchmarks/ measure speed
    assert 0 < report.ideal_points_seconds < report.seconds
    assert str(report).startswith(f"built in {report.seconds:.1f} s (ideal points")
    assert paths.processed_dir() == built["out"]


def test_outputs_are_plain_readable_files(built):
    """Outputs get the usual permissions (0o666 minus the umask), not mkstemp's private 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    for table in TABLES:
        mode = stat.S_IMODE((built["out"] / f"{table}.parquet").stat().st_mode)
        assert mode == 0o666 & ~mask, (table, oct(mode))


def test_roll_call_keys_unique(built):
    rc = built["roll_calls"]
    assert rc.select("body", "rcid").is_duplicated().sum() == 0
    assert rc.select(pl.col("body").is_null().sum(), pl.col("rcid").is_null().sum()).row(0) == (0, 0)


def test_vote_keys_unique(built):
    assert built["votes"].select("body", "rcid", "iso3").is_duplicated().sum() == 0


def test_votes_reference_existing_roll_calls(built, raw_dir):
    orphans = built["votes"].join(built["roll_calls"], on=["body", "rcid"], how="anti")
    assert orphans.height == 0
    empty = built["roll_calls"].join(built["votes"], on=["body", "rcid"], how="anti")
    assert _ga(empty).height == 0, "every GA roll call has votes"
    # recorded votes without a per-state list are kept as roll calls: the 8 HRC ones the sqlite file
    # also lacks votes for, and one CHR decision (the OHCHR harvest gives its official tally only)
    con = sqlite3.connect(f"file:{raw_dir / 'hrc' / 'votes.sqlite3'}?mode=ro", uri=True)
    try:
        sql = "SELECT name FROM resolutions WHERE name NOT IN (SELECT resolution_name FROM votes)"
        without_votes = {name for (name,) in con.execute(sql)}
    finally:
        con.close()
    assert len(without_votes) == 8
    assert set(empty.filter(pl.col("body") == "HRC")["symbol"]) == without_votes
    assert empty.filter(pl.col("body") == "CHR")["symbol"].to_list() == ["E/CN.4/DEC/2002/102"]


def test_all_iso3_in_countries(built):
    codes = set(built["countries"]["iso3"])
    assert set(built["votes"]["iso3"]) <= codes
    assert built["countries"]["iso3"].is_duplicated().sum() == 0
    assert {"CSK", "DDR", "YMD", "YUG", "SCG", "ZAN"} <= codes


def test_dates_in_range(built):
    rc = built["roll_calls"]
    assert rc["date"].null_count() == 0
    assert rc["date"].min() >= dt.date(1946, 1, 1)
    assert rc["date"].max() <= clock.today()
    assert (rc["date"].dt.year() == rc["year"]).all()


def test_ga_years_cover_1946_to_2026(built, raw_dir):
    """Every year has GA roll calls except 1964: the 19th session took no recorded vote in 1964
    (the Article 19 crisis), and unvotes indeed has none."""
    raw_rc = pyreadr.read_r(str(raw_dir / "unvotes" / "un_roll_calls.rda"), output_format="polars")["un_roll_calls"]
    assert 1964 not in set(raw_rc["date"].dt.year())
    years = set(_ga(built["roll_calls"])["year"])
    assert years == set(range(1946, 2027)) - {1964}


def test_hrc_and_chr_dates(built):
    hrc = built["roll_calls"].filter(pl.col("body") == "HRC")
    assert hrc["date"].min() == dt.date(2006, 6, 29)
    assert hrc["date"].max() == dt.date(2026, 3, 31)
    chr_ = built["roll_calls"].filter(pl.col("body") == "CHR")
    assert chr_["date"].min() == dt.date(1947, 1, 28)
    assert chr_["date"].max() < dt.date(2006, 6, 19)  # the Council's first session


# --------------------------------------------------------------------------- GA sources without double counting


def test_no_dgacm_symbol_repeats_an_unvotes_symbol(built):
    ga = _ga(built["roll_calls"])
    un = set(ga.filter(pl.col("source") == "unvotes")["symbol"].drop_nulls())
    dg = ga.filter(pl.col("source") == "dgacm")["symbol"]
    assert dg.null_count() == 0 and dg.len() > 600
    assert not set(dg) & un
    assert set(ga["source"]) == {"unvotes", "dgacm"}


def test_session_74_not_duplicated(built, raw_dir):
    ga = _ga(built["roll_calls"])
    iran = ga.filter(pl.col("symbol") == "A/RES/74/167")
    assert iran.height == 1 and iran["source"].to_list() == ["unvotes"]
    # every session-74 resolution with a recorded vote in the DGACM file is counted once, from unvotes
    session74 = set()
    for line in (raw_dir / "unga-dgacm" / "74.json").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line) if line.strip() else {}
        if any(rec.get(k) for k in LISTS):
            session74.add(rec["symbol"].strip())
    assert len(session74) == 90
    counted = ga.filter(pl.col("symbol").is_in(list(session74))).group_by("symbol", "source").len()
    assert set(counted["symbol"]) == session74
    assert set(counted["source"]) == {"unvotes"}
    assert (counted["len"] == 1).all()


def test_sources_per_ga_roll_call(built):
    """unvotes roll calls get Voeten status rows at most; DGACM roll calls only DGACM votes."""
    ga = _ga(built["votes"])
    per_rcid_sources = ga.group_by("rcid").agg(pl.col("source").unique().sort())
    combos = {tuple(s) for s in per_rcid_sources["source"].to_list()}
    assert combos <= {("unvotes",), ("unvotes", "voeten"), ("dgacm",)}


# --------------------------------------------------------------------------- idempotence and failure safety


def test_build_is_idempotent(mini_built, second_build):
    for table in TABLES:
        first, second = mini_built["out"] / f"{table}.parquet", second_build / f"{table}.parquet"
        assert_frame_equal(pl.read_parquet(first), pl.read_parquet(second))
        assert first.read_bytes() == second.read_bytes(), table


def test_failed_adapter_leaves_outputs_intact(second_build, mini_built, monkeypatch):
    before = _snapshot(second_build)
    assert sorted(before) == sorted([".build-state.json", *(f"{t}.parquet" for t in TABLES)])

    def broken(raw: Path):
        raise RuntimeError("simulated HRC adapter failure")

    monkeypatch.setattr("analysis.sources.hrc.read", broken)
    with pytest.raises(RuntimeError, match="simulated HRC adapter failure"):
        build.build(raw=mini_built["raw"], out=second_build, force=True)  # force: nothing changed: it would reuse all
    assert _snapshot(second_build) == before


def test_failed_write_leaves_outputs_intact(built, tmp_path, monkeypatch):
    """If writing the third table fails, none of the four files is replaced and no temp file remains."""
    out = tmp_path / "out"
    out.mkdir()
    for table in TABLES:
        shutil.copy2(built["out"] / f"{table}.parquet", out / f"{table}.parquet")
    before = _snapshot(out)
    tables = {t: built[t].head(10) for t in TABLES}
    real_write = pl.DataFrame.write_parquet
    calls = []

    def flaky_write(self, file, *args, **kwargs):
        calls.append(file)
        if len(calls) == 3:
            Path(file).write_bytes(b"partial")
            raise OSError("disk full (simulated)")
        return real_write(self, file, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", flaky_write)
    with pytest.raises(OSError, match="disk full"):
        build.write_tables(tables, out)
    assert len(calls) == 3
    assert _snapshot(out) == before


def _copy_raw(raw_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    return copy


def test_altered_raw_file_raises_naming_it(raw_dir, tmp_path):
    raw = _copy_raw(raw_dir, tmp_path)
    with open(raw / "unvotes" / "un_roll_calls.rda", "ab") as handle:
        handle.write(b"\0")
    out = tmp_path / "out"
    with pytest.raises(manifest.RawDataError) as err:
        build.build(raw=raw, out=out)
    assert "un_roll_calls.rda" in str(err.value)
    assert "altered" in str(err.value)
    assert not list(out.glob("*.parquet"))  # nothing written (the folder may hold the build lock)


def test_missing_raw_file_raises_naming_it(raw_dir, tmp_path):
    raw = _copy_raw(raw_dir, tmp_path)
    (raw / "hrc" / "votes.sqlite3").unlink()
    out = tmp_path / "out"
    with pytest.raises(manifest.RawDataError) as err:
        build.build(raw=raw, out=out)
    assert "votes.sqlite3" in str(err.value)
    assert "missing" in str(err.value)
    assert not list(out.glob("*.parquet"))  # nothing written (the folder may hold the build lock)


def test_load_explains_missing_table(tmp_path, monkeypatch):
    monkeypatch.setenv("UNALIGN_PROCESSED_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="votes.parquet"):
        build.load("votes")


def test_load_reads_the_session_build(built):
    loaded: dict[str, Any] = {t: build.load(t) for t in ("countries", "roll_calls", "votes")}
    for table, frame in loaded.items():
        assert_frame_equal(frame, built[table])
