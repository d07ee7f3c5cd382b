"""The incremental build (issue 12): unchanged stages are reused, a changed vote, raw file or line of
code recomputes them, and an unchanged build reuses every table at once."""

from __future__ import annotations

import subprocess
import sys
import time
import types
from pathlib import Path

import polars as pl
import pytest

from analysis import build
from analysis.core import cache


@pytest.fixture(scope="module")
def recent_ga(built) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The real GA roll calls and votes of 2023-2025 (sessions 78-80): small enough to estimate in seconds."""
    rc = built["roll_calls"].filter((pl.col("body") == "GA") & pl.col("year").is_between(2023, 2025))
    votes = built["votes"].join(rc.select("body", "rcid"), on=["body", "rcid"], how="semi")
    return votes, rc


def test_a_changed_vote_recomputes_the_ideal_points(recent_ga, tmp_path):
    votes, rc = recent_ga
    stages = cache.StageCache(tmp_path)
    first = build.ideal_points_stage(stages, votes, rc)
    assert stages.computed == ["ideal_points"] and stages.reused == []
    again = build.ideal_points_stage(stages, votes, rc)
    assert stages.reused == ["ideal_points"] and again.equals(first)
    # Pakistan's vote on one roll call, turned from its real value to the opposite
    target = votes.filter((pl.col("iso3") == "PAK") & (pl.col("vote") == "no")).row(0, named=True)
    changed = votes.with_columns(
        pl.when((pl.col("iso3") == "PAK") & (pl.col("rcid") == target["rcid"])).then(pl.lit("yes"))
        .otherwise(pl.col("vote").cast(pl.String)).cast(votes.schema["vote"]).alias("vote"))
    third = build.ideal_points_stage(stages, changed, rc)
    assert stages.computed == ["ideal_points", "ideal_points"]
    assert not third.equals(first)
    assert len(list(tmp_path.glob("ideal_points-*.parquet"))) == 1  # only the latest result is kept


def test_keys_change_with_code_and_content(tmp_path):
    source = tmp_path / "stage_module.py"
    source.write_text("x = 1\n", encoding="utf-8")
    module = types.SimpleNamespace(__file__=str(source))
    before = cache.code_digest(module)
    source.write_text("x = 2\n", encoding="utf-8")
    assert cache.code_digest(module) != before
    frame = pl.DataFrame({"a": [1, 2, 3]})
    assert cache.frame_digest(frame) == cache.frame_digest(frame.clone())
    assert cache.frame_digest(frame) != cache.frame_digest(frame.reverse())
    assert cache.frame_digest(frame) != cache.frame_digest(frame.cast({"a": pl.Int32}))
    assert cache.key("s", "a") != cache.key("s", "b")


def test_equal_frames_held_differently_in_memory_have_one_digest(tmp_path):
    """A table just computed and the same table read back from Parquet (the stage cache) get the same key."""
    frame = pl.DataFrame({"iso3": ["PAK", "IRN", "IND"] * 50, "year": list(range(150)), "v": [1.5, None, 2.0] * 50})
    computed = frame.sort("iso3", "year")
    computed.write_parquet(tmp_path / "t.parquet")
    read_back = pl.read_parquet(tmp_path / "t.parquet")
    assert read_back.equals(computed)
    assert cache.frame_digest(read_back) == cache.frame_digest(computed)
    assert cache.frame_digest(computed) != cache.frame_digest(computed.with_columns(pl.col("v").fill_null(0.0)))
    assert cache.frame_digest(computed) != cache.frame_digest(computed.head(149))


def test_a_damaged_cache_file_is_recomputed(tmp_path):
    stages = cache.StageCache(tmp_path)
    path = stages.path("demo", "k1")
    path.write_bytes(b"not parquet")
    result = stages.get_or_compute("demo", "k1", lambda: pl.DataFrame({"x": [1]}))
    assert result["x"].to_list() == [1] and stages.computed == ["demo"]


def test_an_unchanged_build_reuses_every_table(built, raw_dir):
    out: Path = built["out"]
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    start = time.perf_counter()
    report = build.build(raw=raw_dir, out=out)
    assert report.unchanged and time.perf_counter() - start < 10
    assert "nothing changed since the last build" in str(report)
    assert report.rows == built["report"].rows
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")} == before  # nothing rewritten


def test_a_partial_rebuild_says_what_it_reused(mini_built, tmp_path, monkeypatch):
    """A build into another folder, sharing a stage cache, recomputes no expensive stage (on the unit tests' cut of
    the raw data: ``mini_built`` filled the cache; its files hold every dataset, so every stage has a result)."""
    monkeypatch.setenv("UNALIGN_CACHE_DIR", str(mini_built["cache"]))
    report = build.build(raw=mini_built["raw"], out=tmp_path / "other")
    assert not report.unchanged
    assert set(report.reused) == {"unvotes_votes", "voeten_status", "cow_trade", "imf_dots", "icews_dyad_year",
                                   "statedept_pages", "ideal_points", "trade_dyad_year"}
    assert "reused (inputs, parameters and code unchanged): unvotes_votes" in str(report)
    for table in ("votes", "ideal_points", "dyad_year"):
        rebuilt, first = tmp_path / "other" / f"{table}.parquet", mini_built["out"] / f"{table}.parquet"
        assert rebuilt.read_bytes() == first.read_bytes(), table


def test_a_module_named_is_digested_from_its_file_without_importing_it():
    from analysis.measures import idealpoints

    assert cache.code_digest("analysis.measures.idealpoints") == cache.code_digest(idealpoints)
    probe = ("import sys; from analysis.core import cache; cache.code_digest('analysis.measures.truncated_normal'); "
             "print('numba' in sys.modules, 'analysis.measures.truncated_normal' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
