"""Benchmark: all-dyads GA agreement, polars self-join baseline vs matrix version.

Usage::

    python benchmarks/bench_alignment.py [--votes PATH --roll-calls PATH]
    python benchmarks/bench_alignment.py --synthetic N_STATES N_ROLLCALLS N_YEARS

By default reads ``data/processed/votes.parquet`` and
``data/processed/roll_calls.parquet`` under the repository root.  With
``--synthetic`` it generates random (clearly labelled SYNTHETIC) data instead.

Times, in the same run and best of 3, (a) a straightforward polars self-join on
(body, rcid) computing n_joint and agreement for every GA dyad-year and (b)
:func:`analysis.measures.alignment.all_dyads_alignment`; checks that agreement and
n_joint match and prints both times and the speed-up; then (c) both end to end, from the
Parquet files to a written Parquet file, as ``python -m analysis alignment --all --out``
runs (real data only).

BLAS threads: the matrix version does one small product (~200 x ~100 x ~200)
per year, too small to gain from BLAS threading; on a busy machine OpenBLAS's
thread hand-off makes such calls erratic (up to 10x slower).  The script
therefore runs BLAS single-threaded unless ``--blas-threads N`` or
``OPENBLAS_NUM_THREADS`` says otherwise (it must be set before numpy loads).
The polars baseline always uses polars' own thread pool.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _blas_threads(argv: list[str]) -> str:
    """Value of ``--blas-threads`` in argv, else OPENBLAS_NUM_THREADS, else "1"."""
    for i, arg in enumerate(argv):
        if arg == "--blas-threads" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--blas-threads="):
            return arg.split("=", 1)[1]
    return os.environ.get("OPENBLAS_NUM_THREADS", "1")


BLAS_THREADS = _blas_threads(sys.argv[1:])
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = BLAS_THREADS

import numpy as np  # noqa: E402  (after the BLAS thread setting)
import polars as pl  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.measures.alignment import all_dyads_alignment  # noqa: E402

VOTE_VALUES = ["yes", "abstain", "no", "absent", "not_member"]
REPEATS = 3


def self_join_agreement(votes: pl.DataFrame, roll_calls: pl.DataFrame) -> pl.DataFrame:
    """Baseline: join GA votes with themselves on (body, rcid), per dyad-year."""
    rc = roll_calls.lazy().filter(pl.col("body") == "GA").select("body", "rcid", "year")
    code = (
        pl.col("vote")
        .cast(pl.String)
        .replace_strict({"yes": 1, "abstain": 2, "no": 3}, default=None, return_dtype=pl.Int8)
    )
    cast = (
        votes.lazy()
        .filter(pl.col("body") == "GA")
        .with_columns(code=code)
        .filter(pl.col("code").is_not_null())
        .join(rc, on=["body", "rcid"], how="inner")
        .select("body", "rcid", "year", "iso3", "code")
    )
    return (
        cast.join(cast.select("body", "rcid", "iso3", "code"), on=["body", "rcid"], suffix="_b")
        .filter(pl.col("iso3") < pl.col("iso3_b"))
        .group_by("year", pl.col("iso3").alias("iso3_a"), "iso3_b")
        .agg(
            n_joint=pl.len().cast(pl.Int64),
            agreement=1.0 - ((pl.col("code") - pl.col("code_b")).abs() / 2.0).mean(),
        )
        .sort("year", "iso3_a", "iso3_b")
        .collect()
    )


def best_of(fn: Callable[[], pl.DataFrame]) -> tuple[float, pl.DataFrame]:
    """Best wall-clock time (time.perf_counter) of REPEATS calls, and the result."""
    best = float("inf")
    result = pl.DataFrame()
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def synthetic_frames(n_states: int, n_rollcalls: int, n_years: int, seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """SYNTHETIC random GA data shaped like the real panel.

    States join in random years (earlier years: not_member), ~5% absences,
    votes drawn around a per-state yes-propensity; about 15% non-votes overall.
    """
    rng = np.random.default_rng(seed)
    years = np.sort(rng.integers(0, n_years, n_rollcalls)) + 1946
    rcid = np.arange(1, n_rollcalls + 1, dtype=np.int32)
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    iso3 = np.array(["".join(letters[[i // 676 % 26, i // 26 % 26, i % 26]]) for i in range(n_states)])
    join_year = 1946 + np.where(rng.random(n_states) < 0.75, rng.integers(0, max(n_years // 3, 1), n_states), 0)
    yes_p = rng.uniform(0.5, 0.9, n_states)[:, None]
    u = rng.random((n_states, n_rollcalls))
    vote = np.where(u < yes_p, 0, np.where(u < yes_p + (1 - yes_p) / 2, 1, 2))
    vote = np.where(rng.random((n_states, n_rollcalls)) < 0.05, 3, vote)
    vote = np.where(years[None, :] < join_year[:, None], 4, vote)
    votes = pl.DataFrame(
        {
            "body": pl.Series(["GA"] * (n_states * n_rollcalls)),
            "rcid": np.tile(rcid, n_states),
            "iso3": np.repeat(iso3, n_rollcalls),
            "vote": pl.Series(np.array(VOTE_VALUES)[vote.ravel()]).cast(pl.Enum(VOTE_VALUES)),
        }
    )
    roll_calls = pl.DataFrame(
        {
            "body": ["GA"] * n_rollcalls,
            "rcid": rcid,
            "session": pl.Series(years - 1945, dtype=pl.Int32),
            "year": pl.Series(years, dtype=pl.Int32),
        }
    )
    return votes, roll_calls


def end_to_end(votes_path: Path, roll_calls_path: Path) -> None:
    """Time both versions from the Parquet files to a written Parquet file, as ``alignment --all --out`` runs.

    Baseline: read both tables, self-join, write with polars' default codec. Ours: what the
    command does -- read the tables, ``all_dyads_alignment``, write atomically (snappy).
    """
    import tempfile

    from analysis.core.atomic import write_parquet

    with tempfile.TemporaryDirectory() as tmp:
        def baseline() -> pl.DataFrame:
            table = self_join_agreement(pl.read_parquet(votes_path), pl.read_parquet(roll_calls_path))
            table.write_parquet(Path(tmp) / "baseline.parquet")
            return table

        def ours() -> pl.DataFrame:
            table = all_dyads_alignment(pl.read_parquet(votes_path), pl.read_parquet(roll_calls_path), body="GA")
            write_parquet(table, Path(tmp) / "ours.parquet", compression="snappy")
            return table

        t_base, _ = best_of(baseline)
        t_ours, _ = best_of(ours)
    print(f"(c) end to end, files in and out: self-join {t_base:.3f} s, all_dyads_alignment {t_ours:.3f} s "
          f"(best of {REPEATS}); speed-up: {t_base / t_ours:.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=Path, default=ROOT / "data/processed/votes.parquet")
    parser.add_argument("--roll-calls", type=Path, default=ROOT / "data/processed/roll_calls.parquet")
    parser.add_argument(
        "--synthetic",
        nargs=3,
        type=int,
        metavar=("N_STATES", "N_ROLLCALLS", "N_YEARS"),
        help="use generated random data instead of the processed files",
    )
    parser.add_argument(
        "--blas-threads",
        default=BLAS_THREADS,
        help="BLAS threads for the matrix version (default 1, or OPENBLAS_NUM_THREADS)",
    )
    args = parser.parse_args(argv)

    if args.synthetic:
        votes, roll_calls = synthetic_frames(*args.synthetic)
        label = "SYNTHETIC random data ({} states, {} roll calls, {} years)".format(*args.synthetic)
    else:
        missing = [p for p in (args.votes, args.roll_calls) if not p.exists()]
        if missing:
            print(
                "Processed data not found: "
                + ", ".join(str(p) for p in missing)
                + "\nRun `make data` (or `python -m analysis build`) first, "
                "or use --synthetic N_STATES N_ROLLCALLS N_YEARS.",
                file=sys.stderr,
            )
            return 1
        votes = pl.read_parquet(args.votes)
        roll_calls = pl.read_parquet(args.roll_calls)
        label = f"real data ({args.votes.name}, {args.roll_calls.name})"

    ga = roll_calls.filter(pl.col("body") == "GA")
    print(f"Input: {label}")
    print(f"  numpy {np.__version__}, polars {pl.__version__}, BLAS threads {BLAS_THREADS}, cpus {os.cpu_count()}")
    print(f"  GA roll calls {ga.height}, years {ga['year'].min()}-{ga['year'].max()}, vote rows {votes.height}")

    t_join, baseline = best_of(lambda: self_join_agreement(votes, roll_calls))
    t_matrix, matrix = best_of(lambda: all_dyads_alignment(votes, roll_calls, body="GA"))

    keys = ["year", "iso3_a", "iso3_b"]
    both = baseline.join(matrix, on=keys, how="full", coalesce=True, suffix="_m")
    unmatched = both.filter(pl.col("n_joint").is_null() | pl.col("n_joint_m").is_null()).height
    diff_agree = both.select((pl.col("agreement") - pl.col("agreement_m")).abs().max()).item()
    diff_n = both.select((pl.col("n_joint") - pl.col("n_joint_m")).abs().max()).item()
    print(f"  dyad-years: baseline {baseline.height}, matrix {matrix.height}, unmatched {unmatched}")
    print(f"  max |Δ agreement| = {diff_agree:.3e}, max |Δ n_joint| = {diff_n}")
    print(f"(a) polars self-join   : {t_join:8.3f} s (best of {REPEATS})")
    print(f"(b) all_dyads_alignment: {t_matrix:8.3f} s (best of {REPEATS})")
    print(f"speed-up: {t_join / t_matrix:.1f}x")
    ok = unmatched == 0 and diff_n == 0 and (diff_agree or 0.0) < 1e-9
    if not args.synthetic:
        end_to_end(args.votes, args.roll_calls)
    if not ok:
        print("MISMATCH between baseline and all_dyads_alignment", file=sys.stderr)
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
