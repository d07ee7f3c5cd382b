"""Benchmark: one report (``report --a PAK --b IRN --claims claims/seed_article.toml``), warm kernels against a
fresh kernel per notebook.

Baseline, measured in the same run: the report as it ran before ``analysis.reports.kernels`` — each notebook in
a kernel of its own started for it, all four at once, nothing kept between notebooks. New: ``run_report`` as
it is (one warm kernel running the notebooks one after another, the dyad report's sections reused, and a printer
process drawing the print files, ``analysis.reports.printer``). Prints wall and CPU seconds (this process, its
kernels and its printer) of each, the median of ``--runs``, and the ratio; both write the same report
(the benchmark checks that the two folders hold the same files and chart specs).

    python benchmarks/bench_report.py [--runs 3] [--a PAK --b IRN] [--claims claims/seed_article.toml]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from analysis.core import paths
from analysis.reports import kernels, run


class FreshKernels:
    """The baseline's kernels: each notebook in a kernel started for it (no warm-up, nothing kept), all at once."""

    def map(self, jobs: list) -> list:
        from concurrent.futures import ThreadPoolExecutor

        def one(job):
            with kernels.KernelPool(1, paths.NOTEBOOKS_DIR, warm_up="pass") as pool:
                return pool.map([job])[0]

        with ThreadPoolExecutor(max_workers=len(jobs)) as threads:
            return list(threads.map(one, jobs))


def cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (the kernels)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(label: str, out: Path, **kwargs: object) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu = time.perf_counter(), cpu_seconds()
    run.run_report(progress=False, out_dir=out, **kwargs)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(f"  {label:9s} wall {wall:6.2f} s   cpu {cpu:6.2f} s", flush=True)
    return wall, cpu


def same_report(one: Path, two: Path) -> bool:
    """The same files, and the same chart specs and chart data (the pages differ only in nbconvert's cell ids)."""
    files = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file()):
        return False
    return all((one / f).read_bytes() == (two / f).read_bytes() for f in files
               if f.endswith((".vl.json", ".csv", ".svg")) or f == "charts/summary.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--a", default="PAK")
    parser.add_argument("--b", default="IRN")
    parser.add_argument("--claims", default=str(Path(__file__).resolve().parents[1] / "claims/seed_article.toml"))
    args = parser.parse_args()
    common = {"a": args.a, "b": args.b, "extra": {"claims_file": str(Path(args.claims).resolve())}}
    root = Path(tempfile.mkdtemp(prefix="bench-report-"))
    base, new = [], []
    try:
        for i in range(args.runs):
            print(f"run {i + 1} of {args.runs}")
            base.append(timed("baseline", root / "baseline", kernels=FreshKernels(), **common))
            new.append(timed("new", root / "new", **common))
        same = same_report(root / "baseline", root / "new")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    bw, bc = statistics.median(w for w, _ in base), statistics.median(c for _, c in base)
    nw, nc = statistics.median(w for w, _ in new), statistics.median(c for _, c in new)
    print(f"median of {args.runs}: baseline wall {bw:.2f} s, cpu {bc:.2f} s; new wall {nw:.2f} s, cpu {nc:.2f} s")
    print(f"ratio baseline/new: wall {bw / nw:.2f}x, cpu {bc / nc:.2f}x; same report: {same}")


if __name__ == "__main__":
    main()
