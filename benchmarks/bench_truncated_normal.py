"""Benchmark: the ideal points' E-step, compiled (numba) against its numpy reference, in the same run.

Usage::

    python benchmarks/bench_truncated_normal.py [--n 1100000] [--repeat 10]

Draws SYNTHETIC latent means, scales and vote bounds of the size of the General Assembly's
history (about 1.1 million cast votes: 30 % no, 10 % abstentions on ordinal items, 60 % yes),
then times ``analysis.measures.truncated_normal.moments`` (compiled, parallel) and
``moments_numpy`` (numpy and scipy's erfcx) on the same arrays and prints both and the ratio.
The first compiled call (compilation, or loading numba's cache) is timed apart.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from analysis.measures import truncated_normal as tn


def synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, ...]:
    """SYNTHETIC E-step inputs: mu, sigma, lower and upper bounds of ``n`` votes."""
    rng = np.random.default_rng(seed)
    mu = rng.normal(0, 1.5, n)
    sig = rng.uniform(0.5, 1.5, n)
    kind = rng.choice(3, n, p=[0.3, 0.1, 0.6])
    lo = np.where(kind == 0, -np.inf, np.where(kind == 1, 0.0, 1.0))
    hi = np.where(kind == 2, np.inf, np.where(kind == 1, 1.0, 0.0))
    return mu, sig, lo, hi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    arrays = synthetic(args.n)
    start = time.perf_counter()
    tn.moments(*arrays)
    first = time.perf_counter() - start
    timings = {}
    for name, fn in (("compiled (numba)", tn.moments), ("numpy reference (baseline)", tn.moments_numpy)):
        start = time.perf_counter()
        for _ in range(args.repeat):
            fn(*arrays)
        timings[name] = (time.perf_counter() - start) / args.repeat
    print(f"E-step on {args.n:,} SYNTHETIC votes; first compiled call {first:.2f} s (compile or load cache)")
    for name, seconds in timings.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms a step")
    print(f"  ratio baseline / compiled: {timings['numpy reference (baseline)'] / timings['compiled (numba)']:.1f}x")


if __name__ == "__main__":
    main()
