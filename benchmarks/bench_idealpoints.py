"""Benchmark: per-session PCA baseline vs the dynamic ordinal ideal-point model, full GA history.

Usage::

    python benchmarks/bench_idealpoints.py [--votes PATH --roll-calls PATH] [--tol 3e-3]

Runs :func:`analysis.idealpoints.pca_baseline` and :func:`analysis.idealpoints.estimate`
(issue "all") in the same run, prints both wall-clock times and the per-session and pooled
correlations between the two.  The published Bailey-Strezhnev-Voeten estimates are not
available offline, so the issue's acceptance comparison (median per-session r >= 0.97 etc.
against them) cannot be run here; PCA is standardised within session, so the pooled
correlation with it is only descriptive.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import polars as pl

from analysis import idealpoints as ip

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--votes", type=Path, default=ROOT / "data/processed/votes.parquet")
    p.add_argument("--roll-calls", type=Path, default=ROOT / "data/processed/roll_calls.parquet")
    p.add_argument("--tol", type=float, default=3e-3)
    args = p.parse_args()
    votes, rc = pl.read_parquet(args.votes), pl.read_parquet(args.roll_calls)
    n_cast = votes.filter(pl.col("vote").cast(pl.String).is_in(["yes", "abstain", "no"])
                          & (pl.col("body").cast(pl.String) == "GA")).height
    print(f"GA roll calls: {rc.filter(pl.col('body').cast(pl.String) == 'GA').height}, cast votes: {n_cast}")
    t0 = time.perf_counter()
    pc = ip.pca_baseline(votes, rc)
    t_pca = time.perf_counter() - t0
    t0 = time.perf_counter()
    est = ip.estimate(votes, rc, tol=args.tol)
    t_model = time.perf_counter() - t0
    print(f"PCA baseline (first PC per session): {t_pca:6.2f} s")
    print(f"dynamic ordinal model (EM+SQUAREM):  {t_model:6.2f} s  ({est.height} state-sessions)")
    m = est.join(pc, on=["iso3", "session"]).drop_nulls("ideal_point")
    per = m.group_by("session").agg(pl.corr("ideal_point", "pc1").alias("r")).sort("session")
    r = per["r"].to_numpy()
    pooled = m.select(pl.corr("ideal_point", "pc1")).item()
    print(f"per-session r(model, PCA): median {np.median(r):.3f}, min {r.min():.3f} "
          f"(session {per['session'][int(np.argmin(r))]}); pooled r {pooled:.3f}")
    print("Bailey-Strezhnev-Voeten published estimates: not available offline; acceptance comparison not run.")


if __name__ == "__main__":
    main()
