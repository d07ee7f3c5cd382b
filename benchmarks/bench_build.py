"""Benchmark: ``python -m analysis build --force`` and an unchanged build, this checkout against a baseline revision.

Usage::

    python benchmarks/bench_build.py [--baseline REV] [--runs N] [--stub-ideal]

The baseline is the package as it was at ``REV`` (default: the merge base with ``main``), unpacked
with ``git archive`` into a temporary folder; both read this checkout's ``data/raw`` and build into
temporary folders (``UNALIGN_PROCESSED_DIR``), one after the other, ``--runs`` times each (median
reported). For each it prints the wall time and the CPU time of the build process and its children
(the PDF readers), of ``build --force`` (every stage recomputed) and of the ``build`` that follows
(nothing changed: every table reused), the ratios against the baseline, and whether the two
builds wrote the same tables (``scripts/compare_processed.py``). ``--stub-ideal`` leaves the
ideal points out of the timing in both (their stage is another benchmark's,
``bench_idealpoints.py``): both builds read them from the baseline's first build.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUB = """
import sys
from pathlib import Path
import polars as pl
import analysis.build as b
ideal = pl.read_parquet(sys.argv[1])
b.ideal_points_stage = lambda stages, votes, roll_calls: ideal
print(b.build(force="--force" in sys.argv))
"""


def run(package_root: Path, out: Path, force: bool, stub: Path | None) -> tuple[float, float]:
    """Run one build of the package at ``package_root`` into ``out``; return (wall s, CPU s of the child tree)."""
    env = {**os.environ, "PYTHONPATH": str(package_root), "UNALIGN_PROCESSED_DIR": str(out),
           "UNALIGN_RAW_DIR": str(ROOT / "data" / "raw")}
    env.pop("UNALIGN_CACHE_DIR", None)
    if stub is not None:
        command = [sys.executable, "-c", STUB, str(stub), *(["--force"] if force else [])]
    else:
        command = [sys.executable, "-m", "analysis", "build", *(["--force"] if force else [])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=package_root, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=None, help="git revision of the baseline (default: merge base with main)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--stub-ideal", action="store_true", help="time everything but the ideal points")
    args = parser.parse_args()
    rev = args.baseline or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                          text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        tmp = Path(tmp)
        base_root = tmp / "baseline"
        base_root.mkdir()
        archive = subprocess.run(["git", "archive", rev, "analysis"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(base_root)], input=archive.stdout, check=True)
        stub = None
        if args.stub_ideal:  # ideal points from one baseline build, read by every timed build
            run(base_root, tmp / "ideal", True, None)
            stub = tmp / "ideal" / "ideal_points.parquet"
        results: dict[str, dict[str, list[tuple[float, float]]]] = {}
        for k in range(args.runs):
            for name, root in (("baseline", base_root), ("this checkout", ROOT)):
                out = tmp / f"{name.replace(' ', '-')}-{k}"
                forced = run(root, out, True, stub)
                unchanged = run(root, out, False, stub)
                results.setdefault(name, {}).setdefault("force", []).append(forced)
                results[name].setdefault("unchanged", []).append(unchanged)
        print(f"baseline {rev[:10]}; {args.runs} run(s) each, medians; ideal points "
              f"{'left out (read from a file)' if stub else 'included'}")
        for kind in ("force", "unchanged"):
            med = {name: (statistics.median(w for w, _ in r[kind]), statistics.median(c for _, c in r[kind]))
                   for name, r in results.items()}
            (bw, bc), (nw, nc) = med["baseline"], med["this checkout"]
            label = "build --force" if kind == "force" else "build (unchanged)"
            print(f"{label:18s} baseline {bw:6.1f} s wall {bc:6.1f} s CPU | this checkout {nw:6.1f} s wall "
                  f"{nc:6.1f} s CPU | ratio wall {bw / nw:4.2f}x, CPU {bc / nc:4.2f}x")
        same = subprocess.run([sys.executable, str(ROOT / "scripts" / "compare_processed.py"),
                               str(tmp / "baseline-0"), str(tmp / "this-checkout-0")], capture_output=True, text=True)
        print("tables:", "all the same" if same.returncode == 0 else "DIFFERENT\n" + same.stdout)


if __name__ == "__main__":
    main()
