"""Benchmark: per-session PCA baseline vs the dynamic ordinal ideal-point model, full GA history.

Usage::

    python benchmarks/bench_idealpoints.py [--grid]

Runs, on the processed votes in the same run, the simple baseline
:func:`analysis.measures.idealpoints.pca_baseline` (a first principal component per session),
:func:`analysis.measures.idealpoints.estimate` (issue "all") and the build's stage
:func:`analysis.measures.idealpoints.ideal_points_table` ("all" and the six issues); prints
their wall-clock and CPU times (CPU: this process, all threads), the ratio of each to the
baseline, and compares the baseline and the "all" estimate with the published
Bailey-Strezhnev-Voeten estimates (``data/raw/bsv``, sessions 1-74): median and minimum
per-session Pearson correlation and the pooled correlation over all state-sessions
(issue 21's acceptance: >= 0.99, >= 0.93, >= 0.96; the stage in <= 10 s on two cores).
The compiled kernels are loaded (or compiled) before the timings start.
``--grid`` also refits on the small grid of prior settings the defaults were chosen from.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from analysis.core import paths
from analysis.measures import idealpoints as ip
from analysis.sources import bsv

GRID = (
    dict(rho=1.0, kappa=None, omega=0.1, prior_sd=5.0),  # BSV-style random walk, weak item prior
    dict(rho=1.0, kappa=None, omega=0.5, prior_sd=1.0),
    dict(rho=0.9, kappa=None, prior_sd=1.0),  # AR(1) around 0
    dict(rho=0.8, kappa=None, prior_sd=1.0),
    dict(rho=0.9, kappa=1.0, prior_sd=1.0),  # AR(1) around each state's mean
    dict(rho=0.7, kappa=1.0, prior_sd=1.0),
    dict(rho=0.5, kappa=1.0, prior_sd=1.0),  # the defaults
    dict(rho=0.3, kappa=1.0, prior_sd=1.0),
)


def compare(est: pl.DataFrame, ref: pl.DataFrame, column: str) -> tuple[float, float, int, float, int]:
    """(median, min, session of min, pooled r, n) of ``column`` against the BSV ideal points."""
    m = est.join(ref, on=["iso3", "session"], how="inner").drop_nulls([column, "bsv_ideal_point"])
    per = m.group_by("session").agg(pl.corr(column, "bsv_ideal_point").alias("r")).sort("session")
    r = per["r"].to_numpy()
    k = int(np.argmin(r))
    pooled = m.select(pl.corr(column, "bsv_ideal_point")).item()
    return float(np.median(r)), float(r[k]), int(per["session"][k]), float(pooled), m.height


def line(label: str, seconds: float, stats: tuple[float, float, int, float, int]) -> str:
    med, low, s_low, pooled, n = stats
    return (f"{label:<44} {seconds:6.1f} s   per-session r: median {med:.3f}, min {low:.3f} (session {s_low}); "
            f"pooled r {pooled:.3f}  [n = {n:,}]")


def timed(run: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process) of ``run()``."""
    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime
    w0, c0 = time.perf_counter(), cpu()
    out = run()
    return out, time.perf_counter() - w0, cpu() - c0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--grid", action="store_true", help="also fit the grid of prior settings")
    args = p.parse_args()
    votes, rc = pl.read_parquet(paths.processed("votes")), pl.read_parquet(paths.processed("roll_calls"))
    ref = bsv.read(paths.raw_dir()).select("iso3", "session", "bsv_ideal_point")
    n_cast = votes.filter(pl.col("vote").cast(pl.String).is_in(["yes", "abstain", "no"])
                          & (pl.col("body").cast(pl.String) == "GA")).height
    print(f"GA roll calls: {rc.filter(pl.col('body').cast(pl.String) == 'GA').height:,}, cast votes: {n_cast:,}; "
          f"reference: {ref.height:,} BSV state-sessions")
    ip.estimate(votes.head(2000), rc)  # load (or compile) the numba kernels outside the timings
    pc, w_pca, c_pca = timed(lambda: ip.pca_baseline(votes, rc))
    est, w_model, c_model = timed(lambda: ip.estimate(votes, rc))
    table, w_table, c_table = timed(lambda: ip.ideal_points_table(votes, rc))
    print(line("PCA baseline (first PC per session)", w_pca, compare(pc, ref, "pc1")))
    print(line("dynamic ordinal model (defaults)", w_model, compare(est, ref, "ideal_point")))
    print(f"{'times':<14} {'wall s':>7} {'CPU s':>7} {'wall / PCA':>11}")
    for label, w, c in (("PCA baseline", w_pca, c_pca), ("model, all", w_model, c_model),
                        (f"stage, {table['issue'].n_unique()} fits", w_table, c_table)):
        print(f"{label:<14} {w:7.1f} {c:7.1f} {w / w_pca:10.1f}x")
    print("acceptance: per-session r median >= 0.99, min >= 0.93, pooled >= 0.96; the stage <= 10 s wall on 2 cores")
    if args.grid:
        for setting in GRID:
            e, w, _ = timed(lambda setting=setting: ip.estimate(votes, rc, **setting))
            label = ", ".join(f"{k}={v}" for k, v in setting.items())
            print(line(label, w, compare(e, ref, "ideal_point")))


if __name__ == "__main__":
    main()
