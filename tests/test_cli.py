"""The command line is a stable contract: output format, precision, exit codes."""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys

import pytest

from analysis.core import paths
from tests.independent import dgacm_by_year, unvotes_by_year

HEADER = ["year", "n_joint", "agreement", "kappa", "pi", "s_score"]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def pak_irn(built) -> dict[int, dict[str, float]]:
    result = run_cli("alignment", "--a", "PAK", "--b", "Iran", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0].split(",") == HEADER
    return {int(r["year"]): {k: float(v) for k, v in r.items() if k != "year"} for r in rows}


def _close(got: dict[str, float], want: dict[str, float]) -> None:
    assert got["n_joint"] == want["n_joint"]
    for key in ("agreement", "kappa", "pi", "s_score"):
        if math.isnan(want[key]):
            assert math.isnan(got[key])
        else:
            assert got[key] == pytest.approx(want[key], abs=1e-9), key


def test_cli_matches_independent_computation_on_unvotes_years(pak_irn):
    # 1946-2018 come from unvotes alone (DGACM starts with session 74 in late 2019).
    expected = unvotes_by_year(paths.raw_dir(), "PK", "IR")
    years = [y for y in expected if y <= 2018]
    assert len(years) > 60
    for year in years:
        _close(pak_irn[year], expected[year])


def test_cli_matches_independent_computation_on_dgacm_years(pak_irn):
    # 2021-2025: only DGACM records (unvotes ends in January 2020).
    expected = dgacm_by_year(paths.raw_dir(), "PAKISTAN", "IRAN (ISLAMIC REPUBLIC OF)")
    for year in range(2021, 2026):
        _close(pak_irn[year], expected[year])


def test_cli_prints_full_precision(pak_irn, built):
    result = run_cli("alignment", "--a", "PAK", "--b", "IRN", "--from", "2016", "--to", "2016")
    line = result.stdout.splitlines()[1].split(",")
    # 2016: agreement = 1 - Do with 107 joint votes; repr() keeps all 17 significant digits
    assert float(line[2]) == pak_irn[2016]["agreement"]
    assert len(line[2]) > 12


def test_cli_hrc_and_issue_filters(built):
    result = run_cli("alignment", "--a", "PAK", "--b", "CHN", "--body", "HRC", "--issue", "hr")
    assert result.returncode == 0, result.stderr
    years = [int(r.split(",")[0]) for r in result.stdout.splitlines()[1:]]
    assert years and min(years) >= 2006 and max(years) <= 2026
    assert 2024 not in years and 2025 not in years  # Pakistan was not on the Council
    assert 2026 in years


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("--a", "PAK", "--b", "Atlantis"), "unknown country 'Atlantis'"),
        (("--a", "PAK", "--b", "IRN", "--from", "2020", "--to", "2010"), "reversed year range"),
        (("--a", "PAK", "--b", "IRN", "--issue", "human"), "unknown issue 'human'"),
        (("--a", "PAK", "--b", "IRN", "--body", "ECOSOC"), "invalid choice: 'ECOSOC'"),
        (("--all",), "--all needs --out"),
    ],
)
def test_cli_user_errors_exit_2_with_one_line(built, args, fragment):
    result = run_cli("alignment", *args)
    assert result.returncode == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_unknown_country_suggests_close_matches(built):
    result = run_cli("alignment", "--a", "Pakistn", "--b", "IRN")
    assert result.returncode == 2
    assert "PAK" in result.stderr


def test_cli_all_dyads_writes_parquet(built, tmp_path):
    import polars as pl

    out = tmp_path / "hrc.parquet"
    result = run_cli("alignment", "--all", "--body", "HRC", "--from", "2020", "--to", "2021", "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = pl.read_parquet(out)
    assert table.columns == ["year", "iso3_a", "iso3_b", "n_joint", "agreement", "kappa", "pi", "s_score"]
    assert set(table["year"].to_list()) == {2020, 2021}
    assert (table["iso3_a"] < table["iso3_b"]).all()


def test_cli_without_processed_data_says_what_to_do(tmp_path):
    import os

    env = {**os.environ, "UNALIGN_PROCESSED_DIR": str(tmp_path / "empty")}
    result = run_cli("alignment", "--a", "PAK", "--b", "IRN", env=env)
    assert result.returncode == 2
    assert "python -m analysis build" in result.stderr


IDEAL_HEADER = ["session", "year", "iso3", "ideal_point", "se", "n_votes"]


def test_cli_idealpoints_prints_the_built_table(built):
    import polars as pl

    result = run_cli("idealpoints", "--a", "PAK", "--b", "Iran", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split(",") == IDEAL_HEADER
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    table = built["ideal_points"].filter((pl.col("issue") == "all") & pl.col("iso3").is_in(["PAK", "IRN"]))
    assert len(rows) == table.height
    assert rows[0]["iso3"] == "IRN" and rows[0]["session"] == "1"  # Pakistan joined the UN in 1947 (session 2)
    assert [r["iso3"] for r in rows if r["session"] == "79"] == ["PAK", "IRN"]  # per session: A first, then B
    want = {(r["session"], r["iso3"]): r for r in table.iter_rows(named=True)}
    for row in rows:
        w = want[(int(row["session"]), row["iso3"])]
        assert float(row["ideal_point"]) == w["ideal_point"]  # full precision
        assert float(row["se"]) == w["se"] and int(row["n_votes"]) == w["n_votes"] and int(row["year"]) == w["year"]


def test_cli_idealpoints_filters_and_errors(built):
    result = run_cli("idealpoints", "--a", "PAK", "--states", "USA,CUB", "--issue", "hr", "--from", "2015",
                     "--to", "2019")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["iso3"] for r in rows} == {"PAK", "USA", "CUB"}
    assert {int(r["year"]) for r in rows} == {2015, 2016, 2017, 2018, 2019}
    for args, fragment in [((), "name at least one state"), (("--a", "Atlantis"), "unknown country"),
                           (("--a", "PAK", "--issue", "human"), "unknown issue")]:
        bad = run_cli("idealpoints", *args)
        assert bad.returncode == 2 and fragment in bad.stderr and "Traceback" not in bad.stderr


def test_cli_idealpoints_estimate_with_bootstrap(built, tmp_path):
    import os

    import polars as pl

    # a small processed directory: sessions 75-80 only, so the refit takes seconds
    rc = built["roll_calls"].filter(pl.col("session") >= 75)
    rc.write_parquet(tmp_path / "roll_calls.parquet")
    built["votes"].join(rc.select("body", "rcid"), on=["body", "rcid"]).write_parquet(tmp_path / "votes.parquet")
    built["countries"].write_parquet(tmp_path / "countries.parquet")
    env = {**os.environ, "UNALIGN_PROCESSED_DIR": str(tmp_path)}
    result = run_cli("idealpoints", "--estimate", "--n-boot", "3", "--a", "PAK", env=env)
    assert result.returncode == 0, result.stderr
    table = pl.read_parquet(tmp_path / "ideal_points.parquet")
    estimated = table.filter(pl.col("ideal_point").is_not_null())
    assert set(estimated["se_type"].unique().to_list()) == {"bootstrap"}
    assert (estimated["se"] > 0).all()
    assert sorted(int(r.split(",")[0]) for r in result.stdout.splitlines()[1:]) == [75, 76, 77, 78, 79, 80]
