"""Benchmark: the everyday loop (issue 21's targets), medians of repeated runs, against a baseline of the same run.

Usage::

    python benchmarks/bench_loop.py [--runs 3] [--only build,report,...] [--suite]

Each step runs as its own process under GNU ``/usr/bin/time`` (wall, CPU and peak resident
memory of the process tree's largest process), ``--runs`` times; the table gives the median of
each, the target and the ratio to the **baseline**: a fresh Python reading every processed
table with polars (``analysis.core.tables.load``), measured in the same run — the least any
command that answers from the processed tables can cost.

Steps (``--only`` picks some):

- ``build-force``: ``python -m analysis build --force`` (recompute every stage; target 20 s);
- ``build-unchanged``: ``python -m analysis build`` with nothing changed (target 2 s);
- ``report``: ``report --a PAK --b IRN --claims claims/seed_article.toml`` into a temporary folder (target 10 s);
- ``batch``: 20 pairs (``PAIRS``) with ``--workers 2`` into a temporary folder (target 120 s);
- ``claims-seed``: ``claims claims/seed_article.toml`` (target 1 s and 400 MB);
- ``claims-10k``: 10,000 GENERATED mixed claims (``benchmarks/bench_claims.generate``; target 20 s and 1 GB);
- ``unit``: the unit tests, ``pytest tests -m unit -n 2`` (target 60 s);
- with ``--suite``: ``make test``'s command, the whole suite (target 180 s; about as long as it takes).

``build-force`` rewrites ``data/processed`` (the same tables: a build is deterministic); run
the benchmark on a checkout whose data you can rebuild.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PY = sys.executable
SEED = str(ROOT / "claims" / "seed_article.toml")
#: 20 pairs for the batch step: the seed pair and neighbours, great powers, regional pairs
PAIRS = ("PAK:IRN,PAK:IND,PAK:CHN,PAK:USA,PAK:SAU,IRN:IND,IRN:CHN,IRN:RUS,IRN:TUR,IND:USA,"
         "IND:CHN,USA:CHN,USA:RUS,BRA:ZAF,BRA:ARG,DEU:FRA,GBR:USA,JPN:KOR,EGY:ISR,NGA:ZAF")
BASELINE = ("from analysis.core.tables import load; from analysis.build import TABLES; "
            "[load(t) for t in TABLES]")


@dataclass(frozen=True)
class Step:
    """One command of the loop and its targets (seconds; megabytes of peak memory, or None)."""

    name: str
    argv: tuple[str, ...]
    target_s: float
    target_mb: float | None = None


@dataclass(frozen=True)
class Run:
    """One run of a step: wall and CPU seconds, peak resident memory in MB, exit status."""

    wall: float
    cpu: float
    peak_mb: float
    status: int


def timed(argv: tuple[str, ...]) -> Run:
    """Run ``argv`` under GNU time in the repository; return its wall, CPU (user + system) and peak memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        done = subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%e %U %S %M", *argv], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        fields = out.read().split()[-4:]
    if done.returncode != 0:
        print(f"  exit {done.returncode}: {' '.join(argv)}\n{done.stderr[-1500:]}", file=sys.stderr)
    wall, user, system, kb = (float(f) for f in fields)
    return Run(wall, user + system, kb / 1024, done.returncode)


def steps(work: Path, only: set[str] | None, suite: bool) -> list[Step]:
    """The steps to time, their temporary outputs under ``work``."""
    claims_10k = work / "claims_10k.toml"
    chosen = [
        Step("build-force", (PY, "-m", "analysis", "build", "--force"), 20),
        Step("build-unchanged", (PY, "-m", "analysis", "build"), 2),
        Step("report", (PY, "-m", "analysis", "report", "--a", "PAK", "--b", "IRN", "--claims", SEED, "--out",
                        str(work / "report"), "--force"), 10),
        Step("batch", (PY, "-m", "analysis", "report", "--pairs", PAIRS, "--workers", "2", "--out",
                       str(work / "batch"), "--force"), 120),
        Step("claims-seed", (PY, "-m", "analysis", "claims", SEED), 1, 400),
        Step("claims-10k", (PY, "-m", "analysis", "claims", str(claims_10k)), 20, 1024),
        Step("unit", (PY, "-m", "pytest", "tests", "-m", "unit", "-q", "-p", "no:cacheprovider", "-n", "2",
                      "--dist", "loadfile"), 60),
    ]
    if suite:
        chosen.append(Step("make-test", (PY, "-m", "pytest", "tests", "notebooks", "--nbval-lax", "-q", "-p",
                                         "no:cacheprovider", "-n", "2", "--dist", "loadfile"), 180))
    chosen = [s for s in chosen if only is None or s.name in only]
    if any(s.name == "claims-10k" for s in chosen):
        from benchmarks.bench_claims import generate

        claims_10k.write_text(generate(10_000, seed=0), encoding="utf-8")
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Time every step ``--runs`` times and print the medians beside the targets; return 1 if a step failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated step names")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    base = [timed((PY, "-c", BASELINE)) for _ in range(args.runs)]
    base_wall = statistics.median(r.wall for r in base)
    print(f"baseline (read every processed table in a fresh Python): {base_wall:.2f} s, "
          f"{statistics.median(r.peak_mb for r in base):.0f} MB")
    print(f"{'step':<16}{'median s':>10}{'CPU s':>8}{'peak MB':>9}{'target':>12}{'x baseline':>12}  runs (s)")
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-loop-") as tmp:
        for step in steps(Path(tmp), only, args.suite):
            runs = [timed(step.argv) for _ in range(args.runs)]
            failed |= any(r.status != 0 for r in runs)
            wall = statistics.median(r.wall for r in runs)
            cpu = statistics.median(r.cpu for r in runs)
            peak = max(r.peak_mb for r in runs)
            target = f"{step.target_s:g} s" + (f", {step.target_mb:g} MB" if step.target_mb else "")
            met = wall <= step.target_s and (step.target_mb is None or peak <= step.target_mb)
            print(f"{step.name:<16}{wall:>10.2f}{cpu:>8.1f}{peak:>9.0f}{target:>12}{wall / base_wall:>12.1f}  "
                  f"{', '.join(f'{r.wall:.1f}' for r in runs)}{'' if met else '  (target missed)'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
