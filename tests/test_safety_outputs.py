"""Issues 11 and 20: a table the command line writes never lands in the package's own data, replaces a file only
with ``--force``, and its extension says its format; arguments that make no sense together are refused, in one line.
"""

from __future__ import annotations

import os
import stat

import polars as pl

from analysis.core import paths
from tests.cli_run import assert_one_line_error, run_cli, sha


def test_alignment_out_refuses_the_package_data_and_non_files(built, tmp_path):
    votes = paths.processed("votes")
    before = sha(votes)
    result = run_cli("alignment", "--all", "--out", str(votes))
    assert_one_line_error(result, "which holds the package's own data")
    inside = paths.processed_dir() / "mine.parquet"
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(inside)), "holds the package's own data")
    assert not inside.exists() and sha(votes) == before
    raw = paths.raw_dir() / "unvotes" / "extra.parquet"
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(raw)), "holds the package's own data")
    assert not raw.exists()
    assert_one_line_error(run_cli("alignment", "--all", "--out", "/dev/full"), "is not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(tmp_path)), "is a folder")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(tmp_path / "afile" / "x.parquet")),
                          "is a file, not a folder")
    # a place the system will not let us write to (root may write almost anywhere, but not into /proc)
    assert_one_line_error(run_cli("alignment", "--all", "--out", "/proc/unalign-test.parquet"), "--out /proc/")


def test_alignment_out_replaces_a_file_only_with_force(built, tmp_path):
    out = tmp_path / "all.parquet"
    assert run_cli("alignment", "--all", "--from", "2020", "--to", "2020", "--out", str(out)).returncode == 0
    first = sha(out)
    assert_one_line_error(run_cli("alignment", "--all", "--from", "2021", "--to", "2021", "--out", str(out)),
                          "add --force")
    assert sha(out) == first
    again = run_cli("alignment", "--all", "--from", "2021", "--to", "2021", "--out", str(out), "--force")
    assert again.returncode == 0 and pl.read_parquet(out)["year"].unique().to_list() == [2021]


def test_outputs_never_land_in_the_packages_data(built, tmp_path):
    """5. ``alignment --all --out data/processed/votes.parquet --force``: refused, the table intact."""
    votes = paths.processed("votes")
    before = sha(votes)
    for target in (votes, paths.processed_dir() / "new.parquet", paths.raw_dir() / "x.csv"):
        result = run_cli("alignment", "--all", "--out", str(target), "--force")
        assert_one_line_error(result, "which holds the package's own data; write elsewhere")
    assert sha(votes) == before and not (paths.processed_dir() / "new.parquet").exists()
    assert run_cli("alignment", "--a", "PAK", "--b", "IRN").returncode == 0
    for target in (paths.processed_dir(), paths.raw_dir() / "reports"):
        assert_one_line_error(run_cli("report", "--a", "PAK", "--b", "IRN", "--out", str(target), "--force"),
                              "holds the package's own data")
        assert_one_line_error(run_cli("report", "--pairs", "PAK:IRN", "--out", str(target), "--force"),
                              "holds the package's own data")


def test_the_extension_says_the_format(built, tmp_path):
    """8. ``--out new.csv`` writes CSV; an extension that is no format is refused."""
    out, parquet = tmp_path / "new.csv", tmp_path / "new.parquet"
    for target in (out, parquet):
        assert run_cli("alignment", "--all", "--from", "2020", "--to", "2020", "--out", str(target)).returncode == 0
    assert out.read_bytes()[:4] != b"PAR1" and parquet.read_bytes()[:4] == b"PAR1"
    expected = pl.read_parquet(parquet)
    table = pl.read_csv(out, schema=expected.schema)
    assert table.height > 1000 and set(table["year"]) == {2020}
    assert table.equals(expected)
    assert_one_line_error(run_cli("alignment", "--all", "--out", str(tmp_path / "table.txt")),
                          "must end in .parquet or .csv")


def test_small_argument_faults_are_one_line(built):
    """8. ``alignment --all --a PAK`` and ``idealpoints --states USA,USA`` are refused, not ignored."""
    assert_one_line_error(run_cli("alignment", "--all", "--a", "PAK", "--out", "/tmp/x.parquet"),
                          "--all computes every dyad: drop --a/--b")
    assert_one_line_error(run_cli("idealpoints", "--states", "USA,USA"), "USA named twice")
    assert_one_line_error(run_cli("idealpoints", "--a", "PAK", "--states", "Pakistan"), "PAK named twice")
